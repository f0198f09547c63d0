import Sweep
import Testing

@Suite struct ParameterAxisTests {
    @Test func oneParameterAndItsValues() throws {
        let axis = try ParameterAxis.parse("rows=4,8,16")
        #expect(axis.names == ["rows"])
        #expect(axis.values == [["4"], ["8"], ["16"]])
        #expect(axis.argument == "rows=4,8,16")
    }

    @Test func parametersThatMoveTogether() throws {
        let axis = try ParameterAxis.parse("rows:lanes=4:8,8:8,16:32")
        #expect(axis.names == ["rows", "lanes"])
        #expect(axis.values == [["4", "8"], ["8", "8"], ["16", "32"]])
        #expect(try ParameterAxis.parse(axis.argument) == axis)
    }

    @Test(arguments: [
        ("rows", "expected name=value"),
        ("=4", "a parameter name is empty"),
        ("rows:=4:8", "a parameter name is empty"),
        ("rows:rows=4:4", "rows appears twice"),
        ("rows=", "expected a value per point, got ''"),
        ("rows=4,,8", "expected a value per point, got ''"),
        ("rows:lanes=4:8,8", "expected 2 values (rows:lanes) per point, got '8'"),
        ("rows:lanes=4:8:1", "expected 2 values (rows:lanes) per point, got '4:8:1'"),
        ("rows=4,8,4", "'4' is given twice"),
    ])
    func malformedTextIsAOneLineError(_ text: String, _ message: String) {
        let error = #expect(throws: SweepError.self) { try ParameterAxis.parse(text) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.message.contains("\n") == false)
    }
}
