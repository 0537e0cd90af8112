# -*- coding: utf-8 -*-
"""Every refusal of the volume actions, with its returnCode (900 is NCP's; the 99xxxxx codes are invented)."""

import pytest

from conftest import VOLUME_DELAY

KVM_CREATE = {"zoneCode": "KR-1", "blockStorageVolumeTypeCode": "CB2", "blockStorageSize": "20"}


def refused(reply, code):
    assert reply.status == 400, reply
    error = reply.json()["responseError"]
    assert error["returnCode"] == code, error
    return error["returnMessage"]


@pytest.mark.parametrize(
    "params, missing",
    [
        ({"blockStorageSize": "10"}, "serverInstanceNo"),  # XEN by default: needs its server
        ({"blockStorageVolumeTypeCode": "CB1", "blockStorageSize": "10"}, "zoneCode"),  # KVM needs a zone
        ({"zoneCode": "KR-1", "blockStorageSize": "10", "blockStorageVolumeTypeCode": ""}, "serverInstanceNo"),
        ({"serverInstanceNo": "2912301"}, "blockStorageSize"),
        ({"zoneCode": "KR-1", "blockStorageVolumeTypeCode": "FB1"}, "blockStorageSize"),
    ],
)
def test_create_missing_parameters_are_code_900(vols, params, missing):
    message = refused(vols.create(**params), "900")
    assert message == "Required field is not specified. location : %s." % missing


@pytest.mark.parametrize(
    "action, params, missing",
    [
        ("attachBlockStorageInstance", {"serverInstanceNo": "2912303"}, "blockStorageInstanceNo"),
        ("attachBlockStorageInstance", {"blockStorageInstanceNo": "3081232"}, "serverInstanceNo"),
        ("detachBlockStorageInstances", {}, "blockStorageInstanceNoList.1"),
        ("deleteBlockStorageInstances", {}, "blockStorageInstanceNoList.1"),
        ("changeBlockStorageInstance", {"blockStorageInstanceNo": "3081232"}, "blockStorageSize"),
        ("setBlockStorageReturnProtection", {"blockStorageInstanceNo": "3081232"}, "isReturnProtection"),
        ("getServerInstanceDetail", {}, "serverInstanceNo"),
    ],
)
def test_other_missing_parameters_are_code_900(vols, action, params, missing):
    assert refused(vols.call(action, **params), "900").endswith("location : %s." % missing)


@pytest.mark.parametrize(
    "params",
    [
        {"serverInstanceNo": "2912301", "blockStorageSize": "15"},  # not a 10 GB step
        {"serverInstanceNo": "2912301", "blockStorageSize": "0"},
        {"serverInstanceNo": "2912301", "blockStorageSize": "2010"},  # XEN max 2000
        dict(KVM_CREATE, blockStorageSize="16390"),  # KVM max 16380
    ],
)
def test_bad_sizes(vols, params):
    refused(vols.create(**params), "9901005")


def test_kvm_allows_sizes_beyond_the_xen_maximum(vols):
    assert vols.create(**dict(KVM_CREATE, blockStorageSize="16380")).status == 200


def test_size_that_is_not_a_number(vols):
    refused(vols.create(serverInstanceNo="2912301", blockStorageSize="ten"), "9901002")


@pytest.mark.parametrize("name", ["ab", "Upper-case", "under_score", "1starts-with-digit", "ends-with-", "x" * 31])
def test_bad_names(vols, name):
    refused(vols.create(blockStorageName=name, **KVM_CREATE), "9901006")


def test_description_limit(vols):
    assert vols.create(blockStorageDescription="d" * 1000, **KVM_CREATE).status == 200
    refused(vols.create(blockStorageDescription="d" * 1001, **KVM_CREATE), "9901007")


def test_kvm_cannot_be_created_attached(vols):
    refused(vols.create(serverInstanceNo="2912303", **KVM_CREATE), "9901008")


def test_kvm_zone_and_type_must_exist(vols):
    refused(vols.create(**dict(KVM_CREATE, zoneCode="KR-9")), "9901002")
    refused(vols.create(**dict(KVM_CREATE, blockStorageVolumeTypeCode="XYZ")), "9901002")


