#!/usr/bin/env python
"""Usage: scripts/examples-to-playbooks.py COLLECTION_DIR OUT_DIR

Write each module's EXAMPLES (plugins/modules/*.py) as a playbook OUT_DIR/<module>.yml, so that
ansible-lint checks them like any playbook: FQCNs, task names, YAML style and, through its
`args` rule, that every option used exists and the combination passes the module's own
argument checks. EXAMPLES is read with ast, without importing the module, and copied verbatim
(indented under `tasks:`), so the lint findings are about the text users read in the docs. Each
playbook's header says which line of the module file its line N is.
"""

from __future__ import annotations

import ast
import pathlib
import sys

HEADER = '''---
# Generated from the EXAMPLES of {source} by scripts/examples-to-playbooks.py for ansible-lint.
# Line N here is line N + {offset} of {source}.
- name: EXAMPLES of ncloud.vserver.{module}
  hosts: localhost
  gather_facts: false
  tasks:
'''
HEADER_LINES = HEADER.count('\n')


def examples_of(path):
    """(EXAMPLES string, line of its first character) of a module file; (None, 0) when it has none."""
    for node in ast.parse(path.read_text(encoding='utf-8')).body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'EXAMPLES' for t in node.targets):
            return node.value.value, node.lineno
    return None, 0


def main():
    collection, out = (pathlib.Path(arg) for arg in sys.argv[1:3])
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for path in sorted(collection.glob('plugins/modules/*.py')):
        if path.name == '__init__.py':
            continue
        examples, first_line = examples_of(path)
        if not (examples or '').strip():
            missing.append(str(path.relative_to(collection)))
            continue
        # the first kept line of EXAMPLES sits on file line first_line + (newlines stripped before it)
        skipped = len(examples) - len(examples.lstrip('\n'))
        offset = first_line + skipped - HEADER_LINES - 1
        lines = examples.strip('\n').splitlines(keepends=True)
        body = ''.join('    ' + line if line.strip() else '\n' for line in lines)
        header = HEADER.format(source=path.relative_to(collection), module=path.stem, offset=offset)
        (out / (path.stem + '.yml')).write_text(header + body + '\n', encoding='utf-8')
        print('%s -> %s' % (path.relative_to(collection), out / (path.stem + '.yml')))
    if missing:
        sys.exit('modules without EXAMPLES: %s' % ', '.join(missing))


if __name__ == '__main__':
    main()
