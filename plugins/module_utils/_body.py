# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading a streamed reply body within the attempt's time, however slowly it trickles in.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Each socket read gets only the time left of the attempt, and the body is read one socket read
at a time, so a server sending a byte a second cannot stretch an attempt past ``api_timeout``.
"""

from __future__ import annotations

from ._replies import MAX_REPLY_BYTES

try:
    import requests
    from urllib3 import exceptions as urllib3_exceptions
except ImportError:  # reported by the runner through missing_required_lib()
    requests = None

_CHUNK = 64 * 1024


class ReplyTooSlow(requests.exceptions.Timeout if requests else Exception):
    """The reply body did not arrive within the attempt's time: treated like a read timeout."""


def read_body(response, attempt_ends, clock):
    """The body, read one socket read at a time, each given only the time left: a trickle cannot stretch it."""
    raw = response.raw
    if raw is None:  # a reply made up in memory (tests, adapters): already read
        return response.content or b''
    chunks, size = [], 0
    while True:
        left = attempt_ends - clock()
        if left <= 0:
            raise ReplyTooSlow('reading the reply took longer than api_timeout')
        _set_read_timeout(raw, left)
        chunk = _read_some(raw)
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            return b''.join(chunks)[: MAX_REPLY_BYTES + 1]  # judged too big by the parser


def _read_some(raw):
    """One socket read's worth of the body, decoded; urllib3's errors as requests' own (what iter_content does)."""
    try:
        return raw.read1(_CHUNK, decode_content=True) if hasattr(raw, 'read1') else raw.read(_CHUNK, decode_content=True)
    except urllib3_exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from None
    except urllib3_exceptions.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from None
    except TimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from None
    except (urllib3_exceptions.ProtocolError, OSError) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from None


def _set_read_timeout(raw, seconds):
    """Give the socket under a streamed reply only ``seconds`` for its next read (where it can be reached)."""
    sock = getattr(getattr(raw, '_connection', None), 'sock', None)
    if sock is not None:
        sock.settimeout(max(0.001, seconds))
