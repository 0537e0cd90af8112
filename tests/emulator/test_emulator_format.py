# -*- coding: utf-8 -*-
"""Response formats and parameter transport: JSON/XML layouts, query + body merge, lists, booleans."""

import json
import xml.etree.ElementTree as ET

import pytest


def go_sdk_extract(body):
    """What the Go SDK does with a 2xx body: body[IndexAny(Trim(body, "{"), "{") : len(body)-1]."""
    assert body.startswith("{")
    return json.loads(body[body.strip("{").index("{") : len(body) - 1])


def test_json_layout_is_exactly_indent_2_without_trailing_newline(api):
    reply = api.call("getBlockStorageInstanceList")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json;charset=UTF-8"
    assert reply.text.startswith('{\n  "getBlockStorageInstanceListResponse": {\n')
    assert not reply.text.endswith("\n")
    assert reply.text == json.dumps(reply.json(), indent=2)
    inner = reply.json()["getBlockStorageInstanceListResponse"]
    assert list(inner) == ["totalRows", "blockStorageInstanceList", "requestId", "returnCode", "returnMessage"]
    assert (inner["returnCode"], inner["returnMessage"]) == ("0", "success")
    assert len(inner["requestId"]) == 36


def test_json_body_survives_the_go_sdk_slicing(snaps):
    reply = snaps.create("3081227")
    assert go_sdk_extract(reply.text) == reply.json()["createBlockStorageSnapshotInstanceResponse"]


def test_xml_is_the_default(api, snaps):
    snaps.created("3081230")
    reply = api.call("getBlockStorageSnapshotInstanceList", fmt=None)
    assert reply.headers["content-type"] == "application/xml;charset=UTF-8"
    assert reply.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<getBlockStorageSnapshotInstanceListResponse>\n  <requestId>')
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root][:5] == ["requestId", "returnCode", "returnMessage", "totalRows", "blockStorageSnapshotInstanceList"]
    item = root.find("blockStorageSnapshotInstanceList/blockStorageSnapshotInstance")
    assert item.findtext("blockStorageSnapshotInstanceStatus/code") == "INIT"
    assert item.findtext("hypervisorType/codeName") == "KVM"
    assert item.findtext("isBootable") == "true"
    assert "<baseSnapshotInstanceNo></baseSnapshotInstanceNo>" in reply.text


def test_xml_volume_list_names(api):
    root = ET.fromstring(api.call("getBlockStorageInstanceList", fmt="xml").text.encode())
    assert root.tag == "getBlockStorageInstanceListResponse"
    assert root.findtext("blockStorageInstanceList/blockStorageInstance/blockStorageVolumeType/code") == "SSD"


def test_service_error_bodies(api, snaps):
    reply = snaps.create("9999999")
    assert reply.status == 400
    assert list(reply.json()) == ["responseError"]
    assert reply.json()["responseError"]["returnCode"] == "9902001"
    xml_reply = api.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "9999999"}, fmt=None)
    root = ET.fromstring(xml_reply.text.encode())
    assert (root.tag, root.findtext("returnCode")) == ("responseError", "9902001")


def test_python_sdk_style_query_plus_form_body(api):
    reply = api.call(
        "getBlockStorageInstanceList", method="POST", body={"regionCode": "KR", "hypervisorTypeCodeList.1": "KVM", "blockStorageVolumeTypeCodeList.1": "CB2"}
    )
    assert [row["blockStorageInstanceNo"] for row in reply.rows("getBlockStorageInstanceList")] == ["3081231"]


def test_go_sdk_style_everything_in_the_body(api):
    reply = api.call(
        "getBlockStorageInstanceDetail",
        method="POST",
        fmt=None,
        body=[("responseFormatType", "json"), ("regionCode", "SGN"), ("blockStorageInstanceNo", "3081240")],
    )
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.rows("getBlockStorageInstanceDetail")[0]["regionCode"] == "SGN"


def test_list_parameters_are_one_based_and_ordered_by_index(api):
    reply = api.call("getBlockStorageInstanceList", {"blockStorageInstanceNoList.2": "3081228", "blockStorageInstanceNoList.1": "3081227"})
    assert [row["blockStorageInstanceNo"] for row in reply.rows("getBlockStorageInstanceList")] == ["3081227", "3081228"]


@pytest.mark.parametrize("value,count", [("True", 1), ("true", 1), ("TRUE", 1), ("False", 0), ("false", 0)])
def test_booleans_any_case(snaps, value, count):
    snaps.created("3081231")  # encrypted volume
    assert len(snaps.listed(isEncryptedOriginalBlockStorageVolume=value)) == count


def test_bad_boolean_is_a_400(snaps):
    reply = snaps.list(isBootable="yes")
    assert reply.status == 400 and reply.json()["responseError"]["returnCode"] == "9901002"


def test_region_list(api):
    rows = api.call("getRegionList").rows("getRegionList")
    assert [row["regionCode"] for row in rows] == ["KR", "SGN", "JPN", "FKR", "KRS"]
