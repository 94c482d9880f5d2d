"""Shared fixtures for the mdsum Python tests.

Run by tests/cli/python.sh (CTest) with:
  MDSUM_LIBRARY     the build tree's libmdsum.so
  MDSUM_CLI         the build tree's mdsum binary (the oracle for "same
                    output as the CLI" tests)
  MDSUM_SHARED_DIR  the shared data folder (tests that need it skip)
and PYTHONPATH holding the repository's python/ folder.
"""

import json
import os
import subprocess

import pytest

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_DIR = os.path.join(SOURCE_DIR, "examples", "harbor-bridge")


def example_files():
    return sorted(os.path.join(EXAMPLE_DIR, f) for f in os.listdir(EXAMPLE_DIR)
                  if not f.startswith("."))


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("MDSUM_CLI")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("MDSUM_CLI (the mdsum binary) not given")

    def run(*args, stdin=None, check=True):
        p = subprocess.run([path] + [str(a) for a in args], input=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, LC_ALL="C"))
        if check and p.returncode != 0:
            raise AssertionError("mdsum %s: exit %d: %s" % (" ".join(map(str, args)),
                                                            p.returncode, p.stderr.decode()))
        return p
    run.path = path
    return run


@pytest.fixture(scope="session")
def shared_dir():
    d = os.environ.get("MDSUM_SHARED_DIR") or os.path.join(SOURCE_DIR, "..", "shared")
    return d


@pytest.fixture(scope="session")
def example_docs():
    """The bundled example cluster as dicts, ids = file names (as the CLI
    names documents read from files)."""
    out = []
    for f in example_files():
        with open(f, "rb") as fp:
            out.append({"id": os.path.basename(f), "text": fp.read().decode("utf-8")})
    return out


def write_jsonl(path, clusters):
    with open(path, "w", encoding="utf-8") as fp:
        for c in clusters:
            fp.write(json.dumps(c) + "\n")


def multinews_lines(shared, n):
    """The first n lines of Multi-News val (bytes, without the newline), or
    skip when the shared data is absent."""
    import gzip
    path = os.path.join(shared, "data", "multinews", "val.src.gz")
    if not os.path.exists(path):
        pytest.skip("shared data not found: %s" % path)
    out = []
    with gzip.open(path, "rb") as fp:
        for line in fp:
            out.append(line.rstrip(b"\n"))
            if len(out) == n:
                break
    return out
