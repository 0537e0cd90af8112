# -*- coding: utf-8 -*-
"""Diffs through Ansible's own diff callback: ansible-playbook --diff with the default callback.

issue 13 point 8: blockstorage_snapshot state=absent returned its diff as a list, and the default
callback, which expects before/after dicts (or text), failed to show it ("'list' object has no
attribute 'splitlines'"). The unit tests check the shape; this checks what a user sees.
"""

import json
import os
import subprocess
import sys

import pytest

import harness

CONNECTION = {'api_url': '{{ ncloud_api_url }}', 'access_key': '{{ ncloud_access_key }}', 'secret_key': '{{ ncloud_secret_key }}'}
SNAPSHOT = 'ncloud.vserver.blockstorage_snapshot'
VOLUME = 'ncloud.vserver.blockstorage'


def tasks():
    """Every diff-mode path of the two modules that change NCP: create, converge, delete, gone."""
    return [
        {'name': 'Create a snapshot', SNAPSHOT: {'block_storage_instance_no': '3081227', 'name': 'diff-a'}},
        {'name': 'Find it again', SNAPSHOT: {'block_storage_instance_no': '3081227', 'name': 'diff-a'}},
        {'name': 'Delete it, in check mode', SNAPSHOT: {'name': 'diff-a', 'state': 'absent'}, 'check_mode': True},
        {'name': 'Delete it', SNAPSHOT: {'name': 'diff-a', 'state': 'absent'}, 'register': 'deleted'},
        {'name': 'Delete it once more', SNAPSHOT: {'name': 'diff-a', 'state': 'absent'}},
        {'name': 'Make a volume', VOLUME: {'name': 'diff-volume', 'zone': 'KR-1', 'size': 10, 'volume_type': 'CB1'}},
        {'name': 'Delete the volume', VOLUME: {'name': 'diff-volume', 'state': 'absent'}},
        {'name': 'Show the delete diff', 'ansible.builtin.debug': {'var': 'deleted.diff'}},
    ]


@pytest.fixture(scope='module')
def emulator():
    started = harness.start(create_delay=0.1, delete_delay=0.1, volume_delay=0.1)  # real time: Ansible runs in other processes
    yield started
    started.stop()


def test_default_callback_shows_every_diff(emulator, tmp_path):
    play = {
        'hosts': 'localhost',
        'gather_facts': False,
        'vars_files': ['config.yml'],
        'module_defaults': {'group/ncloud.vserver.all': CONNECTION},
        'tasks': tasks(),
    }
    (tmp_path / 'config.yml').write_text(
        json.dumps({'ncloud_api_url': emulator.url, 'ncloud_access_key': emulator.access_key, 'ncloud_secret_key': emulator.secret_key})
    )
    (tmp_path / 'play.yml').write_text(json.dumps([play]))
    env = {name: value for name, value in os.environ.items() if not name.startswith(('NCLOUD_', 'ANSIBLE_'))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=harness.COLLECTIONS_DIR,
        ANSIBLE_STDOUT_CALLBACK='default',
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_LOCALHOST_WARNING='false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
        HOME=str(tmp_path),
        PATH=os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', ''),
    )
    run = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'),
            '--diff',
            '-i',
            'localhost,',
            '-c',
            'local',
            '-e',
            'ansible_python_interpreter=' + sys.executable,
            'play.yml',
        ],
        cwd=str(tmp_path),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = run.stdout + run.stderr
    harness.write_output('diff-callback.txt', output)
    assert run.returncode == 0, output[-3000:]
    for sign in ('splitlines', 'Failed to show diff', 'Traceback', '[ERROR]'):
        assert sign not in output, '%r in the output of ansible-playbook --diff:\n%s' % (sign, output[-3000:])
    # The delete's diff lists the snapshot that went; "after" lists none.
    assert '"snapshots": []' in output and '"name": "diff-a"' in output
