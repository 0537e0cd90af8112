#!/usr/bin/env bash
# Usage: scripts/update-changelog.sh TOOLS_VENV [COLLECTION_DIR]
# Write changelogs/changelog.yaml and CHANGELOG.md for the version in galaxy.yml (`make changelog`):
# the fragments in changelogs/fragments/ go into that release (and are removed), and so do the
# modules, plugins and roles whose version_added is that version. While the version is not
# published, run it again after each change: --update-existing adds to the release instead of
# failing, and the release date recorded the first time is kept, so re-runs change nothing else.
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV [COLLECTION_DIR]}" && pwd)
cd "${2:-$(dirname "$0")/..}"

# The release date already recorded for galaxy.yml's version, else today.
date=$("$venv/bin/python" - <<'PY'
import datetime, yaml
version = yaml.safe_load(open('galaxy.yml'))['version']
try:
    releases = yaml.safe_load(open('changelogs/changelog.yaml')).get('releases') or {}
except FileNotFoundError:
    releases = {}
print(releases.get(version, {}).get('release_date') or datetime.date.today().isoformat())
PY
)
# antsibull-changelog keeps the plugin list it read in changelogs/.plugin-cache.yaml (ignored by
# git) and reuses it for the same version; drop it so plugins added since are listed too.
rm -f changelogs/.plugin-cache.yaml
# antsibull-changelog finds ansible-doc on PATH to list the plugins.
PATH=$venv/bin:$PATH "$venv/bin/antsibull-changelog" release --update-existing --date "$date"
