import ArgumentParser
import SortingNetworks

extension SofaGen {
    /// `sofa-gen networks`: comparator count and depth of every family's network, pruned to the top k, as a
    /// Markdown table (the README's table is this output).
    struct Networks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print comparators / depth of the SADS comparator networks for n in 8, 16, 32, 64 and k in n, n/4, 2.")

        func run() throws {
            do {
                for line in try Self.table() { print(line) }
            } catch let e as NetworkError {
                throw fail(e.message)
            }
        }

        /// Rows n x k (k = n, n/4, 2; n/4 = 2 once for n = 8), one column per family; a cell is "comparators / depth", or "-" where the
        /// family has no network of that size.
        static func table(sizes: [Int] = [8, 16, 32, 64]) throws -> [String] {
            let families = NetworkFamily.allCases
            var lines = ["| n | k | " + families.map(\.rawValue).joined(separator: " | ") + " |",
                         "|---:|---:|" + String(repeating: "---:|", count: families.count)]
            for n in sizes {
                let ks = [n, n / 4, 2].reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
                for k in ks {
                    let cells = try families.map { family -> String in
                        guard family.availableInputs?.contains(n) ?? true else { return "-" }
                        let network = try family.selector(inputs: n, top: k)
                        return "\(network.size) / \(network.depth)"
                    }
                    lines.append("| \(n) | \(k) | " + cells.joined(separator: " | ") + " |")
                }
            }
            return lines
        }
    }
}
