#!/usr/bin/env bash
# The Python tools the feed interop tests run for real (tests/it/warnings/interop.rs): PyMISP,
# the OASIS STIX validator and Brave's adblock engine, at the versions pinned in
# tests/python/requirements.txt, in a venv under target/ (Debian: `apt-get install
# python3-venv`). .ci/test points the tests at it with FILIMBI_TEST_PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pyvenv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv \
  -r tests/python/requirements.txt
"$venv/bin/python" -c "import pymisp, stix2validator, adblock"
