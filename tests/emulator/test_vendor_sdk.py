# -*- coding: utf-8 -*-
"""The vendor's own Python SDK (ncloud-vserver on PyPI) must work against the emulator unchanged.

It signs under x-ncp-apigw-signature-v1, sends POST with ?responseFormatType=json and a form body,
sends booleans as True/False and ignores response fields its 2020 models do not know.
"""

import pytest

from ncloud_emulator import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, start_emulator

ncloud_vserver = pytest.importorskip("ncloud_vserver")
ApiException = pytest.importorskip("ncloud_vserver.rest").ApiException


@pytest.fixture
def sdk(monkeypatch):
    """A V2Api pointed at a fresh emulator through NCLOUD_API_GW, as users would do it."""
    emulator = start_emulator(create_delay=0, delete_delay=0, volume_delay=0, access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY)
    monkeypatch.setenv("NCLOUD_API_GW", emulator.url)

    def make_api(access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY):
        ncloud_vserver.Configuration.set_default(None)  # the SDK caches its first Configuration
        configuration = ncloud_vserver.Configuration()
        configuration.access_key = access_key
        configuration.secret_key = secret_key
        assert configuration.host == emulator.url + "/vserver/v2"
        return ncloud_vserver.V2Api(ncloud_vserver.ApiClient(configuration))

    yield make_api
    ncloud_vserver.Configuration.set_default(None)
    emulator.stop()


def test_sdk_volume_and_snapshot_round_trip(sdk):
    api = sdk()
    volumes = api.get_block_storage_instance_list(ncloud_vserver.GetBlockStorageInstanceListRequest(region_code="KR"))
    assert volumes.return_code == "0"
    assert "3081227" in [volume.block_storage_instance_no for volume in volumes.block_storage_instance_list]
    assert volumes.block_storage_instance_list[0].block_storage_instance_status.code == "ATTAC"

    created = api.create_block_storage_snapshot_instance(
        ncloud_vserver.CreateBlockStorageSnapshotInstanceRequest(
            region_code="KR",
            original_block_storage_instance_no="3081227",
            block_storage_snapshot_name="sdk-snap",
            block_storage_snapshot_description="made by the vendor SDK",
        )
    )
    snapshot = created.block_storage_snapshot_instance_list[0]
    assert (created.total_rows, snapshot.block_storage_snapshot_name) == (1, "sdk-snap")
    assert snapshot.block_storage_snapshot_instance_status.code == "INIT"
    assert snapshot.block_storage_snapshot_volume_size == 53687091200
    number = snapshot.block_storage_snapshot_instance_no

    listed = api.get_block_storage_snapshot_instance_list(
        ncloud_vserver.GetBlockStorageSnapshotInstanceListRequest(
            region_code="KR",
            block_storage_snapshot_instance_no_list=[number],
            original_block_storage_instance_no_list=["3081227"],
            page_no=1,
            page_size=10,
            is_encrypted_original_block_storage_volume=False,
            sorted_by="blockStorageSnapshotName",
        )
    )
    assert [item.block_storage_snapshot_instance_no for item in listed.block_storage_snapshot_instance_list] == [number]

    detail = api.get_block_storage_snapshot_instance_detail(
        ncloud_vserver.GetBlockStorageSnapshotInstanceDetailRequest(region_code="KR", block_storage_snapshot_instance_no=number)
    )
    assert detail.block_storage_snapshot_instance_list[0].block_storage_snapshot_instance_status_name == "created"
    assert detail.block_storage_snapshot_instance_list[0].block_storage_snapshot_description == "made by the vendor SDK"

    deleted = api.delete_block_storage_snapshot_instances(
        ncloud_vserver.DeleteBlockStorageSnapshotInstancesRequest(region_code="KR", block_storage_snapshot_instance_no_list=[number])
    )
    assert deleted.block_storage_snapshot_instance_list[0].block_storage_snapshot_instance_operation.code == "TERMT"
    gone = api.get_block_storage_snapshot_instance_detail(
        ncloud_vserver.GetBlockStorageSnapshotInstanceDetailRequest(region_code="KR", block_storage_snapshot_instance_no=number)
    )
    assert (gone.total_rows, gone.block_storage_snapshot_instance_list) == (0, [])


