#!/bin/sh
# `cmake --install` puts the library (shared and static), the header, the
# pkg-config file, the binary and the man page (share/man/man1) in place,
# and a program builds against the installed copy with pkg-config alone.
set -eu
MDSUM=$1
SRC=$2
BUILD=$(cd "$(dirname "$MDSUM")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$BUILD" --prefix "$tmp/prefix" > "$tmp/install.log"
libdir=$(ls -d "$tmp"/prefix/lib* | head -n 1)
for f in "$tmp/prefix/bin/mdsum" "$tmp/prefix/include/mdsum.h" "$libdir/libmdsum.a" \
         "$libdir/pkgconfig/mdsum.pc" "$tmp/prefix/share/man/man1/mdsum.1"; do
    [ -e "$f" ] || { echo "FAIL: $f not installed"; cat "$tmp/install.log"; exit 1; }
done
ls "$libdir"/libmdsum.so* > /dev/null || { echo "FAIL: no shared library"; exit 1; }
"$tmp/prefix/bin/mdsum" --version
export PKG_CONFIG_PATH="$libdir/pkgconfig"
cat > "$tmp/p.c" <<'C'
#include <mdsum.h>
#include <stdio.h>
int main(void) { printf("%s %s\n", mdsum_version(), mdsum_algo_default()); return 0; }
C
cc ${MDSUM_TEST_CFLAGS:-} "$tmp/p.c" $(pkg-config --cflags --libs mdsum) -Wl,-rpath,"$libdir" -o "$tmp/p"
"$tmp/p"
echo "ok: installed and linked with pkg-config"
