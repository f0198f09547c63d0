import Foundation
import HDL
import Testing

/// Finds the lines of this test target's source file that carry a marker comment such as
/// `// expected-error: width-mismatch`, so tests check reported lines without hard-coding numbers.
func markedLines(_ marker: String, in filePath: String) -> [Int] {
    guard let text = try? String(contentsOfFile: filePath, encoding: .utf8) else { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
        line.contains("// expected-error: \(marker)") || line.hasSuffix("// expected: \(marker)") ? index + 1 : nil
    }
}

/// Elaborates `module`, expecting an `ElaborationError`; returns it (or records a test failure).
func elaborationError<M: Module>(_ module: M, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ElaborationError? {
    do {
        _ = try elaborate(module)
        Issue.record("elaboration of \(M.self) succeeded but should have failed", sourceLocation: sourceLocation)
        return nil
    } catch let e as ElaborationError {
        return e
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The one line marked `marker` in `filePath`.
func markedLine(_ marker: String, in filePath: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Int {
    let lines = markedLines(marker, in: filePath)
    if lines.count != 1 { Issue.record("marker '\(marker)' found \(lines.count) times", sourceLocation: sourceLocation) }
    return lines.first ?? -1
}
