"""`make bench`: what a converged task costs on each execution path, against ping and uri.

A benchmark, not a test. Plays of 30 tasks on localhost (the local connection), looped and as 30
separate tasks, minus an empty play, median of rounds that interleave every kind so drift hits
them alike: ``ansible.builtin.ping``, ``ansible.builtin.uri`` (an unsigned call to the emulator
that the gateway refuses at once), and converged ``blockstorage_snapshot_info`` and
``blockstorage_snapshot`` tasks (one request each) on the controller path (the action plugins,
in-process) and the module path (``NCLOUD_VSERVER_EXECUTION=module``). Goals (issue 14): the
controller path at most 0.25x ping, the module path at most 1.0x uri. Prints each ratio with its
goal and writes the table between its markers in docs/performance.md.

    .venv-311/bin/python benchmarks/task_overhead.py [--quick | --rounds N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
import bench  # noqa: E402  (the emulator process, the environment of a playbook run, the collection link)

DOC = os.path.join(bench.ROOT, 'docs', 'performance.md')
BEGIN = '<!-- task_overhead.py: begin -->'
END = '<!-- task_overhead.py: end -->'
NAME = 'bench-overhead'
GOALS = {'controller': ('ping', 0.25), 'module': ('uri', 1.0)}


def snapshot_args():
    return {'block_storage_instance_no': bench.VOLUME, 'name': NAME}


def kinds(emulator):
    """Each kind of task: (label, path or None, the task)."""
    detail = emulator.url + '/vserver/v2/getBlockStorageSnapshotInstanceDetail?regionCode=KR&responseFormatType=json&blockStorageSnapshotInstanceNo=1'
    found = []
    for path in ('controller', 'module'):
        found.append(('blockstorage_snapshot_info', path, {'ncloud.vserver.blockstorage_snapshot_info': {'name': NAME}}))
        found.append(('blockstorage_snapshot', path, {'ncloud.vserver.blockstorage_snapshot': snapshot_args()}))
    return [('ping', None, {'ansible.builtin.ping': {}}), ('uri', None, {'ansible.builtin.uri': {'url': detail, 'status_code': [401]}})] + found


def run_play(emulator, tasks, path):
    """Wall seconds of one ansible-playbook run of ``tasks`` on localhost; fails loudly if the play fails."""
    play = [{'name': 'overhead', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]
    file = os.path.join(bench.WORK, 'task_overhead.yml')
    with open(file, 'w') as handle:
        json.dump(play, handle)
    extra = {'NCLOUD_VSERVER_EXECUTION': 'module' if path == 'module' else 'auto'}
    command = [os.path.join(os.path.dirname(bench.PY), 'ansible-playbook'), file, '-i', 'localhost,', '-c', 'local']
    started = time.perf_counter()
    done = subprocess.run(command, env=bench.ansible_env(emulator, extra), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise RuntimeError('the play failed')
    return elapsed


def measure(n, rounds):
    """Per-task seconds by (label, path, shape), the empty play's median, and the user agents the emulator saw."""
    emulator = bench.Emulator('--create-delay', 0)
    try:
        run_play(emulator, [{'ncloud.vserver.blockstorage_snapshot': snapshot_args()}], 'controller')  # what the converged tasks find
        plays = {'empty': ([], None)}
        for label, path, task in kinds(emulator):
            plays[(label, path, 'loop')] = ([dict(task, loop='{{ range(%d) | list }}' % n)], path)
            plays[(label, path, 'separate')] = ([task] * n, path)
        times = {key: [] for key in plays}
        for number in range(rounds):
            for key, (tasks, path) in plays.items():
                times[key].append(run_play(emulator, tasks, path))
            print('  round %d of %d done' % (number + 1, rounds), flush=True)
        agents = sorted({entry.get('user_agent') or '-' for entry in emulator.control('GET', 'requests')['requests']})
    finally:
        emulator.stop()
    empty = statistics.median(times.pop('empty'))
    return {key: (statistics.median(values) - empty) / n for key, values in times.items()}, empty, agents


def rows(per_task):
    """(label, path, shape, ms per task, x ping, x uri, goal text, met) for every measured kind."""
    found = []
    for (label, path, shape), seconds in per_task.items():
        ping, uri = per_task[('ping', None, shape)], per_task[('uri', None, shape)]
        goal, met = '', None
        if path:
            against, limit = GOALS[path]
            ratio = seconds / (ping if against == 'ping' else uri)
            goal, met = '<= %.2fx %s' % (limit, against), ratio <= limit
        found.append((label, path or '', shape, seconds * 1000, seconds / ping, seconds / uri, goal, met))
    return found


def table(found, n, rounds, empty):
    lines = [
        'Plays of %d tasks on localhost (`-c local`), looped and as %d separate tasks, minus an empty play (median %.2f s); '
        'median of %d interleaved rounds. Measured by `benchmarks/task_overhead.py` on %s.'
        % (n, n, empty, rounds, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())),
        '',
        '| task | path | shape | per task | x ping | x uri | goal | met |',
        '|---|---|---|---:|---:|---:|---|---|',
    ]
    for label, path, shape, ms, x_ping, x_uri, goal, met in found:
        lines.append(
            '| %s | %s | %s | %.0f ms | %.2f | %.2f | %s | %s |'
            % (label, path or '—', shape, ms, x_ping, x_uri, goal or '—', '—' if met is None else ('met' if met else '**not met**'))
        )
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='10 tasks, one round: to check the script')
    parser.add_argument('--no-write', action='store_true', help='print only; leave docs/performance.md alone')
    parser.add_argument('--rounds', type=int, help='rounds of 30 tasks a play (default 3)')
    args = parser.parse_args()
    bench.link_collection()
    n, rounds = (10, 1) if args.quick else (30, args.rounds or 3)
    print('== task overhead by execution path (%d tasks a play, %d rounds)' % (n, rounds), flush=True)
    per_task, empty, agents = measure(n, rounds)
    found = rows(per_task)
    for label, path, shape, ms, x_ping, x_uri, goal, met in found:
        if path:
            print(
                '  %-27s %-10s %-8s %6.0f ms  %.2fx ping  %.2fx uri  goal %s: %s' % (label, path, shape, ms, x_ping, x_uri, goal, 'met' if met else 'NOT MET')
            )
        else:
            print('  %-27s %-10s %-8s %6.0f ms' % (label, '', shape, ms))
    print('  user agents the emulator saw: %s' % ', '.join(agents))
    text = table(found, n, rounds, empty)
    if not args.no_write:
        bench.write_marked(DOC, BEGIN, END, text)
        print('written to %s' % os.path.relpath(DOC, bench.ROOT))


if __name__ == '__main__':
    main()
