/// Names from Swift labels, so a port or bundle field is not named twice (once as a label, once as a string).
///
/// A value declared without a name (`p.input(.bit)`, `f.field(.uint(8))`) is built at once, its signals under
/// a placeholder token; when the value that holds it exists (the struct a `BundleShape` builds, the value
/// `ports` returns), one walk over its labels (`Mirror`) finds the path that reaches it, and at the end of
/// the declaration every placeholder is replaced by the snake_case of that path: `inValid` -> `in_valid`,
/// an array element -> `_0`, a nested struct's field -> `outer_inner`. Explicit names are used as given.
/// A value no label reaches (an unlabeled tuple element, a field the struct does not store) is an
/// elaboration error at the line that declared it.
///
/// Declarations that give every name pay nothing: no walk happens without a placeholder.
final class LabelNaming {
    struct Problem {
        var message: String
        var location: SourceLocation
    }

    private struct Placeholder {
        var location: SourceLocation
        var kind: String
        var resolved: String?
        var problem: String?
    }

    /// Whether names come from elsewhere (a child's definition, by port position): placeholders are neither
    /// tracked nor resolved.
    let positional: Bool
    private let rename: ((Node, String) -> Void)?
    private var placeholders: [Placeholder] = []
    private var pendingLeaves: [(node: Node, rawName: String)] = []

    init(rename: @escaping (Node, String) -> Void) {
        self.positional = false
        self.rename = rename
    }

    init(positional: Bool) {
        self.positional = positional
        self.rename = nil
    }

    // MARK: Placeholders

    private static let mark: Character = "\u{1}"

    /// Whether a signal name still holds a placeholder.
    static func isPlaceholder(_ name: String) -> Bool { name.utf8.contains(1) }

    /// A new placeholder for a value declared at `location`; `kind` ("port", "bundle field") is for messages.
    func newPlaceholder(at location: SourceLocation, kind: String) -> (index: Int, token: String) {
        placeholders.append(Placeholder(location: location, kind: kind))
        return (placeholders.count - 1, "\(Self.mark)\(placeholders.count - 1)\(Self.mark)")
    }

    func resolve(_ index: Int, as name: String) {
        placeholders[index].resolved = name
    }

    func fail(_ index: Int, _ why: String) {
        placeholders[index].problem = why
    }

    /// Remembers a leaf whose raw name holds placeholders.
    func track(_ node: Node, rawName: String) {
        guard !positional, Self.isPlaceholder(rawName) else { return }
        pendingLeaves.append((node, rawName))
    }

    /// Renames every tracked leaf; returns one problem per placeholder no label resolved.
    func finish() -> [Problem] {
        for (node, raw) in pendingLeaves {
            rename?(node, substitute(raw))
        }
        pendingLeaves.removeAll()
        var problems: [Problem] = []
        for p in placeholders where p.resolved == nil {
            let why = p.problem ?? "no Swift label reaches it"
            problems.append(Problem(message: "this \(p.kind) has no name and \(why): give it a name, or keep the value in a "
                                        + "labeled tuple element or stored property", location: p.location))
        }
        placeholders.removeAll()
        return problems
    }

