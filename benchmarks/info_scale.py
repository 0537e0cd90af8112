"""`make bench`: blockstorage_snapshot_info over 10,000 to 100,000 snapshots: requests, time, peak memory.

A benchmark, not a test. An emulator with a fleet of 10,000 volumes (``--fleet``) is seeded with 1,
3 and 10 ready snapshots a volume (``POST /_emulator/seed``), and one ``ansible-playbook`` run lists
them all with ``blockstorage_snapshot_info`` (no filter) and checks the count, on each execution
path. Printed per run: requests (from the emulator's log), wall time, and the peak memory of the
largest process of the run (``ru_maxrss`` of the run's finished processes: the controller, its
worker, and on the module path the module). Goal (issue 14): requests, time and memory grow
linearly: per 10,000 snapshots, the 100,000 run costs at most 1.5x what the 10,000 run costs,
memory counted above an empty run's. Writes the table between its markers in docs/performance.md.

    .venv-311/bin/python benchmarks/info_scale.py [--quick] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
import bench  # noqa: E402  (the emulator process, the environment of a playbook run, the collection link)

DOC = os.path.join(bench.ROOT, 'docs', 'performance.md')
BEGIN = '<!-- info_scale.py: begin -->'
END = '<!-- info_scale.py: end -->'
FLEET = 10000
LINEAR = 1.5
# Runs ansible-playbook and prints the peak resident memory (KiB) of the processes it waited for.
PEAK = (
    'import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); '
    'sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:] if done.returncode else ""); '
    'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)'
)


def play_file(expected):
    # Every KR snapshot: the seed also covers the emulator's few default volumes of other regions.
    checks = ['listed.snapshots | length >= %d' % (expected * 0.99), 'listed.snapshots | length <= %d' % expected]
    tasks = [
        {'name': 'list every snapshot', 'ncloud.vserver.blockstorage_snapshot_info': {}, 'register': 'listed'},
        {'ansible.builtin.assert': {'quiet': True, 'that': checks}},
    ]
    path = os.path.join(bench.WORK, 'info_scale.yml')
    with open(path, 'w') as handle:
        json.dump([{'name': 'info', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}], handle)
    return path


def run(emulator, expected, path):
    """(requests, seconds, peak MiB) of one run listing ``expected`` snapshots on ``path``."""
    emulator.clear_log()
    command = [bench.PY, '-c', PEAK, os.path.join(os.path.dirname(bench.PY), 'ansible-playbook'), play_file(expected), '-i', 'localhost,', '-c', 'local']
    env = bench.ansible_env(emulator, {'NCLOUD_VSERVER_EXECUTION': 'module' if path == 'module' else 'auto'})
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise RuntimeError('the play failed')
    return len(emulator.requests()), seconds, int(done.stdout.split()[-1]) / 1024.0


def measure(per_volume):
    rows = []
    for count in per_volume:
        emulator = bench.Emulator('--fleet', FLEET, '--create-delay', 0)
        try:
            # The seed covers the emulator's default volumes too: take the count it reports.
            expected = emulator.control('POST', 'seed', {'snapshots_per_volume': count})['count'] if count else 0
            for path in ('controller', 'module'):
                print('== %d snapshots, %s path' % (expected, path), flush=True)
                rows.append((expected, path) + run(emulator, expected, path))
        finally:
            emulator.stop()
    return rows


def table(rows):
    """The markdown table, and whether every path grew linearly.

    Linear: each step's marginal cost (requests, seconds, MiB per 10,000 more snapshots) is at most
    LINEAR times the first step's, steps between non-empty stores only. The marginal cost, not the
    total: which process is the largest changes with the size (the controller's own baseline in an
    empty run, then the one holding the list).
    """
    lines = [
        '| snapshots | path | requests | wall time | peak memory | from the row before, per 10,000 more: requests / s / MiB '
        '| linear (≤ %.1f× the first step) |' % LINEAR,
        '|---:|---|---:|---:|---:|---|---|',
    ]
    verdicts = []
    for path in ('controller', 'module'):
        mine = sorted((row for row in rows if row[1] == path), key=lambda row: row[0])
        first = previous = None
        for row in mine:
            snapshots, _path, requests, seconds, mib = row
            step = met = None
            if previous is not None and previous[0]:
                unit = (snapshots - previous[0]) / 10000.0
                step = tuple((now - before) / unit for now, before in zip(row[2:], previous[2:]))
                if first is None:
                    first = step
                else:
                    met = all(value <= LINEAR * max(base, 1e-9) for value, base in zip(step, first))
                    verdicts.append(met)
            lines.append(
                '| {:,} | {} | {} | {:.1f} s | {:.0f} MiB | {} | {} |'.format(
                    snapshots,
                    path,
                    requests,
                    seconds,
                    mib,
                    '—' if step is None else '%.1f / %.2f s / %.1f MiB' % step,
                    '—' if met is None else ('met' if met else '**not met**'),
                )
            )
            previous = row
    return '\n'.join(lines), all(verdicts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='0 and 1 snapshot a volume only')
    parser.add_argument('--no-write', action='store_true', help='print only')
    args = parser.parse_args()
    bench.link_collection()
    os.makedirs(bench.WORK, exist_ok=True)
    rows = measure((0, 1) if args.quick else (0, 1, 3, 10))
    with open(os.path.join(bench.WORK, 'info_scale.json'), 'w') as handle:
        json.dump(rows, handle)
    text, met = table(rows)
    print(text)
    print('linear growth: %s' % ('met' if met else 'NOT MET'))
    if not args.no_write:
        bench.write_marked(DOC, BEGIN, END, text, SECTION)


SECTION = '''## The info module over 100,000 snapshots

`benchmarks/info_scale.py` (run by `make bench`): an emulator with 10,000 volumes (`--fleet`) seeded with 1, 3 and 10
snapshots a volume, and one `ansible-playbook` run of `blockstorage_snapshot_info` without a filter per size and path,
which checks the count. Requests come from the emulator's log; peak memory is the largest process of the run. The first
row of each path is an empty store: what Ansible alone costs. Linear growth is judged on the marginal cost: each
step's requests, seconds and MiB per 10,000 more snapshots against the first step's.

'''


if __name__ == '__main__':
    main()
