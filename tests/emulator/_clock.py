# -*- coding: utf-8 -*-
"""Clocks for the NCP emulator.

Everything time-dependent in the emulator (signature skew, snapshot lifecycle, createDate, auto
names) reads one clock, so a test can swap in a ManualClock and move time forward instead of
sleeping.
"""

import threading
import time
from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))


def create_date(epoch_seconds):
    """NCP's yyyy-MM-ddTHH:mm:ss+0900 in KST, rounded to the second like the real capture."""
    return datetime.fromtimestamp(round(epoch_seconds), KST).strftime("%Y-%m-%dT%H:%M:%S+0900")


class SystemClock:
    """Wall-clock time in epoch seconds (float)."""

    def now(self):
        return time.time()


class ManualClock:
    """A clock that only moves when told to; safe to read and advance from several threads."""

    def __init__(self, start=None):
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            return self._now

    def advance(self, seconds):
        with self._lock:
            self._now += float(seconds)
            return self._now

    def set(self, epoch_seconds):
        with self._lock:
            self._now = float(epoch_seconds)