def test_xen_server_with_a_kvm_type_or_another_zone(vols):
    refused(vols.create(serverInstanceNo="2912301", blockStorageSize="10", blockStorageVolumeTypeCode="CB1"), "9901002")
    refused(vols.create(serverInstanceNo="2912301", blockStorageSize="10", zoneCode="KR-1"), "9904003")


def test_unknown_server_and_volume(vols):
    refused(vols.create(serverInstanceNo="1", blockStorageSize="10"), "9904001")
    refused(vols.attach("1", "2912303"), "9902001")
    refused(vols.attach("3081232", "1"), "9904001")
    refused(vols.detach("3081232", "1"), "9902001")
    refused(vols.delete("1"), "9902001")


def test_attach_refusals(vols, clock):
    refused(vols.attach("3081231", "2912303"), "9902005")  # attached already
    assert "server 2912301" in refused(vols.attach("3081227", "2912303"), "9902005")
    vols.detach("3081227")
    clock.advance(VOLUME_DELAY)
    refused(vols.attach("3081227", "2912303"), "9904002")  # XEN volume, KVM server
    refused(vols.attach("3081233", "2912303"), "9904003")  # KVM volume in KR-2, server in KR-1
    refused(vols.attach("3081240", "2912303"), "9902001")  # volume of another region


def test_root_volume_cannot_be_detached_or_deleted(vols):
    refused(vols.detach("3081230"), "9902007")
    refused(vols.delete("3081230"), "9902007")


def test_detach_of_a_detached_volume(vols):
    refused(vols.detach("3081232"), "9902006")


def test_busy_volume_refuses_every_change(vols, clock):
    vols.detach("3081231")
    refused(vols.detach("3081231"), "9902009")
    refused(vols.delete("3081231"), "9902009")
    refused(vols.attach("3081231", "2912303"), "9902009")
    refused(vols.call("changeBlockStorageInstance", blockStorageInstanceNo="3081231", blockStorageSize="30"), "9902009")
    clock.advance(VOLUME_DELAY)
    assert vols.attach("3081231", "2912303").status == 200


def test_one_bad_number_fails_the_whole_call(vols):
    refused(vols.delete("3081232", "3081230"), "9902007")
    assert vols.state("3081232") == ("CREAT", "NULL", "detached")


@pytest.mark.parametrize(
    "action, size",
    [
        ("changeBlockStorageInstance", "30"),  # 3081232 is 30 GB: only bigger
        ("changeBlockStorageInstance", "20"),
        ("changeBlockStorageInstance", "35"),
        ("changeBlockStorageInstance", "16390"),
    ],
)
def test_resize_size_rules(vols, action, size):
    refused(vols.call(action, blockStorageInstanceNo="3081232", blockStorageSize=size), "9901005")


def test_xen_resize_action_refuses_kvm_and_sizes_over_2000(vols, emulator):
    refused(vols.call("changeBlockStorageVolumeSize", blockStorageInstanceNo="3081232", blockStorageSize="40"), "9902010")
    emulator.set_server_status("2912301", "NSTOP")
    refused(vols.call("changeBlockStorageVolumeSize", blockStorageInstanceNo="3081227", blockStorageSize="2010"), "9901005")


def test_bad_return_protection_value(vols):
    refused(vols.call("setBlockStorageReturnProtection", blockStorageInstanceNo="3081232", isReturnProtection="maybe"), "9901002")


def test_snapshot_of_a_volume_being_created_or_deleted(vols, snaps, clock):
    created = vols.ok("createBlockStorageInstance", **KVM_CREATE)
    refused(snaps.create(created["blockStorageInstanceNo"]), "9902009")
    clock.advance(VOLUME_DELAY)
    assert snaps.create(created["blockStorageInstanceNo"]).status == 200
    vols.delete("3081227")  # attached: detaching first, then terminating
    assert "detaching" in refused(snaps.create("3081227"), "9902009")


def test_no_free_device_left(vols, emulator, clock):
    emulator.configure(volume_delay=0)
    for letter in "defghijklmnopqrstuvwxyz":  # 2912301 already has xvdb, xvdc
        assert vols.ok("createBlockStorageInstance", serverInstanceNo="2912301", blockStorageSize="10")["serverInstanceNo"] == "2912301", letter
    refused(vols.create(serverInstanceNo="2912301", blockStorageSize="10"), "9904005")
