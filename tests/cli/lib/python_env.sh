# Sourced by the tests/cli/python*.sh scripts (kept in lib/ so that CTest,
# which runs every tests/cli/*.sh, does not take it for a test).
# python_env MDSUM_BIN SOURCE_DIR SHARED_DIR sets PY, SRC, SHARED, LIB and
# the environment the package and its tests read; python_run ARGS runs $PY
# with them (and with the sanitizer runtime preloaded in sanitizer builds).
python_env() {
    PY=${MDSUM_PYTHON:-/usr/bin/python3}
    MDSUM_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    SRC=$(cd "$2" && pwd)
    SHARED=$3
    LIB=$(dirname "$MDSUM_BIN")/libmdsum.so
    if [ ! -x "$PY" ]; then
        echo "SKIP: $PY not found (the package targets Debian's python3)"
        return 77
    fi
    if [ ! -f "$LIB" ]; then
        echo "FAIL: $LIB not found"
        return 1
    fi
    export MDSUM_LIBRARY="$LIB" MDSUM_CLI="$MDSUM_BIN" MDSUM_SHARED_DIR="$SHARED"
    export PYTHONPATH="$SRC/python${PYTHONPATH:+:$PYTHONPATH}"
    export PYTHONDONTWRITEBYTECODE=1
    TMPD=$(mktemp -d)
    trap 'rm -rf "$TMPD"' EXIT
    PRELOAD=$(ldd "$LIB" 2>/dev/null | awk '/lib(a|ub)san\.so/ {printf "%s ", $3}')
    return 0
}

python_run() {
    if [ -z "$PRELOAD" ]; then
        (cd "$TMPD" && "$PY" "$@")
        return $?
    fi
    # Sanitizer build: leak reports go to files; only blocks allocated
    # through libmdsum count.
    (cd "$TMPD" && LD_PRELOAD="$PRELOAD" ASAN_OPTIONS="detect_leaks=1:log_path=$TMPD/asan" \
        LSAN_OPTIONS="exitcode=0" "$PY" "$@")
    rc=$?
    if grep -l -E 'libmdsum|in mdsum_' "$TMPD"/asan.* >/dev/null 2>&1; then
        echo "FAIL: sanitizer report involving libmdsum:"
        # Only the reports (blank-line separated blocks) that name it.
        awk 'BEGIN { RS = "" } /libmdsum|in mdsum_/ { print; print "" }' "$TMPD"/asan.* | head -200
        return 1
    fi
    if [ "$rc" -ne 0 ] && ls "$TMPD"/asan.* >/dev/null 2>&1; then
        cat "$TMPD"/asan.* | grep -v -E '^ *$' | grep -E -v 'leak|#[0-9]' | head -50
    fi
    return $rc
}
