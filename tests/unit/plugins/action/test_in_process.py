# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugins: which path a task takes, and that the controller path returns what the module would.

Every module test (tests/unit/plugins/modules) already runs both ways; these are the plugin's own
concerns: fallback decisions through ansible-core's real Task, PlayContext and connections,
validation and no_log scrubbing compared with the module's, warnings, sessions, the User-Agent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.parameters import PASS_VARS
from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.ncloud.vserver.plugins.module_utils import _base
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.plugin_utils import _in_process
from ansible_collections.ncloud.vserver.tests.unit.plugins.ncp_fakes import SECRET_KEY, ok, snapshot
from ansible_collections.ncloud.vserver.tests.unit.plugins.paths import action_for, run_as_module, run_in_controller

LIST = 'getBlockStorageSnapshotInstanceList'
PAGE = {'pageNo': '1', 'pageSize': '1000'}
MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


@pytest.fixture
def module_ran(monkeypatch):
    """Stands in for ansible-core's normal action (the module path): records that it ran instead."""
    ran = []

    def run(self, tmp=None, task_vars=None):
        ran.append(self._task.action)
        return {'changed': False, 'ran': 'module'}

    monkeypatch.setattr(NormalAction, 'run', run)
    return ran


def test_on_the_controller_the_task_runs_in_process_and_says_so_in_its_user_agent(keys, clock, ncp, module_ran):
    ncp.expect(LIST, PAGE, ok(LIST, [snapshot('901')]))
    result = action_for('blockstorage_snapshot_info', {}).run(task_vars={})
    assert module_ran == [] and [item['snapshot_no'] for item in result['snapshots']] == ['901']
    assert ncp.user_agents == ['ncloud.vserver/%s (controller)' % _base.COLLECTION_VERSION]


def test_the_module_path_says_so_in_its_user_agent(keys, clock, ncp, capsys, monkeypatch):
    ncp.expect(LIST, PAGE, ok(LIST))
    run_as_module('blockstorage_snapshot_info', {}, capsys, monkeypatch)
    assert ncp.user_agents == ['ncloud.vserver/%s (module)' % _base.COLLECTION_VERSION]


def test_the_user_agent_carries_the_collections_version():
    galaxy = Path(__file__).resolve().parents[4] / 'galaxy.yml'
    assert re.search(r'^version: *(\S+)', galaxy.read_text(), re.M).group(1) == _base.COLLECTION_VERSION


@pytest.mark.parametrize(
    'setting',
    [
        dict(connection='ssh'),
        dict(become=True),
        dict(async_val=60),
        dict(environment=[{'HTTPS_PROXY': 'http://proxy:3128'}]),
    ],
)
def test_a_task_that_would_not_run_as_the_controllers_process_runs_the_module(keys, module_ran, setting):
    result = action_for('blockstorage_snapshot', {'snapshot_no': '901'}, **setting).run(task_vars={})
    assert result == {'changed': False, 'ran': 'module'} and module_ran == ['ncloud.vserver.blockstorage_snapshot']


@pytest.mark.parametrize(
    'task_vars',
    [
        {'ansible_python_interpreter': '/opt/elsewhere/bin/python3'},
        {'ncloud_vserver_execution': 'module'},
    ],
)
def test_another_interpreter_or_the_switch_variable_runs_the_module(keys, module_ran, task_vars):
    assert action_for('blockstorage_info', {}).run(task_vars=task_vars)['ran'] == 'module'


def test_the_switch_environment_variable_and_a_missing_requests_run_the_module(keys, module_ran, monkeypatch):
    monkeypatch.setenv('NCLOUD_VSERVER_EXECUTION', 'module')
    assert action_for('blockstorage_info', {}).run(task_vars={})['ran'] == 'module'
    monkeypatch.delenv('NCLOUD_VSERVER_EXECUTION')
    monkeypatch.setattr(_in_process, 'HAS_REQUESTS', False)
    assert action_for('blockstorage_info', {}).run(task_vars={})['ran'] == 'module'


def test_a_bad_switch_value_fails_the_task_before_anything_runs(keys, module_ran):
    with pytest.raises(AnsibleActionFail, match='ncloud_vserver_execution must be one of auto, module'):
        action_for('blockstorage_info', {}).run(task_vars={'ncloud_vserver_execution': 'fast'})
    assert module_ran == []


BAD_INPUT = [
    {'bogus': 1},
    {'state': 'absent'},
    {'snapshot_no': '901', 'name': 'snap-a'},
    {'server_instance_no': '2912302'},
    {'state': 'gone', 'name': 'snap-a'},
    {'snapshot_no': '901', 'wait_timeout': 'soon'},
    {'name': SECRET_KEY, 'block_storage_instance_no': '3081227'},  # the rule's message quotes the no_log value
    {'name': 'snap a', 'region_code': 'KR', 'secret_key': 'other-secret-1', 'block_storage_instance_no': '3081227'},
]


