import Sweep
import Testing

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhatNeedsQuotingAndReadsBack() {
        let table = ResultTable(columns: ["a", "b,c", "d"], rows: [["1", "x \"y\"", ""], ["line\nbreak", "plain", "e,f"]])
        let text = CSVWriter.text(table)
        #expect(text == "a,\"b,c\",d\n1,\"x \"\"y\"\"\",\n\"line\nbreak\",plain,\"e,f\"\n")
        #expect(CSVWriter.parse(text) == table)
    }
}
