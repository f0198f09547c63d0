#!/usr/bin/env bash
# Installs what the tests need (Verilator, Icarus Verilog, Yosys, nextpnr-ice40, zlib headers from Debian packages,
# only when missing)
# and runs the whole test suite. Extra arguments go to `swift test` (e.g. --filter HDLTests).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v iverilog >/dev/null 2>&1 || missing+=(iverilog)
command -v yosys >/dev/null 2>&1 || missing+=(yosys)
command -v nextpnr-ice40 >/dev/null 2>&1 || missing+=(nextpnr-ice40)
# zlib headers: ZIPFoundation (the benchmark's .npz reader) links the system zlib.
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

swift build --build-tests
swift test --skip-build "$@"
