# -*- coding: utf-8 -*-
"""Which ways of passing access_key/secret_key leak the secret at which verbosity (docs/reliability.md).

Runs one ansible-playbook per way and verbosity against the emulator (a failing task included, so
error paths print too) and greps everything ansible-playbook printed for the secret key. Not part
of the pytest suite (minutes of Ansible start-up); run by hand:

    .venv-311/bin/python tests/reliability/key_passing_check.py
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import harness

VERBOSITY = {'default': [], '-v': ['-v'], '-vvv': ['-vvv'], '-vvvv': ['-vvvv'], 'ANSIBLE_DEBUG=1': ['-vvvv']}
TASK = {'block_storage_instance_no': '3081227', 'name': 'key-check'}
BAD = {'block_storage_instance_no': '42'}


def ways(url, access, secret):
    """way -> (play, extra environment of ansible-playbook, files in HOME)."""
    keys = {'access_key': access, 'secret_key': secret}
    play = {'hosts': 'localhost', 'gather_facts': False}

    def tasks(extra=None, no_log=False):
        made = []
        for args, name in ((TASK, 'good'), (BAD, 'bad')):
            task = {'name': name, 'ncloud.vserver.blockstorage_snapshot': dict(args, api_url=url, **(extra or {})), 'ignore_errors': True}
            if no_log:
                task['no_log'] = True
            made.append(task)
        return made

    env_keys = {'NCLOUD_ACCESS_KEY': access, 'NCLOUD_SECRET_KEY': secret}
    return {
        'module args': (dict(play, tasks=tasks(keys)), {}, {}),
        'module args + no_log: true': (dict(play, tasks=tasks(keys, no_log=True)), {}, {}),
        'module_defaults': (dict(play, module_defaults={'group/ncloud.vserver.all': keys}, tasks=tasks()), {}, {}),
        'vault-encrypted vars in module args': (
            dict(play, vars_files=['vault.yml'], tasks=tasks({'access_key': '{{ vault_access }}', 'secret_key': '{{ vault_secret }}'})),
            {},
            {'vault': True},
        ),
        'task environment: keyword': (dict(play, tasks=[dict(task, environment=env_keys) for task in tasks()]), {}, {}),
        'controller environment variables': (dict(play, tasks=tasks()), env_keys, {}),
        '~/.ncloud/configure': (dict(play, tasks=tasks()), {}, {'configure': True}),
    }


def run_one(way, play, extra_env, files, verbosity, emulator, venv_bin):
    work = Path(tempfile.mkdtemp(prefix='keycheck-'))
    (work / 'play.yml').write_text(json.dumps([play]))
    (work / 'inventory').write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    command = [str(venv_bin / 'ansible-playbook'), '-i', str(work / 'inventory'), str(work / 'play.yml')] + VERBOSITY[verbosity]
    if files.get('vault'):
        (work / 'pass').write_text('vault-pass\n')
        plain = work / 'vault.yml'
        plain.write_text('vault_access: %s\nvault_secret: %s\n' % (emulator.access_key, emulator.secret_key))
        subprocess.run([str(venv_bin / 'ansible-vault'), 'encrypt', '--vault-password-file', str(work / 'pass'), str(plain)], check=True, capture_output=True)
        command += ['--vault-password-file', str(work / 'pass')]
    if files.get('configure'):
        (work / '.ncloud').mkdir()
        (work / '.ncloud' / 'configure').write_text(
            '[DEFAULT]\nncloud_access_key_id = %s\nncloud_secret_access_key = %s\n' % (emulator.access_key, emulator.secret_key)
        )
    env = {name: value for name, value in os.environ.items() if not name.startswith(('NCLOUD_', 'ANSIBLE_'))}
    env.update(
        HOME=str(work),
        ANSIBLE_COLLECTIONS_PATH=harness.COLLECTIONS_DIR,
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_LOCALHOST_WARNING='false',
        PATH=str(venv_bin) + os.pathsep + env.get('PATH', ''),
        **extra_env,
    )
    if verbosity == 'ANSIBLE_DEBUG=1':
        env['ANSIBLE_DEBUG'] = '1'
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = done.stdout + done.stderr
    ran = 'ok=' in output or 'failed=' in output
    return ran, output.count(emulator.secret_key)


def main():
    venv_bin = Path(sys.executable).parent
    emulator = harness.start(create_delay=0.1, delete_delay=0.1)
    rows = []
    try:
        for way, (play, extra_env, files) in ways(emulator.url, emulator.access_key, emulator.secret_key).items():
            cells = []
            for verbosity in VERBOSITY:
                emulator.reset()
                ran, hits = run_one(way, play, extra_env, files, verbosity, emulator, venv_bin)
                cells.append('did not run' if not ran else ('**leaks** (%d)' % hits if hits else 'safe'))
            rows.append('| %s | %s |' % (way, ' | '.join(cells)))
    finally:
        emulator.stop()
    table = '\n'.join(['| way | %s |' % ' | '.join(VERBOSITY), '|---|%s' % ('---|' * len(VERBOSITY))] + rows)
    harness.write_output('key_passing.md', table + '\n')
    print(table)


if __name__ == '__main__':
    main()
