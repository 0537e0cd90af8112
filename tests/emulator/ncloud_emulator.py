# -*- coding: utf-8 -*-
"""A local emulator of NAVER Cloud Platform's vserver API for block storage: snapshots, volumes, servers.

Command line (see docs/emulator.md):

    python tests/emulator/ncloud_emulator.py --host 127.0.0.1 --port 0 [--create-delay S]
        [--delete-delay S] [--volume-delay S] [--latency S] [--fault ACTION:KIND[:COUNT]]...
        [--volumes FILE.json] [--servers FILE.json] [--[no-]resize-stopped-only]
        [--kvm-incremental full|chain] [--[no-]kvm-busy] [--[no-]refuse-delete-while-creating]
        [--page-cap N] [--name-rule current|legacy] [--[no-]gateway-details] [--regions KR,...]
        [--image-backed SNAPSHOT_NO]... [--fleet N] [--batch-delete atomic|partial] [--batch-order any|listed]
        [--throttle RPS [--throttle-burst N] [--throttle-code 410|420]
        [--throttle-retry-after]]

prints one line "listening on http://HOST:PORT" when ready. From Python:

    from ncloud_emulator import start_emulator
    emulator = start_emulator(create_delay=0)      # background thread, free port
    emulator.url                                    # http://127.0.0.1:PORT, for NCLOUD_API_GW
    emulator.add_fault("createBlockStorageSnapshotInstance:429:2")
    emulator.request_count("createBlockStorageSnapshotInstance")
    emulator.volumes(); emulator.servers()          # everything, as the API shows it
    emulator.set_server_status("2912302", "NSTOP")  # test control: NCP's stop/start are not emulated
    emulator.stop()
"""

import argparse
import os
import re
import socket
import sys
import threading
import time
import traceback
import uuid

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

import _auth
import _control
import _errors
import _fleet
import _http
import _options
import _render
from _actions import ACTIONS
from _clock import ManualClock, SystemClock
from _faults import FaultQueue
from _params import Params
from _servers import DEFAULT_SERVERS, SERVER_STATES, load_servers
from _store import SnapshotStore
from _throttle import Throttle
from _volumes import DEFAULT_VOLUMES, load_volumes

# The fake keys of ncp-api.md section 2.5, so its signing vectors verify out of the box.
DEFAULT_ACCESS_KEY = "FAKEACCESSKEY0000001"
DEFAULT_SECRET_KEY = "FAKESECRETKEY000000000000000000000000001"
ACTION_PATH = re.compile(r"/vserver/v2/([A-Za-z]+)")

__all__ = ["Emulator", "ManualClock", "start_emulator", "DEFAULT_ACCESS_KEY", "DEFAULT_SECRET_KEY", "DEFAULT_VOLUMES", "DEFAULT_SERVERS"]


