#!/bin/sh
# The Python package's tests (python/tests, run by pytest) against this
# build: the package from the source tree, the build's libmdsum.so, and the
# build's mdsum binary as the oracle for "same output as the CLI". The Dask
# test has its own script (python_dask.sh). In a sanitizer build the
# sanitizer runtime is preloaded into Python, and leaks are reported only
# when a leaked block was allocated through libmdsum (CPython itself keeps
# memory until exit by design).
#   sh tests/cli/python.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
set -u
. "$(dirname "$0")/lib/python_env.sh"
python_env "$@" || exit $?
"$PY" -c 'import pytest' 2>/dev/null || {
    echo "SKIP: pytest is not installed for $PY (apt-get install python3-pytest)"
    exit 77
}
python_run -m pytest -q -p no:cacheprovider "$SRC/python/tests" \
    --ignore="$SRC/python/tests/test_dask.py"
