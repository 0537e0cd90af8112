# -*- coding: utf-8 -*-
"""API-gateway request signing, as ncp-api.md section 2 describes it.

The gateway signs the request target exactly as it went over the wire (no reordering, no
decoding), so the emulator must verify against the raw target, never a re-encoded one.
"""

import base64
import hashlib
import hmac

TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
# Java sends -v2; the Go, Python and JS SDKs send the same HMAC-SHA256 under -v1.
SIGNATURE_HEADERS = ("x-ncp-apigw-signature-v2", "x-ncp-apigw-signature-v1")
MAX_SKEW_MS = 5 * 60 * 1000


def make_signature(secret_key, method, request_target, timestamp, access_key):
    """Base64(HMAC-SHA256(secret, METHOD + " " + target + LF + timestamp + LF + access key))."""
    message = "%s %s\n%s\n%s" % (method.upper(), request_target, timestamp, access_key)
    digest = hmac.new(secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def check_request(headers, method, request_target, now_ms, access_key, secret_key):
    """Return None when the request is properly signed, else a short reason for the failure.

    headers: any mapping with case-insensitive .get() (werkzeug Headers).
    """
    timestamp = headers.get(TIMESTAMP_HEADER)
    sent_key = headers.get(ACCESS_KEY_HEADER)
    signature = next((headers.get(name) for name in SIGNATURE_HEADERS if headers.get(name)), None)
    if not timestamp or not sent_key or not signature:
        return "missing %s, %s or x-ncp-apigw-signature-v2/-v1 header" % (TIMESTAMP_HEADER, ACCESS_KEY_HEADER)
    if not timestamp.isdigit():
        return "timestamp is not epoch milliseconds"
    if abs(now_ms - int(timestamp)) > MAX_SKEW_MS:
        return "timestamp differs from server time by more than 5 minutes"
    if not hmac.compare_digest(sent_key.encode("utf-8"), access_key.encode("utf-8")):
        return "unknown access key"
    expected = make_signature(secret_key, method, request_target, timestamp, access_key)
    if not hmac.compare_digest(signature.encode("utf-8"), expected.encode("utf-8")):
        return "signature mismatch (signed: %r)" % (method.upper() + " " + request_target)
    return None
