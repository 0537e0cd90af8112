# -*- coding: utf-8 -*-
"""--throttle: a token bucket over API calls answered with NCP's 429 bodies, counted in the request log."""

import json
import time
import urllib.request

import pytest

from signed_client import SignedClient

LIST = "getBlockStorageSnapshotInstanceList"
RATE_LIMITED = {"error": {"errorCode": "420", "message": "Rate Limited", "details": ""}}
THROTTLE_LIMITED = {"error": {"errorCode": "410", "message": "Throttle Limited", "details": ""}}


def statuses(snaps, count):
    return [snaps.list().status for dummy in range(count)]


def test_a_full_bucket_lets_a_burst_through_then_answers_rate_limited(emulator, snaps):
    emulator.configure(throttle=2)
    assert statuses(snaps, 3) == [200, 200, 429]  # the burst is one second's worth: 2 calls
    reply = snaps.list()
    assert (reply.status, reply.json()) == (429, RATE_LIMITED) and "retry-after" not in reply.headers


def test_tokens_come_back_at_the_rate(emulator, snaps, clock):
    emulator.configure(throttle=4, throttle_burst=1)
    assert statuses(snaps, 2) == [200, 429]
    clock.advance(0.2)
    assert statuses(snaps, 1) == [429]  # 0.8 of a token
    clock.advance(0.05)
    assert statuses(snaps, 2) == [200, 429]
    clock.advance(10)
    assert statuses(snaps, 2) == [200, 429]  # a quiet spell fills the bucket only up to its size


def test_a_throttled_call_is_not_applied(emulator, snaps):
    emulator.configure(throttle=1)
    assert snaps.create("3081227").status == 200
    assert snaps.create("3081227").status == 429
    assert len(emulator.snapshots()) == 1


@pytest.mark.parametrize("rate, waited, retry_after", [(1, 0, "1"), (0.25, 0, "4"), (0.25, 1.5, "3")])
def test_retry_after_says_when_a_token_is_back_in_whole_seconds(emulator, snaps, clock, rate, waited, retry_after):
    emulator.configure(throttle=rate, throttle_burst=1, throttle_retry_after=True)
    assert snaps.list().status == 200
    clock.advance(waited)
    assert snaps.list().headers["retry-after"] == retry_after


def test_code_410_answers_throttle_limited(emulator, snaps):
    emulator.configure(throttle=1, throttle_code="410")
    snaps.list()
    reply = snaps.list()
    assert (reply.status, reply.json()) == (429, THROTTLE_LIMITED)


def test_unsigned_calls_and_control_endpoints_take_no_token(emulator, snaps):
    emulator.configure(throttle=1)
    for dummy in range(3):
        assert SignedClient(emulator.url, secret_key="WRONG").call(LIST).status == 401
        with urllib.request.urlopen(emulator.url + "/_emulator/config", timeout=5) as response:
            assert json.load(response)["throttle"] == 1.0
    assert statuses(snaps, 2) == [200, 429]


def test_the_request_log_counts_throttled_replies_apart_from_injected_429s(emulator, snaps, clock):
    emulator.configure(throttle=1)
    emulator.add_fault(LIST + ":rate:1")
    # The gateway's bucket comes first: the call the fault answers has spent the token.
    assert statuses(snaps, 2) == [429, 429]
    clock.advance(1)
    assert statuses(snaps, 1) == [200]
    with urllib.request.urlopen(emulator.url + "/_emulator/requests", timeout=5) as response:
        log = json.load(response)
    assert (log["count"], log["throttled"]) == (3, 1)
    assert [(entry["status"], entry["fault"], entry["code"]) for entry in log["requests"]] == [(429, "rate", "420"), (429, None, "420"), (200, None, None)]


def test_reset_refills_the_bucket_and_off_means_off(emulator, snaps):
    emulator.configure(throttle=1)
    assert statuses(snaps, 2) == [200, 429]
    emulator.reset()
    assert statuses(snaps, 2) == [200, 429]
    emulator.configure(throttle=None)
    assert statuses(snaps, 5) == [200] * 5


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"throttle": 0}, "throttle must be a number > 0 or null"),
        ({"throttle": "fast"}, "throttle must be a number > 0 or null"),
        ({"throttle_burst": 0.5}, "throttle_burst must be at least 1"),
        ({"throttle_code": "400"}, "throttle_code must be one of 410|420"),
        ({"throttle_retry_after": "yes"}, "throttle_retry_after must be true or false"),
    ],
)
def test_bad_settings_are_refused(emulator, changes, message):
    with pytest.raises(ValueError, match=message):
        emulator.configure(**changes)


def test_the_command_line_flags(run_cli):
    url = run_cli("--throttle", "1", "--throttle-burst", "2", "--throttle-code", "410", "--throttle-retry-after")
    client = SignedClient(url)
    replies = [client.call(LIST) for dummy in range(3)]
    assert [reply.status for reply in replies] == [200, 200, 429]
    assert replies[2].json() == THROTTLE_LIMITED and int(replies[2].headers["retry-after"]) >= 1
    time.sleep(1.1)
    assert client.call(LIST).status == 200
