#!/usr/bin/env bash
# Usage: scripts/sync-collection.sh DEST
# Copy the collection into DEST (a path ending in ansible_collections/ncloud/vserver), which
# ansible-test requires. A symlink does not do: ansible-test takes os.getcwd(), which resolves
# the link back to the checkout. Copied: the files git knows or would add (tracked and
# untracked, minus .gitignore'd ones such as venvs and build output); outside a git checkout,
# everything but those. DEST/tests/output is kept, so ansible-test's venvs survive re-runs.
set -euo pipefail

dest=${1:?usage: $0 DEST}
src=$(cd "$(dirname "$0")/.." && pwd)

case "$dest" in
    */ansible_collections/*/*) ;;
    *) echo "sync-collection: $dest does not end in ansible_collections/NAMESPACE/NAME" >&2; exit 2 ;;
esac

mkdir -p "$dest"
# Remove what an earlier sync left, so deleted files do not linger; keep tests/output.
find "$dest" -mindepth 1 -maxdepth 1 ! -name tests -exec rm -rf {} +
if [[ -d "$dest/tests" ]]; then
    find "$dest/tests" -mindepth 1 -maxdepth 1 ! -name output -exec rm -rf {} +
fi

cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # --cached also lists tracked files deleted in the work tree; skip those.
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [[ -e "$f" || -L "$f" ]] && printf '%s\0' "$f"; done |
        tar --null -T - -cf - | tar -xf - -C "$dest"
else
    tar --exclude=./.git --exclude='./.venv*' --exclude=./.build --exclude=./tests/output \
        --exclude=__pycache__ --exclude='*.pyc' --exclude=.pytest_cache -cf - . | tar -xf - -C "$dest"
fi
