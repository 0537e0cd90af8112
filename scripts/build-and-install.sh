#!/usr/bin/env bash
# Usage: scripts/build-and-install.sh ANSIBLE_GALAXY DEST
# Build the collection from this checkout as a release is built (`ansible-galaxy collection
# build`, which leaves out what galaxy.yml's build_ignore lists) into DEST/dist, and install that
# tarball into the collections path DEST/collections, as users install it. Prints the tarball's
# path on stdout; ansible-galaxy's own messages go to stderr.
set -euo pipefail

galaxy=${1:?usage: $0 ANSIBLE_GALAXY DEST}
dest=${2:?usage: $0 ANSIBLE_GALAXY DEST}
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$dest"
mkdir -p "$dest/dist" "$dest/collections"
"$galaxy" collection build --output-path "$dest/dist" "$root" >&2
tarball=$(compgen -G "$dest/dist/*.tar.gz")
# ANSIBLE_COLLECTIONS_PATH: DEST/collections is then a configured path, so no warning about it.
ANSIBLE_COLLECTIONS_PATH=$dest/collections "$galaxy" collection install --offline -p "$dest/collections" "$tarball" >&2
echo "$tarball"
