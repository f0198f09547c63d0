import Foundation
import HDL

/// Elaboration (with all checks) and Verilog emission of one module, timed over several runs.
struct EmissionTiming {
    var elaborate: [Double] = []
    var emit: [Double] = []
    var circuit: Circuit
    var design: VerilogDesign

    init<M: Module>(_ top: M, repetitions: Int) throws {
        var circuit: Circuit?, design: VerilogDesign?
        for _ in 0..<max(1, repetitions) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c = try HDL.elaborate(top)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let d = VerilogEmitter.emit(c)
            let t2 = DispatchTime.now().uptimeNanoseconds
            elaborate.append(Double(t1 - t0) / 1e9)
            emit.append(Double(t2 - t1) / 1e9)
            circuit = c
            design = d
        }
        self.circuit = circuit!
        self.design = design!
    }

    var lines: Int { design.files.reduce(0) { $0 + $1.contents.split(separator: "\n").count } }
    var kibibytes: Int { design.files.reduce(0) { $0 + $1.contents.utf8.count } / 1024 }

    /// Best and median of each phase and of their sum.
    func report() {
        let totals = zip(elaborate, emit).map(+)
        print(String(format: "  elaborate + check: best %.3f s, median %.3f s", elaborate.min()!, median(elaborate)))
        print(String(format: "  emit Verilog:      best %.3f s, median %.3f s", emit.min()!, median(emit)))
        print(String(format: "  total:             best %.3f s, median %.3f s (%d runs)", totals.min()!, median(totals), totals.count))
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
