# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The recovery policy as a table: every outcome kind x read/write x status x NCP code."""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._policy import (
    NO_CONNECTION,
    NO_REPLY,
    REPLY,
    UNREADABLE,
    UNSENDABLE,
    Verdict,
    classify,
    slows_everyone,
)

READ, WRITE = False, True
# Columns: retry, maybe_applied, maybe_in_flight, busy.
NOTHING = Verdict(False, False, False, False)
RETRY = Verdict(True, False, False, False)
APPLIED = Verdict(False, True, False, False)
IN_FLIGHT = Verdict(False, True, True, False)
BUSY = Verdict(False, False, False, True)

TABLE = [
    # Nothing could be sent: never retried, never applied.
    (UNSENDABLE, READ, None, None, NOTHING),
    (UNSENDABLE, WRITE, None, None, NOTHING),
    # No connection opened: nothing reached NCP, so even a write may go again.
    (NO_CONNECTION, READ, None, None, RETRY),
    (NO_CONNECTION, WRITE, None, None, RETRY),
    # Sent, no complete reply: a read goes again; a write may be applied and may still be in flight.
    (NO_REPLY, READ, None, None, RETRY),
    (NO_REPLY, WRITE, None, None, IN_FLIGHT),
    # A 2xx that is not NCP's: a read is not retried; a write may have been applied (NCP answered: not in flight).
    (UNREADABLE, READ, 200, None, NOTHING),
    (UNREADABLE, WRITE, 200, None, APPLIED),
    # Throttled at the gateway: never applied; retried unless it is the account's quota.
    (REPLY, READ, 429, '410', RETRY),
    (REPLY, WRITE, 429, '420', RETRY),
    (REPLY, READ, 429, None, RETRY),
    (REPLY, READ, 429, '400', NOTHING),
    (REPLY, WRITE, 429, '400', NOTHING),
    # Server errors: reads are retried where the status is a transient one; writes may have been applied.
    (REPLY, READ, 500, '1000', RETRY),
    (REPLY, READ, 502, None, RETRY),
    (REPLY, READ, 503, '500', RETRY),
    (REPLY, READ, 504, '510', RETRY),
    (REPLY, READ, 501, None, NOTHING),
    (REPLY, READ, 505, None, NOTHING),
    (REPLY, READ, 599, None, NOTHING),
    (REPLY, WRITE, 500, '1000', APPLIED),
    (REPLY, WRITE, 503, '500', APPLIED),
    (REPLY, WRITE, 501, None, APPLIED),
    (REPLY, WRITE, 505, None, APPLIED),
    (REPLY, WRITE, 502, None, IN_FLIGHT),
    (REPLY, WRITE, 504, '510', IN_FLIGHT),
    # A 5xx with a busy code is still a 5xx: unknown outcome, not a refusal.
    (REPLY, WRITE, 500, '9903002', APPLIED),
    # Client errors: refused, nothing applied, never retried; busy only for the busy codes.
    (REPLY, READ, 400, '9001', NOTHING),
    (REPLY, WRITE, 400, '9001', NOTHING),
    (REPLY, WRITE, 401, '200', NOTHING),
    (REPLY, WRITE, 404, '300', NOTHING),
    (REPLY, WRITE, 499, None, NOTHING),
    (REPLY, WRITE, 400, '9903002', BUSY),
    (REPLY, WRITE, 400, '9902004', BUSY),
    (REPLY, READ, 400, '9903002', BUSY),
    (REPLY, WRITE, 400, '9903005', NOTHING),
    (REPLY, WRITE, 400, '400', NOTHING),
    # A 2xx whose returnCode says it failed: treated as a refusal (status below 500).
    (REPLY, WRITE, 200, '77', NOTHING),
    (REPLY, WRITE, 200, '9902004', BUSY),
    (REPLY, WRITE, None, None, NOTHING),
]


@pytest.mark.parametrize('outcome, write, status, code, verdict', TABLE)
def test_policy_table(outcome, write, status, code, verdict):
    assert classify(outcome, write, status, code) == verdict


def test_verdict_fields_are_named_in_order():
    verdict = classify(NO_REPLY, WRITE)
    assert (verdict.retry, verdict.maybe_applied, verdict.maybe_in_flight, verdict.busy) == (False, True, True, False)
    assert Verdict._fields == ('retry', 'maybe_applied', 'maybe_in_flight', 'busy')


OUTCOMES = (UNSENDABLE, NO_CONNECTION, NO_REPLY, UNREADABLE, REPLY)
STATUSES = (None, 200, 400, 401, 403, 404, 409, 429, 499, 500, 501, 502, 503, 504, 505, 599)
CODES = (None, '0', '200', '210', '300', '400', '410', '1000', '9903002', '9902004', '9903005')


@pytest.mark.parametrize('outcome, write', list(itertools.product(OUTCOMES, (READ, WRITE))))
def test_policy_invariants_hold_for_every_status_and_code(outcome, write):
    for status, code in itertools.product(STATUSES, CODES):
        if outcome == REPLY and status is None and code is not None:
            continue
        verdict = classify(outcome, write, status, code)
        assert all(isinstance(value, bool) for value in verdict), (status, code, verdict)
        # A write that may have been applied is never sent again by the client.
        assert not (write and verdict.maybe_applied and verdict.retry), (status, code)
        # In flight is a kind of maybe applied; busy means refused, so neither applied nor retried blindly.
        assert verdict.maybe_applied or not verdict.maybe_in_flight, (status, code)
        assert not (verdict.busy and (verdict.maybe_applied or verdict.retry)), (status, code)
        # A read changes nothing.
        assert write or not verdict.maybe_applied, (status, code)
        if outcome != REPLY:
            # Outside an HTTP error reply, status and code do not matter.
            assert verdict == classify(outcome, write), (status, code)


@pytest.mark.parametrize(
    'status, code, slows',
    [
        (429, '410', True),
        (429, '420', True),
        (429, None, True),
        (429, '400', False),
        (503, '500', False),
        (400, '410', False),
        (None, None, False),
    ],
)
def test_only_a_rate_refusal_slows_everyone_sharing_the_key(status, code, slows):
    assert slows_everyone(status, code) is slows
