import Foundation
import HDL
import HDLExamples
import SOFA

/// Every block `sofa-gen` knows, in listing order. Each line names a `DeclaredGenerator`: its declaration says
/// the rest (summary, parameters, defaults, figures). A new generator joins by conforming and adding a line.
public enum Catalog {
    public static let blocks: [Block] = [
        Block("counter", Counter.self),
        Block("leading-one", LeadingOneDetector.self),
        Block("mac", MultiplyAccumulate.self),
        Block("fifo", FIFO.self),
        Block("counter-pair", CounterPair.self),
        Block("systolic-array", SystolicArray.self),
        Block("lz-encoder", LZEncoder.self),
        Block("dlzs-array", DLZSPredictorArray.self),
        Block("mac-array", MACArray.self),
        Block("exp2", Exp2Unit.self),
        Block("divider", SoftmaxDivider.self),
        Block("su-fa-row", SUFARow.self),
        Block("sads", SADSCore.self),
        Block("sorter", SorterConfiguration.self),
    ]

    public static func block(named name: String) throws -> Block {
        guard let b = blocks.first(where: { $0.name == name }) else {
            let names = blocks.map(\.name)
            throw CatalogError("unknown block '\(name)'\(Suggestion.hint(for: name, among: names)) (blocks: \(names.joined(separator: ", ")))")
        }
        return b
    }

    /// The default configuration of every block, as `sofa-gen` with no arguments writes it: one folder per block.
    public static func defaultOutputs() throws -> [(folder: String, design: VerilogDesign)] {
        try blocks.map { ($0.name, try $0.generate()) }
    }
}

extension Catalog {
    /// The `OutputFolder` kind of the folder `sofa-gen all` writes (one sub-folder per block).
    public static let outputKind = "catalog"

    /// Writes several designs as sub-folders of the folder `path` under the output-folder policy: the files of an
    /// earlier `sofa-gen all` there are replaced, anything else in it is kept (or, in a foreign folder, refused).
    /// Throws `OutputFolder.Refusal`.
    public static func write(_ outputs: [(folder: String, design: VerilogDesign)], toFolder path: String) throws {
        let files = outputs.flatMap { output in
            output.design.outputFiles.map { (path: "\(output.folder)/\($0.path)", contents: $0.contents) }
        }
        try OutputFolder.write(files, toFolder: path, kind: outputKind)
    }
}
