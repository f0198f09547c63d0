import HDLSim
import Testing

@Suite struct Ice40DeviceTests {
    @Test func aDesignNeedingMoreLUTsOrFlipFlopsThanLogicCellsDoesNotFit() {
        let cells = { (luts: Int, ffs: Int) in Yosys.CellCounts(byType: ["SB_LUT4": luts, "SB_DFF": ffs], total: luts + ffs) }
        #expect(Ice40Device.hx8k.misfit(cells(7680, 7680)) == nil)
        #expect(Ice40Device.hx8k.misfit(cells(7681, 10)) == "does not fit hx8k: 7681 LUT4 and 10 flip-flops with the I/O wrapper, 7680 logic cells")
        #expect(Ice40Device.up5k.misfit(cells(10, 5281)) != nil)
        #expect(Ice40Device.hx8k.misfit(cells(5281, 10)) == nil)
    }

    @Test func partsAndTheirOptions() {
        #expect(Ice40Device.hx8k.nextpnrArguments == ["--hx8k", "--package", "ct256"])
        #expect(Ice40Device.up5k.synthOptions == ["-dsp"] && Ice40Device.hx8k.synthOptions.isEmpty)
    }
}
