import HDL
import HDLSim
import SOFA
import SOFAModel

/// A failed check of a `SUFARowRun`; thrown inside the simulation, so the run is replayed into a VCD and the
/// error names the seed.
struct SUFARowCheckFailure: Error, CustomStringConvertible {
    var description: String
}

/// How hostile the row's surroundings are: the chance, per cycle, that each source withholds its valid and that
/// the output is not ready.
struct SUFARowTraffic: CustomStringConvertible {
    var queryGap = 0.0
    var keyGap = 0.0
    var valueGap = 0.0
    var outStall = 0.0

    static let smooth = SUFARowTraffic()

    /// Each probability from {0, 0.1, 0.3, 0.6, 0.9}.
    static func random(_ rng: inout SeededGenerator) -> SUFARowTraffic {
        let levels = [0.0, 0.1, 0.3, 0.6, 0.9]
        func pick() -> Double { levels[Int(rng.next() % UInt64(levels.count))] }
        return SUFARowTraffic(queryGap: pick(), keyGap: pick(), valueGap: pick(), outStall: pick())
    }

    var description: String { "gaps q \(queryGap) k \(keyGap) v \(valueGap), out stall \(outStall)" }
}

/// Runs rows of stimulus through a `SUFARowBench` and checks every output element, in order, with its index and
/// last flag, against `SUFARowModel`; that the output holds still while stalled; that the row goes idle with no
/// output to spare; and the counters. Optionally resets the row `resets` times at random cycles (then the rows
/// from the first one not completely output are sent again).
struct SUFARowRun {
    var bench: SUFARowBench
    var rows: [SUFARowStimulus]
    var traffic: SUFARowTraffic = .smooth
    var resets = 0
    /// Cycles per batch sent to the simulator.
    var chunk = 4096

    struct Result: Sendable {
        var cycles: Int
        /// Absolute cycles of the first accepted key beat and of the last accepted value beat (runs without resets).
        var firstKeyBeat: Int?
        var lastValueBeat: Int?
        var lastKeyBeat: Int?
        /// Cycles (absolute) from the first key beat on in which the lanes did nothing (no key or value beat).
        var idleCycles: [Int]
        var laneBusy: Int
        var rescales: Int
        var evaluations: Int
        var divisions: Int
        /// Cycles from the last accepted value beat to the last row's first output element.
        var lastRowLatency: Int?
    }

    var row: SUFARow { bench.row }

    // MARK: Stimulus words

    struct Words {
        var queries: [(data: UInt64, config: UInt64)] = []
        var beats: [(key: UInt64, last: Bool, value: UInt64)] = []
        /// First query word and first key/value word of each row.
        var queryStart: [Int] = []
        var beatStart: [Int] = []
    }

    func beatsPerPass(_ r: SUFARowStimulus) -> Int { (r.headDim + row.lanes - 1) / row.lanes }

    func words(_ rng: inout SeededGenerator) -> Words {
        var w = Words()
        let l = row.lanes
        func lane(_ values: [Int], _ b: Int, _ rng: inout SeededGenerator) -> UInt64 {
            var word: UInt64 = 0
            for i in 0..<l {
                let e = b * l + i
                let v = e < values.count ? values[e] : rng.signedBits(8)
                word |= UInt64(UInt8(truncatingIfNeeded: v)) << UInt64(8 * i)
            }
            return word
        }
        let f = row.format
        let configWidth = bench.configWidth
        for r in rows {
            w.queryStart.append(w.queries.count)
            w.beatStart.append(w.beats.count)
            let beats = beatsPerPass(r)
            for b in 0..<beats {
                // Only the first beat's registers count: the others carry junk.
                let config = b == 0
                    ? UInt64(r.headDimInput) | UInt64(r.constant.mantissa) << UInt64(bench.dimWidth)
                        | UInt64(r.constant.shift) << UInt64(bench.dimWidth + f.constantMantissaBits)
                    : rng.bits(configWidth)
                w.queries.append((lane(r.query, b, &rng), config))
            }
            for j in 0..<r.keyCount {
                for b in 0..<beats {
                    // key_last counts on a key's final beat only.
                    let last = b == beats - 1 ? j == r.keyCount - 1 : rng.next() & 1 == 1
                    w.beats.append((lane(r.keys[j], b, &rng), last, lane(r.values[j], b, &rng)))
                }
            }
        }
        w.queryStart.append(w.queries.count)
        w.beatStart.append(w.beats.count)
        return w
    }

    // MARK: Running

