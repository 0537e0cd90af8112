# The collection's nox sessions come from antsibull-nox.toml (antsibull-nox, as the
# ansible-collections community collections use it); `make` runs them from .venv-nox.
from __future__ import annotations

import sys

import nox

try:
    import antsibull_nox
except ImportError:
    print('antsibull-nox must be installed next to nox (make does: scripts/requirements-nox.txt)')
    sys.exit(1)

# A second run reuses each session's virtualenv; pip still installs a changed pin into it.
nox.options.reuse_venv = 'yes'

antsibull_nox.load_antsibull_nox_toml()

if __name__ == '__main__':
    nox.main()
