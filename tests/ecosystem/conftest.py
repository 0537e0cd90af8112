"""Fixtures of the AWX job tests: the collection as users install it, and an execution environment's process environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from _awx import CONNECTION_VARIABLES, OTHER_NCLOUD_VARIABLES, ROOT


@pytest.fixture(scope='session')
def collections(tmp_path_factory):
    """A collections path with ncloud.vserver installed from the tarball `ansible-galaxy collection build` makes."""
    dest = tmp_path_factory.mktemp('galaxy')
    galaxy = Path(sys.executable).parent / 'ansible-galaxy'
    subprocess.run([str(ROOT / 'scripts' / 'build-and-install.sh'), str(galaxy), str(dest)], check=True, stdout=subprocess.DEVNULL)
    return dest / 'collections'


@pytest.fixture(scope='module')
def job_environment():
    """The environment jobs inherit, as in an execution environment; yields the NCLOUD_* values it took out.

    No NCLOUD_* variable is left, so a job gets the connection only the way AWX gives it, from its
    credential. ansible-runner starts ansible-playbook from PATH: this virtualenv's comes first.
    """
    with pytest.MonkeyPatch.context() as patch:
        found = {name: os.environ.get(name) for name in CONNECTION_VARIABLES | OTHER_NCLOUD_VARIABLES}
        for name in found:
            patch.delenv(name, raising=False)
        patch.setenv('PATH', str(Path(sys.executable).parent) + os.pathsep + os.environ['PATH'])
        yield found
