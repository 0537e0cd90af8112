#!/usr/bin/env bash
# Usage: scripts/python-bin-dir.sh DIR
# Fill DIR with python3.X (and python2.7) symlinks to every real interpreter this machine has,
# so that ansible-test, which looks interpreters up by name on PATH, runs its multi-version
# sanity tests (compile, import) and units on each of them. pyenv's shims are not enough: a shim
# for a version that is not in `pyenv global` exists on PATH but fails when run.
# Prints the versions found, one line.
set -euo pipefail

dir=${1:?usage: $0 DIR}
mkdir -p "$dir"
find "$dir" -maxdepth 1 -type l -name 'python*' -delete

pyenv_root=$(pyenv root 2>/dev/null || true)
pyenv_root=${pyenv_root:-${PYENV_ROOT:-}}

found=()
for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14 3.15; do
    candidates=()
    if [[ -n "$pyenv_root" ]]; then
        # newest patch release first
        while IFS= read -r p; do
            [[ -n "$p" ]] && candidates+=("$p")
        done < <(compgen -G "$pyenv_root/versions/$v.*/bin/python$v" | sort -rV)
    fi
    if p=$(command -v "python$v" 2>/dev/null); then
        candidates+=("$p")
    fi
    for p in "${candidates[@]}"; do
        # the interpreter must really run (a pyenv shim for an inactive version does not)
        real=$("$p" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null) || continue
        [[ -x "$real" ]] || continue
        ln -s "$real" "$dir/python$v"
        found+=("$v")
        break
    done
done
echo "interpreters on PATH via $dir: ${found[*]:-none}"
