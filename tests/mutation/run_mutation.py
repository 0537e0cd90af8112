# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make mutation`: mutmut over every file in plugins/module_utils, against the unit tests in tests/unit.

Run with the mutation virtualenv's Python (.venv-mutation, tests/mutation/requirements.txt):

    .venv-mutation/bin/python tests/mutation/run_mutation.py [--files '_base.py _client*'] [--rev HEAD]

The collection is copied to .build/mutation/work/ansible_collections/ncloud/vserver (a copy, not a
link: mutmut writes its mutants next to what it copies). mutmut names a mutant after the module path
of its file relative to where it runs, and the tests import ``ansible_collections.ncloud.vserver...``,
so it runs from .build/mutation/work with that whole path as its source path: both names then agree.
Scores and surviving mutants are written by report.py; see docs/mutation.md.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position
import report  # noqa: E402  (tests/mutation, on sys.path above)

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / '.build' / 'mutation' / 'work'
OUTPUT = ROOT / 'tests' / 'output' / 'mutation'
COLLECTION = Path('ansible_collections', 'ncloud', 'vserver')
MODULE_UTILS = Path('plugins', 'module_utils')
UNIT_TESTS = Path('tests', 'unit')
# What the unit tests need from the collection: the code and the tests themselves.
COPIED = ('plugins', 'tests/unit', 'meta', 'galaxy.yml')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--files', default='', help='files of plugins/module_utils to mutate, names or globs separated by spaces or commas (default: all)')
    parser.add_argument('--rev', default='', help='mutate this git revision instead of the working tree (e.g. HEAD)')
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 1, help='mutants tested in parallel (default: every core)')
    return parser.parse_args()


def copy_collection(dest, rev):
    """The collection's code and unit tests, from the working tree (tracked and untracked, not ignored) or from REV."""
    dest.mkdir(parents=True)
    if rev:
        with tempfile.TemporaryFile() as archive:
            subprocess.run(['git', 'archive', '--format=tar', rev, '--', *COPIED], cwd=ROOT, stdout=archive, check=True)
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(dest, filter='data')
        return
    listed = (
        subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', *COPIED], cwd=ROOT, stdout=subprocess.PIPE, check=True)
        .stdout.decode()
        .split('\0')
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # tracked files deleted in the work tree are listed too
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def selected_files(collection, patterns):
    """The .py files of module_utils (relative to it) that match a pattern; all of them when there is none."""
    every = sorted(str(path.relative_to(collection / MODULE_UTILS)) for path in (collection / MODULE_UTILS).rglob('*.py'))
    if not patterns:
        return every
    chosen = []
    for pattern in patterns:
        # '_base', '_base.py' and 'plugins/module_utils/_base.py' all name the same file
        pattern = pattern.removeprefix(str(MODULE_UTILS) + '/')
        matches = [name for name in every if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(name, pattern + '.py')]
        if not matches:
            sys.exit('mutation: %r matches no file in plugins/module_utils (there: %s)' % (pattern, ' '.join(every)))
        chosen.extend(name for name in matches if name not in chosen)
    return chosen


def write_mutmut_config(work, files, every):
    """setup.cfg for mutmut, in the directory it runs from."""
    lines = [
        '[mutmut]',
        'source_paths=%s' % (COLLECTION / MODULE_UTILS),
        # everything else the tests import comes along into mutants/
        'also_copy=ansible_collections',
        'pytest_add_cli_args_test_selection=%s' % (COLLECTION / UNIT_TESTS),
        'pytest_add_cli_args=-p no:cacheprovider',
        # the copy sits inside our git checkout: mutmut must not read our git state as its own
        'use_git_change_detection=false',
    ]
    if files != every:
        lines.append('only_mutate=' + '\n    '.join(str(COLLECTION / MODULE_UTILS / name) for name in files))
    (work / 'setup.cfg').write_text('\n'.join(lines) + '\n', encoding='utf-8')


def run_mutmut(work, jobs, log_path):
    """mutmut run, its progress spinner to a log; the log's tail on failure."""
    mutmut = Path(sys.executable).with_name('mutmut')
    with open(log_path, 'wb') as log:
        status = subprocess.run([str(mutmut), 'run', '--max-children', str(jobs)], cwd=work, stdout=log, stderr=subprocess.STDOUT, check=False).returncode
    if status != 0:
        tail = log_path.read_bytes().decode(errors='replace').replace('\r', '\n').splitlines()[-40:]
        sys.exit(
            'mutation: mutmut run failed (exit %s); the unit tests must pass on the unmutated copy. Last lines of %s:\n%s' % (status, log_path, '\n'.join(tail))
        )


def main():
    args = parse_args()
    patterns = [item for item in args.files.replace(',', ' ').split() if item]
    shutil.rmtree(WORK, ignore_errors=True)  # mutmut keeps results between runs; every run starts afresh
    copy_collection(WORK / COLLECTION, args.rev)
    every = selected_files(WORK / COLLECTION, [])
    files = selected_files(WORK / COLLECTION, patterns)
    write_mutmut_config(WORK, files, every)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    source = 'git revision %s' % args.rev if args.rev else 'working tree'
    print('mutation: mutmut over %d file(s) of plugins/module_utils (%s), %d job(s); log in %s' % (len(files), source, args.jobs, OUTPUT / 'mutmut.log'))
    started = time.monotonic()
    run_mutmut(WORK, args.jobs, OUTPUT / 'mutmut.log')
    seconds = time.monotonic() - started
    report.write(WORK, COLLECTION, [MODULE_UTILS / name for name in files], OUTPUT, dict(source=source, jobs=args.jobs, seconds=round(seconds, 1)))


if __name__ == '__main__':
    main()
