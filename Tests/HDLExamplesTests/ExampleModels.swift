// Cycle models of the example circuits, written from their documented behaviour with Swift integers.
// Each `step` takes the inputs applied during a cycle and returns the outputs sampled in that cycle
// (before the clock edge), then advances the state across the edge.

/// Wraps `x` to a two's-complement value of `width` bits.
func wrapSigned(_ x: Int, _ width: Int) -> Int {
    let m = x & ((1 << width) - 1)
    return m >= 1 << (width - 1) ? m - (1 << width) : m
}

struct CounterModel {
    let width: Int
    var value = 0

    /// Returns `count` during this cycle.
    mutating func step(enable: Bool) -> Int {
        let out = value
        if enable { value = (value + 1) & ((1 << width) - 1) }
        return out
    }

    mutating func reset() { value = 0 }
}

enum LeadingOneModel {
    /// (position of the highest 1, any bit set).
    static func detect(_ x: Int) -> (position: Int, valid: Bool) {
        x == 0 ? (0, false) : (Int.bitWidth - 1 - x.leadingZeroBitCount, true)
    }
}

struct MultiplyAccumulateModel {
    let dataWidth: Int
    let accumulatorWidth: Int
    var acc = 0

    /// Returns `acc` during this cycle.
    mutating func step(a: Int, b: Int, enable: Bool, clear: Bool) -> Int {
        let out = acc
        if clear {
            acc = 0
        } else if enable {
            acc = wrapSigned(acc + a * b, accumulatorWidth)
        }
        return out
    }
}

struct FIFOModel {
    let width: Int
    let depth: Int
    var queue: [Int] = []
    var dataOut: Int?  // nil until the first pop: the RAM output is undefined before that
    var dataOutValid = false

    struct Outputs: Equatable {
        var dataOut: Int?
        var dataOutValid: Bool
        var full: Bool
        var empty: Bool
        var count: Int
    }

    mutating func step(push: Bool, dataIn: Int, pop: Bool) -> Outputs {
        let out = Outputs(dataOut: dataOut, dataOutValid: dataOutValid, full: queue.count == depth,
                          empty: queue.isEmpty, count: queue.count)
        let doPush = push && queue.count < depth
        let doPop = pop && !queue.isEmpty
        if doPop { dataOut = queue.removeFirst() }
        if doPush { queue.append(dataIn) }
        dataOutValid = doPop
        return out
    }
}

struct CounterPairModel {
    var narrowA: CounterModel
    var narrowB: CounterModel
    var wide: CounterModel

    init(narrowWidth: Int, wideWidth: Int) {
        narrowA = CounterModel(width: narrowWidth)
        narrowB = CounterModel(width: narrowWidth)
        wide = CounterModel(width: wideWidth)
    }

    /// (narrow, wide, sum) during this cycle. The second narrow counter counts when `enable` is low.
    mutating func step(enable: Bool) -> (narrow: Int, wide: Int, sum: Int) {
        let a = narrowA.step(enable: enable), b = narrowB.step(enable: !enable), w = wide.step(enable: enable)
        return (a, w, a + b + w)
    }
}

/// The systolic array at the level of its cells: each cell registers its operands and accumulates.
struct SystolicArrayModel {
    let rows: Int
    let columns: Int
    let accumulatorWidth: Int
    var a: [[Int]], b: [[Int]], valid: [[Bool]], acc: [[Int]]

    init(rows: Int, columns: Int, accumulatorWidth: Int) {
        self.rows = rows
        self.columns = columns
        self.accumulatorWidth = accumulatorWidth
        let zeros = Array(repeating: Array(repeating: 0, count: columns), count: rows)
        a = zeros; b = zeros; acc = zeros
        valid = Array(repeating: Array(repeating: false, count: columns), count: rows)
    }

    /// A reset cycle: the valid bits and accumulators clear, while the operand registers (which have no
    /// reset: `valid` says when they matter) take the inputs applied during the reset as in any cycle.
    mutating func reset(a rowInputs: [Int], b columnInputs: [Int]) {
        _ = step(a: rowInputs, b: columnInputs, valid: Array(repeating: false, count: rows), clear: true, drain: false)
        valid = Array(repeating: Array(repeating: false, count: columns), count: rows)
    }

    /// Returns each row's result (the rightmost accumulator) during this cycle.
    mutating func step(a rowInputs: [Int], b columnInputs: [Int], valid rowValid: [Bool], clear: Bool, drain: Bool) -> [Int] {
        let results = (0..<rows).map { acc[$0][columns - 1] }
        var na = a, nb = b, nv = valid, nacc = acc
        for r in 0..<rows {
            for c in 0..<columns {
                let aIn = c == 0 ? rowInputs[r] : a[r][c - 1]
                let vIn = c == 0 ? rowValid[r] : valid[r][c - 1]
                let bIn = r == 0 ? columnInputs[c] : b[r - 1][c]
                let accIn = c == 0 ? 0 : acc[r][c - 1]
                na[r][c] = aIn
                nb[r][c] = bIn
                nv[r][c] = vIn
                if clear {
                    nacc[r][c] = 0
                } else if drain {
                    nacc[r][c] = accIn
                } else if vIn {
                    nacc[r][c] = wrapSigned(acc[r][c] + aIn * bIn, accumulatorWidth)
                }
            }
        }
        a = na; b = nb; valid = nv; acc = nacc
        return results
    }
}

/// `ScoreStreamBuffer`: a queue with Chisel `Queue` semantics (room while fewer than `depth` entries are held,
/// `pipe`: also when its output is taken; `flow`: an empty queue offers the entry arriving) feeding a buffer
/// that holds two entries and is ready while it holds fewer than two.
struct ScoreStreamBufferModel {
    typealias Entry = (score: Int, index: Int)
    let depth: Int
    let pipe: Bool
    let flow: Bool
    var queue: [Entry] = []
    var skid: [Entry] = []

    struct Outputs {
        var inputReady: Bool
        var outputValid: Bool
        var output: Entry?
        /// The queue's offer to the skid buffer and whether it is taken.
        var handOff: Entry?
    }

    func outputs(inputValid: Bool, input: Entry, outputReady: Bool) -> Outputs {
        let skidReady = skid.count < 2
        let queueOffers = !queue.isEmpty || (flow && inputValid)
        let offer = queue.first ?? input
        let inputReady = queue.count < depth || (pipe && skidReady)
        return Outputs(inputReady: inputReady, outputValid: !skid.isEmpty, output: skid.first,
                       handOff: queueOffers && skidReady ? offer : nil)
    }

    /// Returns this cycle's outputs and advances across the clock edge.
    mutating func step(inputValid: Bool, input: Entry, outputReady: Bool) -> Outputs {
        let o = outputs(inputValid: inputValid, input: input, outputReady: outputReady)
        let inputTaken = inputValid && o.inputReady
        if o.outputValid && outputReady { skid.removeFirst() }
        if let handed = o.handOff {
            if queue.isEmpty {
                precondition(inputTaken && flow)  // flowed straight through the empty queue
                skid.append(handed)
                return o
            }
            queue.removeFirst()
            skid.append(handed)
        }
        if inputTaken { queue.append(input) }
        return o
    }

    mutating func reset() {
        queue.removeAll()
        skid.removeAll()
    }
}
