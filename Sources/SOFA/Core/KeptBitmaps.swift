import HDL

/// The attention core's kept-key bitmaps (docs/ATTENTION-CORE-DESIGN.md section 2): per query row of a tile and per
/// bank, one bit per key. The selector of one tile marks keys in one bank while the dispatcher of the previous tile
/// scans the other; the scan clears each bit as it reads it, so a bank is empty again when its scan ends.
///
/// - Marks: `mark_valid[r]` sets bit `mark_index[r]` of row r in bank `mark_bank` (every row can mark every cycle).
/// - Scan: `scan_read` reads key `scan_address` of bank `scan_bank` for every row and clears it; `mask[r]` holds the
///   bits from the clock edge after the read until the next read.
/// The two must not use the same bank at once (the core's schedule; a mark there would be cleared or lost).
///
/// Storage: 2 x R memories of N_max one-bit words, each with one write port (marks or clears) and one registered read
/// port.
public struct KeptBitmaps: Module {
    public var rows: Int
    public var maxKeys: Int

    public init(rows: Int = 16, maxKeys: Int = 256) {
        self.rows = rows
        self.maxKeys = maxKeys
    }

    public var indexWidth: Int { bitsFor(maxKeys - 1) }

    public func validate() throws {
        try require((1...1024).contains(rows), "rows must be 1...1024, got \(rows)")
        try require((1...65536).contains(maxKeys), "max keys must be 1...65536, got \(maxKeys)")
    }

    public struct IO {
        public var markValid: [Bit], markIndex: [Unsigned], markBank: Bit
        public var scanRead: Bit, scanAddress: Unsigned, scanBank: Bit
        public var mask: [Bit]
    }

    public func ports(_ p: Ports) -> IO {
        IO(markValid: p.input(.vec(rows, .bit).packed()), markIndex: p.input(.vec(rows, .uint(indexWidth)).packed()), markBank: p.input(.bit),
           scanRead: p.input(.bit), scanAddress: p.input(.uint(indexWidth)), scanBank: p.input(.bit),
           mask: p.output(.vec(rows, .bit).packed()))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let readBank = m.reg("read_bank", .bit, enable: io.scanRead)
        readBank <== io.scanBank
        for r in 0..<rows {
            let bits = (0..<2).map { b in m.memory("kept_\(r)_\(b)", depth: maxKeys, .bit) }
            let read = (0..<2).map { b in bits[b].read(io.scanAddress, enable: io.scanRead, name: "kept_\(r)_\(b)_bit") }
            for b in 0..<2 {
                let bank: Bit = b == 0 ? !io.markBank : io.markBank
                let scanned: Bit = b == 0 ? !io.scanBank : io.scanBank
                When(io.markValid[r] && bank) {
                    bits[b].write(io.markIndex[r], true)
                }.elseWhen(io.scanRead && scanned) {
                    bits[b].write(io.scanAddress, false)
                }
            }
            io.mask[r] <== mux(readBank, read[1], read[0])
        }
    }
}
