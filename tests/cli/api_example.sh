#!/bin/sh
# The program in docs/API.md compiles against the header and runs against the
# built static library; the header also compiles as C99 and as C++.
set -eu
MDSUM=$1
SRC=$2
BUILD=$(dirname "$MDSUM")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^## A complete program/ {on = 1; next} on && /^```c/ {code = 1; next} code && /^```/ {exit} code {print}' \
    "$SRC/docs/API.md" > "$tmp/prog.c"
[ -s "$tmp/prog.c" ] || { echo "FAIL: no program found in docs/API.md"; exit 1; }
cc -std=c11 -Wall -Wextra -Werror ${MDSUM_TEST_CFLAGS:-} -I"$SRC/include" "$tmp/prog.c" "$BUILD/libmdsum.a" \
   -lstemmer -lutf8proc -ljansson -lglpk -lz -lm -ldl -lpthread -o "$tmp/prog"
"$tmp/prog" > "$tmp/out"
grep -q '"summary":"' "$tmp/out" || { echo "FAIL: unexpected output"; cat "$tmp/out"; exit 1; }
echo "ok: docs/API.md example ran: $(head -c 120 "$tmp/out")"
printf '#include <mdsum.h>\nint main(void) { return mdsum_version() == 0; }\n' > "$tmp/c99.c"
cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$SRC/include" -c "$tmp/c99.c" -o "$tmp/c99.o"
if command -v c++ >/dev/null 2>&1; then
    cp "$tmp/c99.c" "$tmp/cxx.cpp"
    c++ -std=c++11 -Wall -Wextra -Werror -I"$SRC/include" -c "$tmp/cxx.cpp" -o "$tmp/cxx.o"
    echo "ok: header compiles as C99 and C++11"
else
    echo "ok: header compiles as C99 (no C++ compiler to check C++)"
fi
