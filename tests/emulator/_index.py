# -*- coding: utf-8 -*-
"""Indexes over the snapshot store, so a list or detail call costs about the rows it returns (issue 14).

A snapshot's phase is still computed from its timestamps when it is read (see _store); what the
index adds is where to look:

- by number, by region, by volume and by name: dicts in creation order, which is number order;
- ``creating``: every snapshot whose readiness was still ahead at the last settle (a superset of
  those creating now, narrowed by the exact phase on read), for the INIT status filter;
- a heap of due times (readiness, disappearance), so a settle only touches what fell due.

Tests move snapshots in time by setting ``ready_at`` / ``gone_at`` (and the emulator's own age()
does); Snapshot reports those changes here (its ``watcher``), so the heap never goes stale. A clock
moved backwards (ManualClock.set) rebuilds the time-based part once. Snapshots gone are dropped
for good, as the store always did.

Not locked itself: the emulator uses it under its one lock.
"""

import heapq
import itertools


class SnapshotIndex:
    def __init__(self):
        self.by_no = {}
        self.by_region = {}
        self.by_volume = {}
        self.by_name = {}
        self.creating = {}
        self._due = []  # (time, sequence, "ready" | "gone", number)
        self._sequence = itertools.count()
        self._settled_at = None

    def clear(self):
        for table in (self.by_no, self.by_region, self.by_volume, self.by_name, self.creating):
            table.clear()
        self._due.clear()
        self._settled_at = None

    def add(self, snap):
        self.by_no[snap.no] = snap
        self.by_region.setdefault(snap.volume.regionCode, {})[snap.no] = snap
        self.by_volume.setdefault(snap.volume.no, {})[snap.no] = snap
        self.by_name.setdefault(snap.name, {})[snap.no] = snap
        snap.watcher = self.changed
        self.changed(snap, "ready_at")
        if snap.gone_at is not None:
            self.changed(snap, "gone_at")

    def changed(self, snap, field):
        """A snapshot's ready_at or gone_at was set: queue the moment it matters."""
        if self.by_no.get(snap.no) is not snap:
            return
        if field == "ready_at":
            self.creating[snap.no] = snap  # settle() takes it out once ready
            heapq.heappush(self._due, (snap.ready_at, next(self._sequence), "ready", snap.no))
        elif field == "gone_at" and snap.gone_at is not None:
            heapq.heappush(self._due, (snap.gone_at, next(self._sequence), "gone", snap.no))

    def settle(self, now):
        """Apply every readiness and disappearance due by now."""
        if self._settled_at is not None and now < self._settled_at:
            self._rebuild()
        self._settled_at = now
        while self._due and self._due[0][0] <= now:
            _time, _sequence, kind, no = heapq.heappop(self._due)
            snap = self.by_no.get(no)
            if snap is None:
                continue
            if kind == "gone" and snap.gone_at is not None and snap.gone_at <= now:
                self._remove(snap)
            elif kind == "ready" and snap.ready_at <= now:
                self.creating.pop(no, None)

    def _rebuild(self):
        """The clock went back: every snapshot may be creating again."""
        self._due.clear()
        self.creating.clear()
        for snap in self.by_no.values():
            self.changed(snap, "ready_at")
            if snap.gone_at is not None:
                self.changed(snap, "gone_at")

    def _remove(self, snap):
        del self.by_no[snap.no]
        for table, key in ((self.by_region, snap.volume.regionCode), (self.by_volume, snap.volume.no), (self.by_name, snap.name)):
            rows = table[key]
            del rows[snap.no]
            if not rows:
                del table[key]
        self.creating.pop(snap.no, None)
        snap.watcher = None

    def visible(self, region=None):
        """Every snapshot not yet gone (as of the last settle), in number order."""
        if region is None:
            return list(self.by_no.values())
        return list(self.by_region.get(region, {}).values())

    def get(self, region, no):
        snap = self.by_no.get(no)
        return snap if snap is not None and snap.volume.regionCode == region else None

    def of_volume(self, volume_no):
        return list(self.by_volume.get(volume_no, {}).values())

    def candidates(self, region, numbers=(), volumes=(), name=None, creating_only=False):
        """The smallest set of the region's snapshots that holds every match of these filters, in number order.

        The caller still applies each filter given to each candidate (this only narrows where it looks).
        """
        in_region = self.by_region.get(region, {})
        sources = [(len(in_region), lambda: list(in_region.values()))]
        if numbers:
            sources.append((len(numbers), lambda: _numbered(in_region[no] for no in dict.fromkeys(numbers) if no in in_region)))
        if volumes:
            tables = [self.by_volume[no] for no in dict.fromkeys(volumes) if no in self.by_volume]
            sources.append((sum(map(len, tables)), lambda: _numbered(snap for table in tables for snap in table.values() if snap.volume.regionCode == region)))
        if name is not None:
            named = self.by_name.get(name, {})
            sources.append((len(named), lambda: [snap for snap in named.values() if snap.volume.regionCode == region]))
        if creating_only:
            sources.append((len(self.creating), lambda: _numbered(snap for snap in self.creating.values() if snap.volume.regionCode == region)))
        return min(sources, key=lambda source: source[0])[1]()


def _numbered(snapshots):
    return sorted(snapshots, key=lambda snap: int(snap.no))
