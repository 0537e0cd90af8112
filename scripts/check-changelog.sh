#!/usr/bin/env bash
# Usage: scripts/check-changelog.sh TOOLS_VENV
# The changelog is well-formed and current:
#   1. every fragment in changelogs/fragments/ passes `antsibull-changelog lint`;
#   2. changelogs/changelog.yaml passes `antsibull-changelog lint-changelog-yaml`;
#   3. CHANGELOG.md and changelogs/changelog.yaml are what `make changelog` writes: redone in a
#      scratch copy of the collection, they come out the same. This fails when a fragment, or
#      a module, plugin or role with galaxy.yml's version as version_added, was added since the
#      last `make changelog`, and when CHANGELOG.md was edited by hand.
set -euo pipefail

venv=$(cd "${1:?usage: $0 TOOLS_VENV}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$venv/bin/antsibull-changelog" lint
"$venv/bin/antsibull-changelog" lint-changelog-yaml changelogs/changelog.yaml

# The copy lives outside this checkout: inside it (under the git-ignored .build/), antsibull-changelog
# would ask git which files the copy has, get none, and find no plugins to compare.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scratch=$tmp/ansible_collections/ncloud/vserver
"$root/scripts/sync-collection.sh" "$scratch"
"$root/scripts/update-changelog.sh" "$venv" "$scratch" > /dev/null
status=0
for file in CHANGELOG.md changelogs/changelog.yaml; do
    if ! diff -u "$file" "$scratch/$file"; then
        echo "check-changelog: $file is not current: run 'make changelog' and commit the result" >&2
        status=1
    fi
done
exit "$status"
