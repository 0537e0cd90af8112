# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The base runner: text ansible-core cannot log, a missing requests library, failures and results."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils._internal._json import _profiles
from ansible.module_utils.testing import patch_module_args

from ansible_collections.ncloud.vserver.plugins.module_utils import _runner
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import run_task
from ansible_collections.ncloud.vserver.plugins.modules import blockstorage_snapshot, blockstorage_snapshot_info

from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import ok, snapshot

LIST = 'getBlockStorageSnapshotInstanceList'


def run(main, args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exited:
        main()
    result = json.loads(capsys.readouterr().out)
    assert (exited.value.code != 0) == bool(result.get('failed'))
    return result


@pytest.fixture
def module_side(monkeypatch):
    """Decode module arguments as a module process does: the UTF-8 check exists only where the controller is loaded
    (importing ansible.errors or ansible.constants, as the filter tests do, switches it on for this whole process)."""
    monkeypatch.setattr(_profiles, '_string_encoding_check_enabled', lambda: False)


def test_text_that_cannot_be_logged_is_reported_naming_the_option(keys, clock, capsys, ncp, module_side):
    result = run(blockstorage_snapshot_info.main, {'name': 'snap\udc80a', '_ansible_check_mode': True}, capsys)
    assert result['failed'] and result['msg'].startswith('name is not valid text: it cannot be encoded as UTF-8')
    assert result['failure'] == {'action': None, 'http_status': None, 'ncp_code': None, 'maybe_applied': False, 'maybe_in_flight': False}


def test_module_rules_still_apply_to_text_that_cannot_be_logged(keys, clock, capsys, ncp, module_side):
    result = run(blockstorage_snapshot.main, {'state': 'absent', 'description': 'bad\udc80'}, capsys)
    assert result['failed'] and 'state is absent but any of the following are missing: snapshot_no, name' in result['msg']


def test_check_mode_is_supported_for_text_that_cannot_be_logged(keys, clock, capsys, ncp, module_side):
    result = run(blockstorage_snapshot.main, {'snapshot_no': '901', 'description': 'bad\udc80', '_ansible_check_mode': True}, capsys)
    assert result['msg'].startswith('description is not valid text')


def test_without_requests_the_module_says_what_to_install(keys, clock, capsys, ncp, monkeypatch):
    monkeypatch.setattr(_runner, 'HAS_REQUESTS', False)
    monkeypatch.setattr(_runner, 'REQUESTS_IMPORT_ERROR', 'Traceback: no module named requests')
    failed = []

    def fail_json(module, **kwargs):
        failed.append(kwargs)
        raise SystemExit(1)

    monkeypatch.setattr(AnsibleModule, 'fail_json', fail_json)
    with patch_module_args({}), pytest.raises(SystemExit):
        blockstorage_snapshot_info.main()
    assert len(failed) == 1 and failed[0]['exception'] == 'Traceback: no module named requests'
    assert 'Failed to import the required Python library (requests)' in failed[0]['msg']


class Task:
    """A task that returns or raises what the test gives it."""

    outcome = {}

    def __init__(self, client, params, check_mode, warn):
        self.check_mode = check_mode
        warn('task made')

    @staticmethod
    def check_input(params):
        if params['name'] == 'refuse':
            raise ModuleError('name refused')

    def run(self):
        return _produce(Task.outcome, self.check_mode)


def _produce(outcome, check_mode):
    if isinstance(outcome, Exception):
        raise outcome
    return dict(outcome, check_mode=check_mode)


def run_dummy(args, capsys, outcome, monkeypatch):
    Task.outcome = outcome
    Task.warned = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: Task.warned.append(text))
    spec = dict(_runner_spec(), name=dict(type='str'))
    with patch_module_args(args), pytest.raises(SystemExit):
        run_task(Task, spec)
    return json.loads(capsys.readouterr().out)


def _runner_spec():
    from ansible_collections.ncloud.vserver.plugins.module_utils._base import connection_argument_spec

    return connection_argument_spec()


def test_result_and_diff(keys, capsys, monkeypatch):
    result = run_dummy({'name': 'x', '_ansible_diff': True}, capsys, {'changed': True, 'diff': {'before': 1}}, monkeypatch)
    assert result['changed'] is True and result['diff'] == {'before': 1} and result['check_mode'] is False
    assert Task.warned == ['task made']


def test_diff_is_left_out_unless_asked(keys, capsys, monkeypatch):
    result = run_dummy({'name': 'x', '_ansible_check_mode': True}, capsys, {'changed': False, 'diff': {'before': 1}}, monkeypatch)
    assert 'diff' not in result and result['check_mode'] is True


def test_input_check_failure_comes_before_the_task(keys, capsys, monkeypatch):
    result = run_dummy({'name': 'refuse'}, capsys, {'changed': False}, monkeypatch)
    assert result['failed'] and result['msg'] == 'name refused' and Task.warned == []


def test_a_failure_carries_its_result(keys, capsys, monkeypatch):
    result = run_dummy({'name': 'x'}, capsys, ModuleError('gone wrong', result={'snapshot': {'snapshot_no': '1'}}), monkeypatch)
    assert result['failed'] and result['msg'] == 'gone wrong' and result['snapshot'] == {'snapshot_no': '1'}


def test_list_result_reaches_the_user(keys, clock, capsys, ncp):
    ncp.expect(LIST, {'pageNo': '1', 'pageSize': '1000'}, ok(LIST, [snapshot('5')]))
    assert run(blockstorage_snapshot_info.main, {}, capsys)['snapshots'][0]['snapshot_no'] == '5'
