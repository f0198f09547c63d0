/// RFC 4180 CSV: a header row, then one row per point; fields with a comma, quote or line break are quoted
/// (quotes doubled). Lines end in `\n`.
public enum CSVWriter {
    public static func text(_ table: ResultTable) -> String {
        var out = line(table.columns)
        for row in table.rows { out += line(row) }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\n"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Reads what `text` writes (for merging and tests).
    public static func parse(_ text: String) -> ResultTable {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(c)
            }
            i += 1
        }
        guard let header = records.first else { return ResultTable(columns: [], rows: []) }
        return ResultTable(columns: header, rows: Array(records.dropFirst()))
    }
}
