# -*- coding: utf-8 -*-
"""Gateway authentication: signing vectors, header names, raw targets, clock skew, 401/404 bodies."""

import pytest

from _auth import make_signature
from ncloud_emulator import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY

# Real 401 bodies carry details (ncp-fidelity.md 5.1): "invalid" for a wrong key or signature,
# "missing" when a header is absent.
AUTH_FAILED = '{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}'
AUTH_MISSING = '{"error":{"errorCode":"200","message":"Authentication Failed","details":"Authentication information are missing."}}'
VECTOR_TS = "1718441353994"
SDK_VECTORS = [  # captured from ncloud-vserver 1.0.1 (ncp-api.md 2.5), header -v1
    ("createBlockStorageSnapshotInstance", "1795740259426", "W+T+nfETJt/hxTtYXZYviDu3o1ZwKyoT+PBVpBAQgzc="),
    ("getBlockStorageSnapshotInstanceList", "1795740259429", "RGxX8g+Lmq+6bfKfTt9qkDnH1mKBJeiXyVWLnLdmTTA="),
]
SELF_VECTORS = [  # self-computed (ncp-api.md 2.5)
    (
        "GET",
        "/vserver/v2/getBlockStorageSnapshotInstanceDetail?regionCode=KR&blockStorageSnapshotInstanceNo=3183468&responseFormatType=json",
        "uDt7hZzpbWoau9nKj2jcw98hl8ysg/ZqFopBAq3PhzQ=",
    ),
    (
        "GET",
        "/vserver/v2/getBlockStorageSnapshotInstanceList?regionCode=KR&blockStorageSnapshotInstanceNoList.1=111"
        "&blockStorageSnapshotInstanceNoList.2=222&responseFormatType=json",
        "ZZGRHBUn+DGhlUYilgVi0Scl0QBT+YmqvzMycYx7AWE=",
    ),
    ("POST", "/vserver/v2/deleteBlockStorageSnapshotInstances", "2ytCg3S98TiObrZ25xCUUl/5qIBD9kJHnfpH17ieEhQ="),
]
CREATE_TARGET = (
    "/vserver/v2/createBlockStorageSnapshotInstance?regionCode=KR&originalBlockStorageInstanceNo=3081227"
    "&blockStorageSnapshotName=snap-a_1&blockStorageSnapshotDescription=nightly{space}backup"
    "&snapshotTypeCode=INCREMENTAL&responseFormatType=json"
)
SPACE_SIGNATURES = {"%20": "OS9ZU7RcWtu1oivn1DV666ZIdED5LneGO6qlZ4hc3H8=", "+": "y0QkI0Xj7N0WrV6TyGXV31bz2vxTjfI8F1FLuoZp1l4="}


def test_third_party_vector():
    assert (
        make_signature("TestSecretKey", "GET", "/vserver/v2/getServerInstanceList?responseFormatType=json", "1234567890123", "TestAccessKey")
        == "FPsYYX8fuMAgi+cue3eACOW0dNtIwu1LYWfg/megA2M="
    )


@pytest.mark.parametrize("method,target,signature", SELF_VECTORS)
def test_self_computed_vectors(method, target, signature):
    assert make_signature(DEFAULT_SECRET_KEY, method, target, VECTOR_TS, DEFAULT_ACCESS_KEY) == signature


@pytest.mark.parametrize("action,timestamp,signature", SDK_VECTORS)
def test_captured_sdk_requests_are_accepted_verbatim(api, clock, action, timestamp, signature):
    clock.set(int(timestamp) / 1000)
    reply = api.call(
        action,
        method="POST",
        target="/vserver/v2/%s?responseFormatType=json" % action,
        timestamp=timestamp,
        signature=signature,
        signature_header="x-ncp-apigw-signature-v1",
        body={"regionCode": "KR", "originalBlockStorageInstanceNo": "3081227"},
    )
    assert reply.status == 200, reply


@pytest.mark.parametrize("method,target,signature", SELF_VECTORS)
def test_self_computed_vectors_over_http(api, clock, method, target, signature):
    clock.set(int(VECTOR_TS) / 1000)
    body = {"blockStorageSnapshotInstanceNoList.1": "111"} if method == "POST" else None
    reply = api.call("", method=method, target=target, timestamp=VECTOR_TS, signature=signature, body=body)
    # 200, or a 400 service error for the unknown snapshot deleted: either way, not a 401.
    assert reply.status in (200, 400), reply
    assert "errorCode" not in reply.text


