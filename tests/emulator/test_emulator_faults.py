# -*- coding: utf-8 -*-
"""Fault injection, latency, the request log and the /_emulator control endpoints."""

import http.client
import json
import time
import urllib.request
from datetime import datetime, timedelta

import pytest

from _faults import parse_fault

CREATE = "createBlockStorageSnapshotInstance"


def test_429_twice_then_ok_without_applying_the_throttled_calls(emulator, snaps):
    emulator.add_fault(CREATE + ":429:2")
    for dummy in range(2):
        reply = snaps.create("3081227")
        assert reply.status == 429
        assert reply.json() == {"error": {"errorCode": "410", "message": "Throttle Limited", "details": ""}}
        assert "retry-after" not in reply.headers
    assert snaps.create("3081227").status == 200
    assert len(emulator.snapshots()) == 1
    assert [(entry["status"], entry["fault"]) for entry in emulator.requests(CREATE)] == [(429, "429"), (429, "429"), (200, None)]


def test_retry_after_header_on_request(emulator, snaps):
    emulator.add_fault(CREATE + ":429:1:0")
    assert snaps.create("3081227").headers["retry-after"] == "0"


@pytest.mark.parametrize(
    "kind,status,body",
    [
        ("500", 500, {"responseError": {"returnCode": "1000", "returnMessage": "Please try your call again later."}}),
        ("503", 503, {"error": {"errorCode": "500", "message": "Endpoint Error", "details": ""}}),
        ("504", 504, {"error": {"errorCode": "510", "message": "Endpoint Timeout", "details": ""}}),
        ("quota", 429, {"error": {"errorCode": "400", "message": "Quota Exceeded", "details": ""}}),
        ("rate", 429, {"error": {"errorCode": "420", "message": "Rate Limited", "details": ""}}),
    ],
)
def test_server_side_faults(emulator, snaps, kind, status, body):
    emulator.add_fault(CREATE, kind, 1)
    reply = snaps.create("3081227")
    assert (reply.status, reply.json()) == (status, body)
    assert emulator.snapshots() == []


def test_drop_applies_the_call_then_hangs_up(emulator, snaps):
    emulator.add_fault(CREATE + ":drop:1")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        snaps.create("3081227")
    assert len(emulator.snapshots()) == 1
    assert emulator.requests(CREATE) == [
        {"method": "GET", "action": CREATE, "status": 0, "fault": "drop", "code": None, "time": emulator.clock.now(), "user_agent": None}
    ]
    assert snaps.create("3081227").status == 200


def test_wildcard_and_other_actions_untouched(emulator, snaps, api):
    emulator.add_fault("getBlockStorageInstanceList:503:1")
    assert snaps.list().status == 200
    emulator.clear_faults()
    emulator.add_fault("*:500:2")
    assert api.call("getRegionList").status == 500
    assert snaps.list().status == 500
    assert snaps.list().status == 200


def test_faults_apply_only_to_authenticated_calls(emulator, api):
    emulator.add_fault("getRegionList:429:1")
    assert api.call("getRegionList", secret_key="wrong").status == 401
    assert emulator.pending_faults() == ["getRegionList:429:1"]


@pytest.mark.parametrize("spec", ["x", "A:418:1", "A:429:0", "A:429:two", ":429:1", "A:500:1:3", "A:429:1:2:3"])
def test_bad_fault_specs(spec):
    with pytest.raises(ValueError):
        parse_fault(spec)


def test_latency(emulator, api):
    emulator.configure(latency=0.2)
    started = time.monotonic()
    assert api.call("getRegionList").status == 200
    assert time.monotonic() - started >= 0.2


def control(emulator, method, path, document=None):
    data = None if document is None else json.dumps(document).encode()
    request = urllib.request.Request(emulator.url + path, data=data, method=method)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_control_endpoints(emulator, snaps):
    assert control(emulator, "POST", "/_emulator/faults", [CREATE + ":503:1"]) == {"faults": [CREATE + ":503:1"]}
    assert snaps.create("3081227").status == 503
    assert snaps.create("3081227").status == 200
    snaps.list()
    log = control(emulator, "GET", "/_emulator/requests?action=" + CREATE)
    assert log["count"] == 2 and [entry["status"] for entry in log["requests"]] == [503, 200]
    assert control(emulator, "GET", "/_emulator/requests")["count"] == 3
    assert len(control(emulator, "GET", "/_emulator/snapshots")["snapshots"]) == 1
    assert control(emulator, "POST", "/_emulator/config", {"create_delay": 0.5})["create_delay"] == 0.5
    control(emulator, "POST", "/_emulator/reset", {})
    assert control(emulator, "GET", "/_emulator/requests")["count"] == 0
    assert emulator.snapshots() == [] and emulator.pending_faults() == []
    assert snaps.created("3081227")["blockStorageSnapshotInstanceNo"] == "5000001"  # numbering restarts


def test_control_rejects_bad_input(emulator):
    with pytest.raises(urllib.error.HTTPError) as caught:
        control(emulator, "POST", "/_emulator/faults", ["nonsense"])
    assert caught.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as caught:
        control(emulator, "GET", "/_emulator/nothing")
    assert caught.value.code == 404


def test_age_moves_every_snapshot_back_by_days(emulator, snaps):
    made = snaps.created("3081227")
    before = made["createDate"]
    assert control(emulator, "POST", "/_emulator/age", {"days": 2}) == {"aged": 1}
    after = snaps.listed()[0]["createDate"]

    def parse(text):
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")

    assert parse(before) - parse(after) == timedelta(days=2)
    assert snaps.listed()[0]["blockStorageSnapshotInstanceStatus"]["code"] == "CREAT"  # ready long ago
