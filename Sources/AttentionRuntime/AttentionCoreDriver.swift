import HDL
import HDLSim
import SOFA
import SOFAModel

/// The host's side of the `AttentionCore` interface on a simulator: load Q, K and V through `load`, write the run's
/// registers, start, collect O from the output stream (under the given back-pressure) until `done`, read the
/// counters. `sofa-gen attention --backend verilator|icarus` and the core's tests run heads through it.
///
/// A head with more queries than the core's Q memory (T_max) runs as several starts over the same K and V, each on
/// the next T_max queries: every query row's O depends on its own scores only, so the outputs are those of one run.
public struct AttentionCoreDriver: Sendable {
    public let core: AttentionCore

    public init(core: AttentionCore) { self.core = core }

    /// What one head produced.
    public struct Run: Sendable {
        /// O codes [T x d] in row-major order, as the core produced them (`Int.min` where no element came).
        public var outputs: [Int]
        /// Each element seen twice or outside T x d, or a run that did not finish: must stay empty.
        public var problems: [String]
        /// The counters of each start (one start per T_max queries), read back after `done`.
        public var counters: [[AttentionCoreRegister: Int]]
        /// Cycles from each start write to its `done` pulse.
        public var cycles: [Int]

        /// A counter summed over the starts.
        public func total(_ register: AttentionCoreRegister) -> Int { counters.reduce(0) { $0 + ($1[register] ?? 0) } }
    }

    /// The model configuration this core computes (the parameters that change O).
    public var modelConfiguration: AttentionCoreConfiguration {
        let f = core.format
        let format = SUFAFormat(exp2IntegerBits: f.exp2IntegerBits, exp2FractionBits: f.exp2FractionBits,
                                exp2TableBits: f.exp2TableBits, exp2MantissaBits: f.exp2MantissaBits,
                                exp2ShiftBits: f.exp2ShiftBits, constantMantissaBits: f.constantMantissaBits,
                                constantShiftBits: f.constantShiftBits, weightFraction: f.weightFraction,
                                rescaleFraction: f.rescaleFraction, outputFraction: f.outputFraction)
        return AttentionCoreConfiguration(rows: core.rows, maxKeys: core.maxKeys, maxHeadDim: core.headDim,
                                          winners: core.winners, format: format)
    }

    /// The register values for a head and a selection, in the order they are written.
    public func registers(_ input: AttentionCoreInput, queries: Int, selection: KeySelection) throws
        -> [(AttentionCoreRegister, Int)] {
        let configuration = modelConfiguration
        let plan = try selection.plan(keys: input.keys, logitScale: input.logitScale, configuration: configuration)
        let constant = try SoftmaxConstant(queryScale: input.qScale, keyScale: input.kScale, headDim: input.headDim,
                                           format: configuration.format)
        var dense = 0, kept = 0, clip = 0, radius = 0
        switch selection {
        case .dense: dense = 1
        case .topk: kept = plan.keptPerSegment!
        case .threshold: throw AttentionModelError("the RTL core has no threshold selection (topk and dense only)")
        }
        if let r = plan.radiusCode { clip = 1; radius = min(r, Int(UInt32.max)) }
        return [(.queries, queries), (.keys, input.keys), (.headDim, input.headDim), (.mode, dense),
                (.keptPerSegment, kept), (.segmentLength, plan.segmentLength), (.clip, clip), (.radius, radius),
                (.constantMantissa, constant.mantissa), (.constantShift, constant.shift)]
    }

    /// Throws unless the core can run `input` (its sizes within the core's memories).
    public func check(_ input: AttentionCoreInput) throws {
        guard input.headDim <= core.headDim else {
            throw AttentionModelError("head dimension \(input.headDim) exceeds the core's \(core.headDim)")
        }
        guard input.keys <= core.maxKeys else {
            throw AttentionModelError("\(input.keys) keys exceed the core's K/V memories (\(core.maxKeys))")
        }
    }

