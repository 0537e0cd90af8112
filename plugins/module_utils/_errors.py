# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's two exceptions, the ``failure`` every failed task returns, and safe text.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Messages carry the action, HTTP status, NCP code and NCP's text; never keys or signatures.
"""

from __future__ import annotations

import re

from ._policy import Verdict

_MESSAGE_LIMIT = 500
_UNPRINTABLE = re.compile(r'[\x00-\x1f\x7f-\x9f]+')
# An HMAC-SHA256 in standard Base64 (what NCP's signature headers carry) is 43 characters and '='.
_SIGNATURE_LIKE = re.compile(r'[A-Za-z0-9+/]{43}=')
REDACTED = '<redacted>'


class NcloudApiError(Exception):
    """A failed NCP API call; ``verdict`` (see _policy) says what its outcome allows next.

    ``attempts`` counts the requests sent for this call, retries included.
    """

    def __init__(self, action, message, http_status=None, code=None, details=None, hint=None, verdict=None):
        super().__init__(message)
        self.action = action
        self.message = message
        self.http_status = http_status
        self.code = code
        self.details = details
        self.hint = hint
        self.verdict = verdict or Verdict(False, False, False, False)
        self.maybe_applied, self.maybe_in_flight, self.busy = self.verdict[1:]
        self.attempts = 1
        self.elapsed = 0.0
        self.retry_after = None

    def __str__(self):
        where = ['HTTP %s' % self.http_status] if self.http_status else []
        if self.code:
            where.append('NCP code %s' % self.code)
        tries = ' after %d attempts in %d seconds' % (self.attempts, round(self.elapsed)) if self.attempts > 1 else ''
        message = self.message if not self.details or self.details in self.message else '%s (%s)' % (self.message, self.details)
        message = message[:-1] if message.endswith('.') and not message.endswith('..') else message
        text = '%s failed%s%s: %s' % (self.action, ' (%s)' % ', '.join(where) if where else '', tries, message)
        return '%s. %s%s' % (text, self.hint[0].upper(), self.hint[1:]) if self.hint else text + '.'


class ModuleError(Exception):
    """A problem to report to the user as it is; raised below the runner, reported by it.

    ``result`` holds extra return values for the failed task (such as the snapshot's last facts);
    ``cause`` is the API error behind it, when there is one, for the task's ``failure``.
    """

    def __init__(self, message, result=None, cause=None):
        super().__init__(message)
        self.result = result or {}
        self.cause = cause


def failure_of(exc):
    """The structured ``failure`` of a failed task: which request failed and what it may have done."""
    cause = exc if isinstance(exc, NcloudApiError) else getattr(exc, 'cause', None)
    if cause is None:
        return {'action': None, 'http_status': None, 'ncp_code': None, 'maybe_applied': False, 'maybe_in_flight': False}
    return {
        'action': cause.action,
        'http_status': cause.http_status,
        'ncp_code': cause.code,
        'maybe_applied': cause.maybe_applied,
        'maybe_in_flight': cause.maybe_in_flight,
    }


def readable(text, limit=_MESSAGE_LIMIT):
    """``text`` on one line, control characters and runs of blanks collapsed, at most ``limit`` characters."""
    text = ' '.join(_UNPRINTABLE.sub(' ', str(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + '...'


def scrub(text, secrets=()):
    """``text`` with every secret (keys, the signature sent) and anything shaped like a signature replaced."""
    for secret in sorted((value for value in secrets if value), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _SIGNATURE_LIKE.sub(REDACTED, text)
