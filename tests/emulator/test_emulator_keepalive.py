# -*- coding: utf-8 -*-
"""HTTP/1.1 keep-alive: one connection serves many calls, correctly, and faults still behave (issue 14)."""

import http.client
import json
import threading

import pytest
import requests

from ncloud_emulator import start_emulator
from signed_client import SessionClient

LIST = "getBlockStorageSnapshotInstanceList"
DETAIL = "getBlockStorageSnapshotInstanceDetail"


@pytest.fixture
def session(emulator, clock):
    client = SessionClient(emulator.url, clock=clock)
    yield client
    client.close()


def _create(client, volume_no):
    reply = client.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": volume_no})
    assert reply.status == 200, reply
    return reply.rows("createBlockStorageSnapshotInstance")[0]["blockStorageSnapshotInstanceNo"]


def test_a_session_makes_many_calls_over_one_connection(session):
    numbers = [_create(session, "3081227") for dummy in range(5)]
    for dummy in range(20):
        for number in numbers:
            reply = session.call(DETAIL, {"blockStorageSnapshotInstanceNo": number})
            assert reply.status == 200 and [row["blockStorageSnapshotInstanceNo"] for row in reply.rows(DETAIL)] == [number]
            assert "content-length" in reply.headers and reply.headers.get("connection", "").lower() != "close"
    assert session.connections_opened() == 1


def test_every_reply_kind_carries_content_length_and_keeps_the_connection(emulator, session):
    replies = [
        session.call(LIST, {}),  # 200
        session.call("noSuchAction", {}),  # 404 gateway error
        session.call(LIST, {}, signature="wrong"),  # 401
        session.call(DETAIL, {}),
    ]  # 400 service error
    emulator.add_fault(LIST, "503", 1)
    replies.append(session.call(LIST, {}))
    assert [reply.status for reply in replies] == [200, 404, 401, 400, 503]
    assert all(int(reply.headers["content-length"]) == len(reply.text.encode("utf-8")) for reply in replies)
    assert session.connections_opened() == 1


def test_a_dropped_call_closes_only_its_connection(emulator, session):
    emulator.add_fault("createBlockStorageSnapshotInstance", "drop", 1)
    with pytest.raises(requests.ConnectionError):
        session.call("createBlockStorageSnapshotInstance", {"originalBlockStorageInstanceNo": "3081227"})
    # The drop applied the create; the session reconnects and sees it.
    reply = session.call(LIST, {"originalBlockStorageInstanceNoList.1": "3081227"})
    assert reply.status == 200 and len(reply.rows(LIST)) == 1
    assert session.connections_opened() == 2


def test_a_body_the_application_ignores_does_not_leak_into_the_next_request(emulator):
    connection = http.client.HTTPConnection("127.0.0.1", int(emulator.url.rsplit(":", 1)[1]), timeout=5)
    try:
        connection.request("GET", "/_emulator/config", body="GET /_emulator/reset HTTP/1.1\r\n\r\n")
        first = connection.getresponse()
        assert first.status == 200 and not first.will_close
        json.loads(first.read())
        socket_used = connection.sock
        connection.request("POST", "/_emulator/seed", body=json.dumps({"volume": "3081227", "count": 2}))
        second = connection.getresponse()
        assert second.status == 200 and json.loads(second.read())["count"] == 2
        assert connection.sock is socket_used
    finally:
        connection.close()
    assert len(emulator.snapshots()) == 2  # the body of the first request was not run as a request


def test_connection_close_and_http_1_0_are_honoured(emulator):
    port = int(emulator.url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/_emulator/config", headers={"Connection": "close"})
        reply = connection.getresponse()
        assert reply.getheader("Connection") == "close" and reply.will_close
        reply.read()
    finally:
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection._http_vsn, connection._http_vsn_str = 10, "HTTP/1.0"  # pylint: disable=protected-access
    try:
        connection.request("GET", "/_emulator/config")
        reply = connection.getresponse()
        assert reply.status == 200 and reply.will_close
        reply.read()
    finally:
        connection.close()


def test_threads_with_their_own_sessions_each_get_their_own_answers(emulator, clock):
    numbers = emulator.seed("3081227", 40)
    failures = []

    def worker(offset):
        client = SessionClient(emulator.url, clock=clock)
        try:
            for round_no in range(30):
                number = numbers[(offset * 7 + round_no) % len(numbers)]
                reply = client.call(DETAIL, {"blockStorageSnapshotInstanceNo": number})
                got = [row["blockStorageSnapshotInstanceNo"] for row in reply.rows(DETAIL)] if reply.status == 200 else reply
                if got != [number]:
                    failures.append((number, got))
            if client.connections_opened() != 1:
                failures.append(("connections", client.connections_opened()))
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def test_a_stopped_emulator_closes_its_kept_alive_connections(clock):
    emulator = start_emulator(clock=clock)
    client = SessionClient(emulator.url, clock=clock)
    try:
        assert client.call(LIST, {}).status == 200
        emulator.stop()
        with pytest.raises(requests.ConnectionError):
            client.call(LIST, {})
    finally:
        client.close()
        emulator.stop()
