"""`make bench`: the ncloud inventory plugin over 4 to 5,000 servers: requests, wall time, against a static inventory.

A benchmark, not a test. For each size an emulator serves the default servers plus a fleet (``--fleet``, four volumes a
server), and ``ansible-inventory --list`` reads it through the plugin, three times: without a cache, with an empty
cache (reads NCP, fills the cache) and from the filled cache. The baseline is ``ansible-inventory --list`` of a static
YAML inventory of as many hosts with no variables: what Ansible costs before the plugin sends a request. Printed per
run: requests (from the emulator's log), wall time and its ratio to the baseline. Goals (issue 15): one request a
listing (3 a region) while each fits a page of 1,000 rows, then the pages read twice, nothing a server; a cached run
sends none.
Writes the table between its markers in docs/performance.md.

    .venv-311/bin/python benchmarks/inventory_scale.py [--quick] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
import bench  # noqa: E402  (the emulator process, the environment of an Ansible run, the collection link)

DOC = os.path.join(bench.ROOT, 'docs', 'performance.md')
BEGIN = '<!-- inventory_scale.py: begin -->'
END = '<!-- inventory_scale.py: end -->'
DEFAULT_SERVERS = 4
DEFAULT_KR_VOLUMES = 6
PAGE = 1000
CACHE = os.path.join(bench.WORK, 'inventory-cache')


def inventory_file(cached):
    path = os.path.join(bench.WORK, 'cached.ncloud.yml' if cached else 'bench.ncloud.yml')
    options = {'plugin': 'ncloud.vserver.ncloud', 'keyed_groups': [{'key': 'ncloud_hypervisor_type', 'prefix': 'hypervisor'}]}
    if cached:
        options.update(cache=True, cache_plugin='ansible.builtin.jsonfile', cache_connection=CACHE, cache_timeout=3600)
    with open(path, 'w') as handle:
        json.dump(options, handle)  # JSON is YAML
    return path


def static_file(servers):
    path = os.path.join(bench.WORK, 'static-%d.yml' % servers)
    with open(path, 'w') as handle:
        json.dump({'all': {'hosts': {'svr-%d' % index: {'ansible_host': '10.0.%d.%d' % divmod(index, 256)} for index in range(servers)}}}, handle)
    return path


def list_inventory(emulator, path, servers):
    """(requests, seconds) of one ``ansible-inventory --list``; checks it lists ``servers`` hosts."""
    emulator.clear_log()
    command = [os.path.join(os.path.dirname(bench.PY), 'ansible-inventory'), '-i', path, '--list']
    env = bench.ansible_env(emulator, {'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true'})
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise RuntimeError('ansible-inventory failed on %s' % path)
    hosts = len(json.loads(done.stdout)['_meta']['hostvars'])
    if hosts != servers:
        raise RuntimeError('%s listed %d hosts, not %d' % (path, hosts, servers))
    return len(emulator.requests()), seconds


def measure(fleet_servers):
    rows = []
    for extra in fleet_servers:
        servers = DEFAULT_SERVERS + extra
        emulator = bench.Emulator('--fleet', extra * 4)
        try:
            print('== %d servers' % servers, flush=True)
            dummy, baseline = list_inventory(emulator, static_file(servers), servers)
            rows.append((servers, 'static inventory (baseline)', 0, baseline, baseline))
            rows.append((servers, 'plugin', *list_inventory(emulator, inventory_file(False), servers), baseline))
            shutil.rmtree(CACHE, ignore_errors=True)
            rows.append((servers, 'plugin, cache empty', *list_inventory(emulator, inventory_file(True), servers), baseline))
            rows.append((servers, 'plugin, from the cache', *list_inventory(emulator, inventory_file(True), servers), baseline))
        finally:
            emulator.stop()
    return rows


def table(rows):
    lines = ['| servers | run | requests | wall time | × the static inventory |', '|---:|---|---:|---:|---:|']
    for servers, run, requests, seconds, baseline in rows:
        lines.append('| {:,} | {} | {} | {:.2f} s | {:.1f}× |'.format(servers, run, requests, seconds, seconds / baseline))
    return '\n'.join(lines)


def pages(rows):
    """Requests of one listing of ``rows`` rows: one page, or two passes over every page of 1,000 (_paging.py)."""
    return 1 if rows <= PAGE else 2 * -(-rows // PAGE)


def expected_requests(servers):
    """Servers, interfaces (one each) and the KR volumes: four a fleet server, six default ones."""
    return pages(servers) + pages(servers) + pages(4 * (servers - DEFAULT_SERVERS) + DEFAULT_KR_VOLUMES)


def goals(rows):
    """Whether the request goals hold: the listings' pages and no more, and none from the cache."""
    plugin = [row for row in rows if row[1] == 'plugin']
    cached = [row for row in rows if row[1] == 'plugin, from the cache']
    return all(row[2] == expected_requests(row[0]) for row in plugin) and all(row[2] == 0 for row in cached)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='4 and 250 servers only')
    parser.add_argument('--no-write', action='store_true', help='print only')
    args = parser.parse_args()
    bench.link_collection()
    os.makedirs(bench.WORK, exist_ok=True)
    rows = measure((0, 246) if args.quick else (0, 246, 996, 4996))
    text = table(rows)
    print(text)
    met = goals(rows)
    print('requests: %s' % ('the listings\' pages and no more, none from the cache: met' if met else 'NOT MET'))
    if not args.no_write:
        bench.write_marked(DOC, BEGIN, END, text, SECTION)
    return 0 if met else 1


SECTION = '''## The inventory plugin over 5,000 servers

`benchmarks/inventory_scale.py` (run by `make bench`): an emulator with the 4 default servers plus a fleet of servers
with four volumes each, read by `ansible-inventory --list` through `ncloud.vserver.ncloud`: without a cache, with an
empty cache, and from the filled cache (`ansible.builtin.jsonfile`). The baseline is `ansible-inventory --list` of a
static YAML inventory of as many hosts: what Ansible costs before the plugin sends a request. A region costs three
paged listings (servers, their network interfaces, volumes); past 1,000 rows a listing takes a page per 1,000 rows and
is read twice (module_utils/_paging.py), so requests grow with pages, not with servers.

'''


if __name__ == '__main__':
    sys.exit(main())
