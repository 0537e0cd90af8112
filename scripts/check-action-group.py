#!/usr/bin/env python
"""Usage: scripts/check-action-group.py [COLLECTION_DIR]

Check that the action group `all` in meta/runtime.yml lists exactly the modules in
plugins/modules/, and that each module's documentation says it belongs to it
(attributes.action_group.membership), and that each module has its action plugin
(plugins/action/<module>.py naming it: the controller-side path of issue 14). Users set the connection options once with
`module_defaults: group/ncloud.vserver.all:`; a module missing from the group silently ignores
those defaults and fails for want of keys or talks to the wrong region.
"""
from __future__ import annotations

import ast
import pathlib
import sys

import yaml

GROUP = 'all'
FQ_GROUP = 'ncloud.vserver.' + GROUP


def documented_groups(path):
    """The action groups a module's DOCUMENTATION declares (attributes.action_group.membership)."""
    for node in ast.parse(path.read_text(encoding='utf-8')).body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets):
            doc = yaml.safe_load(node.value.value) or {}
            return set((doc.get('attributes') or {}).get('action_group', {}).get('membership') or [])
    return set()


def _names_its_module(path, module):
    """Whether the action plugin at ``path`` exists and says ``MODULE = '<module>'``."""
    return path.is_file() and ("MODULE = '%s'" % module) in path.read_text(encoding='utf-8')


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    runtime = yaml.safe_load((root / 'meta' / 'runtime.yml').read_text(encoding='utf-8'))
    group = (runtime.get('action_groups') or {}).get(GROUP) or []
    modules = {p.stem: p for p in (root / 'plugins' / 'modules').glob('*.py') if p.name != '__init__.py'}

    problems = []
    problems += ['module %s is not in action group %s in meta/runtime.yml' % (m, GROUP) for m in sorted(set(modules) - set(group))]
    problems += ['action group %s lists %s, which is not a module in plugins/modules/' % (GROUP, m) for m in sorted(set(group) - set(modules))]
    problems += ['%s: attributes.action_group.membership does not list %s' % (p.relative_to(root), FQ_GROUP)
                 for m, p in sorted(modules.items()) if FQ_GROUP not in documented_groups(p)]
    problems += ['module %s has no action plugin plugins/action/%s.py with MODULE = %r (see plugins/plugin_utils/_in_process.py)'
                 % (m, m, m) for m in sorted(modules) if not _names_its_module(root / 'plugins' / 'action' / (m + '.py'), m)]
    for problem in problems:
        print('check-action-group: ' + problem)
    if problems:
        return 1
    print('check-action-group: %s lists all %d modules, each with its action plugin: %s'
          % (FQ_GROUP, len(modules), ', '.join(sorted(modules))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
