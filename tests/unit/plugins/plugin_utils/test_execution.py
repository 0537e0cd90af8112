# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where a task runs: the switch, the controller's own Python, and every reason to fall back to the module."""

from __future__ import annotations

import os
import sys

import pytest

from ansible_collections.ncloud.vserver.plugins.plugin_utils._execution import (
    ExecutionSettingError,
    chosen_execution,
    fallback_reason,
    is_controller_python,
)

ON_CONTROLLER = dict(switch='auto', connection='local', become=False, async_val=0, environment=[], interpreter=None, has_requests=True)


@pytest.mark.parametrize(
    'variable, environ, chosen',
    [
        (None, {}, 'auto'),
        ('module', {}, 'module'),
        (None, {'NCLOUD_VSERVER_EXECUTION': 'module'}, 'module'),
        (' Module ', {}, 'module'),
        ('auto', {'NCLOUD_VSERVER_EXECUTION': 'module'}, 'auto'),  # the variable, closer to the task, wins
        ('', {'NCLOUD_VSERVER_EXECUTION': 'auto'}, 'auto'),
    ],
)
def test_the_switch_reads_the_variable_then_the_environment(variable, environ, chosen):
    assert chosen_execution(variable, environ) == chosen


@pytest.mark.parametrize(
    'variable, environ, named',
    [
        ('controller', {}, 'ncloud_vserver_execution'),
        (None, {'NCLOUD_VSERVER_EXECUTION': 'local'}, 'NCLOUD_VSERVER_EXECUTION'),
        (True, {}, 'ncloud_vserver_execution'),
    ],
)
def test_a_bad_switch_value_is_refused_naming_the_setting_and_its_choices(variable, environ, named):
    with pytest.raises(ExecutionSettingError) as refused:
        chosen_execution(variable, environ)
    assert str(refused.value).startswith('%s must be one of auto, module; got ' % named)


def _venv(root, name='python3'):
    """A virtualenv's shape: bin/python3 linking to this Python, pyvenv.cfg beside bin/."""
    (root / 'bin').mkdir(parents=True)
    (root / 'pyvenv.cfg').write_text('home = %s\n' % os.path.dirname(sys.executable))
    link = root / 'bin' / name
    link.symlink_to(os.path.realpath(sys.executable))
    return str(link)


def test_unset_and_discovery_count_as_the_controllers_python():
    for interpreter in (None, 'auto', 'auto_silent', 'auto_legacy', 'auto_legacy_silent'):
        assert is_controller_python(interpreter)


def test_the_controllers_own_path_and_a_link_to_it_in_the_same_venv_are_its_python(tmp_path):
    controller = _venv(tmp_path / 'venv')
    other_name = tmp_path / 'venv' / 'bin' / 'python'
    other_name.symlink_to('python3')
    assert is_controller_python(controller, executable=controller)
    assert is_controller_python(str(other_name), executable=controller)


def test_the_same_binary_in_another_venv_is_not_the_controllers_python(tmp_path):
    # Same file once links are followed, but other site-packages: other libraries, maybe no requests.
    controller = _venv(tmp_path / 'one')
    other = _venv(tmp_path / 'two')
    assert not is_controller_python(other, executable=controller)
    assert not is_controller_python(os.path.realpath(sys.executable), executable=controller)


def test_other_interpreters_and_commands_are_not_the_controllers_python(tmp_path):
    controller = _venv(tmp_path / 'venv')
    assert not is_controller_python(str(tmp_path / 'missing' / 'python3'), executable=controller)
    assert not is_controller_python('/usr/bin/env python3', executable=controller)
    assert not is_controller_python('', executable=controller)


def test_a_name_on_path_is_resolved_before_comparing(tmp_path, monkeypatch):
    controller = _venv(tmp_path / 'venv')
    monkeypatch.setenv('PATH', str(tmp_path / 'venv' / 'bin'))
    assert is_controller_python('python3', executable=controller)


def test_a_task_on_the_controller_runs_in_process():
    assert fallback_reason(**ON_CONTROLLER) is None
    assert fallback_reason(**{**ON_CONTROLLER, 'environment': [{}]}) is None


@pytest.mark.parametrize(
    'change, reason',
    [
        (dict(switch='module'), 'the execution switch asks for the module'),
        (dict(connection='ssh'), 'connection ssh is not local'),
        (dict(connection=None), 'connection None is not local'),
        (dict(become=True), 'become runs it as another user'),
        (dict(async_val=30), 'async runs it in the background'),
        (dict(environment=[{'HTTPS_PROXY': 'http://proxy:3128'}]), 'the task sets environment'),
        (dict(environment=['{{ proxy_env }}']), 'the task sets environment'),
        (dict(interpreter='/opt/other/bin/python3'), "ansible_python_interpreter /opt/other/bin/python3 is not the controller's Python"),
        (dict(has_requests=False), 'requests is not importable on the controller'),
    ],
)
def test_each_reason_to_run_the_module(change, reason):
    assert fallback_reason(**{**ON_CONTROLLER, **change}) == reason
