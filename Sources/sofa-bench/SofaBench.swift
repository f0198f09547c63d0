import Foundation

/// `sofa-bench`: performance figures for the README. Run in release: `swift run -c release sofa-bench [what]`.
///   emit [rows columns [repetitions]]  elaborate + check + emit a systolic MAC array (default 128 x 32)
@main
struct SofaBench {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        let what = args.isEmpty ? "all" : args.removeFirst()
        let numbers = args.compactMap(Int.init)
        switch what {
        case "emit", "all":
            try EmissionBenchmark(rows: numbers.count > 0 ? numbers[0] : 128, columns: numbers.count > 1 ? numbers[1] : 32,
                                  repetitions: numbers.count > 2 ? numbers[2] : 5).run()
        default:
            FileHandle.standardError.write(Data("usage: sofa-bench [emit [rows columns [repetitions]]]\n".utf8))
            exit(64)
        }
    }
}
