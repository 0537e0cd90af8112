# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugin every API module has: run its task in the controller's worker, or as the module.

Private to the ncloud.vserver collection: not a public API, may change without notice.

An action plugin for a module is a subclass naming it (``MODULE = 'blockstorage_snapshot'``).
In-process, the task gets what AnsibleModule would give it (the module's own argument spec and
rules through ``ArgumentSpecValidator``, check and diff mode) and returns what the module would
(``invocation``, ``warnings``, no_log values scrubbed from the whole result), through the same
``_runner.task_result``. Where that could differ from the module (see ``_execution``), the plugin
runs the module the usual way (``_execute_module``, through ansible-core's normal action).
"""

from __future__ import annotations

import importlib
import json
import os
import traceback

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.ncloud.vserver.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.ncloud.vserver.plugins.module_utils._runner import task_result
from ansible_collections.ncloud.vserver.plugins.plugin_utils._execution import (
    EXECUTION_VARIABLE,
    ExecutionSettingError,
    chosen_execution,
    fallback_reason,
)

try:
    import requests
except ImportError:  # the plugin then falls back to the module (HAS_REQUESTS is False)
    requests = None

display = Display()
MODULES = 'ansible_collections.ncloud.vserver.plugins.modules.'
# One HTTP session per worker process and endpoint: loop items reuse its connections.
_SESSIONS = {}


def session_for(base_url, validate_certs):
    key = (base_url, bool(validate_certs))
    if key not in _SESSIONS:
        _SESSIONS[key] = requests.Session()
    return _SESSIONS[key]


def _validation_failure(name, validation):
    """The message AnsibleModule fails with for the first validation error, or None when there is none."""
    try:
        error = validation.errors[0]
    except IndexError:
        return None
    if isinstance(error, UnsupportedError):
        return 'Unsupported parameters for (%s) module: %s' % (name, validation.errors.msg)
    return validation.errors.msg


def run_in_process(module_spec, name, args, check_mode, diff, invocation=True):
    """The result ``name`` (the task's action) would return for ``args``, computed here.

    ``module_spec`` is the module's ``module_spec()``. Like AnsibleModule: validation errors fail
    before the task; ``invocation.module_args`` holds the validated parameters (when
    ``invocation``); every no_log value is replaced throughout the result, booleans and None at its
    top level kept.
    """
    spec = dict(module_spec)
    task_class, argument_spec = spec.pop('task_class'), spec.pop('argument_spec')
    params = dict(args)
    validation = ArgumentSpecValidator(argument_spec, **spec).validate(params)
    params.update(validation.validated_parameters)
    warnings = ['Both option %s and its alias %s are set.' % (item['option'], item['alias']) for item in validation._warnings]
    failure = _validation_failure(name, validation)
    if failure:
        result = {'failed': True, 'msg': failure}
    else:
        try:
            result = task_result(task_class, argument_spec, params, check_mode, diff, warnings.append, execution='controller', session_for=session_for)
        except Exception as exc:  # pylint: disable=broad-except
            # A module that crashes fails its task with MODULE FAILURE; so does this, scrubbed like the rest.
            result = {'failed': True, 'msg': 'MODULE FAILURE: %s: %s' % (type(exc).__name__, exc), 'exception': traceback.format_exc()}
    if invocation:
        result.setdefault('invocation', {'module_args': params})
    if warnings:
        result['warnings'] = warnings
    if validation._deprecations:
        result['deprecations'] = [dict(item) for item in validation._deprecations]
    kept = {key: value for key, value in result.items() if value is None or isinstance(value, bool)}
    result = remove_values(result, validation._no_log_values)
    result.update(kept)
    # A module's result reaches the controller as JSON: tuples arrive as lists (``x == []`` holds
    # in a playbook's condition only for a list). Same here.
    return json.loads(json.dumps(result))


def _injects_invocation(task_vars):
    """Whether a module's result would carry ``invocation``: always before ansible-core 2.21, then INJECT_INVOCATION."""
    if 'INJECT_INVOCATION' not in C.config.get_configuration_definitions():
        return True
    return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))


class InProcessAction(NormalAction):
    """Runs the task of module ``MODULE`` in the worker when it runs on the controller; else the module."""

    MODULE = None

    def __init_subclass__(cls, **kwargs):
        """Import the module (and its task layer) with the action plugin, not in every task's worker.

        ansible-core's strategy loads an action plugin's class in the main process before it forks
        the workers, so what is imported here is imported once per run: a worker forked for each
        task (or host) then starts with it, instead of importing it again.
        """
        super().__init_subclass__(**kwargs)
        cls.module = importlib.import_module(MODULES + cls.MODULE)

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        reason = self._fallback_reason(task_vars)
        if reason:
            display.vvv('%s: running the module (%s)' % (self._task.action, reason))
            return super().run(tmp, task_vars)
        display.vvv('%s: running %s in the controller\'s worker process' % (self._task.action, self.module.__file__))
        result = ActionBase.run(self, tmp, task_vars)
        result.update(
            run_in_process(
                self.module.module_spec(),
                self._task.action,
                self._task.args,
                bool(self._task.check_mode),
                bool(self._task.diff),
                _injects_invocation(task_vars),
            )
        )
        return result

    def _fallback_reason(self, task_vars):
        try:
            switch = chosen_execution(self._templar.template(task_vars.get(EXECUTION_VARIABLE)), os.environ)
        except ExecutionSettingError as exc:
            raise AnsibleActionFail(str(exc)) from None
        return fallback_reason(
            switch,
            getattr(self._connection, 'transport', None),
            self._play_context.become,
            self._task.async_val,
            self._task.environment,
            self._templar.template(task_vars.get('ansible_python_interpreter')),
            HAS_REQUESTS,
        )
