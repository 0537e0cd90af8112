# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where a task of the collection runs: inside the controller's worker, or as a module (the fallback).

Private to the ncloud.vserver collection: not a public API, may change without notice.

A task runs in-process only where that cannot change what it does: on the controller (the local
connection), as the controller's user (no ``become``), in the foreground (no ``async``), with the
controller's environment (no task ``environment:``), on the controller's own Python, with
``requests`` importable, and unless the switch asks for the module. docs/performance.md ("Where a
task runs") says why each rule is there.
"""

from __future__ import annotations

import os
import shutil
import sys

EXECUTION_VARIABLE = 'ncloud_vserver_execution'
EXECUTION_ENV = 'NCLOUD_VSERVER_EXECUTION'
EXECUTION_CHOICES = ('auto', 'module')
# Interpreter discovery: nobody asked for a particular Python, so the controller's own will do.
# (Deciding by what discovery found would switch paths in the middle of a play: it runs once,
# with the first module that needs it.)
DISCOVERY = ('auto', 'auto_silent', 'auto_legacy', 'auto_legacy_silent')


class ExecutionSettingError(ValueError):
    """The switch holds a value other than auto or module."""


def chosen_execution(variable, environ):
    """``auto`` or ``module``: the variable when set (inventory, play, task vars), else the environment variable."""
    for name, value in ((EXECUTION_VARIABLE, variable), (EXECUTION_ENV, environ.get(EXECUTION_ENV))):
        if value is None or value == '':
            continue
        if not isinstance(value, str) or value.strip().lower() not in EXECUTION_CHOICES:
            raise ExecutionSettingError('%s must be one of %s; got %r' % (name, ', '.join(EXECUTION_CHOICES), value))
        return value.strip().lower()
    return 'auto'


def _venv_root(path):
    """The virtualenv ``path`` (an interpreter) belongs to, or None: same binary, other venv, other packages."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    return os.path.realpath(root) if os.path.isfile(os.path.join(root, 'pyvenv.cfg')) else None


def is_controller_python(interpreter, executable=None):
    """Whether ``interpreter`` (ansible_python_interpreter) is the Python this controller runs on.

    Unset and discovery (``auto``...) count as the controller's own. A path is the controller's when
    it is the same file (symbolic links followed) in the same virtualenv, or none. A command with
    arguments, or one that does not resolve, is not.
    """
    executable = executable or sys.executable
    if interpreter is None or interpreter in DISCOVERY:
        return True
    if not isinstance(interpreter, str) or not interpreter.strip() or ' ' in interpreter.strip():
        return False
    path = interpreter.strip()
    path = path if os.path.isabs(path) else shutil.which(path)
    try:
        return bool(path) and os.path.samefile(path, executable) and _venv_root(path) == _venv_root(executable)
    except OSError:
        return False


def fallback_reason(switch, connection, become, async_val, environment, interpreter, has_requests, executable=None):
    """Why the task must run as a module (a short phrase), or None when it may run in the controller's worker.

    ``switch`` is :func:`chosen_execution`'s answer; ``connection`` the connection plugin's
    transport; ``environment`` the task's list of ``environment:`` entries.
    """
    if switch == 'module':
        return 'the execution switch asks for the module'
    if connection != 'local':
        return 'connection %s is not local' % connection
    if become:
        return 'become runs it as another user'
    if async_val:
        return 'async runs it in the background'
    if any(environment or []):
        return 'the task sets environment'
    if not is_controller_python(interpreter, executable):
        return 'ansible_python_interpreter %s is not the controller\'s Python' % interpreter
    if not has_requests:
        return 'requests is not importable on the controller'
    return None
