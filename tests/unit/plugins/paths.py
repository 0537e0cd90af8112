# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run a module's task either way it can run: as the module (main()) or in the controller (its action plugin).

The module tests take their ``run`` fixture from here, parametrized over both paths, so every
module test is also a test of the action plugin; ``warned`` holds the task's warnings either way.
"""

from __future__ import annotations

import importlib
import json
import os

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.testing import patch_module_args

PATHS = ('module', 'controller')


def action_for(module_name, args, check_mode=False, diff=False, connection='local', **task_fields):
    """The collection's action plugin for ``module_name`` over a real Task, PlayContext and connection."""
    # pylint: disable=import-outside-toplevel
    from ansible.parsing.dataloader import DataLoader
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.plugins.loader import connection_loader
    from ansible.template import Templar

    task = Task()
    task.action = 'ncloud.vserver.' + module_name
    task.args = dict(args)
    task.check_mode = check_mode
    task.diff = diff
    for name, value in task_fields.items():
        setattr(task, name, value)
    play_context = PlayContext()
    play_context.become = task_fields.get('become', False)
    loader = DataLoader()
    plugin = importlib.import_module('ansible_collections.ncloud.vserver.plugins.action.' + module_name)
    conn = connection_loader.get(connection, play_context, os.devnull)
    return plugin.ActionModule(task, conn, play_context, loader, Templar(loader=loader), None)


def run_in_controller(module_name, args, check_mode=False, diff=False, task_vars=None):
    """The action plugin's result, its warnings moved to ``warned`` (as the module tests catch them)."""
    result = action_for(module_name, args, check_mode, diff).run(task_vars=task_vars or {})
    return dict(result, warned=result.pop('warnings', []))


def run_as_module(module_name, args, capsys, monkeypatch, check_mode=False, diff=False, internal=None):
    """The module's own result through main(), its warnings caught at AnsibleModule.warn.

    ``internal`` adds ``_ansible_*`` arguments as an action would send them.
    """
    module = importlib.import_module('ansible_collections.ncloud.vserver.plugins.modules.' + module_name)
    warned = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, text: warned.append(text))
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, **(internal or {}))
    with patch_module_args(args), pytest.raises(SystemExit) as exited:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert (exited.value.code != 0) == bool(result.get('failed'))
    return dict(result, warned=warned)


def runner(path, module_name, capsys, monkeypatch):
    """``run(args, check_mode=False, diff=False)`` for one path; the result carries ``warned``."""

    def run(args, check_mode=False, diff=False):
        if path == 'controller':
            return run_in_controller(module_name, args, check_mode, diff)
        return run_as_module(module_name, args, capsys, monkeypatch, check_mode, diff)

    return run