@pytest.mark.parametrize("space", ["%20", "+"])
def test_target_is_verified_exactly_as_sent(api, snaps, clock, space):
    clock.set(int(VECTOR_TS) / 1000 - 3)
    snaps.created("3081227")  # the vector is an INCREMENTAL: it needs a created FULL
    clock.advance(3)
    target = CREATE_TARGET.format(space=space)
    reply = api.call("", target=target, timestamp=VECTOR_TS, signature=SPACE_SIGNATURES[space])
    assert reply.status == 200, reply
    assert reply.rows("createBlockStorageSnapshotInstance")[0]["blockStorageSnapshotDescription"] == "nightly backup"
    other = "+" if space == "%20" else "%20"
    reply = api.call("", target=target, timestamp=VECTOR_TS, signature=SPACE_SIGNATURES[other])
    assert (reply.status, reply.text) == (401, AUTH_FAILED)


def test_decoded_target_signature_is_rejected(api):
    target = "/vserver/v2/getBlockStorageInstanceList?blockStorageName=a%20b&responseFormatType=json"
    reply = api.call("", target=target, signature=make_signature(DEFAULT_SECRET_KEY, "GET", target.replace("%20", " "), "1", DEFAULT_ACCESS_KEY), timestamp="1")
    assert reply.status == 401


@pytest.mark.parametrize("header", ["x-ncp-apigw-signature-v2", "x-ncp-apigw-signature-v1"])
def test_both_signature_header_names(api, header):
    assert api.call("getBlockStorageInstanceList", signature_header=header).status == 200


@pytest.mark.parametrize(
    "change",
    [
        {"secret_key": "WRONGSECRET"},
        {"access_key": "WRONGACCESS"},
        {"signature": "bm90IGEgc2lnbmF0dXJl"},
        {"signature_header": "x-ncp-apigw-signature-v3"},
        {"timestamp": "not-a-number"},
    ],
)
def test_bad_credentials_get_the_gateway_401(api, change):
    reply = api.call("getBlockStorageInstanceList", **change)
    assert reply.status == 401
    assert reply.text == (AUTH_MISSING if "signature_header" in change else AUTH_FAILED)
    assert reply.headers["content-type"] == "application/json;charset=UTF-8"
    assert reply.headers["x-emulator-auth-reason"]


def test_method_is_part_of_the_signature(api, clock):
    target = "/vserver/v2/getBlockStorageInstanceList?responseFormatType=json"
    timestamp = str(int(clock.now() * 1000))
    signed_as_get = make_signature(DEFAULT_SECRET_KEY, "GET", target, timestamp, DEFAULT_ACCESS_KEY)
    reply = api.call("", method="POST", target=target, timestamp=timestamp, signature=signed_as_get)
    assert (reply.status, reply.text) == (401, AUTH_FAILED)


def test_401_in_xml_when_xml_is_asked(api):
    reply = api.call("getBlockStorageInstanceList", fmt=None, secret_key="WRONGSECRET")
    assert reply.status == 401
    assert "<errorCode>200</errorCode>" in reply.text and "<message>Authentication Failed</message>" in reply.text


@pytest.mark.parametrize("skew_ms,status", [(-300001, 401), (-299000, 200), (299000, 200), (300001, 401)])
def test_clock_skew_limit_is_five_minutes_both_ways(api, clock, skew_ms, status):
    timestamp = str(int(clock.now() * 1000) + skew_ms)
    reply = api.call("getBlockStorageInstanceList", timestamp=timestamp)
    assert reply.status == status, reply


def test_missing_headers(emulator):
    import http.client  # pylint: disable=import-outside-toplevel

    connection = http.client.HTTPConnection("127.0.0.1", int(emulator.url.rsplit(":", 1)[1]))
    connection.request("GET", "/vserver/v2/getBlockStorageInstanceList?responseFormatType=json")
    response = connection.getresponse()
    assert (response.status, response.read().decode()) == (401, AUTH_MISSING)


@pytest.mark.parametrize(
    "target", ["/vserver/v2/noSuchAction?responseFormatType=json", "/vserver/v1/getRegionList?responseFormatType=json", "/elsewhere?responseFormatType=json"]
)
def test_unknown_action_or_path_is_404(api, target):
    reply = api.call("", target=target)
    assert reply.status == 404
    assert reply.json() == {"error": {"errorCode": "300", "message": "Not Found Exception", "details": ""}}


def test_gateway_details_can_be_left_out(emulator, api):
    emulator.configure(gateway_details=False)
    assert api.call("getRegionList", secret_key="WRONG").text == '{"error":{"errorCode":"200","message":"Authentication Failed"}}'
    assert api.call("nope").json() == {"error": {"errorCode": "300", "message": "Not Found Exception"}}


def test_every_answer_has_a_date_header(api):
    for reply in (api.call("getRegionList"), api.call("getRegionList", secret_key="x"), api.call("nope")):
        assert reply.headers["date"].endswith(" GMT"), reply.headers
