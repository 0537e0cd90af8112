# -*- coding: utf-8 -*-
"""createBlockStorageInstance: from request parameters to a new Volume, with NCP's rules.

From the vserver createBlockStorageInstance doc (ncp-api.md 4.5 [DOC-bs-create]) and Terraform's
block_storage.go:
- XEN volumes are created attached: serverInstanceNo is required and decides the zone; the type is
  blockStorageDiskDetailTypeCode (SSD default | HDD).
- KVM volumes are created detached: zoneCode and blockStorageVolumeTypeCode are required,
  serverInstanceNo must be absent; attachBlockStorageInstance follows.
- From a snapshot (blockStorageSnapshotInstanceNo): the hypervisor is the snapshot's; XEN takes its
  size from the snapshot, KVM needs a size >= the snapshot's; encryption and (unless asked) the
  volume type are the source volume's.
- blockStorageSize in GB, 10 GB steps, XEN 10-2000, KVM 10-16380.
"""

import re

from _errors import invented, missing_parameter
from _volume_store import VolumeStore
from _volumes import GIB, SIZE_LIMITS_GB, VOLUME_TYPES, ZONES, Volume

# Current doc: lower-case letters, digits and '-', 3-30, starting with a letter, ending with a letter or digit.
VOLUME_NAME = re.compile(r"[a-z][a-z0-9-]{1,28}[a-z0-9]")
ALL_VOLUME_TYPES = [code for types in VOLUME_TYPES.values() for code in types]


def check_size(size_gb, hypervisor, minimum_gb=None):
    """Refuse a size NCP would not take; minimum_gb: a lower bound beyond the hypervisor's (the snapshot's size, the current size)."""
    low, high = SIZE_LIMITS_GB[hypervisor]
    if size_gb % 10:
        raise invented("invalid_size", size=size_gb, why="enter it in 10 GB steps")
    if not low <= size_gb <= high:
        raise invented("invalid_size", size=size_gb, why="%s block storage takes %d to %d GB" % (hypervisor, low, high))
    if minimum_gb is not None and size_gb < minimum_gb:
        raise invented("invalid_size", size=size_gb, why="it must be at least %d GB" % minimum_gb)


def build_volume(store, region, params):
    """The Volume a create call asks for (not yet numbered), or the ApiError refusing it.

    store: the SnapshotStore (snapshots, and its .fleet for servers).
    """
    snapshot = _source_snapshot(store, region, params.get("blockStorageSnapshotInstanceNo"))
    server_no = params.get("serverInstanceNo")
    server = store.fleet.existing_server(region, server_no) if server_no else None
    volume_type = params.get_choice("blockStorageVolumeTypeCode", ALL_VOLUME_TYPES)
    disk_detail = params.get_choice("blockStorageDiskDetailTypeCode", list(VOLUME_TYPES["XEN"]))
    if snapshot is not None:
        hypervisor = snapshot.volume.hypervisorType
    elif server is not None:
        hypervisor = server.hypervisorType
    else:
        hypervisor = "KVM" if volume_type in VOLUME_TYPES["KVM"] else "XEN"
    if hypervisor == "XEN":
        volume_type = volume_type or disk_detail  # XEN names its type with either code
    if volume_type is None and snapshot is not None:
        volume_type = snapshot.volume.blockStorageVolumeType
    if hypervisor == "XEN":
        zone, volume_type, size_gb = _xen_rules(params, server, volume_type, snapshot)
    else:
        zone, volume_type, size_gb = _kvm_rules(params, region, server, volume_type, snapshot)
    name = params.get("blockStorageName")
    if name is not None and not VOLUME_NAME.fullmatch(name):
        raise invented("invalid_volume_name")
    description = params.get("blockStorageDescription", "")
    if len(description.encode("utf-8")) > 1000:
        raise invented("volume_description_too_long")
    return Volume(
        "0",
        hypervisor,
        volume_type,
        size_gb * GIB,
        region,
        zone,
        name or "",
        isEncryptedVolume=snapshot.volume.isEncryptedVolume if snapshot else False,
        serverInstanceNo=server.no if server else "",
        blockStorageDescription=description,
        isReturnProtection=bool(params.get_bool("isReturnProtection")),
        blockStorageSnapshotInstanceNo=snapshot.no if snapshot else "",
    )


def _source_snapshot(store, region, snapshot_no):
    if snapshot_no is None:
        return None
    snap = store.get(region, snapshot_no)
    if snap is None:
        raise invented("snapshot_not_found", no=snapshot_no, region=region)
    phase = snap.phase(store.clock.now())
    if phase != "created":
        raise invented("snapshot_not_ready", no=snapshot_no, state=phase)
    return snap


def _xen_rules(params, server, volume_type, snapshot):
    if server is None:
        raise missing_parameter("serverInstanceNo")
    volume_type = volume_type or "SSD"
    if volume_type not in VOLUME_TYPES["XEN"]:
        raise invented("invalid_parameter", name="blockStorageVolumeTypeCode", value=volume_type, why="XEN block storage is SSD or HDD")
    VolumeStore.check_fits("XEN", params.get("zoneCode", server.zoneCode), server, "new block storage")
    if snapshot is not None:
        # "Determined automatically when creating with XEN block storage snapshots": a given size is ignored.
        return server.zoneCode, volume_type, snapshot.volume_size // GIB
    size_gb = _required_size(params)
    check_size(size_gb, "XEN")
    return server.zoneCode, volume_type, size_gb


def _kvm_rules(params, region, server, volume_type, snapshot):
    if server is not None:
        raise invented("kvm_server_at_create")
    zone = params.require("zoneCode")
    if zone not in ZONES[region]:
        raise invented("invalid_parameter", name="zoneCode", value=zone, why="zones of %s: %s" % (region, ", ".join(ZONES[region])))
    if volume_type is None:
        raise missing_parameter("blockStorageVolumeTypeCode")
    if volume_type not in VOLUME_TYPES["KVM"]:
        raise invented("invalid_parameter", name="blockStorageVolumeTypeCode", value=volume_type, why="KVM block storage is CB1, CB2, FB1 or FB2")
    size_gb = _required_size(params)
    check_size(size_gb, "KVM", -(-snapshot.volume_size // GIB) if snapshot else None)
    return zone, volume_type, size_gb


def _required_size(params):
    size_gb = params.get_int("blockStorageSize")
    if size_gb is None:
        raise missing_parameter("blockStorageSize")
    return size_gb
