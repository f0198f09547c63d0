import HDL
import SOFA

/// A test bench around one `SUFARow`, written in the DSL so the whole ready/valid conversation runs inside the
/// simulator at full speed: the stimulus sits in three memories (queries with their row registers, key beats,
/// value beats) that Swift fills first, and three sources present words from them on the row's input streams,
/// advancing a pointer on each accepted beat. Swift drives, per cycle, only a "gap" per source (the source drops
/// its valid that cycle, also in the middle of a word it was already offering), `out_ready`, and reset/seek, and
/// reads every output back: what the sources handed over and what the row put out.
///
/// The sources' pointers have no reset: `seek` sets them (a reset of the row in the middle of a run then resumes
/// from any row's first words). `q_end`/`kv_end` bound what the sources offer.
struct SUFARowBench: Module {
    var row: SUFARow
    /// Words in the query memory and in each of the key and value memories (powers of two).
    var queryDepth: Int
    var beatDepth: Int

    var laneBits: Int { row.lanes * 8 }
    var dimWidth: Int { max(1, Int.bitWidth - row.headDim.leadingZeroBitCount) }
    /// A query word carries the row registers the row samples with a row's first beat: head_dim, c_m, c_e.
    var configWidth: Int { dimWidth + row.format.constantMantissaBits + row.format.constantShiftBits }
    var queryAddressWidth: Int { Self.bits(queryDepth) }
    var beatAddressWidth: Int { Self.bits(beatDepth) }

    static func bits(_ n: Int) -> Int { max(1, Int.bitWidth - n.leadingZeroBitCount) }

    struct IO {
        var writeQuery: Bit, writeQueryAddress: Unsigned, writeQueryData: Unsigned, writeQueryConfig: Unsigned
        var writeBeat: Bit, writeBeatAddress: Unsigned, writeKey: Unsigned, writeKeyLast: Bit, writeValue: Unsigned
        var seek: Bit, seekQuery: Unsigned, seekBeat: Unsigned, queryEnd: Unsigned, beatEnd: Unsigned
        var queryGap: Bit, keyGap: Bit, valueGap: Bit, outReady: Bit, clearCounters: Bit
        var queryFire: Bit, keyFire: Bit, valueFire: Bit, keyReady: Bit, valueReady: Bit
        var outValid: Bit, outData: Signed, outIndex: Unsigned, outLast: Bit
        var rescales: Unsigned, exp2Evaluations: Unsigned, divisions: Unsigned, laneBusy: Unsigned, idle: Bit
        var queryPointer: Unsigned, keyPointer: Unsigned, valuePointer: Unsigned
    }

