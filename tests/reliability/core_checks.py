# -*- coding: utf-8 -*-
"""What the issue-10 tests share: task arguments, the emulator's ground truth, the ``failure`` facts.

The tests judge the modules by what the emulator holds afterwards (``live``: snapshots not being
deleted, read straight from the store, so no lag or lying reply hides one) and by what the task
returned: ``msg`` and the structured ``failure`` (action, http_status, ncp_code, maybe_applied,
maybe_in_flight) that core-spec.md promises on every failed task.
"""

import time

import harness

CREATE = 'createBlockStorageSnapshotInstance'
LIST = 'getBlockStorageSnapshotInstanceList'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
DELETE = 'deleteBlockStorageSnapshotInstances'
VOLUME = 'getBlockStorageInstanceDetail'
XEN_SSD = '3081227'  # newest-first chain rules
XEN_HDD = '3081228'
FAILURE_KEYS = {'action', 'http_status', 'ncp_code', 'maybe_applied', 'maybe_in_flight'}
# The seconds a named create with an unknown outcome keeps looking for its name (core-spec).
CONSISTENCY_WINDOW = 30


def task(emulator, **extra):
    """Module arguments for ``emulator``: short timeouts so faults cost little, a long wait_timeout."""
    return harness.connection(emulator, **dict(dict(api_retries=2, api_timeout=1, wait_timeout=600), **extra))


def live(emulator, name=None, volume=XEN_SSD):
    """The snapshots of ``volume`` (named ``name``, if given) that exist and are not being deleted."""
    return [
        snap
        for snap in emulator.snapshots()
        if snap['originalBlockStorageInstanceNo'] == volume
        and snap['blockStorageSnapshotInstanceOperation']['code'] != 'TERMT'
        and (name is None or snap['blockStorageSnapshotName'] == name)
    ]


def numbers(snapshots):
    return [snap['blockStorageSnapshotInstanceNo'] for snap in snapshots]


def add_snapshot(emulator, volume, name, ready=True, snapshot_type='FULL'):
    """A snapshot made behind the module's back (another run, the console); its number."""
    with emulator.lock:
        snap = emulator.store.create('KR', volume, name, '', snapshot_type)
        if ready:
            snap.ready_at = snap.created_at
    return snap.no


def failure(result):
    """The task's structured ``failure``, checked to have every key core-spec.md names."""
    facts = result.get('failure')
    assert isinstance(facts, dict), 'no failure facts in the result: %s' % result
    assert FAILURE_KEYS <= set(facts), 'failure lacks %s: %s' % (FAILURE_KEYS - set(facts), facts)
    return facts


def no_crash(result):
    assert not result.get('crashed') and 'Traceback' not in (result.get('msg') or ''), result.get('msg')


def timed(clock, run, *args, **kwargs):
    """``(result, seconds on the module's clock, real seconds)`` of one module run."""
    started, real = clock.time(), time.monotonic()
    result = run(*args, **kwargs)
    return result, clock.time() - started, time.monotonic() - real


def warnings_text(result):
    """Every warning of the task as one text (ansible-core's in-process and process shapes alike)."""
    return ' '.join(str(warning) for warning in result.get('warnings') or [])


def run_together(emulator, home, tasks, timeout=120):
    """Start every task as its own module process at once; their results in order."""
    processes = [harness.module_process('blockstorage_snapshot', args, home) for args in tasks]
    results = [harness.result_of(process, timeout) for process in processes]
    assert emulator.wait_idle(15)
    return results
