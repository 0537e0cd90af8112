# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a finished ``mutmut run`` left in its directory: each mutant's outcome, and where and what it changed.

Reads mutmut's own files (mutants/<path>.meta and the mutated copies) through mutmut's functions;
they are internal, hence the exact pin in requirements.txt. Call with the mutmut directory as the
current directory (mutmut resolves every path from there).
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import read_functions_from_index, read_mutant_function, read_mutants_module, read_original_function
from mutmut.stats import status_by_exit_code
from mutmut.utils.format_utils import orig_function_and_class_names_from_key

# A quoted string literal: tells a mutant that only changes a string's contents from one that changes code.
_STRING_LITERAL = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")

# Outcomes that count as killed: a test failed, or the mutant made the tests hang (mutmut's timeout).
KILLED = frozenset(('killed', 'timeout', 'caught by type check', 'segfault'))


@dataclass
class Mutant:
    name: str
    status: str
    function: str  # Class.method or function
    line: int  # in the original file: the first line the mutant changes
    removed: list  # original lines the mutant replaces (stripped)
    added: list  # what it puts there (stripped)

    @property
    def killed(self):
        return self.status in KILLED

    @property
    def string_only(self):
        """Only the contents of string literals differ: a message reworded, or a key or field name changed."""
        blank = [_STRING_LITERAL.sub("''", ' '.join(lines)) for lines in (self.removed, self.added)]
        return blank[0] == blank[1]


def outcomes(path):
    """{mutant name: status} for one mutated file (path relative to the mutmut directory); empty if it got no mutant."""
    data = SourceFileMutationData(path=Path(path))
    data.load()
    return {name: status_by_exit_code[code] for name, code in data.exit_code_by_key.items()}


def _function_lines(source, function, class_name):
    """Line number of the ``def`` of function (a method of class_name, if given) in the original source."""
    body = ast.parse(source).body
    if class_name:
        body = next((node.body for node in body if isinstance(node, ast.ClassDef) and node.name == class_name), [])
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return node.lineno
    return None


def _def_index(lines):
    return next((index for index, line in enumerate(lines) if line.lstrip().startswith(('def ', 'async def '))), 0)


def describe(path, name, status, source):
    """The Mutant ``name`` of the file at path (source: that file's unmutated text)."""
    functions = read_functions_from_index(name, path)
    if functions is None:
        module = read_mutants_module(path)
        functions = (read_original_function(module, name), read_mutant_function(module, name))
    original, mutated = (cst.Module([function]).code.strip('\n').split('\n') for function in functions)
    function, class_name = orig_function_and_class_names_from_key(name)
    def_line = _function_lines(source, function, class_name) or 1
    removed, added, first = [], [], None
    matcher = difflib.SequenceMatcher(a=original, b=mutated, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == 'equal':
            continue
        first = old_start if first is None else first
        removed.extend(line.strip() for line in original[old_start:old_end])
        added.extend(line.strip() for line in mutated[new_start:new_end])
    # the extracted function starts at its decorators; the file's line numbers count from its def line
    line = def_line + (first or 0) - _def_index(original)
    return Mutant(name=name, status=status, function='%s.%s' % (class_name, function) if class_name else function, line=line, removed=removed, added=added)
