# -*- coding: utf-8 -*-
"""The volume and server actions: parameters in, (list name, rows, totalRows) out.

Each handler gets the SnapshotStore (under the emulator's lock; its .fleet is the VolumeStore of
volumes and servers) and the request Params. Parameter names: Go SDK services/vserver/*_request.go.
"""

from _errors import invented, missing_parameter
from _volume_create import build_volume, check_size
from _volumes import GIB

VOLUME_LIST = "blockStorageInstanceList"
SERVER_LIST = "serverInstanceList"
NIC_LIST = "networkInterfaceList"


def _matches(value, wanted):
    """An empty filter list means no filter."""
    return not wanted or value in wanted


def _volume_rows(volumes):
    return [volume.to_api() for volume in volumes]


def _required_list(params, name):
    numbers = params.get_list(name)
    if not numbers:
        raise missing_parameter(name + ".1")
    return numbers


def get_block_storage_instance_list(store, params):
    region = params.region(store.options.regions)
    numbers = set(params.get_list("blockStorageInstanceNoList"))
    hypervisors = params.get_list("hypervisorTypeCodeList")
    volume_types = params.get_list("blockStorageVolumeTypeCodeList")
    storage_types = params.get_list("blockStorageTypeCodeList")
    zone = params.get("zoneCode")
    server = params.get("serverInstanceNo")
    name = params.get("blockStorageName")  # exact match (emulator choice)
    status = params.get("blockStorageInstanceStatusCode")
    if numbers:  # a look-up per number, not a scan of the fleet
        candidates = sorted(filter(None, (store.fleet.volume(region, no) for no in dict.fromkeys(numbers))), key=lambda volume: int(volume.no))
    elif server is not None:
        candidates = store.fleet.on_server(region, server)
    else:
        candidates = store.fleet.listed(region)
    rows = [
        volume
        for volume in candidates
        if _matches(volume.no, numbers)
        and _matches(volume.hypervisorType, hypervisors)
        and _matches(volume.blockStorageVolumeType, volume_types)
        and _matches(volume.blockStorageType, storage_types)
        and (zone is None or volume.zoneCode == zone)
        and (server is None or volume.serverInstanceNo == server)
        and (name is None or volume.to_api()["blockStorageName"] == name)
        and (status is None or volume.to_api()["blockStorageInstanceStatus"]["code"] == status)
    ]
    page, total = params.page(rows, store.options.page_cap)
    return VOLUME_LIST, _volume_rows(page), total


def get_block_storage_instance_detail(store, params):
    volume = store.fleet.volume(params.region(store.options.regions), params.require("blockStorageInstanceNo"))
    rows = [] if volume is None else [volume.to_api()]
    return VOLUME_LIST, rows, len(rows)


def create_block_storage_instance(store, params):
    region = params.region(store.options.regions)
    volume = store.fleet.add(build_volume(store, region, params))
    return VOLUME_LIST, [volume.to_api()], 1


def attach_block_storage_instance(store, params):
    volume = store.fleet.attach(params.region(store.options.regions), params.require("blockStorageInstanceNo"), params.require("serverInstanceNo"))
    return VOLUME_LIST, [volume.to_api()], 1


def detach_block_storage_instances(store, params):
    volumes = store.fleet.detach(params.region(store.options.regions), _required_list(params, "blockStorageInstanceNoList"))
    return VOLUME_LIST, _volume_rows(volumes), len(volumes)


def delete_block_storage_instances(store, params):
    volumes = store.fleet.delete(params.region(store.options.regions), _required_list(params, "blockStorageInstanceNoList"))
    return VOLUME_LIST, _volume_rows(volumes), len(volumes)


