#!/usr/bin/env python
"""The emulator's throughput with a fleet's store: requests per second from keep-alive clients (issue 14, item 5).

An emulator process (tests/emulator/ncloud_emulator.py) starts with --volumes 1,000 volumes (XEN SSD,
KVM CB1, KVM CB2 in turn), each given 10 ready snapshots (10,000 in all; through POST
/_emulator/seed, one call, or one call per volume on an emulator without the fleet seed). Then
several client threads, each with its own requests.Session (kept alive), run rounds of: a list by
100 snapshot numbers, a list by 10 volumes (about 100 rows), a detail, a create and the delete of
what it made. Printed: requests per second, each call's mean time, the goal (>= 200 requests/s)
and whether it is met. A benchmark, not a test: `make bench` runs it and writes its table into
docs/performance.md between the markers (adding the section if bench.py rewrote the file).

    python benchmarks/emulator_throughput.py [--emulator-dir DIR] [--threads 4] [--seconds 10] [--no-write]

--emulator-dir runs another checkout's emulator (e.g. main's, for a before/after) with this one's clients.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))
from signed_client import SessionClient  # noqa: E402  (the emulator's own signed client, over a Session)

GOAL = 200.0
BEGIN = '<!-- emulator_throughput.py: begin -->'
END = '<!-- emulator_throughput.py: end -->'
SECTION = '''
## Emulator throughput

The emulator itself, with a fleet's store (issue 14): `benchmarks/emulator_throughput.py`, run by `make bench`.
1,000 volumes with 10 ready snapshots each; 4 client threads, each with its own kept-alive `requests.Session`,
repeat rounds of a list by 100 snapshot numbers, a list by 10 volumes (about 100 rows), a detail, a create and the
delete of what it made, for 10 s. Goal (issue 14): at least 200 requests/s on 2 cores with 10,000 snapshots. Before the
emulator indexed its store and kept connections alive (main at 0cf1b7e), the same run measured 19 requests/s: every
list call rendered every snapshot.

%s
%s
'''
LIST = 'getBlockStorageSnapshotInstanceList'
KINDS = ('list by 100 numbers', 'list by 10 volumes', 'detail', 'create', 'delete')
VOLUME_TYPES = (('XEN', 'SSD', 'KR-2'), ('KVM', 'CB1', 'KR-1'), ('KVM', 'CB2', 'KR-1'))


def volumes_file(directory, count):
    volumes = [
        {
            'blockStorageInstanceNo': str(7300001 + index),
            'hypervisorType': VOLUME_TYPES[index % 3][0],
            'blockStorageVolumeType': VOLUME_TYPES[index % 3][1],
            'zoneCode': VOLUME_TYPES[index % 3][2],
            'blockStorageSize': 10 * 1024**3,
            'regionCode': 'KR',
        }
        for index in range(count)
    ]
    path = os.path.join(directory, 'volumes.json')
    with open(path, 'w') as handle:
        json.dump(volumes, handle)
    return [volume['blockStorageInstanceNo'] for volume in volumes]


def post(url, document):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method='POST')
    try:
        with urllib.request.urlopen(request, timeout=600) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b'{}')


def seed(url, volume_nos, per_volume):
    """Seed per_volume ready snapshots on each volume; the seconds it took and how (one call or one per volume)."""
    started = time.monotonic()
    status, _body = post(url + '/_emulator/seed', {'snapshots_per_volume': per_volume, 'volumes': volume_nos})
    if status == 200:
        return time.monotonic() - started, 'one fleet seed call'
    for number in volume_nos:  # an emulator from before the fleet seed
        status, body = post(url + '/_emulator/seed', {'volume': number, 'count': per_volume})
        assert status == 200, body
    return time.monotonic() - started, 'one seed call per volume'


def snapshot_numbers(url):
    with urllib.request.urlopen(url + '/_emulator/snapshots', timeout=600) as reply:
        return [snap['blockStorageSnapshotInstanceNo'] for snap in json.loads(reply.read())['snapshots']]


def numbered(name, values):
    return {'%s.%d' % (name, index): value for index, value in enumerate(values, 1)}


def worker(url, volume_nos, numbers, deadline, counts, times, failures, seed_no):
    chooser = random.Random(seed_no)
    client = SessionClient(url)

    def timed(kind, action, params, rows_expected=None):
        started = time.perf_counter()
        reply = client.call(action, params)
        times[kind] += time.perf_counter() - started
        counts[kind] += 1
        rows = reply.rows(action) if reply.status == 200 else None
        if rows is None or (rows_expected is not None and len(rows) != rows_expected):
            failures.append((kind, reply.status, reply.text[:200]))
        return rows

    try:
        while time.monotonic() < deadline:
            timed(KINDS[0], LIST, numbered('blockStorageSnapshotInstanceNoList', chooser.sample(numbers, 100)), 100)
            timed(KINDS[1], LIST, numbered('originalBlockStorageInstanceNoList', chooser.sample(volume_nos, 10)))
            timed(KINDS[2], 'getBlockStorageSnapshotInstanceDetail', {'blockStorageSnapshotInstanceNo': chooser.choice(numbers)}, 1)
            made = timed(KINDS[3], 'createBlockStorageSnapshotInstance', {'originalBlockStorageInstanceNo': chooser.choice(volume_nos)}, 1)
            if made:
                timed(KINDS[4], 'deleteBlockStorageSnapshotInstances', {'blockStorageSnapshotInstanceNoList.1': made[0]['blockStorageSnapshotInstanceNo']}, 1)
    finally:
        client.close()


def run(emulator_dir, volumes, per_volume, threads, seconds):
    with tempfile.TemporaryDirectory() as directory:
        volume_nos = volumes_file(directory, volumes)
        process = subprocess.Popen(
            [
                sys.executable,
                os.path.join(emulator_dir, 'ncloud_emulator.py'),
                '--port',
                '0',  # noqa: R1732
                '--create-delay',
                '0',
                '--delete-delay',
                '0',
                '--no-kvm-busy',
                '--volumes',
                os.path.join(directory, 'volumes.json'),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            url = re.fullmatch(r'listening on (\S+)\n', process.stdout.readline()).group(1)
            seed_seconds, seeded_by = seed(url, volume_nos, per_volume)
            numbers = snapshot_numbers(url)
            counts, times, failures = dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0.0), []
            per_thread = [(dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0.0)) for dummy in range(threads)]
            started = time.monotonic()
            workers = [
                threading.Thread(target=worker, args=(url, volume_nos, numbers, started + seconds, mine[0], mine[1], failures, index))
                for index, mine in enumerate(per_thread)
            ]
            for thread in workers:
                thread.start()
            for thread in workers:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            process.terminate()
            process.wait(timeout=10)
    for mine_counts, mine_times in per_thread:
        for kind in KINDS:
            counts[kind] += mine_counts[kind]
            times[kind] += mine_times[kind]
    total = sum(counts.values())
    return dict(
        snapshots=len(numbers),
        volumes=volumes,
        threads=threads,
        seconds=elapsed,
        requests=total,
        failures=len(failures),
        rate=total / elapsed,
        seed_seconds=seed_seconds,
        seeded_by=seeded_by,
        first_failure=failures[:1],
        mean_ms={kind: 1000 * times[kind] / counts[kind] if counts[kind] else None for kind in KINDS},
        counts=counts,
    )


def table(result, label):
    met = 'met' if result['rate'] >= GOAL and not result['failures'] else 'not met'
    lines = [
        '| emulator | snapshots | threads | requests/s | goal | result | %s (mean ms) | failed | seeding |' % ' / '.join(KINDS),
        '|---|---:|---:|---:|---:|---|---|---:|---|',
        '| %s | %d | %d | %.0f | ≥ %.0f | %s | %s | %d | %.1f s, %s |'
        % (
            label,
            result['snapshots'],
            result['threads'],
            result['rate'],
            GOAL,
            met,
            ' / '.join('%.1f' % result['mean_ms'][kind] if result['mean_ms'][kind] is not None else '-' for kind in KINDS),
            result['failures'],
            result['seed_seconds'],
            result['seeded_by'],
        ),
    ]
    return '\n'.join(lines), met


def write(text, path):
    """Put text between the markers in path, adding the section at the end when the markers are missing."""
    with open(path) as handle:
        document = handle.read()
    if BEGIN in document and END in document:
        start, end = document.index(BEGIN) + len(BEGIN), document.index(END)
        document = document[:start] + '\n' + text + '\n' + document[end:]
    else:
        document = document.rstrip('\n') + '\n' + SECTION % (BEGIN, text + '\n' + END)
    with open(path, 'w') as handle:
        handle.write(document)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--emulator-dir', default=os.path.join(ROOT, 'tests', 'emulator'))
    parser.add_argument('--label', default='this checkout')
    parser.add_argument('--volumes', type=int, default=1000)
    parser.add_argument('--per-volume', type=int, default=10)
    parser.add_argument('--threads', type=int, default=4)
    parser.add_argument('--seconds', type=float, default=10.0)
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs', 'performance.md'))
    parser.add_argument('--no-write', action='store_true', help='print only; leave docs/performance.md alone')
    args = parser.parse_args()
    result = run(args.emulator_dir, args.volumes, args.per_volume, args.threads, args.seconds)
    text, met = table(result, args.label)
    print(text)
    print(
        '%d requests in %.1f s with %d keep-alive threads: %.0f requests/s with %d snapshots; goal >= %.0f requests/s: %s%s'
        % (
            result['requests'],
            result['seconds'],
            result['threads'],
            result['rate'],
            result['snapshots'],
            GOAL,
            met,
            '' if not result['failures'] else ' (%d failed, first: %s)' % (result['failures'], result['first_failure']),
        )
    )
    if not args.no_write:
        write(text, args.output)
        print('table written to %s' % os.path.relpath(args.output, ROOT))


if __name__ == '__main__':
    main()
