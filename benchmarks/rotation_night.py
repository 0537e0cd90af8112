#!/usr/bin/env python
"""A rotation night on the emulator: the snapshot_rotation role against a serial run of the same role.

For each case (volumes, creation time), a first night fills every volume with one snapshot; the
night measured then takes one snapshot per volume, waits, and deletes the one it expires
(keep 1), like every steady-state night. "together" is the role given every volume;
"one by one" is the same role included once per volume (what a playbook looping over volumes
does). Printed: wall time, its ratio to one creation, API requests per volume (from the
emulator's request log), and whether the goals of issue 13 hold. A benchmark, not a test:
`make bench` runs it; `--quick` for a short check of the script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import COLLECTIONS, ROOT, WORK, Emulator, playbook  # noqa: E402  (the shared emulator and play runners)


def volumes_file(count):
    """count KVM CB2 volumes (any delete order; NCP makes FULL snapshots of them)."""
    volumes = [{'blockStorageInstanceNo': str(7100001 + i), 'hypervisorType': 'KVM', 'blockStorageVolumeType': 'CB2',
                'blockStorageSize': 10737418240, 'regionCode': 'KR', 'zoneCode': 'KR-1'} for i in range(count)]
    path = os.path.join(WORK, 'night-volumes-%d.json' % count)
    with open(path, 'w') as handle:
        json.dump(volumes, handle)
    return path, [volume['blockStorageInstanceNo'] for volume in volumes]


def role_task(numbers, date, one_by_one):
    rotation = {'snapshot_rotation_keep': 1, 'snapshot_rotation_date': date, 'snapshot_rotation_name_prefix': 'night'}
    if one_by_one:
        return {'ansible.builtin.include_role': {'name': 'ncloud.vserver.snapshot_rotation'}, 'loop': numbers,
                'vars': dict(rotation, snapshot_rotation_volumes=['{{ item }}'])}
    return {'ansible.builtin.include_role': {'name': 'ncloud.vserver.snapshot_rotation'},
            'vars': dict(rotation, snapshot_rotation_volumes=numbers)}


def night(count, delay, one_by_one):
    """Wall seconds and requests of the second night of ``count`` volumes whose snapshots take ``delay`` s."""
    path, numbers = volumes_file(count)
    emu = Emulator('--volumes', path, '--create-delay', 0, '--delete-delay', 1, '--latency', 0.02)
    try:
        playbook(emu, [role_task(numbers, '20261201', False)], name='first night')
        emu.control('POST', 'config', {'create_delay': delay})
        emu.clear_log()
        wall = playbook(emu, [role_task(numbers, '20261202', one_by_one)], name='measured night')
        requests = emu.requests()
        left = emu.control('GET', 'snapshots')['snapshots']
    finally:
        emu.stop()
    names = sorted({snapshot['blockStorageSnapshotName'] for snapshot in left})
    if len(left) != count or names != ['night-20261202']:
        raise RuntimeError('the night left %d snapshots named %s, not %d named night-20261202' % (len(left), names, count))
    return wall, len(requests)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='5 volumes, 5 s creations, to check the script')
    parser.add_argument('--output', default=os.path.join(WORK, 'rotation_night.json'))
    args = parser.parse_args()
    os.makedirs(os.path.join(COLLECTIONS, 'ansible_collections', 'ncloud'), exist_ok=True)
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'ncloud', 'vserver')
    if not os.path.islink(link):
        os.symlink(ROOT, link)
    # The serial run of 50 volumes at 30 s would take half an hour; 10 s creations show the same shape.
    cases = [(5, 5)] if args.quick else [(10, 30), (50, 10)]
    rows = []
    for count, delay in cases:
        for one_by_one in (False, True):
            wall, requests = night(count, delay, one_by_one)
            rows.append({'volumes': count, 'creation_s': delay, 'run': 'one by one' if one_by_one else 'together',
                         'wall_s': round(wall, 1), 'ratio_to_one_creation': round(wall / delay, 2),
                         'requests_per_volume': round(requests / count, 1)})
            print('  %2d volumes, %2d s creations, %-10s: %6.1f s = %5.2f x one creation, %4.1f requests a volume'
                  % (count, delay, rows[-1]['run'], wall, wall / delay, requests / count), flush=True)
    for count, delay in cases:
        together, serial = [row for row in rows if row['volumes'] == count]
        print('  %2d volumes: together %.1f s vs one by one %.1f s: %.1fx faster' % (
            count, together['wall_s'], serial['wall_s'], serial['wall_s'] / together['wall_s']))
    ten = [row for row in rows if row['volumes'] == 10 and row['run'] == 'together']
    if ten:
        met = ten[0]['ratio_to_one_creation'] < 1.5
        print('  goal: 10 volumes, 30 s creations, under 1.5x one creation: %.2fx, %s' % (
            ten[0]['ratio_to_one_creation'], 'met' if met else 'NOT met'))
    with open(args.output, 'w') as handle:
        json.dump({'when': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'rows': rows}, handle, indent=1)
    print('written to %s' % os.path.relpath(args.output, ROOT))
    if not args.quick:
        write_table(rows)


def write_table(rows, path=os.path.join(ROOT, 'docs', 'backups.md')):
    """Replace the table between the markers in docs/backups.md with this run's (commit it)."""
    lines = ['| volumes | creation | run | wall time | × one creation | requests a volume |', '|---|---|---|---|---|---|']
    lines += ['| %(volumes)d | %(creation_s)d s | %(run)s | %(wall_s).1f s | %(ratio_to_one_creation).2f | %(requests_per_volume).1f |'
              % row for row in rows]
    with open(path) as handle:
        text = handle.read()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    with open(path, 'w') as handle:
        handle.write(text[:start] + '\n' + '\n'.join(lines) + '\n' + text[end:])
    print('table written to %s' % os.path.relpath(path, ROOT))


BEGIN = '<!-- rotation_night.py: begin -->'
END = '<!-- rotation_night.py: end -->'


if __name__ == '__main__':
    main()
