/// One `--param` of a sweep: a parameter and the values it takes (`rows=4,8,16`), or several parameters that
/// move together (`rows:lanes=4:8,8:8,16:32`, three points, not nine). Axes combine as a cartesian product.
public struct ParameterAxis: Codable, Hashable, Sendable {
    /// Parameter names (kebab-case, as `sofa-gen blocks` lists them).
    public var names: [String]
    /// One tuple per step, each with one value per name.
    public var values: [[String]]

    public init(names: [String], values: [[String]]) {
        self.names = names
        self.values = values
    }

    /// Parses `name=v1,v2,...` or `a:b=a1:b1,a2:b2,...`. Values are checked against blocks later (`SweepSpec`).
    public static func parse(_ text: String) throws -> ParameterAxis {
        guard let eq = text.firstIndex(of: "=") else {
            throw SweepError("--param \(text): expected name=value,value,... (or a:b=1:2,3:4 for values that move together)")
        }
        let names = text[..<eq].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard !names.contains(where: \.isEmpty) else { throw SweepError("--param \(text): a parameter name is empty") }
        if let dup = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw SweepError("--param \(text): \(dup) appears twice")
        }
        let steps = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
        var values: [[String]] = []
        for step in steps {
            let tuple = step.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard tuple.count == names.count, !tuple.contains(where: \.isEmpty) else {
                let what = names.count == 1 ? "a value" : "\(names.count) values (\(names.joined(separator: ":")))"
                throw SweepError("--param \(text): expected \(what) per point, got '\(step)'")
            }
            if values.contains(tuple) { throw SweepError("--param \(text): '\(step)' is given twice") }
            values.append(tuple)
        }
        return ParameterAxis(names: names, values: values)
    }

    /// The text `parse` reads back.
    public var argument: String {
        names.joined(separator: ":") + "=" + values.map { $0.joined(separator: ":") }.joined(separator: ",")
    }
}
