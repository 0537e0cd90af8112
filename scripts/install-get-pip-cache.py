#!/usr/bin/env python
"""Put scripts/get_pip_offline.py where ansible-test looks for its cached get-pip script.

Run with the Python of a virtualenv that has ansible-core installed. The pip version
ansible-test bootstraps into its virtual environments is read from ansible-test itself
(get_venv_packages(), for every Python version it supports), so this follows ansible-core
upgrades without edits. ansible-test's cache lives in ~/.ansible/test/cache.

ansible-test has no public interface for that version: it is a literal in
ansible_test/_internal/python_requirements.py (get_venv_packages), and the cache file name rule
is in ansible_test/_util/target/setup/requirements.py (bootstrap), neither of them public. The
alternative, a hard-coded version list here, would break silently on the next ansible-core.
"""

from __future__ import annotations

import os
import shutil
import sys
import types

from ansible_test._internal.python_requirements import get_venv_packages
from ansible_test._util.target.common.constants import CONTROLLER_PYTHON_VERSIONS, REMOTE_ONLY_PYTHON_VERSIONS


def main():
    shim = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'get_pip_offline.py')
    cache = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache, exist_ok=True)

    versions = sorted({get_venv_packages(types.SimpleNamespace(version=v))['pip'] for v in REMOTE_ONLY_PYTHON_VERSIONS + CONTROLLER_PYTHON_VERSIONS})
    for version in versions:
        # same file name rule as ansible_test/_util/target/setup/requirements.py:bootstrap()
        target = os.path.join(cache, 'get_pip_%s.py' % version.replace('.', '_'))
        shutil.copyfile(shim, target)
        print('ansible-test pip %s bootstrap: %s' % (version, target))


if __name__ == '__main__':
    sys.exit(main())
