# -*- coding: utf-8 -*-
"""The switchable behaviours of issue 11 (KVM types, busy KVM volumes, image-backed snapshots,
delete while creating, page cap, name rule, regions), each in both variants where disputed."""

import json
import urllib.request

import pytest

from conftest import CREATE_DELAY, DELETE_DELAY
from test_emulator_snapshots import KVM_CB1, KVM_CB2, KVM_FB1, KVM_FB2, XEN_SSD, code, state

KVM_VOLUMES = [KVM_CB1, KVM_CB2, KVM_FB1, KVM_FB2]
FIN_CB2, GOV_KRS_SSD = "3081260", "3081270"


def kind(snapshot):
    return snapshot["snapshotType"]["code"], snapshot["baseSnapshotInstanceNo"], snapshot["snapshotChainDepth"]


@pytest.mark.parametrize("volume", KVM_VOLUMES)
def test_kvm_incremental_makes_a_full(emulator, snaps, clock, volume):
    emulator.configure(kvm_incremental="full")
    made = snaps.created(volume, snapshotTypeCode="INCREMENTAL")  # no FULL needed: it is one
    assert kind(made) == ("FULL", "", 0)
    clock.advance(CREATE_DELAY)
    assert kind(snaps.detail(made["blockStorageSnapshotInstanceNo"]).rows("getBlockStorageSnapshotInstanceDetail")[0]) == ("FULL", "", 0)
    assert kind(snaps.created(volume, snapshotTypeCode="INCREMENTAL")) == ("FULL", "", 0)


def test_kvm_incremental_chain_variant_and_xen_keep_chains(emulator, snaps, clock):
    emulator.configure(kvm_incremental="chain")
    assert code(snaps.create(KVM_CB1, snapshotTypeCode="INCREMENTAL")) == "9902002"
    emulator.configure(kvm_incremental="full")
    assert code(snaps.create(XEN_SSD, snapshotTypeCode="INCREMENTAL")) == "9902002"
    full = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    clock.advance(CREATE_DELAY)
    assert kind(snaps.created(XEN_SSD, snapshotTypeCode="INCREMENTAL")) == ("INCREMENTAL", full, 1)


@pytest.mark.parametrize("volume", [KVM_CB1, KVM_FB2])
def test_kvm_volume_busy_while_a_snapshot_is_made_or_deleted(emulator, snaps, clock, volume):
    emulator.configure(kvm_busy=True)
    first = snaps.created(volume)["blockStorageSnapshotInstanceNo"]
    assert code(snaps.create(volume)) == "9902004"
    assert "being created" in snaps.create(volume).json()["responseError"]["returnMessage"]
    assert snaps.create(XEN_SSD).status == 200 and snaps.create(KVM_CB2 if volume != KVM_CB2 else KVM_FB1).status == 200
    clock.advance(CREATE_DELAY)
    second = snaps.created(volume)["blockStorageSnapshotInstanceNo"]
    assert code(snaps.delete(first)) == "9902004"  # second is still being created
    clock.advance(CREATE_DELAY)
    assert snaps.delete(first).status == 200
    busy = snaps.create(volume)
    assert code(busy) == "9902004" and "being deleted" in busy.json()["responseError"]["returnMessage"]
    assert code(snaps.delete(second)) == "9902004"
    clock.advance(DELETE_DELAY)
    assert snaps.delete(second).status == 200
    assert emulator.request_count() and [
        snap["blockStorageSnapshotInstanceNo"] for snap in emulator.snapshots() if snap["originalBlockStorageInstanceNo"] == volume
    ] == [second]


def test_kvm_busy_off_and_xen_never_busy(emulator, snaps):
    emulator.configure(kvm_busy=False)
    snaps.created(KVM_CB1)
    assert snaps.create(KVM_CB1).status == 200
    emulator.configure(kvm_busy=True)
    snaps.created(XEN_SSD)
    assert snaps.create(XEN_SSD).status == 200


@pytest.mark.parametrize("refuse", [True, False])
def test_delete_while_creating_both_variants(emulator, snaps, clock, refuse):
    emulator.configure(refuse_delete_while_creating=refuse, kvm_busy=False)
    number = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    reply = snaps.delete(number)
    if refuse:
        assert code(reply) == "9903002"
        return
    assert [state(row) for row in reply.rows("deleteBlockStorageSnapshotInstances")] == [("CREAT", "TERMT", "terminating")]
    clock.advance(DELETE_DELAY / 2)  # stays terminating, never becomes created
    assert state(snaps.listed()[0]) == ("CREAT", "TERMT", "terminating")
    assert code(snaps.delete(number)) == "9903002"  # already terminating
    clock.advance(DELETE_DELAY / 2)
    assert snaps.listed() == []


def test_delete_while_creating_on_kvm_meets_the_busy_rule(emulator, snaps):
    emulator.configure(refuse_delete_while_creating=False, kvm_busy=True)
    number = snaps.created(KVM_CB2)["blockStorageSnapshotInstanceNo"]
    assert code(snaps.delete(number)) == "9902004"


