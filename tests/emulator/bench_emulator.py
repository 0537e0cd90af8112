# -*- coding: utf-8 -*-
"""The emulator's throughput: benchmarks/emulator_throughput.py, printed only (docs/performance.md is left alone).

    python tests/emulator/bench_emulator.py [--threads 4] [--seconds 10] [--emulator-dir DIR] ...

Not a test: `make bench` runs the benchmark itself, which also writes its table into docs/performance.md.
"""

import os
import runpy
import sys

if __name__ == "__main__":
    SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "benchmarks", "emulator_throughput.py")
    sys.argv = [SCRIPT, "--no-write"] + sys.argv[1:]
    runpy.run_path(SCRIPT, run_name="__main__")
