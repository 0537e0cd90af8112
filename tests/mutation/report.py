# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The mutation score per file and overall (printed, and scores.json), and every surviving mutant (survivors.txt).

Score = killed / total mutants of the file, in %. Killed counts a failing test and a timeout; every
other outcome is a survivor: "survived" (the tests ran and passed), "no tests" (no unit test calls
that function at all), "suspicious" (mutmut could not tell). A survivor is "string only" when it
changes nothing but the contents of a string literal: a message reworded, or a key or field name.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import json
import os

import mutmut

import mutmut_results


@contextlib.contextmanager
def _inside(directory):
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def _score(killed, total):
    return round(100.0 * killed / total, 1) if total else None


def file_result(collection, path):
    """(scores of one file, its surviving mutants in line order); path relative to the collection."""
    mutated = collection / path
    found = mutmut_results.outcomes(mutated)
    source = mutated.read_text(encoding='utf-8')
    survivors = sorted(
        (mutmut_results.describe(mutated, name, status, source) for name, status in found.items() if status not in mutmut_results.KILLED),
        key=lambda mutant: (mutant.line, mutant.name),
    )
    by_status = collections.Counter(found.values())
    killed = sum(count for status, count in by_status.items() if status in mutmut_results.KILLED)
    return dict(
        total=len(found),
        killed=killed,
        score=_score(killed, len(found)),
        by_status=dict(sorted(by_status.items())),
        string_only_survivors=sum(mutant.string_only for mutant in survivors),
    ), survivors


def _survivor_lines(path, survivors):
    for mutant in survivors:
        status = mutant.status + (', string only' if mutant.string_only else '')
        yield '%s:%d  %s  [%s]  %s' % (path, mutant.line, mutant.function, status, mutant.name.rpartition('.')[2])
        yield from ('    - ' + line for line in mutant.removed)
        yield from ('    + ' + line for line in mutant.added)


def _table(files, overall):
    width = max([len(path) for path in files] + [len('overall')])
    rows = ['%-*s  %6s / %-6s %6s  %s' % (width, 'file', 'killed', 'total', 'score', 'survivors (string only)')]
    for path, result in list(files.items()) + [('overall', overall)]:
        score = '-' if result['score'] is None else '%.1f%%' % result['score']
        survivors = '%d (%d)' % (result['total'] - result['killed'], result['string_only_survivors'])
        rows.append('%-*s  %6d / %-6d %6s  %s' % (width, path, result['killed'], result['total'], score, survivors))
    return rows


def write(work, collection, paths, output, run_info):
    """Read the finished run in work (paths: the mutated files, relative to the collection) and write the reports to output."""
    files, survivor_lines = {}, []
    with _inside(work):
        for path in paths:
            files[str(path)], survivors = file_result(collection, path)
            survivor_lines.append('== %s: %d of %d mutants survived ==' % (path, len(survivors), files[str(path)]['total']))
            survivor_lines.extend(_survivor_lines(path, survivors))
            survivor_lines.append('')
    killed, total = sum(result['killed'] for result in files.values()), sum(result['total'] for result in files.values())
    overall = dict(
        total=total, killed=killed, score=_score(killed, total), string_only_survivors=sum(result['string_only_survivors'] for result in files.values())
    )
    scores = dict(
        tool='mutmut %s' % mutmut.__version__,
        date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        run=run_info,
        overall=overall,
        files=files,
    )
    (output / 'scores.json').write_text(json.dumps(scores, indent=2) + '\n', encoding='utf-8')
    header = [
        '# Surviving mutants (mutmut %s, %s, %s): file:line  function  [outcome]  mutant,' % (mutmut.__version__, scores['date'], run_info['source']),
        '# then the original line(s) (-) and what the mutant puts there (+). No unit test fails on any of them.',
        '# "string only": the mutant changes only the contents of a string literal (a message, or a key or field name).',
        '',
    ]
    (output / 'survivors.txt').write_text('\n'.join(header + survivor_lines), encoding='utf-8')
    print('\n'.join(_table(files, overall)))
    print('mutation: %.0f s; scores in %s, surviving mutants in %s' % (run_info['seconds'], output / 'scores.json', output / 'survivors.txt'))
