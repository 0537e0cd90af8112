# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The base runner every module's main() hands over to: input checks, client, task, result or failure.

Private to the ncloud.vserver collection: not a public API, may change without notice.

The only place that calls ``exit_json`` and ``fail_json``. A failed task returns ``msg`` and a
structured ``failure`` (which request failed, and whether it may have been applied); see
``_errors.failure_of``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ._base import client_from_params
from ._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ._errors import ModuleError, NcloudApiError, failure_of
from ._validation import check_text


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
    try:
        check_text(module.params, argument_spec)
        task_class.check_input(module.params)
        task = task_class(client_from_params(module.params), module.params, module.check_mode, module.warn)
        result = task.run()
    except (ModuleError, NcloudApiError) as exc:
        module.fail_json(msg=str(exc), failure=failure_of(exc), **getattr(exc, 'result', {}))
    if not module._diff:
        result.pop('diff', None)
    module.exit_json(**result)