def test_sdk_restores_a_snapshot_and_attaches_it(sdk):
    """The restore path of issue 12 through the vendor SDK: servers, create from a snapshot, detach, attach, delete.

    The 2020 SDK requires serverInstanceNo on create (it predates KVM), so the restore is a XEN one.
    """
    api = sdk()
    servers = api.get_server_instance_list(ncloud_vserver.GetServerInstanceListRequest(region_code="KR", server_instance_no_list=["2912304"]))
    assert servers.server_instance_list[0].zone_code == "KR-2"  # the 2020 models know no hypervisorType
    assert servers.server_instance_list[0].server_instance_status.code == "RUN"

    snapshot = api.create_block_storage_snapshot_instance(
        ncloud_vserver.CreateBlockStorageSnapshotInstanceRequest(region_code="KR", original_block_storage_instance_no="3081227")
    ).block_storage_snapshot_instance_list[0]
    created = api.create_block_storage_instance(
        ncloud_vserver.CreateBlockStorageInstanceRequest(
            region_code="KR",
            server_instance_no="2912304",
            block_storage_size=10,
            block_storage_name="sdk-restore",
            block_storage_snapshot_instance_no=snapshot.block_storage_snapshot_instance_no,
        )
    )
    volume = created.block_storage_instance_list[0]
    assert (volume.block_storage_name, volume.block_storage_size) == ("sdk-restore", 50 * 1024**3)  # XEN: the snapshot's size
    number = volume.block_storage_instance_no

    def detail():
        return api.get_block_storage_instance_detail(
            ncloud_vserver.GetBlockStorageInstanceDetailRequest(region_code="KR", block_storage_instance_no=number)
        ).block_storage_instance_list

    assert (detail()[0].block_storage_instance_status.code, detail()[0].device_name) == ("ATTAC", "/dev/xvdb")
    api.detach_block_storage_instances(ncloud_vserver.DetachBlockStorageInstancesRequest(region_code="KR", block_storage_instance_no_list=[number]))
    assert (detail()[0].block_storage_instance_status.code, detail()[0].server_instance_no) == ("CREAT", "")
    api.attach_block_storage_instance(
        ncloud_vserver.AttachBlockStorageInstanceRequest(region_code="KR", block_storage_instance_no=number, server_instance_no="2912304")
    )
    assert (detail()[0].server_instance_no, detail()[0].device_name) == ("2912304", "/dev/xvdb")
    api.delete_block_storage_instances(ncloud_vserver.DeleteBlockStorageInstancesRequest(region_code="KR", block_storage_instance_no_list=[number]))
    assert not detail()


def test_sdk_wrong_key_gets_a_401_api_exception(sdk):
    api = sdk(secret_key="WRONGSECRETKEY")
    with pytest.raises(ApiException) as caught:
        api.get_block_storage_instance_list(ncloud_vserver.GetBlockStorageInstanceListRequest(region_code="KR"))
    assert caught.value.status == 401
    body = caught.value.body
    assert '"errorCode":"200"' in (body.decode() if isinstance(body, bytes) else body)


def test_sdk_sees_service_errors_as_api_exceptions(sdk):
    with pytest.raises(ApiException) as caught:
        sdk().create_block_storage_snapshot_instance(ncloud_vserver.CreateBlockStorageSnapshotInstanceRequest(original_block_storage_instance_no="1"))
    assert caught.value.status == 400


def test_sdk_reads_servers_and_their_interfaces_as_the_inventory_does(sdk):
    """What the ncloud inventory plugin reads, through the vendor SDK: a server's public IP and interface, the interface's IP."""
    api = sdk()
    server = api.get_server_instance_list(
        ncloud_vserver.GetServerInstanceListRequest(region_code="KR", server_instance_no_list=["2912302"])
    ).server_instance_list[0]
    assert (server.server_name, server.public_ip, server.network_interface_no_list) == ("kvm-app", "203.0.113.12", ["3912302"])
    nics = api.get_network_interface_list(
        ncloud_vserver.GetNetworkInterfaceListRequest(region_code="KR", network_interface_no_list=server.network_interface_no_list)
    )
    assert nics.total_rows == 1
    assert (nics.network_interface_list[0].ip, nics.network_interface_list[0].is_default) == ("10.44.112.46", True)
