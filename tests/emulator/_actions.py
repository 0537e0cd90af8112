# -*- coding: utf-8 -*-
"""The vserver actions the emulator serves: parameters in, (list name, rows, totalRows) out.

Each handler gets the SnapshotStore (under the emulator's lock) and the request Params. The
snapshot actions are here; the volume and server ones in _volume_actions.
"""

from _errors import invented, missing_parameter
from _store import NAME_RULES, SNAPSHOT_TYPES
from _volume_actions import VOLUME_ACTIONS
from _volumes import GIB, REGIONS

SNAPSHOT_LIST = "blockStorageSnapshotInstanceList"


def _region(store, params):
    return params.region(store.options.regions)


def _matches(value, wanted):
    """An empty filter list means no filter."""
    return not wanted or value in wanted


def get_region_list(store, params):
    rows = [
        {"regionNo": str(index), "regionCode": code, "regionName": name}
        for index, (code, name) in enumerate(REGIONS.items(), 1)
        if code in store.options.regions
    ]
    page, total = params.page(rows, store.options.page_cap)
    return "regionList", page, total


def create_block_storage_snapshot_instance(store, params):
    region = _region(store, params)
    volume_no = params.require("originalBlockStorageInstanceNo")
    name = params.get("blockStorageSnapshotName")
    rule, specials = NAME_RULES[store.options.name_rule]
    if name is not None and not rule.fullmatch(name):
        raise invented("invalid_name", specials=specials)
    description = params.get("blockStorageSnapshotDescription", "")
    if len(description.encode("utf-8")) > 1000:
        raise invented("description_too_long")
    snapshot_type = params.get_choice("snapshotTypeCode", list(SNAPSHOT_TYPES), default="FULL")
    snap = store.create(region, volume_no, name, description, snapshot_type)
    # The create answer always says "creating", as on NCP, even with --create-delay 0.
    return SNAPSHOT_LIST, [snap.rendered(store.clock.now(), phase="creating")], 1


def get_block_storage_snapshot_instance_list(store, params):
    region = _region(store, params)
    numbers = params.get_list("blockStorageSnapshotInstanceNoList")
    volumes = params.get_list("originalBlockStorageInstanceNoList")
    hypervisors = params.get_list("hypervisorTypeCodeList")
    name = params.get("blockStorageSnapshotName")  # exact match (emulator choice)
    status = params.get("blockStorageSnapshotInstanceStatusCode")
    max_gib = params.get_int("blockStorageSnapshotVolumeSize", minimum=0)
    encrypted = params.get_bool("isEncryptedOriginalBlockStorageVolume")
    bootable = params.get_bool("isBootable")
    sorted_by = params.get_choice("sortedBy", ["blockStorageSnapshotName"])
    descending = params.get_choice("sortingOrder", ["ASC", "DESC"], default="ASC") == "DESC"

    now = store.settle()
    # Narrow by the index, then filter the Snapshot objects; only the page returned is rendered.
    tests = _snapshot_tests(set(numbers), set(volumes), set(hypervisors), name, status, max_gib, encrypted, bootable, now)
    snaps = store.index.candidates(region, numbers, volumes, name, creating_only=status == "INIT")
    if tests:
        snaps = [snap for snap in snaps if all(test(snap) for test in tests)]
    # Default order: snapshot number ascending (candidates come so). Sorting by name keeps number order among equal names.
    if sorted_by:
        snaps.sort(key=lambda snap: snap.name, reverse=descending)
    page, total = params.page(snaps, store.options.page_cap)
    return SNAPSHOT_LIST, [snap.rendered(now) for snap in page], total


def _snapshot_tests(numbers, volumes, hypervisors, name, status, max_gib, encrypted, bootable, now):
    """One predicate per filter given: a list without filters is not scanned at all."""
    wanted = [
        (numbers, lambda snap: snap.no in numbers),
        (volumes, lambda snap: snap.volume.no in volumes),
        (hypervisors, lambda snap: snap.volume.hypervisorType in hypervisors),
        (name is not None, lambda snap: snap.name == name),
        (status is not None, lambda snap: _status_code(snap, now) == status),
        (max_gib is not None, lambda snap: snap.volume_size <= max_gib * GIB),
        (encrypted is not None, lambda snap: snap.volume.isEncryptedVolume == encrypted),
        (bootable is not None, lambda snap: snap.volume.bootable == bootable),
    ]
    return [test for given, test in wanted if given]


def _status_code(snap, now):
    return "INIT" if snap.phase(now) == "creating" else "CREAT"


def get_block_storage_snapshot_instance_detail(store, params):
    region = _region(store, params)
    wanted = params.require("blockStorageSnapshotInstanceNo")
    # Unknown and deleted numbers both answer 200 with an empty list, as Terraform expects.
    snap = store.get(region, wanted)
    rows = [] if snap is None else [snap.rendered(store.clock.now())]
    return SNAPSHOT_LIST, rows, len(rows)


def delete_block_storage_snapshot_instances(store, params):
    region = _region(store, params)
    numbers = params.get_list("blockStorageSnapshotInstanceNoList")
    if not numbers:
        raise missing_parameter("blockStorageSnapshotInstanceNoList.1")
    deleted = store.delete(region, list(dict.fromkeys(numbers)))
    now = store.clock.now()
    return SNAPSHOT_LIST, [snap.rendered(now) for snap in deleted], len(deleted)


ACTIONS = {
    "getRegionList": get_region_list,
    "createBlockStorageSnapshotInstance": create_block_storage_snapshot_instance,
    "getBlockStorageSnapshotInstanceList": get_block_storage_snapshot_instance_list,
    "getBlockStorageSnapshotInstanceDetail": get_block_storage_snapshot_instance_detail,
    "deleteBlockStorageSnapshotInstances": delete_block_storage_snapshot_instances,
    **VOLUME_ACTIONS,
}
