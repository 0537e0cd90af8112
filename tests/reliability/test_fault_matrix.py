# -*- coding: utf-8 -*-
"""The fault matrix: every fault kind x every call of a task x once / repeatedly / always.

Each case runs blockstorage_snapshot's main() against the emulator with one fault injected, then
reads the emulator's state and request log. Every case must end either in success with exactly
the snapshots the task asked for, or in a clear failure that says what is known; never a
duplicate, never a snapshot the user is not told about, never a traceback; retries bounded in
count and time. The results table goes to tests/output/reliability/fault_matrix.md (a snapshot of
it is in docs/reliability.md).
"""

import json
import time
from unittest import mock

import pytest

import harness

LIST = 'getBlockStorageSnapshotInstanceList'
VOLUME = 'getBlockStorageInstanceDetail'
CREATE = 'createBlockStorageSnapshotInstance'
DETAIL = 'getBlockStorageSnapshotInstanceDetail'
DELETE = 'deleteBlockStorageSnapshotInstances'
# The calls of a task, by phase: where each phase's faults go. "wait" is every status read after the
# create or delete was accepted, whichever call the module polls with.
PHASES = {'find': (LIST,), 'volume': (VOLUME,), 'create': (CREATE,), 'wait': (DETAIL, LIST), 'delete': (DELETE,)}

RETRIES = 2          # api_retries in every case
TIMEOUT = 1          # api_timeout (seconds, the smallest the option takes)
SLOW = 1.7           # seconds a "slow" call is held: longer than TIMEOUT, with room for a busy machine
COUNTS = {'once': 1, 'repeated': RETRIES + 1, 'always': 50}
# Emulator faults (tests/emulator/_faults.py) and this suite's own (harness.ReliabilityEmulator).
KINDS = ('429', '500', '503', '504', 'drop', 'slow')
EXTRA_KINDS = ('slow', 'slow-reply')
VOL = '3081227'
OTHER_VOL = '3081228'

SCENARIOS = {
    # a named snapshot that does not exist yet: find it, check the volume, create, wait
    'create-named': dict(args=dict(block_storage_instance_no=VOL, name='fm-snap'), calls=('find', 'volume', 'create', 'wait'),
                         kinds=KINDS + ('slow-reply',)),
    # no name: nothing but the number identifies the new snapshot
    'create-unnamed': dict(args=dict(block_storage_instance_no=OTHER_VOL), calls=('create', 'wait'), kinds=KINDS),
    # delete a named snapshot and wait until it is gone
    'delete-named': dict(args=dict(block_storage_instance_no=VOL, name='fm-old', state='absent'), calls=('find', 'delete', 'wait'),
                         kinds=KINDS + ('slow-reply',)),
}


WRITES = ('create', 'delete')
# Bugs this suite once found, recognised by the rule a case breaks (docs/reliability.md): a failure
# that matches one means it is back.
KNOWN_BUGS = {
    'duplicate': 'BUG-1 (_snapshot.create_snapshot): a create that got no final answer was looked up at once and sent '
                 'again; once NCP applied the first, there were two snapshots of one name',
    'without naming': 'BUG-2 (_waiter.py): a status read failing while waiting made the task fail without the number '
                      'of the snapshot it had created or was deleting',
    'without saying': 'BUG-2 (_waiter.py): a status read failing while waiting made the task fail without the number '
                      'of the snapshot it had created or was deleting',
}


def cases():
    for scenario, spec in SCENARIOS.items():
        for call in spec['calls']:
            for kind in spec['kinds']:
                if kind == 'slow-reply' and call not in WRITES:
                    continue  # for reads it is the same as "slow"
                for count in COUNTS:
                    # A slow read exhausts its call's retries after api_retries + 1 times: "always" adds nothing
                    # but seconds. A late answer to a write is looked up, never resent: "repeated" adds nothing.
                    if (kind == 'slow' and call not in WRITES and count == 'always') or (kind == 'slow-reply' and count == 'repeated'):
                        continue
                    yield pytest.param(scenario, call, kind, count, id='%s-%s-%s-%s' % (scenario, call, kind, count))


ROWS = []


@pytest.fixture(scope='module', autouse=True)
def results_table():
    started = time.monotonic()
    yield
    if ROWS:
        harness.write_output('fault_matrix.md', render_table(ROWS, time.monotonic() - started))
        harness.write_output('fault_matrix_summary.md', render_summary(ROWS))
        harness.write_output('fault_matrix.json', json.dumps(ROWS, indent=2))


