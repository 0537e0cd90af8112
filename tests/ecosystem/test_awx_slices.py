"""A sliced job template over the ncloud inventory, as AWX / Automation Controller runs it, replayed with ansible-runner.

What docs/awx.md ("At fleet scale") sets up: the inventory source docs/awx/inventory.ncloud.yml
with the NAVER Cloud Platform credential attached, and a job template running
docs/awx/rotation-fleet-job.yml with job_slice_count 3. AWX does it in two steps, and so does this test:

1. The inventory update: `ansible-inventory --list --export -i SOURCE` in the execution
   environment, with the credential injected (awx/main/tasks/jobs.py, RunInventoryUpdate.build_args).
   AWX stores the hosts, groups and variables it prints.
2. The sliced job: a workflow of 3 jobs. Job k of N gets an inventory script, inventory/hosts in
   its private data directory, printing the stored inventory cut to its hosts: every enabled host
   ordered by name, then `hosts[k - 1::N]` (awx/main/models/inventory.py, Inventory.get_sliced_hosts
   and get_script_data; awx/main/tasks/jobs.py, BaseTask.write_inventory_file). Groups keep only the
   slice's hosts. AWX orders by name in its database's collation; the names here sort alike by code point.

The three jobs run at once, each an `ansible-runner run` process with its own private data
directory and temporary directory, as on three execution nodes (each job in a container of its
own): the rate limiter each job's forks share (the api_rate_limit doc fragment) is then per job,
so each gets a third of the account's limit.

The emulator is this test's own, with a fleet of 60 servers of 4 volumes each (--fleet 240), and
keys of its own; it runs on the dev virtualenv's Python (werkzeug), NCLOUD_EMULATOR_PYTHON.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from _awx import AWX_DOCS, ROOT, SNAPSHOT_TASK, control, injected_env, leaks, shows_secret, stdout_of

PLAYBOOK = 'rotation-fleet-job.yml'
SLICES = 3
FLEET_VOLUMES = 240
FLEET_SERVERS = 60
# The inventory source of one fleet: the documented file, narrowed to that fleet's servers by name
# as a user would (the emulator's other servers are there for other tests).
FLEET_FILTER = "name_patterns: ['fleet-svr-*']\n"
# The account's limit (the emulator throttles above it) and each slice's share of it (docs/awx.md).
ACCOUNT_RATE_LIMIT = 30
SLICE_RATE_LIMIT = 9
# Each volume has 2 snapshots from past nights; keeping 2, tonight's makes the oldest expire.
PAST_NIGHTS = 2
KEEP = 2
VERBOSITY = 2


@pytest.fixture(scope='module')
def fleet(job_environment, tmp_path_factory):
    """This test's emulator: {url, access_key, secret_key}; stopped at the end of the module."""
    del job_environment  # requested for its effect: the emulator and the jobs see no NCLOUD_* from outside
    python = os.environ.get('NCLOUD_EMULATOR_PYTHON') or str(ROOT / '.venv-311' / 'bin' / 'python')
    keys = {'access_key': 'AWXSLICES' + secrets.token_hex(6).upper(), 'secret_key': secrets.token_urlsafe(30)}
    log = tmp_path_factory.mktemp('emulator') / 'emulator.out'
    env = dict(os.environ, NCLOUD_ACCESS_KEY=keys['access_key'], NCLOUD_SECRET_KEY=keys['secret_key'])
    with log.open('w') as out:
        process = subprocess.Popen(
            [
                python,
                str(ROOT / 'tests' / 'emulator' / 'ncloud_emulator.py'),
                '--host',
                '127.0.0.1',
                '--port',
                '0',
                '--fleet',
                str(FLEET_VOLUMES),
                '--create-delay',
                '0.5',
                '--delete-delay',
                '0.5',
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        url = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            lines = [line for line in log.read_text().splitlines() if line.startswith('listening on ')]
            if lines:
                url = lines[0].split(' ', 2)[2]
                break
            if process.poll() is not None:
                pytest.fail('the emulator (%s) exited: %s' % (python, log.read_text()))
            time.sleep(0.1)
        assert url, 'the emulator did not listen within 20 s: %s' % log.read_text()
        yield dict(keys, url=url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def plain(value):
    """A value of `ansible-inventory --list` output: since ansible-core 2.19 a string from an inventory plugin is tagged unsafe."""
    return value['__ansible_unsafe'] if isinstance(value, dict) and set(value) == {'__ansible_unsafe'} else value


def credential_of(fleet):
    """The NAVER Cloud Platform credential, as one fills it in AWX; region and site left empty."""
    return {'access_key': fleet['access_key'], 'secret_key': fleet['secret_key'], 'region': '', 'site': '', 'api_url': fleet['url']}


def inventory_update(workdir, collections, fleet):
    """Sync the inventory source as AWX does; (the inventory AWX stores, the update's output)."""
    workdir.mkdir()
    source = workdir / 'inventory.ncloud.yml'
    source.write_text((AWX_DOCS / 'inventory.ncloud.yml').read_text(encoding='utf-8') + FLEET_FILTER, encoding='utf-8')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections), **injected_env(credential_of(fleet)))
    update = subprocess.run(
        [str(Path(sys.executable).parent / 'ansible-inventory'), '--list', '--export', '-i', str(source)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=workdir,
    )
    assert update.returncode == 0, update.stderr
    return json.loads(update.stdout), update.stdout + update.stderr


def slice_hosts(stored, number, count):
    """The hosts of slice job `number` of `count`, as AWX's Inventory.get_sliced_hosts picks them from the hosts ordered by name."""
    return sorted(stored['_meta']['hostvars'])[number - 1 :: count]


def slice_script_data(stored, mine):
    """What AWX's Inventory.get_script_data(hostvars=True, towervars=True, slice_number, slice_count) prints for the slice `mine`."""
    names = sorted(stored['_meta']['hostvars'])
    groups = {name: data for name, data in stored.items() if name not in ('_meta', 'all', 'ungrouped')}
    data = {'all': {'hosts': [], 'children': sorted(groups)}, '_meta': {'hostvars': {}}}
    grouped = set()
    for name, group in groups.items():
        info = {}
        hosts = [host for host in group.get('hosts', []) if host in mine]
        if hosts:
            info['hosts'] = hosts
            grouped.update(hosts)
        if group.get('children'):
            info['children'] = group['children']
        if group.get('vars'):
            info['vars'] = group['vars']
        if info:
            data[name] = info
    data['all']['hosts'] = [host for host in mine if host not in grouped]
    for host in mine:
        # AWX adds its own host id and enabled flag (towervars); the ids here are the host's place in the list.
        ids = {'remote_tower_enabled': 'true', 'remote_tower_id': names.index(host) + 1, 'remote_host_enabled': 'true', 'remote_host_id': names.index(host) + 1}
        data['_meta']['hostvars'][host] = dict(stored['_meta']['hostvars'][host], **ids)
    return data


@dataclass
class FinishedJob:
    """A job ansible-runner ran as a process of its own: its status, events and stats, read from its artifacts."""

    artifact_dir: Path
    status: str
    events: list
    stats: dict


def start_slice(private_data_dir, collections, fleet, script_data, extravars):
    """Start one slice job as AWX does (its inventory script, the credential injected): the ansible-runner process."""
    for part in ('project', 'inventory', 'env', 'tmp'):
        (private_data_dir / part).mkdir(parents=True)
    shutil.copy(AWX_DOCS / PLAYBOOK, private_data_dir / 'project')
    hosts = private_data_dir / 'inventory' / 'hosts'
    hosts.write_text('#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n' % json.dumps(script_data))
    hosts.chmod(0o700)
    env = dict(injected_env(credential_of(fleet)), ANSIBLE_COLLECTIONS_PATH=str(collections), TMPDIR=str(private_data_dir / 'tmp'))
    (private_data_dir / 'env' / 'envvars').write_text(yaml.safe_dump(env))
    (private_data_dir / 'env' / 'extravars').write_text(yaml.safe_dump(extravars))
    runner = Path(sys.executable).parent / 'ansible-runner'
    return subprocess.Popen([str(runner), 'run', str(private_data_dir), '-p', PLAYBOOK, '--ident', 'job', '-q', '-' + 'v' * VERBOSITY], start_new_session=True)


def finished(private_data_dir, process, timeout):
    """Wait for a slice job's process; the job as its artifacts tell it."""
    process.wait(timeout=timeout)
    root = private_data_dir / 'artifacts' / 'job'
    events = sorted((json.loads(path.read_text(encoding='utf-8')) for path in (root / 'job_events').glob('*.json')), key=lambda event: event['counter'])
    stats = [event['event_data'] for event in events if event['event'] == 'playbook_on_stats']
    return FinishedJob(root, (root / 'status').read_text(encoding='utf-8').strip(), events, stats[-1] if stats else {})


def snapshot_items(result):
    """{host, volume, changed} for every volume the snapshot task of the job handled."""
    items = []
    for event in result.events:
        data = event.get('event_data', {})
        if event['event'] in ('runner_on_ok', 'runner_on_failed') and data.get('task') == SNAPSHOT_TASK:
            items.extend({'host': data['host'], 'volume': item['item'], 'changed': item['changed']} for item in data['res']['results'])
    return items


def event_hosts(result):
    return {event['event_data']['host'] for event in result.events if event.get('event_data', {}).get('host')}


def test_three_slices_rotate_every_volume_of_the_fleet_once(tmp_path, collections, fleet):
    started = time.monotonic()
    stored, update_output = inventory_update(tmp_path / 'update', collections, fleet)
    assert not shows_secret(update_output, fleet['secret_key'])
    hostvars = stored['_meta']['hostvars']
    assert len(hostvars) == FLEET_SERVERS
    server_of = {plain(volume['block_storage_instance_no']): host for host, variables in hostvars.items() for volume in variables['ncloud_block_storages']}
    assert len(server_of) == FLEET_VOLUMES
    control(fleet, 'POST', 'seed', {'snapshots_per_volume': PAST_NIGHTS, 'full_every': 1, 'volumes': sorted(server_of)})
    control(fleet, 'DELETE', 'requests')
    control(fleet, 'POST', 'config', {'throttle': ACCOUNT_RATE_LIMIT})

    extravars = {'ncloud_keep': KEEP, 'ncloud_api_rate_limit': SLICE_RATE_LIMIT}
    slices = [slice_hosts(stored, number, SLICES) for number in range(1, SLICES + 1)]
    dirs = [tmp_path / ('slice%d' % number) for number in range(1, SLICES + 1)]
    processes = [start_slice(path, collections, fleet, slice_script_data(stored, hosts), extravars) for path, hosts in zip(dirs, slices)]
    try:
        jobs = [finished(path, process, timeout=170) for path, process in zip(dirs, processes)]
    finally:
        for process in processes:
            if process.poll() is None:  # timed out: stop the job and its ansible-playbook
                os.killpg(process.pid, signal.SIGKILL)
    elapsed = time.monotonic() - started

    # AWX's split: 20 servers a slice, each server in exactly one.
    assert [len(hosts) for hosts in slices] == [FLEET_SERVERS // SLICES] * SLICES
    assert sorted(host for hosts in slices for host in hosts) == sorted(hostvars)
    handled = Counter()
    for hosts, job in zip(slices, jobs):
        assert job.status == 'successful', stdout_of(job)[-3000:]
        # Each job ran on its own hosts only (and localhost, which its tasks are delegated to).
        assert event_hosts(job) <= set(hosts) | {'localhost'}
        assert set(job.stats['ok']) == set(hosts) and not job.stats['failures'], job.stats
        items = snapshot_items(job)
        assert all(server_of[item['volume']] == item['host'] and item['host'] in hosts for item in items)
        assert all(item['changed'] for item in items)
        handled.update(item['volume'] for item in items)
        assert leaks(job, fleet['secret_key']) == []
    # Every volume of the fleet handled by exactly one slice, once.
    assert handled == Counter(dict.fromkeys(server_of, 1))

    requests = control(fleet, 'GET', 'requests')
    creates = [entry for entry in requests['requests'] if entry['action'] == 'createBlockStorageSnapshotInstance']
    assert len(creates) == FLEET_VOLUMES and {entry['status'] for entry in creates} == {200}
    # Three slices at 9 requests a second each stay under the account's 30: NCP never refused one.
    assert requests['throttled'] == 0, requests['count']
    per_volume = Counter(snapshot['originalBlockStorageInstanceNo'] for snapshot in control(fleet, 'GET', 'snapshots')['snapshots'])
    # Tonight's snapshot and the newest past one are kept; the oldest was deleted, once.
    assert per_volume == Counter(dict.fromkeys(server_of, KEEP))
    print(
        '3 slices, %d servers, %d volumes: %.1f s including the inventory update, %d API requests' % (FLEET_SERVERS, FLEET_VOLUMES, elapsed, requests['count'])
    )
