# -*- coding: utf-8 -*-
"""Throttling: a token bucket over API calls, answered like NCP's gateway when it runs dry.

Test scaffolding modelled on NCP's documented rate-limit replies (HTTP 429 with gateway code 420
"Rate Limited", or 410 "Throttle Limited": NCP API guide, api-call-lgc-errorhandling). The
numbers are invented: NCP publishes no rate for the vserver API. docs/emulator.md says so.

- ``throttle``: tokens added a second (requests a second at length); None: no throttling.
- ``throttle_burst``: the bucket's size, how many calls may come at once after a quiet spell;
  None means one second's worth (``max(1, throttle)``). The bucket starts full.
- ``throttle_code``: "420" (Rate Limited, the default) or "410" (Throttle Limited).
- ``throttle_retry_after``: send ``Retry-After`` with the whole seconds until a token is back
  (rounded up). NCP's documents do not say whether it sends one, so tests run both ways.

Only /vserver/v2 calls that pass authentication take a token; /_emulator/* never does. Refused
calls take none. The Throttle is not locked itself: the emulator uses it under its one lock.
"""

import math

import _errors

CODES = ("410", "420")


class Throttle:
    def __init__(self):
        self.tokens = None  # None: full, whatever the burst is when the first call comes
        self.last = None

    def refill(self):
        self.tokens = self.last = None

    def take(self, options, now):
        """None when the call may go on (a token is spent); else the ApiError to answer with."""
        rate = options.throttle
        if rate is None:
            return None
        burst = options.throttle_burst if options.throttle_burst is not None else max(1.0, rate)
        tokens = burst if self.tokens is None else min(burst, self.tokens + max(0.0, now - self.last) * rate)
        self.last = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return None
        self.tokens = tokens
        retry_after = max(1, math.ceil((1.0 - tokens) / rate)) if options.throttle_retry_after else None
        if options.throttle_code == "410":
            return _errors.throttled(retry_after)
        return _errors.rate_limited(retry_after)


def checked(name, value):
    """A throttle option's value, validated (ValueError naming it otherwise)."""
    if name in ("throttle", "throttle_burst"):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise ValueError("%s must be a number > 0 or null, not %r" % (name, value))
        if name == "throttle_burst" and value < 1:
            raise ValueError("throttle_burst must be at least 1 (one call), not %r" % (value,))
        return float(value)
    if name == "throttle_code":
        if str(value) not in CODES:
            raise ValueError("throttle_code must be one of %s, not %r" % ("|".join(CODES), value))
        return str(value)
    if not isinstance(value, bool):
        raise ValueError("%s must be true or false, not %r" % (name, value))
    return value


def add_arguments(parser):
    parser.add_argument(
        "--throttle", type=float, metavar="RPS", help="answer 429 Rate Limited once calls exceed RPS a second (a token bucket; invented numbers)"
    )
    parser.add_argument("--throttle-burst", type=float, metavar="N", help="calls that may come at once after a quiet spell (default: one second's worth)")
    parser.add_argument("--throttle-code", choices=CODES, help="gateway code of the 429: 420 Rate Limited (default) or 410 Throttle Limited")
    parser.add_argument(
        "--throttle-retry-after", action="store_true", default=None, help="send Retry-After (whole seconds until a token is back) with each throttled reply"
    )
