#!/usr/bin/env sh
# Cross linker for the linux-arm64 Native AOT build on an x64 host: the ILCompiler passes clang's --target flag on
# cross builds, which gcc rejects; drop it and hand the rest to aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu).
for argument do
  shift
  case "$argument" in --target=*) ;; *) set -- "$@" "$argument" ;; esac
done
exec aarch64-linux-gnu-gcc "$@"