class Emulator:
    """The emulator: a WSGI application plus a Python handle for tests.

    All mutable state (snapshots, volumes, servers, faults, request log) is guarded by self.lock.
    """

    def __init__(
        self,
        access_key=None,
        secret_key=None,
        create_delay=2.0,
        delete_delay=2.0,
        latency=0.0,
        volumes=None,
        clock=None,
        faults=(),
        verbose=False,
        image_backed=(),
        servers=None,
        volume_delay=1.0,
        fleet=0,
        **behaviours,
    ):
        """behaviours: the switchable rules of _options.Behaviours (kvm_incremental, kvm_busy,
        refuse_delete_while_creating, page_cap, name_rule, gateway_details, regions, resize_stopped_only).
        image_backed: snapshot numbers that back a server image as soon as they exist.
        volume_delay: seconds each volume step (create, attach, detach, delete, resize) takes.
        fleet: that many more volumes, on servers of their own (see _fleet), besides volumes and servers.
        """
        self.access_key = access_key or os.environ.get("NCLOUD_ACCESS_KEY") or DEFAULT_ACCESS_KEY
        self.secret_key = secret_key or os.environ.get("NCLOUD_SECRET_KEY") or DEFAULT_SECRET_KEY
        self.clock = clock or SystemClock()
        self.latency = float(latency)
        self.verbose = verbose
        self.lock = threading.Lock()
        self.options = _options.Behaviours()
        self.options.update(**behaviours)
        fleet_volumes, fleet_servers = _fleet.fleet(fleet)
        volumes = tuple(DEFAULT_VOLUMES if volumes is None else volumes) + fleet_volumes
        servers = tuple(DEFAULT_SERVERS if servers is None else servers) + fleet_servers
        for kind, items in (("volume", [volume.no for volume in volumes]), ("server", [server.no for server in servers])):
            if len(set(items)) != len(items):
                raise ValueError("duplicate %s numbers (the fleet's start at %d / %d)" % (kind, _fleet.FLEET_VOLUME_BASE, _fleet.FLEET_SERVER_BASE))
        self.store = SnapshotStore(
            volumes, self.clock, float(create_delay), float(delete_delay), options=self.options, servers=servers, volume_delay=float(volume_delay)
        )
        self._image_backed = {str(no): "image-of-%s" % no for no in image_backed}
        self.store.images.update(self._image_backed)
        self._faults = FaultQueue()
        self._throttle = Throttle()
        self._log = []
        self._server = None
        self._thread = None
        self.url = None
        for spec in faults:
            self.add_fault(spec)

    # ---- Python handle for tests -------------------------------------------------------------

    def add_fault(self, spec, kind=None, count=1):
        """add_fault("ACTION:KIND:COUNT") or add_fault(ACTION, KIND, COUNT); see _faults."""
        if kind is not None:
            spec = "%s:%s:%d" % (spec, kind, count)
        with self.lock:
            return self._faults.add(spec)

    def clear_faults(self):
        with self.lock:
            self._faults.clear()

    def pending_faults(self):
        with self.lock:
            return self._faults.pending()

    def requests(self, action=None):
        """Logged API calls, oldest first: dicts with method, action, status, fault, code, time (the emulator's clock)."""
        with self.lock:
            return [dict(entry) for entry in self._log if action is None or entry["action"] == action]

    def request_count(self, action=None):
        return len(self.requests(action))

    def clear_requests(self):
        with self.lock:
            self._log.clear()

    def snapshots(self):
        """Every visible snapshot in every region, as the API would show it."""
        with self.lock:
            now = self.clock.now()
            return [snap.to_api(now) for snap in self.store.snapshots()]

    def volumes(self):
        """Every volume in every region, as the API would show it."""
        with self.lock:
            self.store.fleet.settle()
            return [volume.to_api() for volume in self.store.fleet.volumes.values()]

    def servers(self):
        with self.lock:
            return [server.to_api() for server in self.store.fleet.servers.values()]

    def set_server_status(self, server_no, status):
        """Test control (NCP's stop/start actions are not emulated): e.g. NSTOP to allow a resize."""
        if status not in SERVER_STATES:
            raise ValueError("status must be one of %s" % "|".join(SERVER_STATES))
        with self.lock:
            server = self.store.fleet.servers.get(str(server_no))
            if server is None:
                raise ValueError("no such server: %s" % server_no)
            server.serverInstanceStatus = status

    def config(self):
        with self.lock:
            return dict(
                {
                    "create_delay": self.store.create_delay,
                    "delete_delay": self.store.delete_delay,
                    "volume_delay": self.store.fleet.delay,
                    "latency": self.latency,
                },
                **self.options.as_dict(),
            )

    def configure(self, create_delay=None, delete_delay=None, latency=None, volume_delay=None, **behaviours):
        """Change delays for snapshots created or deleted from now on, volume steps started from
        now on, the per-call latency, and any of the switchable behaviours (see __init__); they
        apply to later calls."""
        with self.lock:
            self.options.update(**behaviours)
            if volume_delay is not None:
                self.store.fleet.delay = float(volume_delay)
            if create_delay is not None:
                self.store.create_delay = float(create_delay)
            if delete_delay is not None:
                self.store.delete_delay = float(delete_delay)
            if latency is not None:
                self.latency = float(latency)

    def seed(self, volume_no, count, name_prefix="seed"):
        """Add count ready FULL snapshots of one volume at once, named PREFIX-N: for paging tests.

        Test scaffolding only: NCP has no such call. Returns the new snapshots' numbers.
        """
        with self.lock:
            volume = self.store.volumes.get(volume_no)
            if volume is None:
                raise ValueError("no such volume: %s" % volume_no)
            made = [self.store.create(volume.regionCode, volume_no, "%s-%d" % (name_prefix, n), "", "FULL") for n in range(1, count + 1)]
            for snap in made:
                snap.ready_at = snap.created_at
            return [snap.no for snap in made]

    def seed_fleet(self, snapshots_per_volume, volumes=None, days_apart=1.0, full_every=7, name_prefix="nightly", name_format="{prefix}-{date}"):
        """Give each volume (default: all) snapshots_per_volume ready snapshots made on past nights; see _fleet.seed.

        Test scaffolding only: NCP has no such call. Returns {"count", "volumes", "first_no", "last_no"}.
        """
        with self.lock:
            return _fleet.seed(self.store, snapshots_per_volume, volumes, days_apart, full_every, name_prefix, name_format)

    def age(self, days):
        """Move every snapshot's creation (and readiness) back by days: nights pass without waiting.

        Test scaffolding only: NCP has no such call. The emulator's clock is not moved, since
        request signatures are checked against it. Returns how many snapshots were aged.
        """
        seconds = float(days) * 86400
        with self.lock:
            aged = self.store.snapshots()
            for snap in aged:
                snap.created_at -= seconds
                snap.ready_at -= seconds
            return len(aged)

    def use_for_image(self, snapshot_no, image_no=None):
        """Say a ready KVM snapshot backs a server image: deleting it is refused until release_image().

        Test control only (the emulator has no image actions). Returns the image number used.
        """
        image_no = image_no or "image-of-%s" % snapshot_no
        with self.lock:
            self.store.use_for_image(str(snapshot_no), str(image_no))
        return image_no

    def release_image(self, snapshot_no):
        """The server image backed by snapshot_no is gone; True if it backed one."""
        with self.lock:
            return self.store.release_image(str(snapshot_no))

    def reset(self):
        """Back to the start: no snapshots, faults or logged requests; the starting volumes and
        servers as they were (options stay as configured)."""
        with self.lock:
            self.store.reset()
            self.store.images.update(self._image_backed)
            self._faults.clear()
            self._throttle.refill()
            self._log.clear()

    # ---- serving -----------------------------------------------------------------------------

    def start(self, host="127.0.0.1", port=0):
        """Serve in a daemon thread; returns the base URL (also self.url)."""
        self._server = self._make_server(host, port)
        # A short poll interval makes stop() quick, which keeps test suites fast.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="ncloud-emulator", daemon=True)
        self._thread.start()
        return self.url

    def serve_forever(self, host, port, ready=None):
        """Serve in this thread; ready(url) is called once the socket listens."""
        self._server = self._make_server(host, port)
        if ready is not None:
            ready(self.url)
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()
            _http.close_connections(self._server)

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            _http.close_connections(self._server)  # kept-alive clients must not be served by a stopped emulator
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self):
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _make_server(self, host, port):
        server = make_server(host, port, self, threaded=True, request_handler=_http.KeepAliveRequestHandler)
        server.daemon_threads = True
        server.emulator_verbose = self.verbose
        _http.track_connections(server)
        self.url = "http://%s:%d" % (host, server.server_port)
        return server

    # ---- the WSGI application ----------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path.startswith("/_emulator/"):
            return _control.handle(self, request)(environ, start_response)
        params = Params(request.args.items(multi=True), request.form.items(multi=True))
        fmt = _render.response_format(params)
        match = ACTION_PATH.fullmatch(request.path)
        action = match.group(1) if match else None
        if self.latency:
            time.sleep(self.latency)
        fault = None
        try:
            if action not in ACTIONS or request.method not in ("GET", "POST"):
                raise _errors.not_found()
            reason = _auth.check_request(
                request.headers, request.method, _request_target(environ), int(self.clock.now() * 1000), self.access_key, self.secret_key
            )
            if reason:
                raise _errors.authentication_failed(reason, missing=reason.startswith("missing"))
            with self.lock:
                refusal = self._throttle.take(self.options, self.clock.now())
                if refusal is not None:
                    raise refusal
                fault = self._faults.take(action)
                if fault is not None and fault.kind != "drop":
                    raise fault.error()
                list_key, rows, total = ACTIONS[action](self.store, params)
                body, content_type = _render.success(action, fmt, list_key, rows, total, str(uuid.uuid4()))
                self._record(request.method, action, 0 if fault else 200, fault, user_agent=request.headers.get("User-Agent"))
            status, headers = 200, {}
        except _errors.ApiError as exc:
            status, headers = exc.http_status, exc.headers
            body, content_type = _render.error(exc, fmt, self.options.gateway_details)
            with self.lock:
                self._record(request.method, action or request.path, status, fault, exc.code, user_agent=request.headers.get("User-Agent"))
        except Exception as exc:  # pylint: disable=broad-except
            # A bug in the emulator: answer like the gateway's "Unexpected Error" and say why on stderr.
            traceback.print_exc()
            status, headers = 500, {}
            body, content_type = _render.error(_errors.gateway_error(500, "900", "Unexpected Error: %s" % exc), fmt, self.options.gateway_details)
        if fault is not None and fault.kind == "drop":
            return _drop_connection(environ)
        return Response(body, status=status, headers=headers, content_type=content_type)(environ, start_response)

    def _record(self, method, action, status, fault, code=None, user_agent=None):
        """Log one API call (caller holds self.lock). status 0 = dropped without an answer.

        The User-Agent is kept so tests can tell which execution path of the collection sent a call.
        """
        self._log.append(
            {
                "method": method,
                "action": action,
                "status": status,
                "fault": fault.kind if fault else None,
                "code": code,
                "time": self.clock.now(),
                "user_agent": user_agent,
            }
        )


