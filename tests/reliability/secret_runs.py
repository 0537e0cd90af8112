# -*- coding: utf-8 -*-
"""The -vvvv runs that test_secrets.py searches: every integration target, and the failure paths.

Each target runs as its own ansible-playbook -vvvv through ansible-runner (which stores every job
event), against its own emulator that records the signature of every request it receives. The
runs take minutes of Ansible's own per-task work, so conftest.py starts them in the background as
the session begins and test_secrets.py collects them at the end.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

import harness

TARGETS = harness.ROOT / 'tests' / 'integration' / 'targets'
CREATE = 'createBlockStorageSnapshotInstance'
LIST = 'getBlockStorageSnapshotInstanceList'

# Module processes only (the AnsiballZ payload, piped to python or run from a file): sleep at
# most 50 ms, so a wait polls every 50 ms instead of every second. What they print is unchanged.
FAST_SLEEP = """
import os, sys, time
if os.path.basename(sys.argv[0] if sys.argv else '').startswith('AnsiballZ_') or (sys.argv or [''])[0] in ('', '-'):
    _sleep = time.sleep
    time.sleep = lambda seconds: _sleep(min(seconds, 0.05))
"""

CONNECTION = {
    'api_url': '{{ ncloud_api_url }}',
    'access_key': '{{ ncloud_access_key }}',
    'secret_key': '{{ ncloud_secret_key }}',
    'api_retries': 1,
    'api_timeout': 5,
}
FAILURE_TASKS = [
    {
        'name': 'Lose the reply to a create, and make every look-up fail',
        'ansible.builtin.uri': {
            'url': '{{ ncloud_api_url }}/_emulator/faults',
            'method': 'POST',
            'body_format': 'json',
            'body': [CREATE + ':drop:1', LIST + ':503:20'],
        },
    },
    {
        'name': 'Create a named snapshot through the faults',
        'ncloud.vserver.blockstorage_snapshot': {'block_storage_instance_no': '3081227', 'name': 'secret-check'},
        'ignore_errors': True,
    },
    {
        'name': 'Lose the reply to a create again',
        'ansible.builtin.uri': {'url': '{{ ncloud_api_url }}/_emulator/faults', 'method': 'POST', 'body_format': 'json', 'body': [CREATE + ':drop:1']},
    },
    {'name': 'Create without a name', 'ncloud.vserver.blockstorage_snapshot': {'block_storage_instance_no': '3081228', 'wait': False}, 'ignore_errors': True},
    {
        'name': 'Use a wrong secret key',
        'ncloud.vserver.blockstorage_snapshot': {'snapshot_no': '1', 'secret_key': 'wrong-{{ ncloud_secret_key }}'},
        'ignore_errors': True,
    },
    {'name': 'Ask for a volume that does not exist', 'ncloud.vserver.blockstorage_snapshot': {'block_storage_instance_no': '42'}, 'ignore_errors': True},
]


def targets():
    return sorted(path.name for path in TARGETS.iterdir() if (path / 'tasks' / 'main.yml').is_file())


def play(name):
    """One play: an integration target as a role, or (for ``failure-paths``) the failure tasks above."""
    common = {'hosts': 'localhost', 'gather_facts': False, 'vars_files': ['integration_config.yml']}
    if name == 'failure-paths':
        return dict(common, name='Failure paths at -vvvv', module_defaults={'group/ncloud.vserver.all': CONNECTION}, tasks=FAILURE_TASKS)
    return dict(common, name='Integration target %s at -vvvv' % name, roles=[name])


class SecretRun:
    """One ansible-playbook -vvvv run through ansible-runner, with its own emulator."""

    def __init__(self, name, base):
        import ansible_runner  # pylint: disable=import-outside-toplevel

        self.name = name
        self.emulator = harness.start(create_delay=0.1, delete_delay=0.1)  # real time: Ansible runs in other processes
        self.private = Path(base, name)
        project = self.private / 'project'
        project.mkdir(parents=True)
        (self.private / 'inventory').mkdir()
        (self.private / 'inventory' / 'hosts').write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
        (project / 'integration_config.yml').write_text(
            json.dumps({'ncloud_api_url': self.emulator.url, 'ncloud_access_key': self.emulator.access_key, 'ncloud_secret_key': self.emulator.secret_key})
        )
        (project / 'play.yml').write_text(json.dumps([play(name)], indent=1))
        fast = self.private / 'fast'
        fast.mkdir()
        (fast / 'sitecustomize.py').write_text(FAST_SLEEP)
        self.log_file = self.private / 'ansible.log'
        envvars = {
            'ANSIBLE_COLLECTIONS_PATH': harness.COLLECTIONS_DIR,
            'ANSIBLE_ROLES_PATH': str(TARGETS),
            'ANSIBLE_LOG_PATH': str(self.log_file),
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_PIPELINING': '1',
            'HOME': str(self.private),
            'PYTHONPATH': str(fast),
            'PATH': os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''),
        }
        self.cancelled = False
        self.thread, self.runner = ansible_runner.run_async(
            private_data_dir=str(self.private),
            playbook='play.yml',
            verbosity=4,
            quiet=True,
            envvars=envvars,
            settings={'suppress_ansible_output': True},
            cancel_callback=lambda: self.cancelled,
        )

    def finish(self, timeout):
        self.thread.join(timeout)
        self.emulator.stop()
        return not self.thread.is_alive()

    def cancel(self):
        """Stop the run if it is still going (ansible-runner polls the callback), and its emulator."""
        if self.thread.is_alive():
            self.cancelled = True
            self.finish(timeout=60)

    def outputs(self):
        """Everything the run wrote, by name: stdout, the job events, every artifact, Ansible's log."""
        found = {'%s/stdout' % self.name: self.runner.stdout.read(), '%s/events' % self.name: json.dumps(list(self.runner.events))}
        paths = [path for path in sorted((self.private / 'artifacts').rglob('*')) if path.is_file()] + [self.log_file]
        found.update(('%s/%s' % (self.name, path.relative_to(self.private)), path.read_text(errors='replace')) for path in paths if path.exists())
        return found


def start_all():
    base = tempfile.mkdtemp(prefix='ncloud-secrets-')
    return [SecretRun(name, base) for name in targets() + ['failure-paths']]
