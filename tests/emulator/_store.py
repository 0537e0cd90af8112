# -*- coding: utf-8 -*-
"""Snapshots: their lifecycle, chain rules and API shape (ncp-api.md sections 4.1-4.4 and 5).

State is computed lazily from timestamps on every read, so no background thread is needed and a
ManualClock fully controls the lifecycle:

    created_at .. ready_at   INIT  / CREAT / creating
    ready_at ..              CREAT / NULL  / created
    delete called .. gone_at CREAT / TERMT / terminating, then absent everywhere

SnapshotStore is not locked itself: the emulator calls it under its one lock. Its rules follow
the switchable options in _options.Behaviours (store.options).

Lists and details find their rows through _index.SnapshotIndex instead of scanning the store.
"""

import re
from dataclasses import dataclass

from _clock import create_date
from _render import RenderedRow, row_json
import _delete
from _errors import invented
from _index import SnapshotIndex
from _options import Behaviours
from _servers import DEFAULT_SERVERS
from _volume_store import VolumeStore
from _volumes import Volume

MAX_INCREMENTALS = 7
# name_rule option -> (pattern, the specials its message names): the current API doc allows '_',
# the CLI doc and an older doc copy do not.
NAME_RULES = {
    "current": (re.compile(r"[A-Za-z][A-Za-z0-9_-]{1,28}[A-Za-z0-9]"), "'-' or '_'"),
    "legacy": (re.compile(r"[A-Za-z][A-Za-z0-9-]{1,28}[A-Za-z0-9]"), "'-'"),
}
SNAPSHOT_TYPES = {"FULL": "Full Storage Snapshot", "INCREMENTAL": "Incremental Storage Snapshot"}  # INCREMENTAL codeName invented
STATES = {  # phase -> (status, status codeName, operation, operation codeName, statusName); codeNames from the 2024 capture
    "creating": ("INIT", "Block Storage INIT State", "CREAT", "Block storage CREATE OP", "creating"),
    "created": ("CREAT", "Block Storage CREATED State", "NULL", "Block Storage NULL OP", "created"),
    "terminating": ("CREAT", "Block Storage CREATED State", "TERMT", "Block Storage TERMINATE OP", "terminating"),
}


@dataclass
class Snapshot:
    no: str
    name: str
    description: str
    volume: Volume
    snapshot_type: str
    base_no: str  # "" for FULL; the chain's FULL for INCREMENTAL (emulator choice)
    depth: int  # 0 for FULL, 1..7 for incrementals
    created_at: float
    ready_at: float
    gone_at: float = None  # set when deletion is requested
    volume_size: int = 0  # bytes, the volume's size when the snapshot was taken (a resize later does not change it)
    # Not a field: the index's callback, told when ready_at or gone_at changes (tests set them directly).
    watcher = None

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name in ("ready_at", "gone_at") and self.watcher is not None:
            self.watcher(self, name)

    def phase(self, now):
        if self.gone_at is not None:
            return "terminating"
        return "creating" if now < self.ready_at else "created"

    def rendered(self, now, phase=None):
        """to_api() as a RenderedRow; its JSON text is made once per state (phase, and creation time: age() moves it)."""
        phase = phase or self.phase(now)
        row = self.to_api(now, phase)
        cached = self.__dict__.get("_row_json")
        if cached is None or cached[0] != (phase, self.created_at):
            cached = ((phase, self.created_at), row_json(row))
            object.__setattr__(self, "_row_json", cached)
        return RenderedRow(row, cached[1])

    def to_api(self, now, phase=None):
        status, status_name, operation, operation_name, phase_name = STATES[phase or self.phase(now)]
        return {
            "blockStorageSnapshotInstanceNo": self.no,
            "blockStorageSnapshotName": self.name,
            "blockStorageSnapshotVolumeSize": self.volume_size,
            "originalBlockStorageInstanceNo": self.volume.no,
            "blockStorageSnapshotInstanceStatus": {"code": status, "codeName": status_name},
            "blockStorageSnapshotInstanceOperation": {"code": operation, "codeName": operation_name},
            "blockStorageSnapshotInstanceStatusName": phase_name,
            "createDate": create_date(self.created_at),
            "isEncryptedOriginalBlockStorageVolume": self.volume.isEncryptedVolume,
            "blockStorageSnapshotDescription": self.description,
            "snapshotType": {"code": self.snapshot_type, "codeName": SNAPSHOT_TYPES[self.snapshot_type]},
            "baseSnapshotInstanceNo": self.base_no,
            "snapshotChainDepth": self.depth,
            "isBootable": self.volume.bootable,
            "hypervisorType": self.volume.hypervisor_code(),
            "blockStorageVolumeType": self.volume.volume_type_code(),
        }


def auto_name(epoch_seconds):
    """'sh' + lower-case hex of the creation time in epoch milliseconds, as NCP names them."""
    return "sh%x" % round(epoch_seconds * 1000)


