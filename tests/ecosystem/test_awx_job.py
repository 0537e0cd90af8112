"""A job as AWX / Automation Controller runs it, replayed with ansible-runner.

AWX runs a job template's playbook through ansible-runner, with each credential of the job
injected into the environment by its credential type, and stores the job's events and stdout.
These tests do the same with what docs/awx.md tells users to set up: the credential type of
docs/awx/credential-type-*.yml, the job template playbook docs/awx/rotation-job.yml, and the
collection as users get it, built into a tarball and installed into a collections path.

Run through scripts/with-emulator.sh (`make ecosystem-tests`): the emulator's URL and keys arrive in
NCLOUD_API_GW, NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY. They become the inputs of an AWX
credential and are removed from the environment, so the job gets them only the way AWX gives them.
"""

from __future__ import annotations

import re
import shutil

import ansible_runner
import pytest

from _awx import AWX_DOCS, CONNECTION_VARIABLES, SNAPSHOT_TASK, control, credential_type, injected_env, leaks, stdout_of, task_result

PLAYBOOK = 'rotation-job.yml'
VOLUME = '3081227'  # the emulator's XEN SSD volume (docs/emulator.md)
OTHER_VOLUME = '3081231'  # its KVM CB2 volume
# The highest job verbosity AWX offers short of WinRM debugging, "4 (Connection Debug)": the most
# output, so the most places for a secret to slip into.
VERBOSITY = 4


@pytest.fixture(scope='module')
def emulator(job_environment):
    """The emulator's URL and keys, taken out of the environment the jobs inherit."""
    found = {name: job_environment[name] for name in ('NCLOUD_API_GW', 'NCLOUD_ACCESS_KEY', 'NCLOUD_SECRET_KEY')}
    if not all(found.values()):
        pytest.fail('run through scripts/with-emulator.sh (make ecosystem-tests): NCLOUD_API_GW and the keys are not set')
    return {'url': found['NCLOUD_API_GW'], 'access_key': found['NCLOUD_ACCESS_KEY'], 'secret_key': found['NCLOUD_SECRET_KEY']}


def run_job(private_data_dir, collections, credential, extravars):
    """Run the job template playbook as AWX does; ansible-runner's result (status, events, artifacts)."""
    project = private_data_dir / 'project'
    project.mkdir(parents=True)
    shutil.copy(AWX_DOCS / PLAYBOOK, project)
    inventory = private_data_dir / 'inventory'
    inventory.mkdir()
    # AWX's usual localhost entry (its "Demo Inventory"): the modules run on the execution environment's Python.
    (inventory / 'hosts').write_text("localhost ansible_connection=local ansible_python_interpreter='{{ ansible_playbook_python }}'\n")
    env = dict(injected_env(credential), ANSIBLE_COLLECTIONS_PATH=str(collections))
    return ansible_runner.run(private_data_dir=str(private_data_dir), playbook=PLAYBOOK, envvars=env, extravars=extravars, verbosity=VERBOSITY, quiet=True)


def test_credential_type_injects_every_connection_variable():
    inputs, injectors = credential_type()
    fields = {field['id']: field for field in inputs['fields']}
    assert set(injectors['env']) == CONNECTION_VARIABLES
    assert set(fields) == {'access_key', 'secret_key', 'region', 'site', 'api_url'}
    assert fields['secret_key'].get('secret') is True
    assert set(inputs['required']) == {'access_key', 'secret_key'}
    # Inputs left empty in the AWX form must still give the modules valid values.
    env = injected_env({'access_key': 'AK', 'secret_key': 'SK'})
    assert env == {'NCLOUD_ACCESS_KEY': 'AK', 'NCLOUD_SECRET_KEY': 'SK', 'NCLOUD_REGION': 'KR', 'NCLOUD_SITE': 'public', 'NCLOUD_API_GW': ''}


def test_nightly_rotation_job_snapshots_once_a_day_and_never_shows_the_secret(tmp_path, emulator, collections):
    control(emulator, 'POST', 'reset')
    # The API answers 503 four times in a row. The module's default of 3 retries gives up after 4
    # attempts; only the `api_retries: 5` the play sets through module_defaults on
    # group/ncloud.vserver.all gets the job through, so its success proves the action group works.
    control(emulator, 'POST', 'faults', ['*:503:4'])
    # region and site left empty in the AWX form; api_url points the job at the emulator.
    credential = {'access_key': emulator['access_key'], 'secret_key': emulator['secret_key'], 'region': '', 'site': '', 'api_url': emulator['url']}
    # As a survey gives them: one text field, numbers separated by commas.
    extravars = {'ncloud_volumes': VOLUME + ', ' + OTHER_VOLUME, 'ncloud_keep': 2}

    first = run_job(tmp_path / 'first', collections, credential, extravars)
    assert first.status == 'successful', stdout_of(first)
    taken = task_result(first, SNAPSHOT_TASK)['results']
    assert [(item['item'], item['changed']) for item in taken] == [(VOLUME, True), (OTHER_VOLUME, True)]
    # The job runs on the controller (localhost, the local connection): the action plugin runs the task in-process.
    assert 'running %s/ansible_collections/ncloud/vserver/plugins/modules/blockstorage_snapshot_batch.py in the controller' % collections in stdout_of(first), (
        'the task did not run in-process from the installed tarball'
    )
    requests = control(emulator, 'GET', 'requests')['requests']
    assert [request['status'] for request in requests][:5] == [503, 503, 503, 503, 200], requests
    assert {request['user_agent'].rsplit(' ', 1)[-1] for request in requests} == {'(controller)'}, requests
    assert [snapshot['blockStorageSnapshotInstanceStatus']['code'] for snapshot in control(emulator, 'GET', 'snapshots')['snapshots']] == ['CREAT', 'CREAT'], (
        'the job ended before its snapshots were ready'
    )
    # The summary table is in the job's output, where AWX shows it.
    assert re.search(r'volume +taken +kept +deleted +held +failed', stdout_of(first)), stdout_of(first)
    assert leaks(first, emulator['secret_key']) == []

    # The schedule runs the job again the same night: tonight's snapshots are there, nothing is taken or deleted.
    second = run_job(tmp_path / 'second', collections, credential, extravars)
    assert second.status == 'successful', stdout_of(second)
    assert [item['changed'] for item in task_result(second, SNAPSHOT_TASK)['results']] == [False, False]
    assert len(control(emulator, 'GET', 'snapshots')['snapshots']) == 2
    assert leaks(second, emulator['secret_key']) == []


def test_job_with_a_wrong_secret_fails_without_showing_it(tmp_path, emulator, collections):
    control(emulator, 'POST', 'reset')
    wrong_secret = 'WRONGSECRET' + emulator['secret_key'][11:]
    credential = {'access_key': emulator['access_key'], 'secret_key': wrong_secret, 'api_url': emulator['url']}

    job = run_job(tmp_path / 'job', collections, credential, {'ncloud_volumes': [VOLUME]})
    assert job.status == 'failed', stdout_of(job)
    # The batch fails at its first request (the volume list), before any volume is an item of its own.
    assert 'Authentication Failed' in task_result(job, SNAPSHOT_TASK)['msg']
    assert leaks(job, wrong_secret) == []
    assert control(emulator, 'GET', 'snapshots')['snapshots'] == []
