#!/usr/bin/env python
"""Offline stand-in for pypa's get-pip.py, used by ansible-test to bootstrap pip.

ansible-test creates its virtual environments with ``--without-pip`` and then runs
``get-pip-<version>.py`` downloaded from ci-files.testing.ansible.com, which this machine
cannot reach. Before downloading, it looks for a cached copy at
``~/.ansible/test/cache/get_pip_<version with _>.py``; scripts/install-get-pip-cache.py puts
this file there. Like get-pip.py, it installs pip and then passes its arguments (for
example ``pip==24.2 --no-setuptools --no-wheel``) to ``pip install``; packages come
from PyPI, which is reachable.
"""

from __future__ import annotations

import subprocess
import sys

# Options that get-pip.py understands but "pip install" does not.
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def installed(name):
    """Return True if the distribution ``name`` is importable in this interpreter."""
    probe = 'import importlib.util, sys; sys.exit(importlib.util.find_spec(%r) is None)' % name
    return subprocess.call([sys.executable, '-c', probe]) == 0


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    had_setuptools = installed('setuptools')

    # ensurepip ships with CPython and works offline; it brings an older pip (and, before
    # Python 3.12, setuptools). "pip install pip==X" then moves to the requested version.
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args)

    # get-pip.py --no-setuptools leaves setuptools out; ensurepip may have added it.
    if '--no-setuptools' in sys.argv[1:] and not had_setuptools and installed('setuptools'):
        subprocess.check_call([sys.executable, '-m', 'pip', 'uninstall', '--quiet', '--yes', 'setuptools'])


if __name__ == '__main__':
    main()
