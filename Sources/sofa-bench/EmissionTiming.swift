import Foundation
import HDL

/// Elaboration (with all checks) and Verilog emission of one module, timed over several runs, with the process's
/// peak memory.
struct EmissionTiming {
    var elaborate: [Double] = []
    var emit: [Double] = []
    /// Child instances over all modules, and modules, of the elaborated circuit.
    var instances = 0
    var modules = 0
    /// Peak resident memory once the first elaboration returned (before any emission), in MiB.
    var peakAfterElaboration = 0.0
    var design: VerilogDesign

    init<M: Module>(_ top: M, repetitions: Int) throws {
        var design: VerilogDesign?
        for _ in 0..<max(1, repetitions) {
            design = nil  // the previous run's output is not kept alive during this one
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c = try HDL.elaborate(top)
            let t1 = DispatchTime.now().uptimeNanoseconds
            peakAfterElaboration = Self.peakMemoryMiB
            instances = c.modules.reduce(0) { $0 + $1.instances.count }
            modules = c.modules.count
            let t2 = DispatchTime.now().uptimeNanoseconds
            let d = VerilogEmitter.emit(consume c)  // the emitter consumes the circuit: one copy of the IR at a time
            let t3 = DispatchTime.now().uptimeNanoseconds
            elaborate.append(Double(t1 - t0) / 1e9)
            emit.append(Double(t3 - t2) / 1e9)
            design = d
        }
        self.design = design!
    }

    var lines: Int { design.files.reduce(0) { total, f in total + f.contents.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } } }
    var kibibytes: Int { design.files.reduce(0) { $0 + $1.contents.utf8.count } / 1024 }

    /// The process's peak resident memory so far, in MiB.
    static var peakMemoryMiB: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Best and median of each phase and of their sum, and the peak memory.
    func report() {
        let totals = zip(elaborate, emit).map(+)
        print(String(format: "  elaborate + check: best %.3f s, median %.3f s", elaborate.min()!, median(elaborate)))
        print(String(format: "  emit Verilog:      best %.3f s, median %.3f s", emit.min()!, median(emit)))
        print(String(format: "  total:             best %.3f s, median %.3f s (%d runs)", totals.min()!, median(totals), totals.count))
        print(String(format: "  peak memory:       %.0f MiB (%.0f MiB after elaboration)", Self.peakMemoryMiB, peakAfterElaboration))
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
