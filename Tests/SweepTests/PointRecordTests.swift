import HDLSim
import Sweep
import Testing

@Suite struct PointRecordTests {
    @Test func toolErrorsBecomeOneStableLine() {
        let failure = Yosys.Failure(message: """
            -- Running command `synth` --
            ERROR: ABC: execution of command "berkeley-abc -s -f /tmp/yosys-abc-JC2Ksa/abc.script" failed: return code 127.
            more text
            """)
        #expect(StepResult.failure(failure)
                == .failed("ERROR: ABC: execution of command \"berkeley-abc -s -f /tmp/yosys-abc-XXXXXX/abc.script\" failed: return code 127."))
        #expect(StepResult.failure(Nextpnr.Failure(message: "Unable to place cell 'x'")) == .failed("Unable to place cell 'x'"))
        #expect(StepResult.failure(Yosys.Failure(message: "a\nlast line\n")) == .failed("last line"))
    }
}
