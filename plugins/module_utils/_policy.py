# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one recovery policy: what the outcome of a request allows the caller to do next.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Pure: no I/O, no clock. The client asks it whether to retry; the create and delete
reconciliation ask it whether a failed write may have been applied, may still be in flight, or
was refused only because something was busy. docs/reliability.md describes this table.
"""

from __future__ import annotations

from collections import namedtuple

# How a request ended, as far as the client could tell.
UNSENDABLE = 'unsendable'  # the request could not even be built or sent (bad api_url)
NO_CONNECTION = 'no-connection'  # no connection was opened: nothing reached NCP
NO_REPLY = 'no-reply'  # sent, but no complete reply: timeout, dropped connection, cut-off body
REPLY = 'reply'  # an HTTP error reply (status, and NCP's code when it had one)
UNREADABLE = 'unreadable'  # a 2xx reply that is not what NCP sends (not JSON, odd shape, empty create)

RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# The gateway gave up waiting for NCP's service, which may still be working on the request.
IN_FLIGHT_STATUSES = frozenset((502, 504))
# 429 with gateway code 400 is "Quota Exceeded": a limit of the account, not a rate; waiting
# a few seconds does not lift it (NCP API guide, api-call-lgc-errorhandling).
QUOTA_CODE = '400'
# Refusals because a snapshot or its volume is busy: nothing was applied, and the same request
# may succeed once the work in progress ends. NCP publishes no codes for these; the ones here are
# the emulator's (docs/emulator.md lists them as invented). Delete of a snapshot still being
# created, and a KVM volume busy with another snapshot (NCP's snapshot guide).
BUSY_CODES = frozenset(('9903002', '9902004'))


class Verdict(namedtuple('Verdict', 'retry maybe_applied maybe_in_flight busy')):
    """``retry``: the client may send the same request again after a backoff.
    ``maybe_applied``: a write may have changed something; only a look can tell.
    ``maybe_in_flight``: on top of that, NCP may still apply it later, so a look right now proves nothing.
    ``busy``: refused, nothing applied, worth sending again once the work in progress is over.
    """


def slows_everyone(status, code):
    """Whether a refusal means the key is sending too fast, so every process using it should back off.

    429 with 410 (throttle) or 420 (rate): yes. A quota (400) is not a rate: waiting does not lift
    it, so it holds nobody back (and is not retried, see :func:`classify`).
    """
    return status == 429 and code != QUOTA_CODE


def classify(outcome, write, status=None, code=None):
    """The :class:`Verdict` for one request that did not succeed."""
    if outcome == UNSENDABLE:
        return Verdict(False, False, False, False)
    if outcome == NO_CONNECTION:
        return Verdict(True, False, False, False)
    if outcome == NO_REPLY:
        return Verdict(not write, write, write, False)
    if outcome == UNREADABLE:
        return Verdict(False, write, False, False)
    if status == 429:
        # Throttled at the gateway, before NCP's service saw it: never applied.
        return Verdict(code != QUOTA_CODE, False, False, False)
    if status is not None and status >= 500:
        return Verdict(not write and status in RETRYABLE_STATUSES, write, write and status in IN_FLIGHT_STATUSES, False)
    return Verdict(False, False, False, code in BUSY_CODES)
