/// A hash table from front-end nodes (by identity) to expression indices, for `Lowering`'s memo. Open
/// addressing with a multiplicative hash of the object address: lowering looks every node up several times,
/// and `Dictionary<ObjectIdentifier, _>`'s seeded hashing was a tenth of elaboration time on large modules.
/// The table retains its nodes, so an address cannot be reused by another node while it is alive.
struct NodeTable {
    private var keys: [UInt] = []
    private var values: [Int32] = []
    private var nodes: [Node] = []
    private var mask = 0
    private var shift: UInt = 0

    init() { resize(to: 1024) }

    private mutating func resize(to capacity: Int) {
        let oldKeys = keys, oldValues = values
        keys = [UInt](repeating: 0, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt(UInt.bitWidth - capacity.trailingZeroBitCount)
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { insert(k, v) }
    }

    private func slot(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key >> 4) &* 0x9E37_79B9_7F4A_7C15 >> shift) & mask
    }

    private mutating func insert(_ key: UInt, _ value: Int32) {
        var i = slot(key)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
    }

    subscript(_ node: Node) -> Int32? {
        let key = UInt(bitPattern: ObjectIdentifier(node))
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func set(_ node: Node, _ value: Int32) {
        if (nodes.count + 1) * 2 > keys.count { resize(to: keys.count * 2) }
        nodes.append(node)
        insert(UInt(bitPattern: ObjectIdentifier(node)), value)
    }
}
