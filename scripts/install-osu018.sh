#!/usr/bin/env bash
# Installs the OSU 0.18 um standard-cell Liberty file from Debian's qflow-tech-osu018 into
# /usr/local/share/qflow/tech/osu018/ without the package's 17 dependencies (qflow, tcsh, magic, ...): the package is
# downloaded with apt-get and unpacked with dpkg-deb. `sudo apt-get install -y qflow-tech-osu018` works as well (the
# files then go to /usr/share/qflow/tech/osu018/, which sofa-gen also searches). Idempotent.
set -euo pipefail
dest=/usr/local/share/qflow/tech/osu018
if [ -f /usr/share/qflow/tech/osu018/osu018_stdcells.lib ] || [ -f "$dest/osu018_stdcells.lib" ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"   # apt-get download runs as _apt where it can
(cd "$tmp" && apt-get download -q qflow-tech-osu018 </dev/null >/dev/null 2>&1) || {
    $sudo apt-get update -qq </dev/null
    (cd "$tmp" && apt-get download -q qflow-tech-osu018 </dev/null >/dev/null)
}
dpkg-deb -x "$tmp"/qflow-tech-osu018_*.deb "$tmp/root"
$sudo mkdir -p "$dest"
$sudo cp "$tmp/root/usr/share/qflow/tech/osu018/"* "$dest/"
$sudo cp "$tmp/root/usr/share/doc/qflow-tech-osu018/copyright" "$dest/copyright"
echo "install-osu018: installed $dest/osu018_stdcells.lib" >&2
