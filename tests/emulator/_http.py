# -*- coding: utf-8 -*-
"""HTTP/1.1 with keep-alive for the emulator's threaded werkzeug server (issue 14).

werkzeug's own handler closes every connection ("Connection: close") and, after each reply,
reads whatever the client sent next and throws it away, so a keep-alive client (requests.Session,
the Go SDK) reconnects on every call and cannot be measured. This handler answers the same WSGI
application but keeps the connection open whenever the reply carries a Content-Length:

- the request body (Content-Length bytes) is read in full before the application runs, so what
  follows on the socket is the next request, whether or not the application read the body;
- a reply without Content-Length (a streaming application) ends with the connection, as HTTP/1.0
  did; a chunked request, an HTTP/1.0 client or "Connection: close" close it after the reply;
- a ConnectionError raised by the application (the emulator's "drop" fault) closes the socket
  without an answer; any other exception answers 500 and closes.

Bodies are written as the application yields them, so slow-body faults still trickle. The server
keeps the open connections (track_connections) so that stopping it closes them too: a stopped
emulator must not go on answering kept-alive clients from its connection threads.
"""

import io
import socket
import threading
import traceback

from werkzeug.exceptions import InternalServerError
from werkzeug.serving import WSGIRequestHandler


def track_connections(server):
    server.emulator_connections = set()
    server.emulator_connections_lock = threading.Lock()


def close_connections(server):
    """Shut every connection still open: their threads see the end of the stream and finish."""
    with server.emulator_connections_lock:
        connections = list(server.emulator_connections)
    for connection in connections:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class KeepAliveRequestHandler(WSGIRequestHandler):
    """Keep-alive WSGI handler; per-request access lines only with --verbose (they would drown test output)."""

    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm holds the body
        # until the client's delayed ACK of the headers (about 40 ms a call on a kept-alive connection).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if hasattr(self.server, "emulator_connections"):
            with self.server.emulator_connections_lock:
                self.server.emulator_connections.add(self.connection)

    def finish(self):
        if hasattr(self.server, "emulator_connections"):
            with self.server.emulator_connections_lock:
                self.server.emulator_connections.discard(self.connection)
        super().finish()

    def log_request(self, code="-", size="-"):
        if getattr(self.server, "emulator_verbose", False):
            super().log_request(code, size)

    def run_wsgi(self):
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        if not environ.get("wsgi.input_terminated"):
            body = self._read_body()
            if body is None:
                return
            environ["wsgi.input"] = io.BytesIO(body)
        else:
            self.close_connection = True  # a chunked body: werkzeug dechunks it, we do not track its end
        reply = _Reply(self)
        try:
            reply.run(self.server.app, environ)
        except ConnectionError as exc:
            self.close_connection = True
            self.connection_dropped(exc, environ)
        except Exception:  # pylint: disable=broad-except
            # A bug in the application: say why on stderr, answer 500 unless half a reply is already out.
            self.close_connection = True
            traceback.print_exc()
            if not reply.sent:
                _Reply(self).run(InternalServerError(), environ)

    def _read_body(self):
        """The request body, or None after answering 400 for a Content-Length that is not a number."""
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        if not length.strip().isdigit():
            self.close_connection = True
            self.send_error(400, "Bad Content-Length")
            return None
        return self.rfile.read(int(length))


class _Reply:
    """One reply: start_response and write for the application, headers sent with the first bytes."""

    def __init__(self, handler):
        self.handler = handler
        self.status = None
        self.headers = None
        self.sent = False

    def run(self, app, environ):
        chunks = app(environ, self.start_response)
        try:
            for data in chunks:
                self.write(data)
            if not self.sent:
                self.write(b"")
        finally:
            if hasattr(chunks, "close"):
                chunks.close()

    def start_response(self, status, headers, exc_info=None):
        if exc_info and self.sent:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status, self.headers = status, list(headers)
        return self.write

    def write(self, data):
        handler = self.handler
        if not self.sent:
            code, dummy, message = self.status.partition(" ")
            handler.send_response(int(code), message)
            names = set()
            for name, value in self.headers:
                handler.send_header(name, value)
                names.add(name.lower())
            if "content-length" not in names:
                handler.close_connection = True  # the end of the body is the end of the connection
            if handler.close_connection and "connection" not in names:
                handler.send_header("Connection", "close")
            handler.end_headers()
            self.sent = True
        if data:
            handler.wfile.write(data)
            handler.wfile.flush()
