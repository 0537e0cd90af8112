#!/usr/bin/env bash
# Usage: scripts/pytest-suite.sh PYTHON DIR
# Run the plain-pytest suite in DIR (tests/emulator, tests/reliability) with PYTHON, the dev
# virtualenv's interpreter. While DIR holds no test_*.py yet there is nothing to run: say so and
# succeed (pytest itself would exit 5, "no tests collected"). Once test files exist, pytest's
# exit status counts, 5 included.
set -euo pipefail

python=${1:?usage: $0 PYTHON DIR}
dir=${2:?usage: $0 PYTHON DIR}
cd "$(dirname "$0")/.."

if [[ -z "$(find "$dir" -name 'test_*.py' -print -quit 2>/dev/null)" ]]; then
    echo "$dir has no test_*.py files yet: nothing to run."
    exit 0
fi
exec "$python" -m pytest -p no:cacheprovider -ra "$dir"