def test_image_backed_kvm_snapshot_cannot_be_deleted(emulator, snaps, clock):
    number = snaps.created(KVM_CB1)["blockStorageSnapshotInstanceNo"]
    with pytest.raises(ValueError):
        emulator.use_for_image(number)  # not ready yet
    clock.advance(CREATE_DELAY)
    assert emulator.use_for_image(number, "777") == "777"
    reply = snaps.delete(number)
    assert code(reply) == "9903005" and "server image 777" in reply.json()["responseError"]["returnMessage"]
    assert emulator.release_image(number) is True
    assert snaps.delete(number).status == 200
    xen = snaps.created(XEN_SSD)["blockStorageSnapshotInstanceNo"]
    clock.advance(CREATE_DELAY)
    with pytest.raises(ValueError):
        emulator.use_for_image(xen)


def test_image_control_endpoint(emulator, snaps, clock):
    number = snaps.created(KVM_FB1)["blockStorageSnapshotInstanceNo"]
    clock.advance(CREATE_DELAY)
    post = urllib.request.Request(emulator.url + "/_emulator/images", data=json.dumps({"snapshot_no": number}).encode(), method="POST")
    with urllib.request.urlopen(post) as answer:
        assert json.load(answer)["image_no"] == "image-of-" + number
    assert code(snaps.delete(number)) == "9903005"
    with urllib.request.urlopen(urllib.request.Request(emulator.url + "/_emulator/images/" + number, method="DELETE")) as answer:
        assert json.load(answer) == {"released": True}
    assert snaps.delete(number).status == 200


@pytest.mark.parametrize("page_size", [None, "1000", "50"])
def test_page_cap_is_silent_and_keeps_the_total(emulator, snaps, page_size):
    emulator.seed(XEN_SSD, 250)
    emulator.configure(page_cap=100)
    seen = []
    for page_no in (1, 2, 3, 4):
        params = {} if page_size is None else {"pageNo": page_no, "pageSize": page_size}
        reply = snaps.list(**params)
        inner = reply.json()["getBlockStorageSnapshotInstanceListResponse"]
        assert inner["totalRows"] == 250 and len(inner["blockStorageSnapshotInstanceList"]) <= min(100, int(page_size or 100))
        seen += [row["blockStorageSnapshotInstanceNo"] for row in inner["blockStorageSnapshotInstanceList"]]
        if page_size is None:
            break
    expected = {None: 100, "1000": 250, "50": 200}[page_size]  # 50 a page: four pages reach 200
    assert len(seen) == len(set(seen)) == expected


def test_page_size_check_stays(emulator, snaps):
    emulator.configure(page_cap=100)
    assert code(snaps.list(pageNo=1, pageSize=1001)) == "9901002"


@pytest.mark.parametrize("rule,underscore_ok", [("current", True), ("legacy", False)])
def test_name_rule_variants(emulator, snaps, rule, underscore_ok):
    emulator.configure(name_rule=rule)
    assert snaps.create(XEN_SSD, blockStorageSnapshotName="nightly-1").status == 200
    reply = snaps.create(XEN_SSD, blockStorageSnapshotName="nightly_1")
    if underscore_ok:
        assert reply.status == 200
    else:
        assert code(reply) == "9901003" and "'_'" not in reply.json()["responseError"]["returnMessage"]


def test_fin_and_gov_regions(emulator, snaps):
    assert snaps.created(FIN_CB2, regionCode="FKR")["originalBlockStorageInstanceNo"] == FIN_CB2
    assert snaps.created(GOV_KRS_SSD, regionCode="KRS")["originalBlockStorageInstanceNo"] == GOV_KRS_SSD
    assert len(snaps.listed(regionCode="FKR")) == 1 and snaps.listed() == []
    emulator.configure(regions=["KR", "SGN", "JPN"])  # the old set: FKR refused again
    assert code(snaps.create(FIN_CB2, regionCode="FKR")) == "9901002"


def test_bad_options_are_refused(emulator):
    for bad in ({"kvm_incremental": "diff"}, {"page_cap": 0}, {"name_rule": "x"}, {"regions": ["XX"]}, {"kvm_busy": "yes"}, {"nope": 1}):
        with pytest.raises(ValueError):
            emulator.configure(**bad)


def test_config_endpoint_reads_and_sets_options(emulator):
    request = urllib.request.Request(
        emulator.url + "/_emulator/config", method="POST", data=json.dumps({"kvm_incremental": "full", "page_cap": 7, "kvm_busy": True}).encode()
    )
    with urllib.request.urlopen(request) as answer:
        config = json.load(answer)
    assert (config["kvm_incremental"], config["page_cap"], config["kvm_busy"]) == ("full", 7, True)
    assert emulator.options.page_cap == 7
