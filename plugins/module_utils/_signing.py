# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Request signing for the NCP API gateway.

Private to the ncloud.vserver collection: not a public API, may change without notice.

Pure functions, no I/O: the client passes the clock reading in, so the same inputs always give
the same headers and the vectors published for the gateway can be checked byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

TIMESTAMP_HEADER = 'x-ncp-apigw-timestamp'
ACCESS_KEY_HEADER = 'x-ncp-iam-access-key'
# NCP documents the -v2 header name; the vendor's Go and Python SDKs send the same signature
# under -v1, and the gateway takes either. We send the documented one.
SIGNATURE_HEADER = 'x-ncp-apigw-signature-v2'


def string_to_sign(method, request_target, timestamp, access_key):
    """The message the gateway recomputes: ``METHOD request-target LF timestamp LF access-key``.

    ``request_target`` is the path plus ``?`` and the query, exactly as it goes on the wire:
    the gateway does not reorder or re-encode it, so neither may we.
    """
    return '%s %s\n%s\n%s' % (method.upper(), request_target, timestamp, access_key)


def signature(secret_key, method, request_target, timestamp, access_key):
    """Base64 of HMAC-SHA256 over :func:`string_to_sign`, keyed with the secret key."""
    message = string_to_sign(method, request_target, timestamp, access_key)
    digest = hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode('ascii')


def signed_headers(access_key, secret_key, method, request_target, timestamp_ms):
    """The three authentication headers for one request.

    ``timestamp_ms`` is milliseconds since the epoch; the header carries exactly the value
    that was signed.
    """
    timestamp = str(int(timestamp_ms))
    return {
        TIMESTAMP_HEADER: timestamp,
        ACCESS_KEY_HEADER: access_key,
        SIGNATURE_HEADER: signature(secret_key, method, request_target, timestamp, access_key),
    }
