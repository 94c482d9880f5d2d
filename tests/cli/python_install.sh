#!/bin/sh
# The two documented ways to install the Python package, into temporary
# folders, each checked from outside the source tree with MDSUM_LIBRARY
# unset:
#  1. `cmake --install BUILD --prefix TMP`: the package lands in the site
#     folder for /usr/bin/python3 under TMP and loads TMP's libmdsum;
#  2. `pip install --no-build-isolation --no-index --target TMP ./python`
#     (a copy of python/, since setuptools builds in place), with the
#     library given by MDSUM_LIBRARY as for any pip install.
#   sh tests/cli/python_install.sh MDSUM_BIN SOURCE_DIR SHARED_DIR
set -u
. "$(dirname "$0")/lib/python_env.sh"
python_env "$@" || exit $?
BUILD=$(dirname "$MDSUM_BIN")
unset MDSUM_LIBRARY PYTHONPATH
fail=0
check='
import os, sys, mdsum
want = sys.argv[1]
assert mdsum.library_path() == want, (mdsum.library_path(), want)
assert os.path.realpath(mdsum.__file__).startswith(os.path.realpath(sys.argv[2])), mdsum.__file__
s = mdsum.summarize(["The bridge was closed on Thursday after cracks were found. Ferries run free.",
                     "Engineers found cracks in the bridge. The mayor closed it on Thursday."], words=20)
assert s.sentences and s.text
print("ok", mdsum.__file__, mdsum.library_path())
'
# 1. cmake --install
if cmake --install "$BUILD" --prefix "$TMPD/prefix" >"$TMPD/install.log" 2>&1; then
    site=$(sed -n 's|^-- Installing: \(.*\)/mdsum/_install.py$|\1|p' "$TMPD/install.log")
    lib=$(sed -n 's|^LIBRARY = "\(.*\)"$|\1|p' "$site/mdsum/_install.py" 2>/dev/null)
    if [ -z "$site" ] || [ ! -f "$lib" ]; then
        echo "FAIL cmake --install: no Python package or library installed"; cat "$TMPD/install.log"; fail=1
    elif ! PYTHONPATH="$site" python_run -c "$check" "$lib" "$site"; then
        echo "FAIL cmake --install: the installed package does not work"; fail=1
    fi
else
    echo "FAIL cmake --install"; cat "$TMPD/install.log"; fail=1
fi
# 2. pip (offline, Debian's setuptools)
if ! "$PY" -m pip --version >/dev/null 2>&1 || ! "$PY" -c 'import setuptools' 2>/dev/null; then
    echo "skip pip: no pip or setuptools for $PY (apt-get install python3-pip python3-setuptools)"
else
    cp -r "$SRC/python" "$TMPD/src"
    rm -rf "$TMPD/src/build" "$TMPD/src"/*.egg-info
    if "$PY" -m pip install -q --no-build-isolation --no-index --no-deps \
            --target "$TMPD/pip" "$TMPD/src" >"$TMPD/pip.log" 2>&1; then
        if ! MDSUM_LIBRARY="$LIB" PYTHONPATH="$TMPD/pip" python_run -c "$check" "$LIB" "$TMPD/pip"; then
            echo "FAIL pip install: the installed package does not work"; fail=1
        fi
    else
        echo "FAIL pip install"; cat "$TMPD/pip.log"; fail=1
    fi
fi
exit $fail
