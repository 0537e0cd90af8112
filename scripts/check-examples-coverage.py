#!/usr/bin/env python
"""Usage: scripts/check-examples-coverage.py [COLLECTION_DIR]

Check that each module's EXAMPLES cover every option group: each option the module documents
itself (DOCUMENTATION.options, an alias counts) is used by at least one example task, and at
least one connection option (the ncloud.vserver.connection doc fragment's: region, api_retries,
...) is shown, in a task or in module_defaults. Users copy EXAMPLES; an option no example shows is
one they have to work out from the option table alone. `make lint` checks that the examples are
valid; this checks that they are complete.
"""

from __future__ import annotations

import ast
import pathlib
import sys

import yaml

FRAGMENT = pathlib.Path('plugins/doc_fragments/connection.py')


def assigned_strings(path):
    """{name: string} of the string assignments in a Python file (DOCUMENTATION, EXAMPLES, ...), class bodies included."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return found


def used_options(tasks, fqcn):
    """Option names the tasks pass to module fqcn, and those set in module_defaults, blocks included."""
    used = set()
    for task in tasks or []:
        if isinstance(task.get(fqcn), dict):
            used.update(task[fqcn])
        for defaults in (task.get('module_defaults') or {}).values():
            used.update(defaults or {})
        for key in ('block', 'rescue', 'always'):
            used |= used_options(task.get(key), fqcn)
    return used


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    connection = set(yaml.safe_load(assigned_strings(root / FRAGMENT)['DOCUMENTATION'])['options'])
    problems = []
    for path in sorted((root / 'plugins' / 'modules').glob('*.py')):
        if path.name == '__init__.py':
            continue
        strings = assigned_strings(path)
        options = yaml.safe_load(strings['DOCUMENTATION']).get('options') or {}
        canonical = {alias: name for name, spec in options.items() for alias in spec.get('aliases') or []}
        used = {canonical.get(name, name) for name in used_options(yaml.safe_load(strings.get('EXAMPLES') or '[]'), 'ncloud.vserver.' + path.stem)}
        missing = sorted(set(options) - used)
        if missing:
            problems.append('%s: EXAMPLES use none of these options: %s' % (path.stem, ', '.join(missing)))
        if not used & connection:
            problems.append('%s: EXAMPLES show no connection option (%s)' % (path.stem, ', '.join(sorted(connection))))
        if not missing and used & connection:
            print(
                'check-examples-coverage: %s: EXAMPLES use all %d options, and connection options %s'
                % (path.stem, len(options), ', '.join(sorted(used & connection)))
            )
    for problem in problems:
        print('check-examples-coverage: ' + problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
