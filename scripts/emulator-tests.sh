#!/usr/bin/env bash
# Usage: scripts/emulator-tests.sh PYTHON
# Run the emulator's pytest suite (tests/emulator) with PYTHON, the dev virtualenv's interpreter.
# While tests/emulator holds no test_*.py yet there is nothing to run: say so and succeed
# (pytest itself would exit 5, "no tests collected"). Once test files exist, pytest's exit
# status counts, 5 included.
set -euo pipefail

python=${1:?usage: $0 PYTHON}
cd "$(dirname "$0")/.."

if [[ -z "$(find tests/emulator -name 'test_*.py' -print -quit 2>/dev/null)" ]]; then
    echo "tests/emulator has no test_*.py files yet: nothing to run."
    exit 0
fi
exec "$python" -m pytest -p no:cacheprovider -ra tests/emulator
