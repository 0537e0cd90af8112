# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How long to wait before trying a request again, and how long one call may take in all.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

import math
from email.utils import parsedate_to_datetime

BACKOFF_BASE = 1.0
BACKOFF_CAP = 20.0


def call_budget(timeout, retries):
    """Most seconds one call may take: every attempt's ``timeout`` and every backoff at its cap."""
    return (retries + 1) * timeout + retries * BACKOFF_CAP


def backoff(attempt, retry_after, now, jitter):
    """Seconds before retry ``attempt`` (0-based): exponential, jittered, never shorter than Retry-After (capped)."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt) * (0.5 + jitter / 2)
    wanted = _retry_after_seconds(retry_after, now)
    return max(delay, min(BACKOFF_CAP, wanted)) if wanted is not None else delay


def _retry_after_seconds(value, now):
    """Retry-After in seconds (a number or an HTTP date); None when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if math.isfinite(seconds) else None