def render_summary(rows):
    """One line per task and phase, one column per fault kind; each cell the outcome once / repeated / always."""
    kinds = [kind for kind in KINDS + ('slow-reply',) if any(row['kind'] == kind for row in rows)]
    cells = {}
    for row in rows:
        mark = 'BUG' if row['violations'] else row['outcome'].replace('failed', 'fail')
        cells.setdefault((row['scenario'], row['call']), {}).setdefault(row['kind'], {})[row['count']] = mark
    lines = ['| task | phase | %s |' % ' | '.join(kinds), '|---|---|%s' % ('---|' * len(kinds))]
    for (scenario, call), by_kind in cells.items():
        lines.append('| %s | %s | %s |' % (scenario, call, ' | '.join(
            ' / '.join(by_kind.get(kind, {}).get(count, '-') for count in COUNTS) if kind in by_kind else 'n/a' for kind in kinds)))
    return '\n'.join(lines) + '\n'


def render_table(rows, elapsed):
    ok = sum(1 for row in rows if row['outcome'] == 'ok')
    duplicates = sum(row['duplicates'] for row in rows)
    bad = [row for row in rows if row['violations']]
    lines = [
        '%d cases (api_retries=%d, api_timeout=%ds, slow calls held %.1fs) in %.0fs: %d succeeded, %d failed clearly, '
        '%d broke a rule; duplicates seen: %d.' % (len(rows), RETRIES, TIMEOUT, SLOW, elapsed, ok, len(rows) - ok - len(bad),
                                                   len(bad), duplicates),
        '',
        '| task | faulty call | fault | times | outcome | API calls (creates) | snapshots after | longest call | what the task said |',
        '|---|---|---|---|---|---|---|---|---|',
    ]
    for row in rows:
        outcome = row['outcome'] + (' **RULE BROKEN: %s**' % '; '.join(row['violations']) if row['violations'] else '')
        message = row['msg'].replace('|', '/').replace('\n', ' ')
        lines.append('| %s | %s | %s | %s | %s | %d (%d) | %s | %.1fs | %s |' % (
            row['scenario'], row['call'], row['kind'], row['count'], outcome, row['requests'], row['creates'],
            row['after'], row['longest_call'], message[:160] + ('...' if len(message) > 160 else '')))
    return '\n'.join(lines) + '\n'


def call_budget():
    """The most one client call may take: what _client.py documents, or the formula it should follow."""
    from ansible_collections.ncloud.vserver.plugins.module_utils import _client  # pylint: disable=import-outside-toplevel
    cap = getattr(_client, 'BACKOFF_CAP', 20.0)
    return (RETRIES + 1) * TIMEOUT + RETRIES * cap


def prepare(emulator, clock, scenario):
    """The state a scenario starts from; returns the snapshot that exists before the task, if any."""
    if scenario != 'delete-named':
        return None
    with emulator.lock:
        snap = emulator.store.create('KR', VOL, 'fm-old', '', 'FULL')
    clock.sleep(emulator.store.create_delay + 1)
    return snap.no


def inject(emulator, scenario, call, kind, count):
    for action in PHASES[call]:
        if call == 'wait':
            emulator.arm_after(DELETE if scenario.startswith('delete') else CREATE, action, kind, COUNTS[count], SLOW)
        elif kind in EXTRA_KINDS:
            emulator.add_extra_fault(action, kind, COUNTS[count], SLOW)
        else:
            emulator.add_fault(action, kind, COUNTS[count])


def timed_calls(clock):
    """Patch NcloudClient.call to record (action, seconds, attempts) of every call."""
    from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient  # pylint: disable=import-outside-toplevel
    record = []
    real_call = NcloudClient.call

    def call(self, action, *args, **kwargs):
        started, sent = clock.time(), self.request_count
        try:
            return real_call(self, action, *args, **kwargs)
        finally:
            record.append((action, clock.time() - started, self.request_count - sent))
    return record, mock.patch.object(NcloudClient, 'call', call)


def resent_without_looking(arrivals, create_statuses):
    """True when a create was sent again with no name look-up since an earlier create that may have been applied.

    ``arrivals``: the actions in the order they reached the emulator; ``create_statuses``: the
    creates' HTTP statuses (a 429 was refused by the gateway: trying again at once is right).
    """
    statuses = iter(create_statuses)
    unsure = False
    for action in arrivals:
        if action == CREATE:
            if unsure:
                return True
            unsure = next(statuses, 200) != 429
        elif action == LIST:
            unsure = False
    return False


