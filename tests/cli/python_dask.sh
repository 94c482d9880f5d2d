#!/bin/sh
# mdsum.dask on a real distributed cluster (a scheduler and two worker
# processes on loopback): 2,000 Multi-News val clusters plus malformed
# records, output compared with the CLI's batch output record for record
# (python/tests/test_dask.py). Skips (77) without Dask, pytest or the
# shared data.
#   sh tests/cli/python_dask.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
set -u
. "$(dirname "$0")/lib/python_env.sh"
python_env "$@" || exit $?
for m in pytest dask.bag distributed pandas dask.dataframe; do
    if ! "$PY" -c "import $m" 2>/dev/null; then
        echo "SKIP: Python module $m missing (apt-get install python3-pytest python3-dask python3-distributed python3-pandas)"
        exit 77
    fi
done
if [ ! -f "$SHARED/data/multinews/val.src.gz" ]; then
    echo "SKIP: shared data not found at $SHARED/data/multinews/val.src.gz"
    exit 77
fi
python_run -m pytest -q -p no:cacheprovider "$SRC/python/tests/test_dask.py"
