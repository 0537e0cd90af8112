# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The base runner: validated parameters in, a task's result (or its failure) out.

Private to the ncloud.vserver collection: not a public API, may change without notice.

:func:`task_result` is the decision both execution paths share: a module's ``main()`` (through
:func:`run_task`, the only place that calls ``exit_json`` and ``fail_json``) and the action plugin
that runs the same task inside the controller (plugin_utils/_in_process.py). A failed task returns
``msg`` and a structured ``failure`` (which request failed, and whether it may have been applied);
see ``_errors.failure_of``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ._base import client_from_params
from ._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ._errors import ModuleError, NcloudApiError, failure_of
from ._validation import check_text


def task_result(task_class, argument_spec, params, check_mode, diff, warn, execution='module', session_for=None):
    """Run one task of ``task_class`` over validated ``params``: its result, or ``failed``/``msg``/``failure``.

    ``execution`` (``module`` or ``controller``) only names the path in the client's User-Agent;
    ``session_for(base_url, validate_certs)`` lends an HTTP session to reuse (None: a new one).
    """
    try:
        check_text(params, argument_spec)
        task_class.check_input(params)
        client = client_from_params(params, execution=execution, session_for=session_for)
        result = task_class(client, params, check_mode, warn).run()
    except (ModuleError, NcloudApiError) as exc:
        return dict(getattr(exc, 'result', {}), failed=True, msg=str(exc), failure=failure_of(exc))
    if not diff:
        result.pop('diff', None)
    return result


def run_task(task_class, argument_spec, **module_options):
    """Run one task of ``task_class`` (check_input(params), then run()) as an Ansible module."""
    try:
        module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **module_options)
    except UnicodeError:
        # ansible-core logs the invocation before any check of ours can run, and crashes on text
        # that is not UTF-8; without that log line, check_text reports the option instead.
        module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, no_log=True, **module_options)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    result = task_result(task_class, argument_spec, module.params, module.check_mode, module._diff, module.warn)
    if result.get('failed'):
        del result['failed']
        module.fail_json(**result)
    module.exit_json(**result)
