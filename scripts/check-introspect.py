#!/usr/bin/env python
"""Usage: scripts/check-introspect.py INTROSPECT_OUTPUT PYTHON_REQUIREMENTS SYSTEM_REQUIREMENTS

Check that `ansible-builder introspect --sanitize` found exactly the collection's requirements:
each requirement line of PYTHON_REQUIREMENTS and SYSTEM_REQUIREMENTS (comments and blank lines
aside) appears, attributed to ncloud.vserver, and introspect attributes nothing else to it. A
requirement missing here would be missing from every execution environment built with the
collection, and its modules would fail there with "requests is required".
"""

from __future__ import annotations

import re
import sys

import yaml

COLLECTION = 'ncloud.vserver'


def requirement_lines(path):
    with open(path, encoding='utf-8') as handle:
        return sorted(line.strip() for line in handle if line.strip() and not line.lstrip().startswith('#'))


def from_collection(entries):
    """The requirements introspect attributes to COLLECTION ("requests  # from collection ncloud.vserver")."""
    found = []
    for entry in entries or []:
        match = re.match(r'(.*?)\s+#\s+from collection (.*)$', entry)
        if match and COLLECTION in [name.strip() for name in match.group(2).split(',')]:
            found.append(match.group(1).strip())
    return sorted(found)


def main():
    with open(sys.argv[1], encoding='utf-8') as handle:
        text = handle.read()
    # introspect prints a "# Dependency data for ..." line before the YAML document.
    found = yaml.safe_load(text[text.index('---') :]) or {}
    problems = []
    for kind, path in (('python', sys.argv[2]), ('system', sys.argv[3])):
        expected, actual = requirement_lines(path), from_collection(found.get(kind))
        if expected != actual:
            problems.append('%s requirements: %s lists %s, ansible-builder introspect found %s' % (kind, path, expected, actual))
        else:
            print('check-introspect: %s requirements of %s: %s' % (kind, COLLECTION, ', '.join(actual) or 'none'))
    for problem in problems:
        print('check-introspect: ' + problem)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