    @discardableResult
    func run(on backend: SimulatorBackend, name: String, seed: UInt64) async throws -> Result {
        var rng = SeededGenerator(seed: seed ^ 0x5F5A_0000)
        let words = words(&rng)
        let format = row.format.model
        let expected = try rows.map { try $0.expected(format) }
        guard words.queries.count <= bench.queryDepth, words.beats.count <= bench.beatDepth else {
            throw SUFARowCheckFailure(description: "stimulus does not fit the bench (\(words.queries.count) q words, \(words.beats.count) beats)")
        }
        return try await Simulation.run(bench, on: backend, name: name, seed: seed) { sim in
            let inputs = sim.inputPorts.map(\.name)
            let position = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1, $0) })
            let outputs = sim.outputPorts.map(\.name)
            func out(_ n: String) -> Int { outputs.firstIndex(of: n)! }
            func input(_ values: [String: UInt64]) -> [UInt64] {
                var r = [UInt64](repeating: 0, count: inputs.count)
                for (k, v) in values { r[position[k]!] = v }
                return r
            }
            let quiet: [String: UInt64] = ["q_gap": 1, "key_gap": 1, "value_gap": 1]

            // Reset, point the sources at the start, fill the memories (the sources offer nothing meanwhile).
            var load: [[UInt64]] = [input(quiet.merging(["rst": 1, "seek": 1]) { $1 })]
            for i in 0..<max(words.queries.count, words.beats.count) {
                var v = quiet
                if i < words.queries.count {
                    v["write_q"] = 1
                    v["write_q_address"] = UInt64(i)
                    v["write_q_data"] = words.queries[i].data
                    v["write_q_config"] = words.queries[i].config
                }
                if i < words.beats.count {
                    v["write_kv"] = 1
                    v["write_kv_address"] = UInt64(i)
                    v["write_key"] = words.beats[i].key
                    v["write_key_last"] = words.beats[i].last ? 1 : 0
                    v["write_value"] = words.beats[i].value
                }
                load.append(input(v))
            }
            _ = try await sim.stream(load)

            let ends: [String: UInt64] = ["q_end": UInt64(words.queries.count), "kv_end": UInt64(words.beats.count)]
            let estimate = rows.reduce(0) { $0 + $1.keyCount * 2 * beatsPerPass($1) + row.divisionCycles }
            let slowest = max(traffic.keyGap, traffic.valueGap, traffic.outStall, traffic.queryGap)
            let budget = Int(Double(estimate + 200) / (1 - min(slowest, 0.95))) * 4 + 20_000
            var resetAt = (0..<resets).map { _ in 1 + Int(rng.next() % UInt64(max(estimate, 2))) }.sorted()

            var nextRow = 0, element = 0, firstRowAfterReset = 0
            var stalled: (data: UInt64, index: UInt64, last: UInt64)?
            var cycles = 0
            var firstKeyBeat: Int?, lastValueBeat: Int?, lastKeyBeat: Int?, lastRowFirstOutput: Int?
            var idleCycles: [Int] = []
            func fail(_ what: String, _ cycle: Int) -> SUFARowCheckFailure {
                SUFARowCheckFailure(description: "\(what) (cycle \(cycle) of the run, row \(nextRow) element \(element); \(traffic); seed \(seed))")
            }

            // One batch: random gaps and stalls; every output beat checked as it comes.
            func batch(_ length: Int, first: [String: UInt64]? = nil) async throws -> StreamResult {
                var rowsIn: [[UInt64]] = []
                var ready: [Bool] = []
                for t in 0..<length {
                    if t == 0, let first {
                        rowsIn.append(input(first))
                        ready.append(false)
                        continue
                    }
                    func gap(_ p: Double) -> UInt64 { Double(rng.next() % 1000) < p * 1000 ? 1 : 0 }
                    let r = gap(traffic.outStall) == 0
                    ready.append(r)
                    rowsIn.append(input(ends.merging(["q_gap": gap(traffic.queryGap), "key_gap": gap(traffic.keyGap),
                                                      "value_gap": gap(traffic.valueGap), "out_ready": r ? 1 : 0]) { $1 }))
                }
                let result = try await sim.stream(rowsIn)
                let oValid = out("out_valid"), oData = out("out_data"), oIndex = out("out_index"), oLast = out("out_last")
                for t in 0..<length where !(first != nil && t == 0) {   // a reset cycle shows the state before it
                    let now = cycles + t
                    if result.value(t, out("key_fire")) == 1 {
                        if firstKeyBeat == nil { firstKeyBeat = now }
                        lastKeyBeat = now
                    }
                    if result.value(t, out("value_fire")) == 1 { lastValueBeat = now }
                    if firstKeyBeat != nil, result.value(t, out("key_fire")) == 0, result.value(t, out("value_fire")) == 0 {
                        idleCycles.append(now)
                    }
                    let valid = result.value(t, oValid) == 1
                    let beat = (result.value(t, oData), result.value(t, oIndex), result.value(t, oLast))
                    if result.isUnknown(t, oValid) { throw fail("out_valid is unknown", now) }
                    if let s = stalled {
                        guard valid, beat == s else {
                            throw fail("the output changed while stalled: \(s) became \(valid ? "\(beat)" : "not valid")", now)
                        }
                    }
                    stalled = nil
                    guard valid else { continue }
                    if !ready[t] {
                        stalled = beat
                        continue
                    }
                    guard nextRow < rows.count else { throw fail("an output element after the last row's", now) }
                    let want = expected[nextRow].output
                    let got = result.signedValue(t, oData)
                    if result.isUnknown(t, oData) { throw fail("out_data is unknown", now) }
                    guard Int(beat.1) == element else { throw fail("out_index \(beat.1), expected \(element)", now) }
                    guard got == want[element] else {
                        throw fail("O[\(element)] = \(got), the model says \(want[element])", now)
                    }
                    let last = element == want.count - 1
                    guard (beat.2 == 1) == last else { throw fail("out_last \(beat.2) at element \(element) of \(want.count)", now) }
                    if nextRow == rows.count - 1 && element == 0 { lastRowFirstOutput = now }
                    element += 1
                    if last {
                        nextRow += 1
                        element = 0
                    }
                }
                cycles += length
                return result
            }

            while nextRow < rows.count {
                if cycles > budget { throw fail("the row stalled: \(nextRow) of \(rows.count) rows out after \(cycles) cycles", cycles) }
                var length = chunk
                if let r = resetAt.first { length = max(1, min(chunk, r - cycles)) }
                _ = try await batch(length)
                if let r = resetAt.first, cycles >= r, nextRow < rows.count {
                    // Reset in the middle of the run: the rows from the first one not completely out start again.
                    resetAt.removeFirst()
                    element = 0
                    stalled = nil
                    firstRowAfterReset = nextRow
                    firstKeyBeat = nil
                    idleCycles = []
                    _ = try await batch(1, first: ends.merging(quiet.merging(["rst": 1, "seek": 1,
                        "seek_q": UInt64(words.queryStart[nextRow]), "seek_kv": UInt64(words.beatStart[nextRow])]) { $1 }) { $1 })
                }
            }
            // Everything is out: nothing more may come, and the row must go idle.
            let tail = try await batch(row.rowLatency + 2 * row.cyclesPerKey + 16)
            let last = tail.rows - 1
            guard tail.value(last, out("idle")) == 1 else { throw fail("the row is not idle after its last output", cycles) }
            let counted = rows[firstRowAfterReset...]
            let exp = expected[firstRowAfterReset...]
            let want = (rescales: exp.reduce(0) { $0 + $1.rescales }, evaluations: exp.reduce(0) { $0 + $1.evaluations },
                        divisions: counted.reduce(0) { $0 + $1.headDim }, busy: counted.reduce(0) { $0 + 2 * $1.headDim * $1.keyCount })
            let got = (rescales: Int(tail.value(last, out("rescales"))), evaluations: Int(tail.value(last, out("exp2_evaluations"))),
                       divisions: Int(tail.value(last, out("divisions"))), busy: Int(tail.value(last, out("lane_busy"))))
            guard got == want else { throw fail("counters \(got), expected \(want)", cycles) }
            // clear_counters empties them.
            let cleared = try await sim.stream([input(ends.merging(["clear_counters": 1]) { $1 }), input(ends)])
            for n in ["rescales", "exp2_evaluations", "divisions", "lane_busy"] where cleared.value(1, out(n)) != 0 {
                throw fail("\(n) not cleared by clear_counters", cycles)
            }
            return Result(cycles: cycles, firstKeyBeat: firstKeyBeat, lastValueBeat: lastValueBeat, lastKeyBeat: lastKeyBeat,
                          idleCycles: idleCycles.filter { $0 < (lastValueBeat ?? 0) }, laneBusy: got.busy,
                          rescales: got.rescales, evaluations: got.evaluations, divisions: got.divisions,
                          lastRowLatency: lastRowFirstOutput.flatMap { o in lastValueBeat.map { o - $0 } })
        }
    }
}
