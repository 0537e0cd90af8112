#!/usr/bin/env python
"""A steady-state rotation night of 100 and 1,000 volumes on the emulator, against issue 14's goals.

Each volume starts with a week of snapshots (7 ready FULL snapshots of a KVM CB2 volume, made at
once by the emulator's POST /_emulator/seed; helper B's `--fleet N` will do the volumes too).
The night measured is the snapshot_rotation role given every volume with keep 7: one snapshot a
volume taken (30 s creations), all waited for, the oldest of each volume deleted and waited for.
Printed for each size, with the goal beside it and whether it is met:

- wall time: goal at most 1.2 x one creation + 1 s per 50 volumes;
- API requests per volume (the emulator's request log): goal at most 2;
- controller CPU per volume: user + system time of ansible-playbook and its workers
  (resource.getrusage(RUSAGE_CHILDREN) around the run; the emulator, still running, is not in it).

``--compare DIR`` runs the same nights with the role and modules of another checkout (such as
/work/main before issue 14) for a before/after. A benchmark, not a test: `make bench` runs it;
`--quick` for a short check of the script.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared emulator and play runners)
from bench import ROOT, WORK, Emulator, playbook, write_marked  # noqa: E402

WEEK = 7


def volumes_file(count):
    """count KVM CB2 volumes (any delete order; NCP makes FULL snapshots of them)."""
    volumes = [
        {
            'blockStorageInstanceNo': str(7100001 + i),
            'hypervisorType': 'KVM',
            'blockStorageVolumeType': 'CB2',
            'blockStorageSize': 10737418240,
            'regionCode': 'KR',
            'zoneCode': 'KR-1',
        }
        for i in range(count)
    ]
    path = os.path.join(WORK, 'night-volumes-%d.json' % count)
    with open(path, 'w') as handle:
        json.dump(volumes, handle)
    return path, [volume['blockStorageInstanceNo'] for volume in volumes]


def role_task(numbers, date):
    return {
        'ansible.builtin.include_role': {'name': 'ncloud.vserver.snapshot_rotation'},
        'vars': {
            'snapshot_rotation_keep': WEEK,
            'snapshot_rotation_date': date,
            'snapshot_rotation_name_prefix': 'night',
            'snapshot_rotation_volumes': numbers,
        },
    }


def use_checkout(checkout):
    """Run the plays with the ncloud.vserver of ``checkout``: its own play directory, and a collections path linking to it.

    The play directory must differ per checkout, since Ansible looks in the play's own collections/ first.
    """
    bench.WORK = os.path.join(WORK, 'night-' + ('this' if checkout == ROOT else os.path.basename(os.path.normpath(checkout))))
    path = bench.COLLECTIONS = os.path.join(bench.WORK, 'collections')
    link = os.path.join(path, 'ansible_collections', 'ncloud', 'vserver')
    os.makedirs(os.path.dirname(link), exist_ok=True)
    if not os.path.islink(link):
        os.symlink(checkout, link)


def night(count, delay, checkout, latency):
    """``(wall s, requests, CPU s)`` of a steady-state night of ``count`` volumes whose snapshots take ``delay`` s."""
    path, numbers = volumes_file(count)
    emu = Emulator('--volumes', path, '--create-delay', delay, '--delete-delay', 1, '--latency', latency)
    try:
        # A week of snapshots on every volume, as the nights before would have left them. The seed makes
        # them one after another, which a KVM volume refuses while one is being made (kvm_busy): off meanwhile.
        busy = emu.control('GET', 'config')['kvm_busy']
        emu.control('POST', 'config', {'kvm_busy': False})
        for number in numbers:
            emu.control('POST', 'seed', {'volume': number, 'count': WEEK, 'name_prefix': 'night'})
        emu.control('POST', 'config', {'kvm_busy': busy})
        emu.clear_log()
        use_checkout(checkout)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = playbook(emu, [role_task(numbers, '20261202')], name='measured night')
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        requests = emu.requests()
        left = emu.control('GET', 'snapshots')['snapshots']
    finally:
        emu.stop()
    tonight = [snapshot for snapshot in left if snapshot['blockStorageSnapshotName'] == 'night-20261202']
    if len(left) != count * WEEK or len(tonight) != count:
        raise RuntimeError('the night left %d snapshots, %d of them tonight\'s, not %d and %d' % (len(left), len(tonight), count * WEEK, count))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, requests, cpu


def row_of(label, count, delay, wall, requests, cpu):
    wall_goal = 1.2 * delay + count / 50.0
    per_volume = len(requests) / count
    creates = requests.count('createBlockStorageSnapshotInstance')
    return {
        'run': label,
        'volumes': count,
        'creation_s': delay,
        'wall_s': round(wall, 1),
        'wall_goal_s': round(wall_goal, 1),
        'wall_met': wall <= wall_goal,
        'requests_per_volume': round(per_volume, 2),
        'creates': creates,
        'requests_met': per_volume <= 2,
        'cpu_ms_per_volume': round(1000 * cpu / count, 1),
        'by_action': dict(collections.Counter(requests).most_common()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='10 volumes, 5 s creations, to check the script')
    parser.add_argument('--sizes', type=int, nargs='+', default=[100, 1000], help='volumes a night (default 100 1000)')
    parser.add_argument('--compare', metavar='DIR', help='also run the nights with the collection checked out in DIR')
    parser.add_argument('--compare-sizes', type=int, nargs='+', default=[100], help='sizes to run with --compare (default 100)')
    parser.add_argument('--latency', type=float, default=0.02, help='seconds the emulator adds to each request (default 0.02)')
    parser.add_argument(
        '--emulator', metavar='FILE', default=bench.EMULATOR, help='the emulator to run (default this checkout\'s tests/emulator/ncloud_emulator.py)'
    )
    parser.add_argument('--output', default=os.path.join(WORK, 'rotation_night.json'))
    args = parser.parse_args()
    bench.EMULATOR = os.path.abspath(args.emulator)
    os.makedirs(WORK, exist_ok=True)
    delay = 5 if args.quick else 30
    runs = [('this checkout', ROOT, size) for size in ([10] if args.quick else args.sizes)]
    if args.compare:
        runs += [
            (os.path.basename(os.path.normpath(args.compare)), os.path.abspath(args.compare), size) for size in ([10] if args.quick else args.compare_sizes)
        ]
    rows = []
    for label, checkout, count in runs:
        wall, requests, cpu = night(count, delay, checkout, args.latency)
        rows.append(row_of(label, count, delay, wall, requests, cpu))
        row = rows[-1]
        verdicts = ['met' if row[key] else 'NOT met' for key in ('wall_met', 'requests_met')]
        print(
            '  %-14s %4d volumes, %d s creations: wall %6.1f s (goal <= %.1f s: %s), %5.2f requests a volume (goal <= 2: %s), '
            '%5.1f ms CPU a volume'
            % (label, count, delay, wall, row['wall_goal_s'], verdicts[0], row['requests_per_volume'], verdicts[1], row['cpu_ms_per_volume']),
            flush=True,
        )
        print('      requests: %s' % ', '.join('%s %d' % item for item in row['by_action'].items()), flush=True)
    with open(args.output, 'w') as handle:
        json.dump(
            {'when': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'latency_s': args.latency, 'emulator': bench.EMULATOR, 'rows': rows}, handle, indent=1
        )
    print('written to %s' % os.path.relpath(args.output, ROOT))
    if not args.quick:
        write_table(rows, args.latency)


def write_table(rows, latency, path=os.path.join(ROOT, 'docs', 'backups.md')):
    """Replace the table between the markers in docs/backups.md with this run's (commit it)."""
    lines = ['| run | volumes | creation | wall time (goal) | requests a volume (goal 2) | creates | CPU a volume |', '|---|---|---|---|---|---|---|']
    lines += [
        '| %s | %d | %d s | %.1f s (%.1f s: %s) | %.2f (%s) | %d | %.1f ms |'
        % (
            row['run'],
            row['volumes'],
            row['creation_s'],
            row['wall_s'],
            row['wall_goal_s'],
            'met' if row['wall_met'] else 'not met',
            row['requests_per_volume'],
            'met' if row['requests_met'] else 'not met',
            row['creates'],
            row['cpu_ms_per_volume'],
        )
        for row in rows
    ]
    lines += ['', 'Emulator latency %.0f ms a request, 7 snapshots a volume before the night, deletes 1 s.' % (latency * 1000)]
    write_marked(path, BEGIN, END, '\n'.join(lines))
    print('table written to %s' % os.path.relpath(path, ROOT))


BEGIN = '<!-- rotation_night.py: begin -->'
END = '<!-- rotation_night.py: end -->'


if __name__ == '__main__':
    main()