    func ports(_ p: Ports) -> IO {
        IO(writeQuery: p.input("write_q", .bit), writeQueryAddress: p.input("write_q_address", .uint(queryAddressWidth)),
           writeQueryData: p.input("write_q_data", .uint(laneBits)), writeQueryConfig: p.input("write_q_config", .uint(configWidth)),
           writeBeat: p.input("write_kv", .bit), writeBeatAddress: p.input("write_kv_address", .uint(beatAddressWidth)),
           writeKey: p.input("write_key", .uint(laneBits)), writeKeyLast: p.input("write_key_last", .bit),
           writeValue: p.input("write_value", .uint(laneBits)),
           seek: p.input("seek", .bit), seekQuery: p.input("seek_q", .uint(queryAddressWidth)),
           seekBeat: p.input("seek_kv", .uint(beatAddressWidth)),
           queryEnd: p.input("q_end", .uint(queryAddressWidth)), beatEnd: p.input("kv_end", .uint(beatAddressWidth)),
           queryGap: p.input("q_gap", .bit), keyGap: p.input("key_gap", .bit), valueGap: p.input("value_gap", .bit),
           outReady: p.input("out_ready", .bit), clearCounters: p.input("clear_counters", .bit),
           queryFire: p.output("q_fire", .bit), keyFire: p.output("key_fire", .bit), valueFire: p.output("value_fire", .bit),
           keyReady: p.output("key_ready", .bit), valueReady: p.output("value_ready", .bit),
           outValid: p.output("out_valid", .bit), outData: p.output("out_data", .sint(row.format.outputWidth)),
           outIndex: p.output("out_index", .uint(max(1, Int.bitWidth - (row.headDim - 1).leadingZeroBitCount))),
           outLast: p.output("out_last", .bit),
           rescales: p.output("rescales", .uint(row.counterWidth)), exp2Evaluations: p.output("exp2_evaluations", .uint(row.counterWidth)),
           divisions: p.output("divisions", .uint(row.counterWidth)), laneBusy: p.output("lane_busy", .uint(row.counterWidth)),
           idle: p.output("idle", .bit),
           queryPointer: p.output("q_pointer", .uint(queryAddressWidth)), keyPointer: p.output("key_pointer", .uint(beatAddressWidth)),
           valuePointer: p.output("value_pointer", .uint(beatAddressWidth)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let queries = m.memory("queries", depth: queryDepth, .uint(configWidth + laneBits))
        let keys = m.memory("keys", depth: beatDepth, .uint(laneBits + 1))
        let values = m.memory("values", depth: beatDepth, .uint(laneBits))
        When(io.writeQuery) { queries.write(io.writeQueryAddress.truncated(to: queries.addressWidth), concat(io.writeQueryConfig, io.writeQueryData)) }
        When(io.writeBeat) {
            keys.write(io.writeBeatAddress.truncated(to: keys.addressWidth), concat(io.writeKeyLast, io.writeKey))
            values.write(io.writeBeatAddress.truncated(to: values.addressWidth), io.writeValue)
        }

        let queryPointer = m.reg("q_pointer_q", .uint(queryAddressWidth))
        let keyPointer = m.reg("key_pointer_q", .uint(beatAddressWidth))
        let valuePointer = m.reg("value_pointer_q", .uint(beatAddressWidth))
        let query = queries.read(queryPointer.truncated(to: queries.addressWidth), readUnderWrite: .combinational, name: "query_word")
        let key = keys.read(keyPointer.truncated(to: keys.addressWidth), readUnderWrite: .combinational, name: "key_word")
        let value = values.read(valuePointer.truncated(to: values.addressWidth), readUnderWrite: .combinational, name: "value_word")

        let dut = m.instance("row", row)
        let queryValid = m.named("query_valid", !io.queryGap && queryPointer < io.queryEnd)
        let keyValid = m.named("key_valid", !io.keyGap && keyPointer < io.beatEnd)
        let valueValid = m.named("value_valid", !io.valueGap && valuePointer < io.beatEnd)
        dut.q.valid <== queryValid
        dut.key.valid <== keyValid
        dut.value.valid <== valueValid
        for i in 0..<row.lanes {
            dut.q.bits[i] <== query[8 * i + 7, 8 * i].asSigned()
            dut.key.bits.data[i] <== key[8 * i + 7, 8 * i].asSigned()
            dut.value.bits[i] <== value[8 * i + 7, 8 * i].asSigned()
        }
        let config = query[configWidth + laneBits - 1, laneBits]
        dut.headDim <== config[dimWidth - 1, 0]
        dut.constantMantissa <== config[dimWidth + row.format.constantMantissaBits - 1, dimWidth]
        dut.constantShift <== config[configWidth - 1, dimWidth + row.format.constantMantissaBits]
        dut.key.bits.last <== key[laneBits]
        dut.out.ready <== io.outReady
        dut.clearCounters <== io.clearCounters

        let queryFire = m.named("query_fire", queryValid && dut.q.ready)
        let keyFire = m.named("key_fire_now", keyValid && dut.key.ready)
        let valueFire = m.named("value_fire_now", valueValid && dut.value.ready)
        When(io.seek) {
            queryPointer <== io.seekQuery
            keyPointer <== io.seekBeat
            valuePointer <== io.seekBeat
        }.otherwise {
            When(queryFire) { queryPointer <== queryPointer &+ 1 }
            When(keyFire) { keyPointer <== keyPointer &+ 1 }
            When(valueFire) { valuePointer <== valuePointer &+ 1 }
        }

        io.queryFire <== queryFire
        io.keyFire <== keyFire
        io.valueFire <== valueFire
        io.keyReady <== dut.key.ready
        io.valueReady <== dut.value.ready
        io.outValid <== dut.out.valid
        io.outData <== dut.out.bits.data
        io.outIndex <== dut.out.bits.index
        io.outLast <== dut.out.bits.last
        io.rescales <== dut.rescales
        io.exp2Evaluations <== dut.exp2Evaluations
        io.divisions <== dut.divisions
        io.laneBusy <== dut.laneBusy
        io.idle <== dut.idle
        io.queryPointer <== queryPointer
        io.keyPointer <== keyPointer
        io.valuePointer <== valuePointer
    }
}
