#!/usr/bin/env sh
# Installs what the linux-arm64 Native AOT publish needs on an x64 Debian/Ubuntu host (Makefile, docs/deploy.md):
# the aarch64 gcc that infra/aarch64-gcc.sh calls, its binutils (the link and aarch64-linux-gnu-objcopy) and the arm64
# C library to link against. No arm64 zlib: .NET 10's ILCompiler links its own (checked by a real publish, docs/deploy.md).
# Does nothing on an arm64 host or when everything is installed already.
set -eu
packages="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross"

[ "$(uname -m)" = aarch64 ] && exit 0
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "installing the arm64 cross toolchain:$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
