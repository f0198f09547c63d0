// HDLSim's Verilator harness template (rendered by Sources/HDLSim/Verilator/VerilatorHarness.swift).
// Drives the Verilated top module from the line protocol on stdin and answers on stdout:
//   p <input> <hex>  set an input      s <n>  n clock cycles      g <output>  print an output in hex
//   v <n>            n rows follow: every input in hex; per row apply, print every output, clock once
//   f                print "." and flush (end of a batch)       q  quit
// Registers start from the values +verilator+rand+reset / +verilator+seed give them (built with --x-initial unique);
// inputs start at 0, as in the Icarus testbench.
// Placeholders (each between two at-signs): TOP, POKE_CASES, SAMPLE_CASES, INPUT_COUNT, OUTPUT_COUNT, TICK, CLOCK_INIT,
// INPUT_INIT.
#include <verilated.h>
#include "V@TOP@.h"
#if VM_TRACE
#include <verilated_vcd_c.h>
#endif
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cerrno>
#include <unistd.h>

namespace {
unsigned char in_buf[1 << 16];
size_t in_pos = 0, in_len = 0;
inline int next_char() {
    if (in_pos == in_len) {
        // read(), not fread(): fread waits to fill the whole buffer, which never happens mid-batch.
        ssize_t n;
        do { n = read(0, in_buf, sizeof in_buf); } while (n < 0 && errno == EINTR);
        in_pos = 0;
        in_len = n > 0 ? static_cast<size_t>(n) : 0;
        if (in_len == 0) return -1;
    }
    return in_buf[in_pos++];
}
char out_buf[1 << 16];
size_t out_len = 0;
void out_flush() { fwrite(out_buf, 1, out_len, stdout); out_len = 0; fflush(stdout); }
inline void out_char(char c) {
    if (out_len == sizeof out_buf) { fwrite(out_buf, 1, out_len, stdout); out_len = 0; }
    out_buf[out_len++] = c;
}
inline int skip_space() {
    int c;
    do { c = next_char(); } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    return c;
}
long read_dec() {
    int c = skip_space();
    long v = 0;
    while (c >= '0' && c <= '9') { v = v * 10 + (c - '0'); c = next_char(); }
    return v;
}
inline int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
inline uint64_t read_hex64() {
    int c = skip_space();
    uint64_t v = 0;
    for (int d; (d = hex_value(c)) >= 0; c = next_char()) v = (v << 4) | static_cast<uint64_t>(d);
    return v;
}
void read_hex_wide(uint32_t* w, int nwords, int width) {
    char digits[4096];
    int n = 0;
    int c = skip_space();
    for (; hex_value(c) >= 0; c = next_char()) if (n < 4096) digits[n++] = static_cast<char>(c);
    memset(w, 0, sizeof(uint32_t) * nwords);
    for (int i = 0; i < n; ++i) {
        int bit = 4 * (n - 1 - i);
        if (bit / 32 < nwords) w[bit / 32] |= static_cast<uint32_t>(hex_value(digits[i])) << (bit % 32);
    }
    if (width % 32) w[nwords - 1] &= (1u << (width % 32)) - 1u;
}
const char hex_digits[] = "0123456789abcdef";
inline void write_hex64(uint64_t v) {
    char tmp[16];
    int n = 0;
    do { tmp[n++] = hex_digits[v & 15]; v >>= 4; } while (v);
    while (n) out_char(tmp[--n]);
}
void write_hex_wide(const uint32_t* w, int nwords) {
    int top = nwords - 1;
    while (top > 0 && w[top] == 0) --top;
    char tmp[8];
    int n = 0;
    uint32_t v = w[top];
    do { tmp[n++] = hex_digits[v & 15]; v >>= 4; } while (v);
    while (n) out_char(tmp[--n]);
    for (int k = top - 1; k >= 0; --k)
        for (int s = 28; s >= 0; s -= 4) out_char(hex_digits[(w[k] >> s) & 15]);
}
}  // namespace

int main(int argc, char** argv) {
    VerilatedContext* context = new VerilatedContext;
    context->commandArgs(argc, argv);
    V@TOP@* top = new V@TOP@{context};
#if VM_TRACE
    VerilatedVcdC* trace = nullptr;
    const char* vcd = context->commandArgsPlusMatch("vcd=");
    if (vcd && vcd[0]) {
        context->traceEverOn(true);
        trace = new VerilatedVcdC;
        top->trace(trace, 99);
        trace->open(vcd + 5);
    }
#endif
    uint64_t time = 0;
    auto dump = [&]() {
        ++time;
        context->time(time);
#if VM_TRACE
        if (trace) trace->dump(time);
#endif
    };
    auto poke = [&](long index) {
        switch (index) {
@POKE_CASES@    default: fprintf(stderr, "harness: no input %ld\n", index); exit(2);
        }
    };
    auto sample = [&](long index) {
        switch (index) {
@SAMPLE_CASES@    default: fprintf(stderr, "harness: no output %ld\n", index); exit(2);
        }
    };
    @CLOCK_INIT@
@INPUT_INIT@
    top->eval();
    dump();
    for (;;) {
        int c = skip_space();
        if (c < 0 || c == 'q') break;
        switch (c) {
        case 'p': poke(read_dec()); top->eval(); dump(); break;
        case 's': { long n = read_dec(); for (long k = 0; k < n; ++k) { @TICK@ } break; }
        case 'g': sample(read_dec()); out_char('\n'); break;
        case 'f': out_char('.'); out_char('\n'); out_flush(); break;
        case 'v': {
            long n = read_dec();
            for (long r = 0; r < n; ++r) {
                for (long i = 0; i < @INPUT_COUNT@; ++i) poke(i);
                top->eval();
                dump();
                for (long o = 0; o < @OUTPUT_COUNT@; ++o) { if (o) out_char(' '); sample(o); }
                out_char('\n');
                @TICK@
            }
            break;
        }
        default: fprintf(stderr, "harness: unknown command '%c'\n", c); return 2;
        }
    }
    out_flush();
    top->final();
#if VM_TRACE
    if (trace) trace->close();
#endif
    delete top;
    delete context;
    return 0;
}