class SnapshotStore:
    """Snapshots, plus .fleet: the VolumeStore of the volumes and servers they are made from and restored to."""

    def __init__(self, volumes, clock, create_delay, delete_delay, first_no=5000001, options=None, servers=DEFAULT_SERVERS, volume_delay=1.0):
        self.fleet = VolumeStore(volumes, servers, clock, volume_delay)
        self.volumes = self.fleet.volumes  # the same dict: volumes by number
        self.options = options or Behaviours()
        self.images = {}  # snapshot number -> the server image it backs (use_for_image)
        self.clock = clock
        self.create_delay = create_delay
        self.delete_delay = delete_delay
        self._first_no = first_no
        self._next_no = first_no
        self.index = SnapshotIndex()

    def reset(self):
        self.fleet.reset()
        self.index.clear()
        self.images.clear()
        self._next_no = self._first_no

    def volume(self, region, no):
        return self.fleet.volume(region, no)

    def settle(self):
        """Apply what fell due (readiness, disappearance); returns the time it settled at."""
        now = self.clock.now()
        self.index.settle(now)
        return now

    def snapshots(self, region=None):
        """Every snapshot still visible (terminating ones included), oldest first."""
        self.settle()
        return self.index.visible(region)

    def get(self, region, no):
        """The visible snapshot numbered no in region, or None."""
        self.settle()
        return self.index.get(region, no)

    def of_volume(self, volume):
        """The visible snapshots of one volume, oldest first."""
        self.settle()
        return [snap for snap in self.index.of_volume(volume.no) if snap.volume is volume]

    def create(self, region, volume_no, name, description, snapshot_type):
        volume = self.volume(region, volume_no)
        if volume is None:
            raise invented("volume_not_found", no=volume_no, region=region)
        now = self.clock.now()
        if any(step.phase in ("creating", "terminating") for step in volume.steps):
            # Being made, or on its way out (a delete of an attached volume detaches it first).
            raise invented("volume_in_operation", no=volume.no, state=volume.phase())
        self.check_not_busy(volume, now)
        if snapshot_type == "INCREMENTAL" and volume.hypervisorType == "KVM" and self.options.kvm_incremental == "full":
            # Accepted without error, and a FULL is made: what a live test against NCP reported.
            snapshot_type = "FULL"
        base_no, depth = "", 0
        if snapshot_type == "INCREMENTAL":
            base_no, depth = self._next_link(region, volume)
        snap = Snapshot(
            str(self._next_no),
            name or auto_name(now),
            description or "",
            volume,
            snapshot_type,
            base_no,
            depth,
            created_at=now,
            ready_at=now + self.create_delay,
            volume_size=volume.blockStorageSize,
        )
        self._next_no += 1
        self.index.add(snap)
        return snap

    def add_ready(self, volume, name, snapshot_type, base_no, depth, created_at):
        """A snapshot made ready at created_at, without the create rules: for seeding (the caller keeps chains valid)."""
        snap = Snapshot(
            str(self._next_no), name, "", volume, snapshot_type, base_no, depth, created_at=created_at, ready_at=created_at, volume_size=volume.blockStorageSize
        )
        self._next_no += 1
        self.index.add(snap)
        return snap

    def _next_link(self, region, volume):
        """(base FULL number, depth) for a new INCREMENTAL: the chain is the newest FULL and its incrementals."""
        live = [snap for snap in self.of_volume(volume) if snap.gone_at is None]
        fulls = [snap for snap in live if snap.snapshot_type == "FULL"]
        if not fulls or fulls[-1].phase(self.clock.now()) != "created":
            raise invented("no_full_snapshot", no=volume.no)
        base = fulls[-1]
        depth = 1 + max((snap.depth for snap in live if snap.base_no == base.no), default=0)
        if depth > MAX_INCREMENTALS:
            raise invented("too_many_incrementals", base=base.no)
        return base.no, depth

    def delete(self, region, numbers):
        """Start deleting numbers (see _delete for which ones a call may delete); returns those deleted."""
        now = self.clock.now()
        targets = _delete.accepted(self, region, numbers, now)
        for snap in targets:
            snap.gone_at = now + self.delete_delay
        return targets

    def check_not_busy(self, volume, now):
        """kvm_busy: no create or delete on a KVM volume while one of its snapshots is being made or deleted."""
        if not self.options.kvm_busy or volume.hypervisorType != "KVM":
            return
        for snap in self.of_volume(volume):
            phase = snap.phase(now)
            if phase != "created":
                raise invented("volume_busy", no=volume.no, doing="created" if phase == "creating" else "deleted")

    def use_for_image(self, snapshot_no, image_no):
        """Mark a ready KVM snapshot as backing a server image (test control; ValueError if it cannot)."""
        now = self.settle()
        snap = self.index.by_no.get(snapshot_no)
        if snap is None or snap.phase(now) != "created" or (snap.gone_at is not None and snap.gone_at <= now):
            raise ValueError("snapshot %s does not exist or is not ready" % snapshot_no)
        if snap.volume.hypervisorType != "KVM":
            raise ValueError("snapshot %s is of a XEN volume: server images from snapshots are KVM only" % snapshot_no)
        self.images[snapshot_no] = image_no

    def release_image(self, snapshot_no):
        """The image backed by snapshot_no was deleted: the snapshot may go. False if it backed none."""
        return self.images.pop(snapshot_no, None) is not None
