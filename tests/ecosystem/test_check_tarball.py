"""scripts/check-tarball.py, the release check's judge of a built tarball, on tarballs made here."""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / 'scripts' / 'check-tarball.py'
SECRET = 'SECRET-OF-THIS-TEST-0123456789'
# Committed files Galaxy and ansible-builder read: a tarball of just these is clean.
REQUIRED = [
    'README.md',
    'CHANGELOG.md',
    'changelogs/changelog.yaml',
    'meta/runtime.yml',
    'meta/execution-environment.yml',
    'meta/ee-requirements.txt',
    'meta/ee-bindep.txt',
]


def make_tarball(path, files):
    """A tarball holding {member path: bytes}."""
    with tarfile.open(path, 'w:gz') as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def check(tarball):
    result = subprocess.run([sys.executable, str(CHECK), str(tarball), SECRET], capture_output=True, text=True, check=False)
    return result.returncode, result.stdout


def committed_files():
    files = {name: (ROOT / name).read_bytes() for name in REQUIRED}
    files.update({'MANIFEST.json': b'{}', 'FILES.json': b'{}'})
    return files


def test_a_tarball_of_committed_files_passes(tmp_path):
    status, out = check(make_tarball(tmp_path / 'clean.tar.gz', committed_files()))
    assert status == 0, out
    assert '0 problems' in out


def test_test_output_caches_untracked_files_and_the_secret_fail(tmp_path):
    files = committed_files()
    files.update(
        {
            'tests/output/junit/python3.11-units.xml': b'<testsuites/>',
            '.venv-311/bin/activate': b'',
            'plugins/module_utils/__pycache__/_client.cpython-311.pyc': b'\0',
            '.pytest_cache/v/cache/lastfailed': b'{}',
            'tests/integration/integration_config.yml': ('ncloud_secret_key: %s\n' % SECRET).encode(),
            'notes-not-in-git.txt': b'local notes',
        }
    )
    files['README.md'] += ('\nexport NCLOUD_SECRET_KEY=%s\n' % SECRET).encode()

    status, out = check(make_tarball(tmp_path / 'dirty.tar.gz', files))
    assert status == 1
    for expected in (
        'tests/output/junit/python3.11-units.xml: ansible-test output',
        '.venv-311/bin/activate: a virtualenv',
        '_client.cpython-311.pyc: Python bytecode cache',
        '.pytest_cache/v/cache/lastfailed: a hidden file or directory',
        'tests/integration/integration_config.yml: the endpoint and keys',
        'tests/integration/integration_config.yml: contains the secret key',
        'notes-not-in-git.txt: not tracked by git',
        'README.md: contains the secret key',
    ):
        assert expected in out, out


def test_files_galaxy_and_ansible_builder_read_must_ship(tmp_path):
    files = committed_files()
    del files['CHANGELOG.md'], files['meta/ee-requirements.txt']
    status, out = check(make_tarball(tmp_path / 'incomplete.tar.gz', files))
    assert status == 1
    assert 'CHANGELOG.md: missing' in out
    assert 'meta/ee-requirements.txt: missing' in out
