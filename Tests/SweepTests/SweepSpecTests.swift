import BlockCatalog
import HDLSim
import Sweep
import Testing

@Suite struct SweepSpecTests {
    static func spec(_ blocks: [String], _ params: [String], _ synthesis: SynthesisSettings = SynthesisSettings()) throws -> SweepSpec {
        SweepSpec(blocks: blocks, axes: try params.map(ParameterAxis.parse), synthesis: synthesis)
    }

    @Test func cartesianProductWithTheLastAxisFastest() throws {
        let points = try Self.spec(["mac-array"], ["rows=1,2", "lanes=1,2,4"]).points()
        #expect(points.map(\.index) == Array(0..<6))
        #expect(points.map { $0.swept.map(\.value) } == [["1", "1"], ["1", "2"], ["1", "4"], ["2", "1"], ["2", "2"], ["2", "4"]])
        // The full configuration, in the block's parameter order, defaults included.
        let block = try Catalog.block(named: "mac-array")
        #expect(points[0].configuration.map(\.name) == block.parameters.map(\.name))
        #expect(points[0].configuration.first { $0.name == "head-dim" }?.value == block.parameters.first { $0.name == "head-dim" }?.defaultValue)
    }

    @Test func zippedAxesAreOnePointPerTuple() throws {
        let points = try Self.spec(["mac-array"], ["rows:lanes=4:8,8:8,16:8,16:32"]).points()
        #expect(points.map(\.label) == ["mac-array rows=4 lanes=8", "mac-array rows=8 lanes=8", "mac-array rows=16 lanes=8",
                                        "mac-array rows=16 lanes=32"])
    }

    @Test func anAxisAppliesToTheBlocksThatHaveItsParameters() throws {
        let points = try Self.spec(["dlzs-array", "mac-array"], ["rows=1,2", "rounding=floor,nearest"]).points()
        #expect(points.map(\.label) == [
            "dlzs-array rows=1 rounding=floor", "dlzs-array rows=1 rounding=nearest",
            "dlzs-array rows=2 rounding=floor", "dlzs-array rows=2 rounding=nearest",
            "mac-array rows=1", "mac-array rows=2",
        ])
        #expect(try Self.spec(["dlzs-array", "mac-array"], ["rows=1,2", "rounding=floor"]).sweptParameters == ["rows"])
    }

    @Test(arguments: [
        ([String](), [String](), "needs at least one block"),
        (["mac-array", "mac-array"], [], "block mac-array is given twice"),
        (["nope"], [], "unknown block 'nope'"),
        (["mac-array"], ["width=4"], "no block of this sweep has parameter width"),
        (["mac-array"], ["rows=1", "rows:lanes=2:2"], "parameter rows is in two --param options"),
        (["dlzs-array", "mac-array"], ["rows:rounding=1:floor"], "mac-array has no parameter rounding"),
        (["mac-array"], ["rows=1,0"], "--rows must be in 1...1024, got '0'"),
        (["lz-encoder"], ["rounding=up"], "--rounding must be one of floor, nearest, got 'up'"),
        // Issue 9 item 8: values that mean the same point, a misspelled parameter.
        (["counter"], ["width=4,04"], "--param width=4,04: '04' is the same value as '4' (each point is computed once)"),
        (["counter"], ["widht=4"], "no block of this sweep has parameter widht (did you mean 'width'?)"),
    ])
    func invalidSpecsAreOneLineErrors(_ blocks: [String], _ params: [String], _ message: String) throws {
        let spec = try Self.spec(blocks, params)
        let error = #expect(throws: SweepError.self) { try spec.points() }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func idsAreStableReadableAndDistinct() throws {
        let spec = try Self.spec(["dlzs-array", "mac-array"], ["rows:lanes=4:8,8:8"])
        let a = try spec.points(), b = try spec.points()
        #expect(a.map(\.id) == b.map(\.id))
        #expect(Set(a.map(\.id)).count == a.count)
        #expect(a[0].id.hasPrefix("dlzs-array-rows4-lanes8-"), "\(a[0].id)")
        #expect(a[0].id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    /// A point's identity includes what changes its figures (synthesis mode; part and target only for iCE40).
    @Test func identityFollowsTheSettingsThatChangeFigures() throws {
        func id(_ s: SynthesisSettings) throws -> String { try Self.spec(["counter"], ["width=4"], s).points()[0].id }
        let generic = try id(SynthesisSettings())
        #expect(try id(SynthesisSettings(mode: .generic, device: .up5k, targetMHz: 50)) == generic)
        let ice40 = try id(SynthesisSettings(mode: .ice40))
        #expect(ice40 != generic)
        #expect(try id(SynthesisSettings(mode: .ice40, device: .up5k)) != ice40)
        #expect(try id(SynthesisSettings(mode: .ice40, targetMHz: 50)) != ice40)
    }

    /// `arguments` is what results.md prints as the command: parsing it back gives the same spec.
    @Test func argumentsReproduceTheSpec() throws {
        let spec = try Self.spec(["dlzs-array", "mac-array"], ["rows:lanes=4:8,8:8", "rounding=floor"],
                                 SynthesisSettings(mode: .ice40, device: .up5k, targetMHz: 48))
        let args = spec.arguments
        #expect(args == ["dlzs-array", "mac-array", "--param", "rows:lanes=4:8,8:8", "--param", "rounding=floor",
                         "--synth", "ice40", "--device", "up5k", "--target-mhz", "48"])
        let params = args.indices.filter { args[$0] == "--param" }.map { args[$0 + 1] }
        let reparsed = SweepSpec(blocks: Array(args.prefix { !$0.hasPrefix("--") }), axes: try params.map(ParameterAxis.parse),
                                 synthesis: SynthesisSettings(mode: .ice40, device: Ice40Device(rawValue: args[args.firstIndex(of: "--device")! + 1])!,
                                                              targetMHz: Double(args.last!)!))
        #expect(reparsed == spec)
    }
}