@pytest.mark.parametrize('args', BAD_INPUT)
def test_bad_input_fails_as_the_module_fails_with_the_same_result(keys, clock, ncp, capsys, monkeypatch, args):
    as_module = run_as_module('blockstorage_snapshot', args, capsys, monkeypatch)
    in_controller = run_in_controller('blockstorage_snapshot', args)
    assert as_module['failed'] and ncp.sent == []
    assert in_controller == as_module


def test_no_log_values_are_masked_in_msg_and_invocation_on_both_paths(keys, clock, ncp, capsys, monkeypatch):
    # ansible-core 2.21 returns invocation only when asked (INJECT_INVOCATION); ask on both paths.
    args = {'name': SECRET_KEY, 'block_storage_instance_no': '3081227', 'secret_key': SECRET_KEY}
    asked = {'_ansible_inject_invocation': True} if 'inject_invocation' in PASS_VARS else {}
    as_module = run_as_module('blockstorage_snapshot', args, capsys, monkeypatch, internal=asked)
    in_controller = run_in_controller('blockstorage_snapshot', args, task_vars={'ansible_inject_invocation': True})
    for result in (as_module, in_controller):
        assert SECRET_KEY not in repr(result)
        assert result['msg'].endswith("got '********'")
        assert result['invocation']['module_args']['secret_key'] == MASK
        assert result['invocation']['module_args']['name'] == MASK  # a whole value is named, a part of a text starred


class _Leaky:
    """A task whose failure repeats the secret in its message, extra result and failure: scrubbing must catch all."""

    def __init__(self, client, params, check_mode, warn):
        warn('warned with %s' % params['secret_key'])
        self.secret = params['secret_key']

    @staticmethod
    def check_input(params):
        pass

    def run(self):
        cause = NcloudApiError('getThing', 'echoed ' + self.secret)
        cause.action = 'act-' + self.secret
        raise ModuleError('failed with %s' % self.secret, result={'snapshot': {'name': self.secret}, 'waited': False}, cause=cause)


def _spec(task_class):
    return dict(task_class=task_class, argument_spec=_base.connection_argument_spec())


def test_every_no_log_value_is_scrubbed_from_the_whole_result_booleans_kept(keys, clock):
    result = _in_process.run_in_process(_spec(_Leaky), 'ncloud.vserver.test', {}, False, False)
    assert SECRET_KEY not in repr(result)
    assert result['msg'] == 'failed with ********'
    assert result['failure']['action'] == 'act-********' and result['failure']['maybe_applied'] is False
    assert result['snapshot'] == {'name': MASK} and result['waited'] is False and result['failed'] is True
    assert result['warnings'] == ['warned with ********']
    assert result['invocation']['module_args']['secret_key'] == MASK


def test_invocation_is_returned_as_the_module_returns_it(keys, clock, ncp, capsys, monkeypatch):
    args = {'state': 'absent'}
    as_module = run_as_module('blockstorage_snapshot', args, capsys, monkeypatch)
    assert ('invocation' in run_in_controller('blockstorage_snapshot', args)) == ('invocation' in as_module)


class _Crashing(_Leaky):
    def run(self):
        raise KeyError('bug near ' + self.secret)


def test_a_crash_fails_the_task_as_module_failure_scrubbed(keys, clock):
    result = _in_process.run_in_process(_spec(_Crashing), 'ncloud.vserver.test', {}, False, False)
    assert result['failed'] is True and result['msg'].startswith('MODULE FAILURE: KeyError:')
    assert SECRET_KEY not in repr(result) and 'Traceback' in result['exception']


def test_an_option_set_with_its_alias_too_warns_as_ansible_module_does(keys, clock, ncp):
    ncp.expect(LIST, dict(PAGE, blockStorageSnapshotName='snap-a'), ok(LIST))
    result = run_in_controller('blockstorage_snapshot_info', {'name': 'snap-a', 'block_storage_snapshot_name': 'snap-a'})
    assert result['warned'] == ['Both option name and its alias block_storage_snapshot_name are set.']


def test_a_loop_reuses_one_http_session_per_endpoint(keys, clock, ncp, monkeypatch):
    used = []
    send = requests.Session.send
    monkeypatch.setattr(requests.Session, 'send', lambda session, prepared, **kwargs: used.append(id(session)) or send(session, prepared, **kwargs))
    for dummy in range(3):
        ncp.expect(LIST, PAGE, ok(LIST))
        run_in_controller('blockstorage_snapshot_info', {})
    assert len(used) == 3 and len(set(used)) == 1


def test_check_mode_and_diff_reach_the_task(keys, clock, ncp):
    ncp.expect(LIST, dict(PAGE, blockStorageSnapshotName='snap-a'), ok(LIST, [snapshot('901')]))
    ncp.expect(LIST, dict(PAGE, **{'originalBlockStorageInstanceNoList.1': '3081227'}), ok(LIST, [snapshot('901')]))
    deleted = run_in_controller('blockstorage_snapshot', {'state': 'absent', 'name': 'snap-a'}, check_mode=True, diff=True)
    assert deleted['changed'] is True and '901' in repr(deleted['diff']['before'])
    assert ncp.actions == [LIST, LIST]  # looked up, nothing deleted