    /// `raw` with every placeholder token replaced by its resolved name (`_unnamed` when it has none).
    private func substitute(_ raw: String) -> String {
        var out = "", token = "", inToken = false
        for c in raw {
            if c == Self.mark {
                if inToken, let i = Int(token), placeholders.indices.contains(i) {
                    out += placeholders[i].resolved ?? "_unnamed"
                }
                token = ""
                inToken.toggle()
            } else if inToken {
                token.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// The values declared without a name in one container (a bundle's fields, a module's ports), named once the
/// container's value exists.
final class UnnamedValues {
    private struct Entry {
        var placeholder: Int
        /// A signal of the value and its label path inside the value: where that signal is found in the
        /// container, minus this suffix, is where the value is.
        var representative: ObjectIdentifier?
        var innerPath: [LabelPath.Component]
    }

    let naming: LabelNaming?
    let kind: String
    private var entries: [Entry] = []

    init(naming: LabelNaming?, kind: String) {
        self.naming = naming
        self.kind = kind
    }

    /// Builds `shape` under a placeholder name (`prefix` + token).
    func make<S: Shape>(_ shape: S, _ maker: SignalMaker, prefix: String, at location: SourceLocation) -> S.Value {
        guard let naming else { return shape.make(maker, name: prefix + "unnamed") }
        let (index, token) = naming.newPlaceholder(at: location, kind: kind)
        let value = shape.make(maker, name: prefix + token)
        if !naming.positional {
            let first = LabelPath.signals(in: value).first
            if let first {
                entries.append(Entry(placeholder: index, representative: ObjectIdentifier(first.node), innerPath: first.path))
            } else {
                naming.resolve(index, as: "")  // no signals: nothing to name
            }
        }
        return value
    }

    /// Names each value from the labels that reach it in `container`.
    func resolve(in container: Any) {
        guard let naming, !naming.positional, !entries.isEmpty else { return }
        var paths: [ObjectIdentifier: [LabelPath.Component]] = [:]
        for (node, path) in LabelPath.signals(in: container) where paths[ObjectIdentifier(node)] == nil {
            paths[ObjectIdentifier(node)] = path
        }
        for e in entries {
            guard let rep = e.representative, let path = paths[rep] else { continue }
            guard path.count > e.innerPath.count, Array(path.suffix(e.innerPath.count)) == e.innerPath else {
                naming.fail(e.placeholder, path.count == e.innerPath.count
                    ? "it is the whole value, which has no label"
                    : "its elements were rearranged where it is stored")
                continue
            }
            naming.resolve(e.placeholder, as: LabelPath.name(path.dropLast(e.innerPath.count)))
        }
        entries.removeAll()
    }
}

/// Label paths to the signals inside a Swift value: stored-property and tuple labels, and array indices.
enum LabelPath {
    enum Component: Equatable {
        case label(String)
        case index(Int)
    }

    /// Every signal leaf reachable through labels and indices, in declaration order, with its path. Leaves
    /// under an unlabeled tuple element, an enum payload, a dictionary or a set are not reachable.
    static func signals(in value: Any) -> [(node: Node, path: [Component])] {
        var out: [(Node, [Component])] = []
        var path: [Component] = []
        func visit(_ v: Any) {
            if let h = v as? any HardwareValue {
                if case .signal = h.node.op { out.append((h.node, path)) }
                return
            }
            let mirror = Mirror(reflecting: v)
            switch mirror.displayStyle {
            case .collection?:
                for (i, child) in mirror.children.enumerated() {
                    path.append(.index(i))
                    visit(child.value)
                    path.removeLast()
                }
            case .struct?, .class?, .tuple?:
                for child in mirror.children {
                    guard let label = child.label, !label.hasPrefix(".") else { continue }
                    path.append(.label(label))
                    visit(child.value)
                    path.removeLast()
                }
            case .optional?:
                if let some = mirror.children.first { visit(some.value) }
            default:
                return
            }
        }
        visit(value)
        return out
    }

    /// `[inValid, 0, key]` -> `in_valid_0_key`.
    static func name<C: Collection>(_ path: C) -> String where C.Element == Component {
        path.map { c in
            switch c {
            case .label(let l): snakeCase(l)
            case .index(let i): "\(i)"
            }
        }.joined(separator: "_")
    }

    /// `inValid` -> `in_valid`, `loadQ` -> `load_q`, `sramAddr2` -> `sram_addr2`, `HTTPServer` -> `http_server`.
    static func snakeCase(_ label: String) -> String {
        let chars = Array(label)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase {
                let previous = i > 0 ? chars[i - 1] : nil
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                let afterWordChar = previous.map { $0.isLowercase || $0.isNumber } ?? false
                let endsAcronym = (previous?.isUppercase ?? false) && (next?.isLowercase ?? false)
                if (afterWordChar || endsAcronym) && !out.hasSuffix("_") { out += "_" }
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }
}