def judge(scenario, result, existing_no, snapshots, creates, calls, resent_blind=False):
    """The rules every case must keep; returns (row facts, list of broken rules)."""
    broken = []
    if resent_blind:
        broken.append('a create was sent again without looking for the first one')
    msg = result.get('msg') or ''
    failed = bool(result.get('failed'))
    if result.get('crashed') or 'Traceback' in msg:
        broken.append('traceback instead of a message')
    if harness.SECRET_KEY in json.dumps(result):
        broken.append('secret key in the result')
    name = SCENARIOS[scenario]['args'].get('name')
    volume = SCENARIOS[scenario]['args']['block_storage_instance_no']
    mine = [snap for snap in snapshots if snap['originalBlockStorageInstanceNo'] == volume
            and snap['blockStorageSnapshotInstanceNo'] != existing_no and (name is None or snap['blockStorageSnapshotName'] == name)]
    numbers = [snap['blockStorageSnapshotInstanceNo'] for snap in mine]
    duplicates = max(0, len(mine) - 1)
    if duplicates:
        broken.append('duplicate snapshots %s' % ', '.join(numbers))
    if creates > RETRIES + 1:
        broken.append('%d creates sent, more than api_retries + 1' % creates)
    budget = call_budget()
    for action, seconds, attempts in calls:
        if attempts > RETRIES + 1:
            broken.append('%s sent %d times in one call' % (action, attempts))
        if seconds > budget + 1:
            broken.append('%s took %.1fs, over the %.0fs budget of one call' % (action, seconds, budget))
    if scenario.startswith('create'):
        if not failed and (len(mine) != 1 or result['snapshot']['snapshot_no'] != numbers[0]
                           or result['snapshot']['status'] != 'CREAT'):
            broken.append('success but the snapshot returned is not the one snapshot made')
        if failed and mine and not any(number in msg for number in numbers) and 'may have been applied' not in msg:
            broken.append('failed without naming snapshot %s that exists' % ', '.join(numbers))
        after = ', '.join('%s %s' % (snap['blockStorageSnapshotInstanceNo'], snap['blockStorageSnapshotInstanceStatusName'])
                          for snap in mine) or 'none'
    else:
        old = next((snap for snap in snapshots if snap['blockStorageSnapshotInstanceNo'] == existing_no), None)
        deleting = old is None or old['blockStorageSnapshotInstanceOperation']['code'] == 'TERMT'
        if mine:
            broken.append('snapshots created by a delete: %s' % ', '.join(numbers))
        if not failed and old is not None:
            broken.append('success but snapshot %s is still there (%s)' % (existing_no, old['blockStorageSnapshotInstanceStatusName']))
        if failed and deleting and existing_no not in msg and 'may have been applied' not in msg:
            broken.append('failed without saying snapshot %s is being deleted' % existing_no)
        after = 'gone' if old is None else '%s %s' % (existing_no, old['blockStorageSnapshotInstanceStatusName'])
    if failed and not msg.strip():
        broken.append('failed with an empty message')
    return dict(outcome='failed' if failed else 'ok', msg=msg if failed else 'changed=%s' % result.get('changed'),
                after=after, duplicates=duplicates), broken


@pytest.mark.parametrize('scenario, call, kind, count', list(cases()))
def test_fault_case(fresh, run, clock, scenario, call, kind, count):
    existing_no = prepare(fresh, clock, scenario)
    fresh.clear_requests()
    first_arrival = len(fresh.targets)
    inject(fresh, scenario, call, kind, count)
    calls, patch = timed_calls(clock)
    args = harness.connection(fresh, api_retries=RETRIES, api_timeout=TIMEOUT, wait_timeout=600,
                              **SCENARIOS[scenario]['args'])
    with patch:
        result = run(args)
    assert fresh.wait_idle(), 'a call is still being handled by the emulator'
    creates = sum(1 for entry in fresh.requests(CREATE))
    arrivals = [target.split('?')[0].rsplit('/', 1)[-1] for target in fresh.targets[first_arrival:]]
    blind = resent_without_looking(arrivals, [entry['status'] for entry in fresh.requests(CREATE)])
    facts, broken = judge(scenario, result, existing_no, fresh.snapshots(), creates, calls, blind)
    row = dict(scenario=scenario, call=call, kind=kind, count=count, requests=fresh.request_count(), creates=creates,
               longest_call=max((seconds for dummy, seconds, dummy2 in calls), default=0.0), violations=broken, **facts)
    ROWS.append(row)
    bugs = '\n'.join(sorted({'Regression of ' + text for rule in broken for key, text in KNOWN_BUGS.items() if key in rule}))
    assert not broken, '%s\n%s\nresult: %s' % (broken, bugs, json.dumps(result, indent=1)[:3000])
    # One transient fault never fails a task that a name (or a number) identifies; except that a create
    # NCP may still be working on cannot be proven absent: then a clear "may have been applied" is right too.
    if count == 'once' and scenario != 'create-unnamed':
        # A 504 is the gateway giving up on NCP's service, which may still apply the call: like "slow".
        in_flight = call == 'create' and kind in ('slow', '504')
        assert facts['outcome'] == 'ok' or (in_flight and 'may have been applied' in facts['msg']), result.get('msg')
    if scenario == 'create-unnamed' and call == 'create' and kind not in ('429',):
        # No name: after an unknown outcome the module must not guess which snapshot is its own.
        assert facts['outcome'] == 'failed' and 'may have been applied' in facts['msg'], facts
