"""`make bench`: requests per task, wait overhead, per-task overhead and fleet runs, against the emulator.

A benchmark, not a test: it prints a table and writes docs/performance.md (see that file for what
each number means and the targets from issue 7). Run it with the dev virtualenv's Python, which
has ansible-core, requests and werkzeug:  .venv-311/bin/python benchmarks/bench.py [--quick]

Everything talks to real emulator processes (tests/emulator/ncloud_emulator.py) over HTTP, in
real time; requests are counted from the emulator's own log (GET /_emulator/requests).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
EMULATOR = os.path.join(ROOT, 'tests', 'emulator', 'ncloud_emulator.py')
ACCESS_KEY = 'FAKEACCESSKEY0000001'
SECRET_KEY = 'FAKESECRETKEY000000000000000000000000001'
VOLUME = '3081227'  # the emulator's XEN SSD volume
WORK = os.path.join(ROOT, '.build', 'bench')
COLLECTIONS = os.path.join(WORK, 'collections')

sys.path.insert(0, COLLECTIONS)


# ---- emulator ----------------------------------------------------------------------------------


class Emulator:
    """One emulator process on a free port; control endpoints over HTTP."""

    def __init__(self, *flags):
        self.out = tempfile.TemporaryFile(mode='w+')
        env = dict(os.environ, NCLOUD_ACCESS_KEY=ACCESS_KEY, NCLOUD_SECRET_KEY=SECRET_KEY)
        self.proc = subprocess.Popen(
            [PY, EMULATOR, '--host', '127.0.0.1', '--port', '0'] + [str(f) for f in flags], stdout=self.out, stderr=subprocess.DEVNULL, env=env
        )
        for dummy in range(200):
            self.out.seek(0)
            line = self.out.readline()
            if line.startswith('listening on '):
                self.url = line.split()[-1]
                return
            if self.proc.poll() is not None:
                raise RuntimeError('emulator exited before listening')
            time.sleep(0.05)
        raise RuntimeError('emulator did not start')

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + '/_emulator/' + path, data=data, method=method, headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req) as reply:
            text = reply.read()
        return json.loads(text) if text else None

    def requests(self):
        return [entry['action'] for entry in self.control('GET', 'requests')['requests']]

    def clear_log(self):
        self.control('DELETE', 'requests')

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


# ---- ansible -----------------------------------------------------------------------------------


def ansible_env(emulator, extra=None):
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        NCLOUD_API_GW=emulator.url,
        NCLOUD_ACCESS_KEY=ACCESS_KEY,
        NCLOUD_SECRET_KEY=SECRET_KEY,
        ANSIBLE_LOCALHOST_WARNING='false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
        ANSIBLE_PYTHON_INTERPRETER=PY,
        ANSIBLE_HOST_KEY_CHECKING='false',
        ANSIBLE_RETRY_FILES_ENABLED='false',
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_STDOUT_CALLBACK='default',
        ANSIBLE_LOAD_CALLBACK_PLUGINS='false',
    )
    env.pop('ANSIBLE_CONFIG', None)
    env.update(extra or {})
    return env


def playbook(emulator, tasks, name='play', hosts='localhost', inventory=None, forks=5, vars_=None):
    """Write and run one play; return its wall time in seconds. Fails loudly if the play fails."""
    play = [{'name': name, 'hosts': hosts, 'gather_facts': False, 'vars': vars_ or {}, 'tasks': tasks}]
    path = os.path.join(WORK, name.replace(' ', '_') + '.yml')
    with open(path, 'w') as handle:
        json.dump(play, handle, indent=1)  # JSON is YAML
    cmd = [os.path.join(os.path.dirname(PY), 'ansible-playbook'), path, '-f', str(forks)]
    cmd += ['-i', inventory] if inventory else ['-i', 'localhost,', '-c', 'local']
    started = time.perf_counter()
    done = subprocess.run(cmd, env=ansible_env(emulator), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise RuntimeError('play %r failed' % name)
    return elapsed


def snap_task(**args):
    return {'ncloud.vserver.blockstorage_snapshot': args}


# ---- 1. requests per task ----------------------------------------------------------------------


def bench_requests(quick):
    emu = Emulator('--create-delay', 2, '--delete-delay', 2)
    rows = []
    try:

        def measure(label, floor, floor_why, tasks, setup=None):
            emu.control('POST', 'reset')
            if setup:
                setup()
            emu.clear_log()
            playbook(emu, tasks, name='requests')
            calls = emu.requests()
            rows.append((label, len(calls), floor, floor_why, calls))
            print('  %-34s %3d requests (floor %d)' % (label, len(calls), floor), flush=True)

        def make_named():
            playbook(emu, [snap_task(block_storage_instance_no=VOLUME, name='bench-snap')], name='setup')

        measure('converged present (by name)', 1, 'one name look-up', [snap_task(block_storage_instance_no=VOLUME, name='bench-snap')], make_named)
        measure('converged absent (by name)', 1, 'one name look-up', [snap_task(state='absent', name='bench-snap')])
        measure('create with wait (2 s delay)', 3, 'look-up + create + 1 read once ready', [snap_task(block_storage_instance_no=VOLUME, name='bench-snap')])
        measure('delete with wait (2 s delay)', 3, 'look-up + delete + 1 read once gone', [snap_task(state='absent', name='bench-snap')], make_named)
        for count in (10, 1000) if quick else (10, 1000, 10000):
            measure(
                'info over %s snapshots' % format(count, ','),
                math.ceil(count / 1000),
                '%d page(s) of 1,000' % math.ceil(count / 1000),
                [{'ncloud.vserver.blockstorage_snapshot_info': {'block_storage_instance_nos': [VOLUME]}}],
                lambda count=count: emu.control('POST', 'seed', {'volume': VOLUME, 'count': count}),
            )
    finally:
        emu.stop()
    return rows


# ---- 2. wait overhead --------------------------------------------------------------------------


def bench_wait(delays):
    """For each creation delay, the module's own wait and a fixed 3-second poll loop, in parallel threads."""
    from ansible_collections.ncloud.vserver.plugins.module_utils._client import NcloudClient
    from ansible_collections.ncloud.vserver.plugins.module_utils._result import is_ready
    from ansible_collections.ncloud.vserver.plugins.module_utils._snapshot import get_snapshot, send_create
    from ansible_collections.ncloud.vserver.plugins.module_utils._waiter import wait_until_ready

    emulators = {delay: Emulator('--create-delay', delay) for delay in delays}
    results = {}

    def client(delay):
        return NcloudClient(ACCESS_KEY, SECRET_KEY, 'KR', emulators[delay].url)

    def module_wait(delay):
        c = client(delay)
        sent = time.time()
        made = send_create(c, VOLUME, 'mod-%d' % delay, None, 'FULL')
        replied = time.time()
        before = c.request_count
        wait_until_ready(c, made, c.clock() + 3600, 3600)
        results[('module', delay)] = (time.time(), sent, replied, c.request_count - before)

    def fixed_loop(delay, initial=2.0, interval=3.0):
        """What `uri` + `until` playbooks and Terraform's StateChangeConf do: a first look after a
        short delay, then one every `interval` seconds until ready."""
        c = client(delay)
        sent = time.time()
        made = send_create(c, VOLUME, 'fix-%d' % delay, None, 'FULL')
        replied = time.time()
        number, polls = made['snapshot_no'], 0
        time.sleep(initial)
        while True:
            polls += 1
            if is_ready(get_snapshot(c, number)):
                break
            time.sleep(interval)
        results[('fixed', delay)] = (time.time(), sent, replied, polls)

    threads = [threading.Thread(target=fn, args=(d,)) for d in delays for fn in (module_wait, fixed_loop)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for emu in emulators.values():
            emu.stop()
    rows = []
    for delay in delays:
        row = [delay]
        for kind in ('module', 'fixed'):
            returned, sent, replied, polls = results[(kind, delay)]
            # The emulator stamps the snapshot between our send and its reply, and it is ready
            # `delay` seconds later: the overhead lies in this window (a few ms on loopback).
            row += [returned - (replied + delay), returned - (sent + delay), polls]
        rows.append(row)
        print('  delay %4ds: module %.2f s after ready, %d polls; fixed 3 s loop %.2f s, %d polls' % (delay, row[1], row[3], row[4], row[6]), flush=True)
    return rows


# ---- 3. per-task overhead ----------------------------------------------------------------------


def bench_overhead(n, repeats):
    emu = Emulator('--create-delay', 0)
    try:
        playbook(emu, [snap_task(block_storage_instance_no=VOLUME, name='bench-snap')], name='setup')
        unsigned_detail_url = (
            emu.url + '/vserver/v2/getBlockStorageSnapshotInstanceDetail?regionCode=KR&responseFormatType=json&blockStorageSnapshotInstanceNo=5000001'
        )
        kinds = {
            'empty play': [],
            'ansible.builtin.ping': [{'ansible.builtin.ping': {}, 'loop': '{{ range(%d) | list }}' % n}],
            'ansible.builtin.uri': [{'ansible.builtin.uri': {'url': unsigned_detail_url, 'status_code': [401]}, 'loop': '{{ range(%d) | list }}' % n}],
            'blockstorage_snapshot (converged)': [dict(snap_task(block_storage_instance_no=VOLUME, name='bench-snap'), loop='{{ range(%d) | list }}' % n)],
        }
        times = {kind: [] for kind in kinds}
        for rep in range(repeats):
            for kind, tasks in kinds.items():  # interleaved, so drift hits every kind alike
                times[kind].append(playbook(emu, tasks, name='overhead'))
            print('  round %d: %s' % (rep + 1, ', '.join('%s %.2f s' % (k, v[-1]) for k, v in times.items())), flush=True)
        emu.clear_log()
        playbook(emu, kinds['blockstorage_snapshot (converged)'], name='overhead')
        module_calls = len(emu.requests())
    finally:
        emu.stop()
    empty = statistics.median(times['empty play'])
    per_task = {kind: (statistics.median(t) - empty) / n for kind, t in times.items() if kind != 'empty play'}
    return empty, per_task, times, module_calls


def import_times():
    """Seconds to import each module once in a fresh interpreter (median of 5), for the note."""
    out = {}
    for label, stmt in (
        ('python -c pass', 'pass'),
        ('ansible.module_utils.basic (ping needs this)', 'import ansible.module_utils.basic'),
        ('ansible.module_utils.urls (uri needs this)', 'import ansible.module_utils.basic, ansible.module_utils.urls'),
        ('requests', 'import requests'),
        ('blockstorage_snapshot module', 'import ansible_collections.ncloud.vserver.plugins.modules.blockstorage_snapshot'),
    ):
        samples = []
        for dummy in range(5):
            started = time.perf_counter()
            subprocess.run([PY, '-c', stmt], check=True, env=dict(os.environ, PYTHONPATH=COLLECTIONS))
            samples.append(time.perf_counter() - started)
        out[label] = statistics.median(samples)
    return out


# ---- 4. fleet ----------------------------------------------------------------------------------


def bench_fleet(sizes, forks_list):
    volumes = [
        {
            'blockStorageInstanceNo': str(7000001 + i),
            'hypervisorType': 'KVM',
            'blockStorageVolumeType': 'CB2',
            'blockStorageSize': 10737418240,
            'regionCode': 'KR',
            'zoneCode': 'KR-1',
        }
        for i in range(max(sizes))
    ]
    vol_file = os.path.join(WORK, 'volumes.json')
    with open(vol_file, 'w') as handle:
        json.dump(volumes, handle)
    emu = Emulator('--volumes', vol_file, '--latency', 0.05, '--create-delay', 1)
    rows = []
    try:
        for size in sizes:
            numbers = [v['blockStorageInstanceNo'] for v in volumes[:size]]
            inventory = os.path.join(WORK, 'fleet-%d.ini' % size)
            with open(inventory, 'w') as handle:
                handle.write('[fleet]\n' + ''.join('vol%d volume_no=%s\n' % (i, no) for i, no in enumerate(numbers)))
                handle.write('[fleet:vars]\nansible_connection=local\nansible_python_interpreter=%s\n' % PY)
            loop_task = dict(snap_task(block_storage_instance_no='{{ item }}', name='fleet-snap'), loop=numbers)
            runs = [('loop on localhost', 1, dict(playbook=([loop_task], 'localhost', None)))]
            for forks in forks_list:
                if forks <= size or forks == forks_list[0]:
                    runs.append(
                        (
                            'one host per volume',
                            forks,
                            dict(playbook=([snap_task(block_storage_instance_no='{{ volume_no }}', name='fleet-snap')], 'fleet', inventory)),
                        )
                    )
            for label, forks, spec in runs:
                tasks, hosts, inv = spec['playbook']
                emu.control('POST', 'reset')
                wall = playbook(emu, tasks, name='fleet', hosts=hosts, inventory=inv, forks=forks)
                calls = len(emu.requests())
                ping = None
                if inv:  # the same hosts and forks with ping: what Ansible alone costs
                    ping = playbook(emu, [{'ansible.builtin.ping': {}}], name='fleet-ping', hosts=hosts, inventory=inv, forks=forks)
                rows.append((size, label, forks, wall, calls, ping))
                print(
                    '  %2d volumes, %-20s forks %2d: %6.1f s, %4d requests%s'
                    % (size, label, forks, wall, calls, '' if ping is None else ' (ping alone %.1f s)' % ping),
                    flush=True,
                )
    finally:
        emu.stop()
    return rows


# ---- report ------------------------------------------------------------------------------------


def machine():
    cpu = 'unknown'
    try:
        with open('/proc/cpuinfo') as handle:
            cpu = next(line.split(':', 1)[1].strip() for line in handle if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    from ansible.release import __version__ as core
    import requests

    return {
        'cpu': cpu,
        'cores': os.cpu_count(),
        'python': platform.python_version(),
        'core': core,
        'requests': requests.__version__,
        'os': platform.platform(),
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
    }


def ok(flag):
    return 'met' if flag else '**not met**'


def report(m, req_rows, wait_rows, overhead, imports, fleet_rows, n, repeats, started):
    empty, per_task, times, module_calls = overhead
    ping, uri, mod = per_task['ansible.builtin.ping'], per_task['ansible.builtin.uri'], per_task['blockstorage_snapshot (converged)']
    lines = [
        '<!-- generated by `make bench` (benchmarks/bench.py); the prose around the tables is in that script -->',
        '# Performance',
        '',
        'Measured by `make bench` against the local emulator (real processes, real time). Machine: %s, %d cores; '
        'Python %s, ansible-core %s, requests %s; %s; %s. The whole run took %.0f s.'
        % (m['cpu'], m['cores'], m['python'], m['core'], m['requests'], m['os'], m['date'], time.time() - started),
        '',
        '## Key numbers',
        '',
        '- Converged runs: **%d request** each (present and absent), the floor.' % max(r[1] for r in req_rows if r[0].startswith('converged')),
        '- Per task: `blockstorage_snapshot` converged costs **%.2f× `ping`** and **%.2f× `uri`** (%.0f ms, %.0f ms, %.0f ms).'
        % (mod / ping, mod / uri, mod * 1000, ping * 1000, uri * 1000),
        '- Wait overhead (ready → returned): %s; a fixed 3 s loop: %s.'
        % (', '.join('%g s delay %.2f s / %d polls' % (r[0], r[1], r[3]) for r in wait_rows), ', '.join('%.2f s / %d polls' % (r[4], r[6]) for r in wait_rows)),
        '',
        '## 1. Requests per task',
        '',
        'Counted from the emulator\'s request log (`GET /_emulator/requests`), one `ansible-playbook` run per row, '
        'emulator delays 2 s. The floor is the fewest calls that can answer the question.',
        '',
        '| task | requests | floor | floor is | calls made |',
        '|---|---:|---:|---|---|',
    ]
    for label, count, floor, why, calls in req_rows:
        short = {}
        for call in calls:
            key = call.replace('BlockStorage', '').replace('SnapshotInstance', 'Snapshot')
            short[key] = short.get(key, 0) + 1
        lines.append('| %s | %d | %d | %s | %s |' % (label, count, floor, why, ', '.join('%s ×%d' % kv for kv in short.items())))
    lines += [
        '',
        CALLS_ABOVE_FLOOR,
        '',
        '## 2. Wait overhead',
        '',
        'Time from the snapshot becoming ready in the emulator (its creation + the delay) to the wait returning; '
        'the module column runs the module\'s own `wait_until_ready` (module_utils/_waiter.py) with the real '
        'client against a real emulator; the fixed column polls the same detail call 2 s after the create and then every 3 s '
        '(a `uri` + `until` playbook, Terraform\'s StateChangeConf). All delays run in parallel threads, one emulator each. '
        'The emulator stamps the snapshot between the create being sent and its reply, so each figure is exact to within that '
        'round trip (shown as the upper bound). Target: at most one interval of the schedule at that delay (0.5 s + 7.5 % of '
        'the delay, at most 9 s) plus 0.1 s for the round trip; a single run cannot show the mean (see "Wait schedule" below).',
        '',
        '| creation delay | target | module: overhead | module: polls | fixed 3 s loop: overhead | fixed: polls | module target |',
        '|---:|---:|---:|---:|---:|---:|---|',
    ]
    for delay, m_lo, m_hi, m_polls, f_lo, f_hi, f_polls in wait_rows:
        target = min(9.0, 0.5 + 0.075 * delay) + 0.1
        lines.append(
            '| %g s | %.1f s | %.2f s (≤ %.2f) | %d | %.2f s (≤ %.2f) | %d | %s |'
            % (delay, target, m_lo, m_hi, m_polls, f_lo, f_hi, f_polls, ok(m_hi <= target))
        )
    lines += [
        '',
        WAIT_NOTE,
        '',
        '## 3. Per-task overhead',
        '',
        'Plays with %d looped tasks of each kind on localhost (`ansible_connection=local`), minus a play with no tasks '
        '(median %.2f s); per task = (median of %d runs − empty play) / %d. The runs are interleaved so drift hits each kind alike. '
        'The `uri` task calls the same emulator endpoint the module uses for a detail (`getBlockStorageSnapshotInstanceDetail`) '
        'unsigned, and expects the 401 the gateway answers at once: what a hand-written call costs without its signing. '
        'The module task is converged (the named snapshot exists), %d request per task.' % (n, empty, repeats, n, module_calls // n),
        '',
        '| task | per task | × ping | × uri | runs (s) |',
        '|---|---:|---:|---:|---|',
    ]
    for kind, value in per_task.items():
        runs = ', '.join('%.2f' % t for t in times[kind])
        lines.append('| %s | %.0f ms | %.2f | %.2f | %s |' % (kind, value * 1000, value / ping, value / uri, runs))
    lines.append('| empty play (start-up) | — | | | %s |' % ', '.join('%.2f' % t for t in times['empty play']))
    lines += [
        '',
        'Targets: at most 1.25× ping: %s (%.2f×); no more than uri: %s (%.2f×).' % (ok(mod <= 1.25 * ping), mod / ping, ok(mod <= uri), mod / uri),
        '',
        'Import time in a fresh interpreter (median of 5 runs, interpreter start-up included):',
        '',
        '| import | seconds |',
        '|---|---:|',
    ]
    lines += ['| %s | %.3f |' % kv for kv in imports.items()]
    module_extra = 1000 * (imports['blockstorage_snapshot module'] - imports['ansible.module_utils.basic (ping needs this)'])
    lines += [
        '',
        OVERHEAD_NOTE.format(module_extra=module_extra, task_extra=1000 * (mod - ping)),
        '',
        '## 4. Fleet',
        '',
        'Named snapshots (`name: fleet-snap`, wait on) of 1, 10 and 50 volumes; the emulator adds 50 ms to every API call and '
        'takes 1 s to make a snapshot. "loop" is one task looping over the volumes on localhost; "one host per volume" is an '
        'inventory of N hosts, all `ansible_connection=local`, at the given forks; beside it the same inventory and forks '
        'running only `ping`, i.e. what Ansible alone costs.',
        '',
        '| volumes | how | forks | wall time | requests | requests/volume | ping alone, same hosts/forks |',
        '|---:|---|---:|---:|---:|---:|---:|',
    ]
    for size, label, forks, wall, calls, ping_wall in fleet_rows:
        ping_cell = '—' if ping_wall is None else '%.1f s' % ping_wall
        lines.append('| %d | %s | %d | %.1f s | %d | %.1f | %s |' % (size, label, forks, wall, calls, calls / size, ping_cell))
    lines += ['', FLEET_NOTE, '']
    return '\n'.join(lines)


CALLS_ABOVE_FLOOR = '''\
**Calls above the floor, and why they stay.**

- *Create*: the floor for a named create with wait is the name look-up (without it the task is not idempotent), the
  create, and one read once the snapshot is ready. The module's wait cannot know when that is, so for a 2 s creation
  it polls at 1 s (not ready) and 2 s (ready): one poll above the floor, the price of its schedule (section 2). It also
  makes two deliberate calls:
  - `getBlockStorageInstanceDetail` (volume check) before the write: an unknown or foreign-region volume fails with a
    message naming it before anything is written, and check mode predicts the result (size, type, encryption) from it.
  - a second `getBlockStorageSnapshotInstanceList` by name after the create (the same-name race check): two runs creating
    the same name at once both pass the look-up; this check makes exactly one of them give way, so a name always means
    one snapshot. It cannot be folded into the look-up (it must come after the create), and folding it into the first
    poll would change the well-tested wait path; one list call per create is the price of that guarantee.
- *Delete*: on XEN, CB1 and FB1 volumes (the benchmark uses the XEN SSD volume) NCP deletes a chain newest first, so the
  module lists the volume's snapshots once to find dependants before deleting (failing clearly, or deleting them with
  `cascade`). On CB2/FB2 volumes this call is skipped. The wait for deletion polls one list call for all snapshots deleted.
- *Info*: one list call per 1,000 snapshots (the page size the emulator allows at most), no detail calls.'''

WAIT_NOTE = '''\
The module sleeps 0.5 s + 7.5 % of the time already waited, at most 9 s, before each poll (module_utils/_waiter.py), so
the delay between "ready" and "noticed" is at most one such interval and half of one on average, and the number of polls
grows with the logarithm of the creation time up to two minutes, then by one every 9 s. A fixed 3 s loop notices
readiness up to 3 s late whatever the wait and its polls grow linearly (40 polls for a 2-minute creation, 1,200 for an
hour). The figures are single runs: the module's overhead depends on where in its interval readiness falls; the
"Wait schedule" section below gives means and worst cases over many readiness times.'''

OVERHEAD_NOTE = '''\
Where the time goes: every Ansible module task ships an AnsiballZ zip to a new Python process that imports
`ansible.module_utils.basic` (the same for `ping`), so `ping` is the floor. `blockstorage_snapshot` on top needs
`requests` (with urllib3, idna, charset_normalizer, certifi and http.cookiejar), its own module_utils, one signed HTTP
request and the reply: importing the module costs {module_extra:.0f} ms more than `ansible.module_utils.basic` alone,
which is most of the {task_extra:.0f} ms the task costs above `ping`. `uri` pays the same kind of price for
`ansible.module_utils.urls`. The collection imports nothing beyond `requests` and its own small module_utils on the
converged path, and every task makes a request, so a lazy import of `requests` would save nothing; `requests` is a
required runtime dependency. So the 1.25× `ping` target is out of reach while the module uses `requests`: the floor
for a module that makes one HTTPS call with it is `ping` plus the import of `requests`, not `ping`.'''

FLEET_NOTE = '''\
Each volume costs the same requests however the run is shaped (look-up, volume check, create, race check, polls), so the
request count grows linearly with the fleet and nothing is shared or serialised between volumes. A loop on one host
runs the volumes one after another (each waits for its own snapshot); one host per volume runs `forks` of them at once,
and its wall time follows the `ping` column, i.e. Ansible's process-per-host cost on this machine's cores, plus
one snapshot's creation and wait.'''


def link_collection():
    """ANSIBLE_COLLECTIONS_PATH=COLLECTIONS finds this checkout as ncloud.vserver."""
    os.makedirs(os.path.join(COLLECTIONS, 'ansible_collections', 'ncloud'), exist_ok=True)
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'ncloud', 'vserver')
    if not os.path.islink(link):
        os.symlink(ROOT, link)


# From this line on, docs/performance.md is kept as it is when the report is rewritten: the sections
# other benchmarks fill between their markers, and their prose.
KEPT = '<!-- bench.py keeps what follows -->'


def write_marked(path, begin, end, text, section=''):
    """Put ``text`` between the markers ``begin`` and ``end`` in ``path``: a benchmark's table in the docs.

    Where the markers are missing, ``section`` (the table's heading and prose) and the markers are
    added at the end; without a section that is an error.
    """
    with open(path, encoding='utf-8') as handle:
        document = handle.read()
    if begin not in document or end not in document:
        if not section:
            raise SystemExit('%s has no %s ... %s markers' % (path, begin, end))
        document = document.rstrip('\n') + '\n\n' + section + begin + '\n' + end + '\n'
    start, stop = document.index(begin) + len(begin), document.index(end)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(document[:start] + '\n' + text + '\n' + document[stop:])


def write_report(text, path):
    """Write the report, keeping the file's part from KEPT on."""
    kept = ''
    if os.path.exists(path):
        with open(path, encoding='utf-8') as handle:
            old = handle.read()
        kept = old[old.index(KEPT) :] if KEPT in old else ''
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text.rstrip('\n') + '\n\n' + kept if kept else text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='short delays and fewer runs, to check the script')
    parser.add_argument('--output', default=os.path.join(ROOT, 'docs', 'performance.md'))
    parser.add_argument('--render', action='store_true', help='only rewrite the output from the last run\'s results')
    args = parser.parse_args()
    results = os.path.join(WORK, 'results.json')
    if args.render:
        with open(results) as handle:
            saved = json.load(handle)
        saved['started'] = time.time() - saved.pop('elapsed')
        write_report(report(**saved), args.output)
        return
    started = time.time()
    link_collection()
    n, repeats = (10, 1) if args.quick else (30, 3)
    wait_delays = (1, 5) if args.quick else (1, 5, 30, 120)
    # Timings first, alone on the machine; then the waits (mostly sleeping) in the background.
    print('== per-task overhead (%d tasks a play, %d rounds)' % (n, repeats), flush=True)
    overhead = bench_overhead(n, repeats)
    imports = import_times()
    print('== wait overhead (in the background, %s s delays)' % ', '.join(map(str, wait_delays)), flush=True)
    wait_result = {}
    waiter = threading.Thread(target=lambda: wait_result.update(rows=bench_wait(wait_delays)))
    waiter.start()
    print('== requests per task', flush=True)
    req_rows = bench_requests(args.quick)
    print('== fleet', flush=True)
    fleet_rows = bench_fleet((1, 10) if args.quick else (1, 10, 50), (10, 50))
    waiter.join()
    saved = dict(m=machine(), req_rows=req_rows, wait_rows=wait_result['rows'], overhead=overhead, imports=imports, fleet_rows=fleet_rows, n=n, repeats=repeats)
    with open(results, 'w') as handle:
        json.dump(dict(saved, elapsed=time.time() - started), handle)
    text = report(started=started, **saved)
    write_report(text, args.output)
    print('\n' + text)
    print('\nwritten to %s' % os.path.relpath(args.output, ROOT))


if __name__ == '__main__':
    main()
