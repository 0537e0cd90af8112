# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One request rate, and one backoff, shared by every process that uses the same key and gateway.

Private to the ncloud.vserver collection: not a public API, may change without notice.

NCP's rate limits belong to the key (and the gateway), not to a task: 50 forks of
ansible-playbook are 50 processes hitting the same limit. So the state lives in a small file per
(hash of the access key, base URL) in a private directory, read and written under ``flock``:

- ``next``: the earliest time the next request may go when ``api_rate_limit`` is set. Each
  request takes that slot and moves it ``1 / rate`` seconds on, then sleeps until its slot, so
  requests leave evenly spaced (no burst) however many processes share the file.
- ``hold``: no request before this time. A throttled reply (429, see ``_policy.slows_everyone``)
  pushes it to "now + the backoff", so every process waits, not only the one that was refused.
  The hold is used with no ``api_rate_limit`` too: one refused process then spares the others
  their own refusals (and their retries), at the cost of one small locked read a request.

The key itself is never written: only its SHA-256 names the file. Where the directory cannot be
made private (or there is no ``fcntl``), the state is kept in this process only. Times are the
client's clock; stored values implausibly far ahead (another clock's) are ignored.
"""

from __future__ import annotations

import hashlib
import math
import os
import stat
import tempfile
import time

try:
    import fcntl

    HAS_FCNTL = True
except ImportError:  # not POSIX: the state stays in the process
    HAS_FCNTL = False

MAX_RATE = 1000.0
# A stored time further ahead than this is not one this clock wrote (a test's fake clock, say).
MAX_AHEAD = 3600.0


def state_directory():
    """The private directory for the shared files (``$TMPDIR/ncloud-vserver-<uid>``)."""
    return os.path.join(tempfile.gettempdir(), 'ncloud-vserver-%d' % os.getuid())


def state_path(access_key, base_url, directory=None):
    """The state file of one key on one gateway; the key only as a hash."""
    digest = hashlib.sha256(('%s\n%s' % (access_key, base_url.rstrip('/'))).encode('utf-8')).hexdigest()[:32]
    return os.path.join(directory or state_directory(), 'rate-%s' % digest)


def _private_dir(path):
    """Make ``path`` (mode 0700, ours, not a link); False when it cannot be trusted."""
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


class RateLimit:
    """``before_request`` before each attempt; ``throttled`` after a refusal that slows everyone."""

    def __init__(self, rate, access_key, base_url, clock=time.time, sleep=time.sleep, directory=None):
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        directory = directory or state_directory()
        self.path = state_path(access_key, base_url, directory) if HAS_FCNTL and _private_dir(directory) else None
        self._local = [0.0, 0.0]  # next, hold: the state when there is no file

    def before_request(self, latest):
        """Sleep until this request may go; False (nothing reserved, no sleep) when that is after ``latest``."""

        def reserve(state, now):
            slot = max(now, state[1], state[0] if self.rate else now)
            if slot > latest:
                return None
            if self.rate:
                state[0] = slot + 1.0 / self.rate
            return slot

        while True:
            slot = self._locked(reserve)
            if slot is None:
                return False
            wait = slot - self.clock()
            if wait <= 0:
                return True
            self.sleep(wait)
            # A refusal while this process slept pushes the hold past its slot: then take a new one.
            if self._locked(lambda state, now: state[1]) <= self.clock():
                return True

    def throttled(self, delay):
        """A throttled reply: nobody sharing the state sends anything for ``delay`` seconds."""

        def push(state, now):
            state[1] = max(state[1], now + delay)

        self._locked(push)

    def _locked(self, change):
        """``change(state, now)`` applied to the shared ``[next, hold]`` under its lock; what it returns."""
        if self.path is None:
            return self._apply(change, self._local)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_NOFOLLOW', 0), 0o600)
        except OSError:
            return self._apply(change, self._local)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                state = _parse(os.read(fd, 100))
            except OSError:  # a file system without locks: share nothing rather than fail the task
                return self._apply(change, self._local)
            before = list(state)
            result = self._apply(change, state)
            if state != before:
                try:
                    os.lseek(fd, 0, os.SEEK_SET)
                    os.ftruncate(fd, 0)
                    os.write(fd, ('%.6f %.6f\n' % tuple(state)).encode('ascii'))
                except OSError:  # (a full disk) the others miss this change; this process keeps to it
                    pass
            return result
        finally:
            os.close(fd)  # closing releases the lock

    def _apply(self, change, state):
        now = self.clock()
        for index, value in enumerate(state):
            if value > now + MAX_AHEAD:
                state[index] = now
        return change(state, now)


def _parse(data):
    """``[next, hold]`` from the file's bytes; zeros for an empty or unreadable file."""
    try:
        values = [float(value) for value in data.decode('ascii').split()]
    except (UnicodeError, ValueError):
        return [0.0, 0.0]
    return values[:2] if len(values) >= 2 and all(math.isfinite(value) for value in values[:2]) else [0.0, 0.0]
