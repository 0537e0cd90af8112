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
    rows = [{"regionNo": str(index), "regionCode": code, "regionName": name} for index, (code, name) in enumerate(REGIONS.items(), 1)
            if code in store.options.regions]
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
    return SNAPSHOT_LIST, [snap.to_api(store.clock.now(), phase="creating")], 1


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

    now = store.clock.now()
    rows = [snap.to_api(now) for snap in store.snapshots(region)]
    rows = [row for row in rows
            if _matches(row["blockStorageSnapshotInstanceNo"], numbers)
            and _matches(row["originalBlockStorageInstanceNo"], volumes)
            and _matches(row["hypervisorType"]["code"], hypervisors)
            and (name is None or row["blockStorageSnapshotName"] == name)
            and (status is None or row["blockStorageSnapshotInstanceStatus"]["code"] == status)
            and (max_gib is None or row["blockStorageSnapshotVolumeSize"] <= max_gib * GIB)
            and (encrypted is None or row["isEncryptedOriginalBlockStorageVolume"] == encrypted)
            and (bootable is None or row["isBootable"] == bootable)]
    # Default order: snapshot number ascending. Sorting by name keeps number order among equal names.
    rows.sort(key=lambda row: int(row["blockStorageSnapshotInstanceNo"]))
    if sorted_by:
        rows.sort(key=lambda row: row["blockStorageSnapshotName"], reverse=descending)
    page, total = params.page(rows, store.options.page_cap)
    return SNAPSHOT_LIST, page, total


def get_block_storage_snapshot_instance_detail(store, params):
    region = _region(store, params)
    wanted = params.require("blockStorageSnapshotInstanceNo")
    now = store.clock.now()
    # Unknown and deleted numbers both answer 200 with an empty list, as Terraform expects.
    rows = [snap.to_api(now) for snap in store.snapshots(region) if snap.no == wanted]
    return SNAPSHOT_LIST, rows, len(rows)


def delete_block_storage_snapshot_instances(store, params):
    region = _region(store, params)
    numbers = params.get_list("blockStorageSnapshotInstanceNoList")
    if not numbers:
        raise missing_parameter("blockStorageSnapshotInstanceNoList.1")
    deleted = store.delete(region, list(dict.fromkeys(numbers)))
    now = store.clock.now()
    return SNAPSHOT_LIST, [snap.to_api(now) for snap in deleted], len(deleted)


ACTIONS = {
    "getRegionList": get_region_list,
    "createBlockStorageSnapshotInstance": create_block_storage_snapshot_instance,
    "getBlockStorageSnapshotInstanceList": get_block_storage_snapshot_instance_list,
    "getBlockStorageSnapshotInstanceDetail": get_block_storage_snapshot_instance_detail,
    "deleteBlockStorageSnapshotInstances": delete_block_storage_snapshot_instances,
    **VOLUME_ACTIONS,
}
