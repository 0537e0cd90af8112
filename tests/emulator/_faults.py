# -*- coding: utf-8 -*-
"""Injected faults: "ACTION:KIND[:COUNT[:RETRY_AFTER]]".

ACTION is an action name or * for any action. KIND is 429 (errorCode 410 Throttle Limited),
rate (429, errorCode 420 Rate Limited), quota (429, errorCode 400 Quota Exceeded), 500, 503, 504
(all answered without running the call) or drop (the call runs, then the connection closes with
no response, like a timeout after the server acted). COUNT (default 1) is how many matching calls
get the fault. RETRY_AFTER, for 429 and rate only, adds a Retry-After header with that many seconds.

FaultQueue is not locked itself: the emulator uses it under its one lock.
"""

from dataclasses import dataclass

import _errors

KINDS = ("429", "rate", "quota", "500", "503", "504", "drop")
RETRY_AFTER_KINDS = ("429", "rate")


@dataclass
class Fault:
    action: str
    kind: str
    remaining: int
    retry_after: int = None

    def spec(self):
        text = "%s:%s:%d" % (self.action, self.kind, self.remaining)
        return text if self.retry_after is None else "%s:%d" % (text, self.retry_after)

    def error(self):
        """The ApiError this fault answers with (None for drop)."""
        if self.kind == "429":
            return _errors.throttled(self.retry_after)
        if self.kind == "rate":
            return _errors.rate_limited(self.retry_after)
        if self.kind == "quota":
            return _errors.quota_exceeded()
        if self.kind == "500":
            return _errors.try_again_later()
        if self.kind == "503":
            return _errors.endpoint_error()
        if self.kind == "504":
            return _errors.endpoint_timeout()
        return None


def parse_fault(spec):
    """Fault from its spec string; ValueError with a readable message if malformed."""
    parts = spec.strip().split(":")
    if len(parts) < 2 or len(parts) > 4 or not parts[0]:
        raise ValueError("fault %r: expected ACTION:KIND[:COUNT[:RETRY_AFTER]]" % spec)
    action, kind = parts[0], parts[1].lower()
    if kind not in KINDS:
        raise ValueError("fault %r: KIND must be one of %s" % (spec, ", ".join(KINDS)))
    try:
        count = int(parts[2]) if len(parts) > 2 else 1
        retry_after = int(parts[3]) if len(parts) > 3 else None
    except ValueError:
        raise ValueError("fault %r: COUNT and RETRY_AFTER must be integers" % spec) from None
    if count < 1 or (retry_after is not None and (kind not in RETRY_AFTER_KINDS or retry_after < 0)):
        raise ValueError("fault %r: COUNT must be >= 1; RETRY_AFTER is for 429 and rate only and >= 0" % spec)
    return Fault(action, kind, count, retry_after)


class FaultQueue:
    def __init__(self):
        self._faults = []

    def add(self, spec):
        fault = parse_fault(spec)
        self._faults.append(fault)
        return fault

    def clear(self):
        self._faults.clear()

    def pending(self):
        return [fault.spec() for fault in self._faults]

    def take(self, action):
        """Consume one use of the first fault matching action; None if no fault applies."""
        for fault in self._faults:
            if fault.action in (action, "*"):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None
