import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// Runs one head through the `AttentionCore` RTL the way a host does: load Q, K, V, write the registers, start,
/// collect O from the output stream (under the given back-pressure) until `done`, read the counters.
struct AttentionCoreHarness {
    let core: AttentionCore

    struct Run {
        /// O codes [T x d_use] by (query row, element), as the core produced them.
        var outputs: [Int]
        /// Each (row, index) seen more than once or outside T x d_use: must stay empty.
        var problems: [String]
        var counters: [AttentionCoreRegister: Int]
        /// Cycles from the start write to `done`.
        var cycles: Int
    }

    /// The register values for a head and a selection (what `sofa-gen attention` writes too).
    static func registers(_ input: AttentionCoreInput, selection: KeySelection, configuration: AttentionCoreConfiguration)
        throws -> [(AttentionCoreRegister, Int)] {
        let plan = try selection.plan(keys: input.keys, logitScale: input.logitScale, configuration: configuration)
        let constant = try SoftmaxConstant(queryScale: input.qScale, keyScale: input.kScale, headDim: input.headDim,
                                           format: configuration.format)
        var dense = 0, kept = 0, clip = 0, radius = 0
        switch selection {
        case .dense: dense = 1
        case .topk: kept = plan.keptPerSegment!
        case .threshold: throw AttentionModelError("the core has no threshold mode")
        }
        if let r = plan.radiusCode { clip = 1; radius = min(r, Int(UInt32.max)) }
        return [(.queries, input.queries), (.keys, input.keys), (.headDim, input.headDim), (.mode, dense), (.keptPerSegment, kept),
                (.segmentLength, plan.segmentLength), (.clip, clip), (.radius, radius),
                (.constantMantissa, constant.mantissa), (.constantShift, constant.shift)]
    }

    func run(_ input: AttentionCoreInput, selection: KeySelection, configuration: AttentionCoreConfiguration,
             on backend: SimulatorBackend, name: String, seed: UInt64, readyProbability: Double = 1,
             maxCycles: Int = 2_000_000) async throws -> Run {
        let d = core.headDim
        let registers = try Self.registers(input, selection: selection, configuration: configuration)
        var run = Run(outputs: Array(repeating: Int.min, count: input.queries * input.headDim), problems: [], counters: [:], cycles: 0)
        try await Simulation.run(core, on: backend, name: name, seed: seed) { sim, io in
            var rng = SeededGenerator(seed: seed)
            var s = sim.stimulus()
            s.reset()
            func padded(_ row: [Int]) -> [Int] { row + Array(repeating: 0, count: d - row.count) }
            s[io.load.valid] = true
            for (target, count, rowOf) in [(0, input.queries, input.queryRow), (1, input.keys, input.keyRow), (2, input.keys, input.valueRow)] {
                for i in 0..<count {
                    s[io.load.bits.target] = target
                    s[io.load.bits.row] = i
                    s[io.load.bits.data] = padded(rowOf(i))
                    s.step()
                }
            }
            s[io.load.valid] = false
            s[io.registerWrite] = true
            for (register, value) in registers {
                s[io.registerAddress] = register.address
                s[io.registerWriteData] = value
                s.step()
            }
            s[io.registerAddress] = AttentionCoreRegister.control.address
            s[io.registerWriteData] = 1
            s.expect(io.busy, false)
            s.step()
            s[io.registerWrite] = false
            s[io.registerWriteData] = 0
            try await sim.stream(s)

            // Run in chunks until done, taking every element the stream hands over.
            var seen = Set<Int>()
            var cycle = 0, finished = false
            while !finished && cycle < maxCycles {
                var chunk = sim.stimulus()
                var ready: [Bool] = []
                for _ in 0..<20_000 {
                    let r = readyProbability >= 1 || Double(rng.next() % 1_000_000) / 1_000_000 < readyProbability
                    chunk[io.out.ready] = r
                    ready.append(r)
                    chunk.step()
                }
                let result = try await sim.stream(chunk)
                for k in 0..<ready.count {
                    cycle += 1
                    if try result.value(io.out.valid, row: k) && ready[k] {
                        let row = try result.value(io.out.bits.row, row: k), index = try result.value(io.out.bits.index, row: k)
                        let value = try result.value(io.out.bits.data, row: k)
                        let slot = row * input.headDim + index
                        if row >= input.queries || index >= input.headDim || seen.contains(slot) {
                            run.problems.append("cycle \(cycle): unexpected element (row \(row), index \(index))")
                        } else {
                            seen.insert(slot)
                            run.outputs[slot] = value
                        }
                    }
                    if try result.value(io.done, row: k) {
                        finished = true
                        run.cycles = cycle
                        break
                    }
                }
            }
            if !finished { run.problems.append("no done within \(maxCycles) cycles") }
            // The counters, read back.
            var reads = sim.stimulus()
            let counters = AttentionCoreRegister.allCases.filter { $0.address >= AttentionCoreRegister.cycles.address }
            for c in counters {
                reads[io.registerReadAddress] = c.address
                reads.step()
            }
            let result = try await sim.stream(reads)
            for (k, c) in counters.enumerated() { run.counters[c] = try result.value(io.registerReadData, row: k) }
        }
        return run
    }
}