def _resize(store, params, xen_only):
    volume = store.fleet.existing_volume(params.region(store.options.regions), params.require("blockStorageInstanceNo"))
    if xen_only and volume.hypervisorType != "XEN":
        raise invented("resize_not_supported", no=volume.no)
    size_gb = params.get_int("blockStorageSize")
    if size_gb is None:
        raise missing_parameter("blockStorageSize")
    current_gb = volume.blockStorageSize // GIB
    if size_gb <= current_gb:
        raise invented("invalid_size", size=size_gb, why="block storage only grows: it must be larger than the current %d GB" % current_gb)
    check_size(size_gb, volume.hypervisorType)
    volume = store.fleet.resize(volume, size_gb * GIB, store.options.resize_stopped_only)
    return VOLUME_LIST, [volume.to_api()], 1


def change_block_storage_volume_size(store, params):
    """XEN only ("KVM-based block storage is not supported": the action's doc)."""
    return _resize(store, params, xen_only=True)


def change_block_storage_instance(store, params):
    """Both hypervisors (XEN 10-2000, KVM 10-16380): what Terraform calls for KVM volumes."""
    return _resize(store, params, xen_only=False)


def set_block_storage_return_protection(store, params):
    volume = store.fleet.existing_volume(params.region(store.options.regions), params.require("blockStorageInstanceNo"))
    protect = params.get_bool("isReturnProtection")
    if protect is None:
        raise missing_parameter("isReturnProtection")
    volume.isReturnProtection = protect
    return VOLUME_LIST, [volume.to_api()], 1


def get_server_instance_list(store, params):
    region = params.region(store.options.regions)
    numbers = params.get_list("serverInstanceNoList")
    hypervisors = params.get_list("hypervisorTypeCodeList")
    name = params.get("serverName")  # exact match (emulator choice)
    status = params.get("serverInstanceStatusCode")
    rows = [
        server
        for server in sorted(store.fleet.servers.values(), key=lambda server: int(server.no))
        if server.regionCode == region
        and _matches(server.no, numbers)
        and _matches(server.hypervisorType, hypervisors)
        and (name is None or server.to_api()["serverName"] == name)
        and (status is None or server.serverInstanceStatus == status)
    ]
    page, total = params.page(rows, store.options.page_cap)
    return SERVER_LIST, [server.to_api() for server in page], total


def get_server_instance_detail(store, params):
    server = store.fleet.server(params.region(store.options.regions), params.require("serverInstanceNo"))
    rows = [] if server is None else [server.to_api()]
    return SERVER_LIST, rows, len(rows)


def get_network_interface_list(store, params):
    """The servers' default interfaces (the only ones the emulator has), with the Go SDK request's filters."""
    region = params.region(store.options.regions)
    numbers = params.get_list("networkInterfaceNoList")
    instance_no, ip = params.get("instanceNo"), params.get("ip")
    rows = [server.network_interface() for server in sorted(store.fleet.servers.values(), key=lambda server: int(server.no)) if server.regionCode == region]
    rows = [row for row in rows if _matches(row["networkInterfaceNo"], numbers) and instance_no in (None, row["instanceNo"]) and ip in (None, row["ip"])]
    page, total = params.page(rows, store.options.page_cap)
    return NIC_LIST, page, total


VOLUME_ACTIONS = {
    "getBlockStorageInstanceList": get_block_storage_instance_list,
    "getBlockStorageInstanceDetail": get_block_storage_instance_detail,
    "createBlockStorageInstance": create_block_storage_instance,
    "attachBlockStorageInstance": attach_block_storage_instance,
    "detachBlockStorageInstances": detach_block_storage_instances,
    "deleteBlockStorageInstances": delete_block_storage_instances,
    "changeBlockStorageVolumeSize": change_block_storage_volume_size,
    "changeBlockStorageInstance": change_block_storage_instance,
    "setBlockStorageReturnProtection": set_block_storage_return_protection,
    "getServerInstanceList": get_server_instance_list,
    "getServerInstanceDetail": get_server_instance_detail,
    "getNetworkInterfaceList": get_network_interface_list,
}
