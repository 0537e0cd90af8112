#!/usr/bin/env python
"""Usage: scripts/check-tarball.py TARBALL [SECRET]

Check a collection tarball from `ansible-galaxy collection build` before it is published:

- nothing that test runs and tools leave in a checkout: ansible-test output, virtualenvs, build
  copies, Python caches, other tarballs, and no hidden files or directories (tool caches such as
  .pytest_cache, .benchmarks or changelogs/.plugin-cache.yaml) beyond a short allowed list;
- no tests/integration/integration_config.yml, which holds the keys integration tests ran with;
- when the checkout is a git work tree, only files git tracks: an untracked file is local work
  or output, and publishing it would be an accident;
- SECRET (default: $NCLOUD_SECRET_KEY, the key the test runs use) in no file, except committed
  files that hold it on purpose (the emulator's documented fake key in tests and docs);
- the files Galaxy and ansible-builder read: README, changelog, meta/runtime.yml,
  meta/execution-environment.yml and the requirement files it names.

Prints every problem and exits 1 if there is any.
"""

from __future__ import annotations

import fnmatch
import os
import pathlib
import subprocess
import sys
import tarfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent

# (glob on the member path or one of its components, why it must not ship)
FORBIDDEN = [
    ('tests/output', 'ansible-test output'),
    ('.venv*', 'a virtualenv'),
    ('.build', 'build and test copies'),
    ('__pycache__', 'Python bytecode cache'),
    ('*.pyc', 'Python bytecode'),
    ('*.tar.gz', 'a tarball inside the tarball'),
    ('integration_config.yml', 'the endpoint and keys the integration tests ran with'),
]
# Hidden files that may ship; any other name starting with "." is a tool's cache or local state.
ALLOWED_HIDDEN = {'.gitignore', 'changelogs/fragments/.keep'}
# Added by ansible-galaxy itself.
GENERATED = {'MANIFEST.json', 'FILES.json'}
REQUIRED = ['README.md', 'CHANGELOG.md', 'changelogs/changelog.yaml', 'meta/runtime.yml', 'meta/execution-environment.yml']


def forbidden_reason(path):
    parts = path.split('/')
    for pattern, reason in FORBIDDEN:
        if '/' in pattern and (path == pattern or path.startswith(pattern + '/')):
            return reason
        if any(fnmatch.fnmatch(part, pattern) for part in parts):
            return reason
    hidden = [i for i, part in enumerate(parts) if part.startswith('.')]
    if hidden and path not in ALLOWED_HIDDEN:
        return 'a hidden file or directory (%s): tool state, not collection content' % parts[hidden[0]]
    return None


def git_lines(*args):
    """Output lines of a git command in the checkout; None when it is not a git work tree."""
    try:
        out = subprocess.run(['git', '-C', str(ROOT)] + list(args), check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return set(out.splitlines())


def ee_requirement_files(read):
    """The requirement files meta/execution-environment.yml names (ansible-builder reads them)."""
    definition = yaml.safe_load(read('meta/execution-environment.yml') or '') or {}
    return [path for path in (definition.get('dependencies') or {}).values() if isinstance(path, str)]


def main():
    tarball = sys.argv[1]
    secret = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('NCLOUD_SECRET_KEY', '')
    with tarfile.open(tarball) as tar:
        members = {m.name.rstrip('/'): m for m in tar.getmembers()}
        files = {name: tar.extractfile(m).read() for name, m in members.items() if m.isfile()}

    def read(path):
        return files[path].decode('utf-8') if path in files else None

    problems = ['%s: %s' % (name, reason) for name in sorted(members) if (reason := forbidden_reason(name))]

    tracked = git_lines('ls-files')
    if tracked is None:
        print('check-tarball: %s is not a git work tree; not checking that only tracked files ship' % ROOT)
    else:
        problems += ['%s: not tracked by git (local work or output)' % name for name in sorted(files) if name not in GENERATED and name not in tracked]

    if secret:
        on_purpose = git_lines('grep', '-l', '--cached', '-F', secret) or set()
        problems += ['%s: contains the secret key' % name for name, data in sorted(files.items()) if secret.encode() in data and name not in on_purpose]

    required = REQUIRED + (ee_requirement_files(read) if 'meta/execution-environment.yml' in files else [])
    problems += ['%s: missing, but Galaxy or ansible-builder reads it' % name for name in required if name not in files]

    for problem in problems:
        print('check-tarball: ' + problem)
    print('check-tarball: %s: %d files, %d problems' % (os.path.basename(tarball), len(files), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
