import HDL

/// What the lanes of a score-array row compute: a lane kind stores one element per q value (loaded through
/// the row's load port) and per beat turns each stored element and its key element into a term of the
/// score. The DLZS predictor's lanes (`DLZSLane`: LZ codes, shift-add) and the exact MAC array's
/// (`MACLane`: q itself, multipliers) are the two kinds; the row around them is `ScoreArrayRow`.
public protocol ScoreLane {
    associatedtype Element: GroundShape
    /// The Verilog module name of a row of these lanes.
    static var rowName: String { get }
    /// What a stored element is called: the load port is `load_<name>`, the lane's current one `<name>_<lane>`.
    static var elementName: String { get }
    /// The row's store of elements (default: `<elementName>s`).
    static var storageName: String { get }
    /// The shape of one stored element.
    static func element(_ shape: ScoreArrayShape) -> Element
    /// One beat of the lanes: instantiates them in `m`, wires lane l from `elements[l]` and `k[l]`, and returns
    /// the exact sum of the `lanes` terms with the connects that wire them.
    static func beat(_ m: Scope, _ shape: ScoreArrayShape, elements: [Element.Value], k: [Signed]) -> (sum: Signed, wiring: Block)
}

extension ScoreLane {
    public static var storageName: String { "\(elementName)s" }
}

/// One row (one query) of a score array: holds its q as `slices` x `lanes` stored elements of the lane kind,
/// and per beat adds the lanes' sum for the current key slice into its accumulator (cleared by `first`).
/// The elements live in a memory of `slices` words of `lanes` elements, written a slice at a time through the
/// load port and read combinationally at the current slice (Yosys infers `$mem`; an FPGA flow can put it in
/// LUT RAM). The store and the accumulator have no reset (data, not control: the array's valid says when
/// the score is meaningful). `DLZSRow` and `MACRow` are this row with their lane kinds; the timing and
/// ports are the same for both, so the two arrays compare like for like.
public struct ScoreArrayRow<Lane: ScoreLane>: Module {
    public var shape: ScoreArrayShape

    public init(shape: ScoreArrayShape) {
        self.shape = shape
    }

    public var moduleName: String { Lane.rowName }

    public func validate() throws { try shape.validate() }

    public struct IO {
        public var loadEnable: Bit, loadSlice: Unsigned, load: [Lane.Element.Value]
        public var k: [Signed], slice: Unsigned, accumulate: Bit, first: Bit
        public var score: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(loadEnable: p.input(.bit), loadSlice: p.input(.uint(shape.sliceWidth)),
           load: p.input("load_\(Lane.elementName)", .vec(shape.lanes, Lane.element(shape)).packed()),
           k: p.input(.vec(shape.lanes, .sint(shape.dataWidth)).packed()), slice: p.input(.uint(shape.sliceWidth)),
           accumulate: p.input(.bit), first: p.input(.bit), score: p.output(.sint(shape.scoreWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let lanes = shape.lanes, slices = shape.slices, name = Lane.elementName
        let element = Lane.element(shape).type
        let store = m.memory(Lane.storageName, depth: slices, .uint(lanes * element.width))
        When(io.loadEnable) {
            // Lane 0 in the low bits.
            store.write(io.loadSlice, concat(io.load.reversed()))
        }
        let word = store.read(io.slice, readUnderWrite: .combinational, name: "\(name)_slice")
        let current: [Lane.Element.Value] = (0..<lanes).map { l in
            let bits = m.named("\(name)_\(l)", word[(l + 1) * element.width - 1, l * element.width])
            return Lane.Element.Value(node: element.signed ? bits.asSigned().node : bits.node)
        }
        let beat = Lane.beat(m, shape, elements: current, k: io.k)
        beat.wiring
        let sum = m.named("sum", beat.sum)
        let addend = shape.pipeline >= 2 ? m.regNext(sum, name: "sum_q") : sum
        let acc = m.reg("acc", .sint(shape.scoreWidth))
        When(io.accumulate) {
            acc <== mux(io.first, Signed(0, width: shape.scoreWidth), acc) &+ addend.resized(to: shape.scoreWidth)
        }
        io.score <== acc
    }
}
