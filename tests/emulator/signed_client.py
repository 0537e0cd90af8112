# -*- coding: utf-8 -*-
"""A tiny signed HTTP client for the emulator's tests and benchmark.

It sends exactly the request target it signs (built once with RFC 3986 quoting), which is what
NCP's gateway verifies. Any part can be overridden to build broken requests on purpose.
"""

import http.client
import json
import time
import urllib.parse

from _auth import make_signature
from ncloud_emulator import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY


class Reply:
    def __init__(self, status, headers, text):
        self.status = status
        self.headers = headers  # lower-case names
        self.text = text

    def json(self):
        return json.loads(self.text)

    def rows(self, action):
        """The list of a JSON success body (snapshots or volumes)."""
        inner = self.json()[action + "Response"]
        return next(value for key, value in inner.items() if key.endswith("List"))

    def __repr__(self):
        return "Reply(%d, %r)" % (self.status, self.text[:300])


def encode(params):
    """name=value&... with RFC 3986 quoting (space as %20); params: dict or list of pairs."""
    pairs = params.items() if isinstance(params, dict) else params
    return "&".join("%s=%s" % (urllib.parse.quote(str(k), safe=""), urllib.parse.quote(str(v), safe="")) for k, v in pairs)


class SignedClient:
    def __init__(self, base_url, access_key=DEFAULT_ACCESS_KEY, secret_key=DEFAULT_SECRET_KEY, clock=None):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.access_key, self.secret_key = access_key, secret_key
        self.clock = clock

    def call(
        self,
        action,
        params=None,
        method="GET",
        body=None,
        fmt="json",
        target=None,
        timestamp=None,
        signature=None,
        signature_header="x-ncp-apigw-signature-v2",
        access_key=None,
        secret_key=None,
        headers=None,
    ):
        """Sign and send one call; returns a Reply.

        params go in the query (plus responseFormatType=fmt unless fmt is None), body (dict, list
        of pairs or str) goes form-encoded in the body. target replaces the whole request target.
        """
        if target is None:
            query = list(params.items() if isinstance(params, dict) else params or [])
            if fmt is not None:
                query.append(("responseFormatType", fmt))
            target = "/vserver/v2/" + action + ("?" + encode(query) if query else "")
        if timestamp is None:
            now = self.clock.now() if self.clock is not None else time.time()
            timestamp = str(int(now * 1000))
        access_key = access_key or self.access_key
        if signature is None:
            signature = make_signature(secret_key or self.secret_key, method, target, timestamp, access_key)
        sent_headers = {"x-ncp-apigw-timestamp": timestamp, "x-ncp-iam-access-key": access_key, signature_header: signature}
        if body is not None:
            body = body if isinstance(body, str) else encode(body)
            sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
        sent_headers.update(headers or {})
        return self.send(method, target, body, sent_headers)

    def send(self, method, target, body, headers):
        """One request on a connection of its own (closed after the reply)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8"))
        finally:
            connection.close()


class SessionClient(SignedClient):
    """The same calls over one keep-alive requests.Session: use one per thread (a Session is not thread-safe)."""

    def __init__(self, base_url, **keys):
        super().__init__(base_url, **keys)
        # Imported here: only the keep-alive tests and the bench need requests.
        import requests  # pylint: disable=import-outside-toplevel

        self.session = requests.Session()
        # The emulator is local: no proxies or .netrc to look up, which costs requests about 8 ms a call.
        self.session.trust_env = False
        self.base_url = base_url.rstrip("/")

    def send(self, method, target, body, headers):
        response = self.session.request(method, self.base_url + target, data=body, headers=headers, timeout=10)
        return Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text)

    def connections_opened(self):
        """How many connections the session's pool has opened to the emulator so far."""
        pools = self.session.get_adapter(self.base_url).poolmanager.pools
        return sum(pools[key].num_connections for key in pools.keys())

    def close(self):
        self.session.close()