    /// Runs `input` on `backend` in the work folder `name` (see `Workspace`). `readyProbability` is the chance the
    /// host takes an O element in a cycle; `progress` is called after each chunk of simulated cycles with the
    /// query rows finished so far. `resetAfterCycles` (a test of the core's reset) first starts the head once and
    /// resets the core that many cycles into the run, then runs it from the reset as usual.
    public func run(_ input: AttentionCoreInput, selection: KeySelection, on backend: SimulatorBackend, name: String,
                    seed: UInt64, readyProbability: Double = 1, maxCycles: Int? = nil, resetAfterCycles: Int? = nil,
                    progress: (@Sendable (_ rowsDone: Int, _ rows: Int) -> Void)? = nil) async throws -> Run {
        try check(input)
        let d = core.headDim
        // A generous bound on one start's cycles (dense, every row of a tile taking every key with no overlap, four
        // times over): reaching it means the core hung.
        let tiles = (min(input.queries, core.maxQueries) + core.rows - 1) / core.rows
        let limit = maxCycles ?? 20_000 + 4 * tiles * (input.keys + core.rows + 64) * (2 * core.beatsPerKey + 8)
        let chunks = stride(from: 0, to: input.queries, by: core.maxQueries).map { $0..<min(input.queries, $0 + core.maxQueries) }
        let registerPlans = try chunks.map { try registers(input, queries: $0.count, selection: selection) }
        var run = Run(outputs: Array(repeating: Int.min, count: input.queries * input.headDim), problems: [], counters: [],
                      cycles: [])
        try await Simulation.run(core, on: backend, name: name, seed: seed) { sim, io in
            var rng = SeededGenerator(seed: seed)
            func padded(_ row: [Int]) -> [Int] { row + Array(repeating: 0, count: d - row.count) }
            var rowsDone = 0
            /// Reset (first start), load the chunk's queries (and K and V on the first start), write the registers,
            /// start.
            func start(_ chunk: Range<Int>, _ registers: [(AttentionCoreRegister, Int)]) -> Stimulus {
                var s = sim.stimulus()
                if chunk.lowerBound == 0 { s.reset() }
                s[io.load.valid] = true
                var rows: [(Int, Int, [Int])] = chunk.map { (0, $0 - chunk.lowerBound, input.queryRow($0)) }
                if chunk.lowerBound == 0 {
                    rows += (0..<input.keys).map { (1, $0, input.keyRow($0)) } + (0..<input.keys).map { (2, $0, input.valueRow($0)) }
                }
                for (target, row, data) in rows {
                    s[io.load.bits.target] = target
                    s[io.load.bits.row] = row
                    s[io.load.bits.data] = padded(data)
                    s.expect(io.load.ready, true)
                    s.step()
                }
                s[io.load.valid] = false
                // After a reset the kept-key bitmaps clear themselves (N_max cycles); a start waits for that.
                if chunk.lowerBound == 0 { s.step(max(0, core.maxKeys + 2 - rows.count - registers.count)) }
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
                s.expect(io.busy, true)
                return s
            }
            if let cycles = resetAfterCycles, let first = chunks.first {
                var s = start(first, registerPlans[0])
                for _ in 0..<cycles {
                    s[io.out.ready] = rng.next() % 2 == 0
                    s.step()
                }
                try await sim.stream(s)
            }
            for (chunk, registers) in zip(chunks, registerPlans) {
                try await sim.stream(start(chunk, registers))

                // Run in slices until done, taking every element the stream hands over.
                // Slices grow from 1,024 cycles (a short head stops early) to 32,768 (a long one crosses few times).
                var seen = Set<Int>()
                var cycle = 0, finished = false, sliceLength = 1_024
                while !finished && cycle < limit {
                    var slice = sim.stimulus()
                    var ready: [Bool] = []
                    defer { sliceLength = min(32_768, 2 * sliceLength) }
                    for _ in 0..<sliceLength {
                        let r = readyProbability >= 1 || Double(rng.next() % 1_000_000) / 1_000_000 < readyProbability
                        slice[io.out.ready] = r
                        ready.append(r)
                        slice.step()
                    }
                    let result = try await sim.stream(slice)
                    for k in 0..<ready.count {
                        cycle += 1
                        if try result.value(io.out.valid, row: k) && ready[k] {
                            let row = try result.value(io.out.bits.row, row: k), index = try result.value(io.out.bits.index, row: k)
                            let value = try result.value(io.out.bits.data, row: k)
                            let slot = (chunk.lowerBound + row) * input.headDim + index
                            if row >= chunk.count || index >= input.headDim || seen.contains(slot) {
                                run.problems.append("cycle \(cycle) of the start at query \(chunk.lowerBound): unexpected element (row \(row), index \(index))")
                            } else {
                                seen.insert(slot)
                                run.outputs[slot] = value
                            }
                        }
                        if try result.value(io.done, row: k) {
                            finished = true
                            run.cycles.append(cycle)
                            break
                        }
                    }
                    progress?(rowsDone + seen.count / max(1, input.headDim), input.queries)
                }
                if !finished { run.problems.append("no done within \(limit) cycles (start at query \(chunk.lowerBound))") }
                rowsDone += chunk.count
                // The counters, read back.
                var reads = sim.stimulus()
                let counters = AttentionCoreRegister.allCases.filter { $0.address >= AttentionCoreRegister.cycles.address }
                for c in counters {
                    reads[io.registerReadAddress] = c.address
                    reads.step()
                }
                let result = try await sim.stream(reads)
                var values: [AttentionCoreRegister: Int] = [:]
                for (k, c) in counters.enumerated() { values[c] = try result.value(io.registerReadData, row: k) }
                run.counters.append(values)
            }
        }
        return run
    }
}
