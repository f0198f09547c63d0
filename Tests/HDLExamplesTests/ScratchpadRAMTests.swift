import HDL
import HDLExamples
import HDLSim
import Testing

/// The scratchpad's ports, written from `ScratchpadRAM`'s documentation.
struct ScratchpadModel {
    let ram: ScratchpadRAM
    var words: [Int]
    var aData: Int?
    var bAddress: Int?

    init(_ ram: ScratchpadRAM) {
        self.ram = ram
        words = (0..<ram.depth).map(ram.initialWord)
    }

    func word(_ address: Int?) -> Int? { address.flatMap { $0 < ram.depth ? words[$0] : nil } }

    /// (a_data, b_data, c_data) during this cycle, then the edge.
    mutating func step(we: Bool, waddr: Int, wdata: Int, wmask: Int, aEnable: Bool, aAddress: Int,
                       bEnable: Bool, bAddress newB: Int, cAddress: Int) -> [Int?] {
        let out = [aData, word(bAddress), word(cAddress)]
        if aEnable { aData = word(aAddress) }
        if bEnable { bAddress = newB }
        if we && waddr < ram.depth {
            for lane in 0..<ram.lanes where wmask >> lane & 1 == 1 {
                let m = ((1 << ram.laneWidth) - 1) << (lane * ram.laneWidth)
                words[waddr] = words[waddr] & ~m | wdata & m
            }
        }
        return out
    }
}

/// `SinglePortRAM`: read-first or write-first through one address.
struct SinglePortModel {
    let writeFirst: Bool
    var words: [Int?]
    var readData: Int?
    var address: Int?

    init(depth: Int, writeFirst: Bool) {
        self.writeFirst = writeFirst
        words = Array(repeating: nil, count: depth)
    }

    mutating func step(enable: Bool, write: Bool, address a: Int, data: Int) -> Int? {
        let out = writeFirst ? address.flatMap { words[$0] } : readData
        if enable {
            if writeFirst { address = a } else { readData = words[a] }
            if write { words[a] = data }
        }
        return out
    }
}

@Suite struct ScratchpadRAMTests {
    /// Inputs after clk: rst, we, waddr, wdata, wmask, a_en, a_addr, b_en, b_addr, c_addr. Outputs: a_data, b_data, c_data.
    @Test(arguments: SimulatorBackend.allCases, [(12, 4, 4), (16, 1, 8), (5, 8, 1)])
    func everyPortMatchesTheModel(_ backend: SimulatorBackend, shape: (Int, Int, Int)) async throws {
        let ram = ScratchpadRAM(depth: shape.0, lanes: shape.1, laneWidth: shape.2)
        let seed = SeededGenerator.seed(default: UInt64(shape.0 * 10_000 + shape.1 * 100 + shape.2))
        var rng = SeededGenerator(seed: seed)
        var model = ScratchpadModel(ram)
        let addressRange = 1 << ram.addressWidth
        var rows: [[Int]] = [], expected: [[Int?]] = []
        for cycle in 0..<(backend == .icarus ? 1500 : 5000) {
            // Addresses collide often (a small set), so reads under writes happen; some are out of range.
            func address() -> Int { rng.next() % 3 == 0 ? Int(rng.next() % 2) : Int(rng.next() % UInt64(addressRange)) }
            let reset = cycle == 0 || rng.next() % 97 == 0
            let we = rng.next() % 2 == 0, waddr = address(), wdata = Int(rng.bits(ram.wordWidth)), wmask = Int(rng.bits(ram.lanes))
            let aEnable = rng.next() % 4 != 0, aAddress = address()
            let bEnable = rng.next() % 4 != 0, bAddress = address()
            let cAddress = address()
            expected.append(model.step(we: we, waddr: waddr, wdata: wdata, wmask: wmask, aEnable: aEnable, aAddress: aAddress,
                                       bEnable: bEnable, bAddress: bAddress, cAddress: cAddress))
            rows.append([reset ? 1 : 0, we ? 1 : 0, waddr, wdata, wmask, aEnable ? 1 : 0, aAddress, bEnable ? 1 : 0, bAddress, cAddress])
        }
        let name = "scratchpad-\(shape.0)-\(shape.1)-\(shape.2)-\(backend)"
        try await Simulation.run(ram, on: backend, name: name, seed: seed) { sim in
            try await sim.stream(rows, expect: expected)
        }
    }

    /// Inputs after clk: rst, en, we, addr, wdata. Output: rdata.
    @Test(arguments: SimulatorBackend.allCases, [false, true])
    func singlePortReadFirstAndWriteFirst(_ backend: SimulatorBackend, writeFirst: Bool) async throws {
        let ram = SinglePortRAM(depth: 8, width: 6, writeFirst: writeFirst)
        let seed = SeededGenerator.seed(default: writeFirst ? 71 : 17)
        var rng = SeededGenerator(seed: seed)
        var model = SinglePortModel(depth: 8, writeFirst: writeFirst)
        var rows: [[Int]] = [], expected: [[Int?]] = []
        for cycle in 0..<2000 {
            let enable = rng.next() % 4 != 0, write = rng.next() % 2 == 0
            let address = Int(rng.next() % 8), data = Int(rng.bits(6))
            expected.append([model.step(enable: enable, write: write, address: address, data: data)])
            rows.append([cycle == 0 ? 1 : 0, enable ? 1 : 0, write ? 1 : 0, address, data])
        }
        try await Simulation.run(ram, on: backend, name: "single-port-\(writeFirst)-\(backend)", seed: seed) { sim in
            try await sim.stream(rows, expect: expected)
        }
    }

    @Test func initialContentsAndPortsInTheVerilog() throws {
        let text = try emitVerilog(ScratchpadRAM(depth: 4, lanes: 2, laneWidth: 4)).files.last!.contents
        let ram = ScratchpadRAM(depth: 4, lanes: 2, laneWidth: 4)
        #expect(text.contains("reg [7:0] ram [0:3];"))
        #expect(text.contains("ram[3] = 8'd\(ram.initialWord(3));"))
        #expect(text.contains("if (wmask[1]) ram[waddr][7:4] <= wdata[7:4];"))
        #expect(text.contains("assign c_word = ram[c_addr];"))
    }
}
