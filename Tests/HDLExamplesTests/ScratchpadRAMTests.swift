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
    /// Random traffic on every port, addresses colliding often (reads under writes) and some out of range,
    /// resets now and then (the memory and its read registers do not reset: the model steps through them).
    @Test(arguments: SimulatorBackend.allCases, [(12, 4, 4), (16, 1, 8), (5, 8, 1)])
    func everyPortMatchesTheModel(_ backend: SimulatorBackend, shape: (Int, Int, Int)) async throws {
        let ram = ScratchpadRAM(depth: shape.0, lanes: shape.1, laneWidth: shape.2)
        let seed = SeededGenerator.seed(default: UInt64(shape.0 * 10_000 + shape.1 * 100 + shape.2))
        var rng = SeededGenerator(seed: seed)
        let addressRange = 1 << ram.addressWidth
        let name = "scratchpad-\(shape.0)-\(shape.1)-\(shape.2)-\(backend)"
        try await Simulation.run(ram, on: backend, name: name, seed: seed) { sim, io in
            var model = ScratchpadModel(ram)
            var s = sim.stimulus()
            for cycle in 0..<(backend == .icarus ? 1500 : 5000) {
                func address() -> Int { rng.next() % 3 == 0 ? Int(rng.next() % 2) : Int(rng.next() % UInt64(addressRange)) }
                s[io.writeEnable] = rng.next() % 2 == 0; s[io.writeAddress] = address()
                s[io.writeData] = cycle == 1 ? 0 : cycle == 2 ? (1 << ram.wordWidth) - 1 : Int(rng.bits(ram.wordWidth))
                s[io.writeMask] = Int(rng.bits(ram.lanes))
                s[io.aEnable] = rng.next() % 4 != 0; s[io.aAddress] = address()
                s[io.bEnable] = rng.next() % 4 != 0; s[io.bAddress] = address()
                s[io.cAddress] = address()
                let out = model.step(we: s[io.writeEnable], waddr: s[io.writeAddress], wdata: s[io.writeData], wmask: s[io.writeMask],
                                     aEnable: s[io.aEnable], aAddress: s[io.aAddress], bEnable: s[io.bEnable],
                                     bAddress: s[io.bAddress], cAddress: s[io.cAddress])
                if cycle == 0 || rng.next() % 97 == 0 {
                    s.reset()
                    continue
                }
                if let a = out[0] { s.expect(io.aData, a) }
                if let b = out[1] { s.expect(io.bData, b) }
                if let c = out[2] { s.expect(io.cData, c) }
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }

    /// Read-first and write-first single ports under random traffic with resets (which the RAM ignores).
    @Test(arguments: SimulatorBackend.allCases, [false, true])
    func singlePortReadFirstAndWriteFirst(_ backend: SimulatorBackend, writeFirst: Bool) async throws {
        let ram = SinglePortRAM(depth: 8, width: 6, writeFirst: writeFirst)
        let seed = SeededGenerator.seed(default: writeFirst ? 71 : 17)
        var rng = SeededGenerator(seed: seed)
        try await Simulation.run(ram, on: backend, name: "single-port-\(writeFirst)-\(backend)", seed: seed) { sim, io in
            var model = SinglePortModel(depth: 8, writeFirst: writeFirst)
            var s = sim.stimulus()
            for cycle in 0..<2000 {
                s[io.enable] = rng.next() % 4 != 0; s[io.write] = rng.next() % 2 == 0
                s[io.address] = Int(rng.next() % 8); s[io.writeData] = Int(rng.bits(6))
                let out = model.step(enable: s[io.enable], write: s[io.write], address: s[io.address], data: s[io.writeData])
                if cycle == 0 || rng.next() % 150 == 0 {
                    s.reset()
                    continue
                }
                if let out { s.expect(io.readData, out) }
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
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
