#!/usr/bin/env python
"""Usage: scripts/check-action-plugins.py [COLLECTION_DIR]

Check that each module in plugins/modules/ has its action plugin, plugins/action/<module>.py
naming it (MODULE = '<module>'): the controller-side path of issue 14. Without it the module
still runs, but on the target, and loses what the in-process path gives. Which modules are in
the action group `all` is the extra-checks nox session's check (antsibull-nox.toml).
"""

from __future__ import annotations

import pathlib
import sys


def names_its_module(path, module):
    """Whether the action plugin at ``path`` exists and says ``MODULE = '<module>'``."""
    return path.is_file() and ("MODULE = '%s'" % module) in path.read_text(encoding='utf-8')


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    modules = sorted(p.stem for p in (root / 'plugins' / 'modules').glob('*.py') if p.name != '__init__.py')
    missing = [m for m in modules if not names_its_module(root / 'plugins' / 'action' / (m + '.py'), m)]
    for module in missing:
        print(
            'check-action-plugins: module %s has no action plugin plugins/action/%s.py with MODULE = %r'
            ' (see plugins/plugin_utils/_in_process.py)' % (module, module, module)
        )
    if missing:
        return 1
    print('check-action-plugins: all %d modules have their action plugin: %s' % (len(modules), ', '.join(modules)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