def _request_target(environ):
    """The request target exactly as the client sent it (path + "?" + raw query)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        # An absolute-form target (http://host/path?q, as proxies send) signs only path and query.
        return re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "", raw)
    # Not under werkzeug's server (e.g. a WSGI test client): rebuild it, which is close but not raw.
    query = environ.get("QUERY_STRING", "")
    return environ.get("PATH_INFO", "") + ("?" + query if query else "")


def _drop_connection(environ):
    """The call was applied; now close the socket without answering, like a lost response."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    # werkzeug's server treats ConnectionError from the app as a dropped connection, quietly.
    raise ConnectionAbortedError("emulator fault: connection dropped on purpose")


def start_emulator(host="127.0.0.1", port=0, **options):
    """An Emulator already serving in a background thread; options as for Emulator()."""
    emulator = Emulator(**options)
    emulator.start(host, port)
    return emulator


def _parse_args(argv):
    parser = argparse.ArgumentParser(description="Local NCP vserver API emulator (block storage: snapshots, volumes, servers).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--create-delay", type=float, default=2.0, help="seconds a new snapshot stays INIT/creating (default 2)")
    parser.add_argument("--delete-delay", type=float, default=2.0, help="seconds a deleted snapshot stays terminating (default 2)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every API call (default 0)")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="ACTION:KIND[:COUNT]",
        help="inject a fault; KIND is 429, quota, rate, 500, 503, 504 or drop; repeatable",
    )
    parser.add_argument(
        "--image-backed",
        action="append",
        default=[],
        metavar="SNAPSHOT_NO",
        help="this snapshot number backs a server image once it exists (KVM only); repeatable",
    )
    parser.add_argument("--volume-delay", type=float, default=1.0, help="seconds each volume step (create, attach, detach, delete, resize) takes (default 1)")
    parser.add_argument("--volumes", metavar="FILE.json", help="replace the default volumes with those in this JSON file")
    parser.add_argument("--servers", metavar="FILE.json", help="replace the default servers with those in this JSON file")
    parser.add_argument(
        "--fleet",
        type=int,
        default=0,
        metavar="N",
        help="N more volumes (numbered from %d) on servers of their own (from %d); see docs/emulator.md" % (_fleet.FLEET_VOLUME_BASE, _fleet.FLEET_SERVER_BASE),
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    _options.add_arguments(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = _parse_args(argv)
    try:
        volumes = load_volumes(args.volumes) if args.volumes else None
        servers = load_servers(args.servers) if args.servers else None
        emulator = Emulator(
            create_delay=args.create_delay,
            delete_delay=args.delete_delay,
            latency=args.latency,
            volumes=volumes,
            servers=servers,
            volume_delay=args.volume_delay,
            faults=args.fault,
            verbose=args.verbose,
            image_backed=args.image_backed,
            fleet=args.fleet,
            **_options.from_arguments(args),
        )
    except (OSError, ValueError) as exc:
        sys.exit("ncloud_emulator: %s" % exc)

    def announce(url):
        sys.stdout.write("listening on %s\n" % url)
        sys.stdout.flush()

    try:
        emulator.serve_forever(args.host, args.port, ready=announce)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
