# -*- coding: utf-8 -*-
"""HTTP control endpoints under /_emulator/, for tests that cannot reach the Python object.

Outside /vserver/v2 and unauthenticated on purpose: bind the emulator to 127.0.0.1.

    GET    /_emulator/requests[?action=A]  {"count": N, "throttled": T, "requests": [{method, action, status, fault, code, time, user_agent}, ...]}
                                           (T: calls --throttle answered 429: status 429 and no fault)
    DELETE /_emulator/requests             forget the request log
    GET    /_emulator/faults               {"faults": ["ACTION:KIND:LEFT", ...]}
    POST   /_emulator/faults               body: JSON ["spec", ...] or {"faults": [...]}; adds them
    DELETE /_emulator/faults               drop pending faults
    GET    /_emulator/snapshots            every snapshot of every region, as the API shows them
    GET    /_emulator/volumes              every volume of every region, as the API shows them
    GET    /_emulator/servers              every server of every region, as the API shows them
    POST   /_emulator/servers/NO           body: {"status": "NSTOP"|"RUN"|...}: that server's status (stop/start are not emulated)
    GET    /_emulator/config               {"create_delay", "delete_delay", "volume_delay", "latency", and every option of
                                           _options.Behaviours: "kvm_incremental", "kvm_busy", ...}
    POST   /_emulator/config               body: JSON object with any of those keys (delays in seconds)
    POST   /_emulator/age              body: {"days": D}: every snapshot was made D days earlier (nights pass at once)
    POST   /_emulator/images               body: {"snapshot_no": NO[, "image_no": IMG]}: NO backs a server image
    DELETE /_emulator/images/NO            that image is gone: NO may be deleted again
    POST   /_emulator/reset                no snapshots, faults or logged requests; starting volumes and servers; numbering restarts
    POST   /_emulator/seed                 body: {"volume": NO, "count": N[, "name_prefix": P]}; adds N ready
                                           FULL snapshots named P-1..P-N at once (paging tests); or
                                           {"snapshots_per_volume": M[, "volumes": [NO, ...], "days_apart": D,
                                           "full_every": F, "name_prefix": P, "name_format": "..."]}: M ready snapshots
                                           per volume made on past nights, chains valid (see _fleet.seed)
"""

import json
from dataclasses import fields

from werkzeug.wrappers import Response

from _options import Behaviours

DELAY_KEYS = ("create_delay", "delete_delay", "volume_delay", "latency")
CONFIG_KEYS = DELAY_KEYS + tuple(field.name for field in fields(Behaviours))


def _json(document, status=200):
    return Response(json.dumps(document, indent=2), status=status, content_type="application/json")


def _faults_from_body(request):
    document = json.loads(request.get_data(as_text=True) or "[]")
    specs = document.get("faults", []) if isinstance(document, dict) else document
    if not isinstance(specs, list) or not all(isinstance(spec, str) for spec in specs):
        raise ValueError('expected ["ACTION:KIND:COUNT", ...] or {"faults": [...]}')
    return specs


def _config_from_body(request):
    document = json.loads(request.get_data(as_text=True) or "{}")
    if not isinstance(document, dict) or set(document) - set(CONFIG_KEYS):
        raise ValueError("expected a JSON object with keys among %s" % ", ".join(CONFIG_KEYS))
    return {key: float(value) if key in DELAY_KEYS else value for key, value in document.items()}


SEED_KEYS = ("snapshots_per_volume", "volumes", "days_apart", "full_every", "name_prefix", "name_format")


def _seed_fleet(emulator, document):
    if set(document) - set(SEED_KEYS):
        raise ValueError("seed takes %s" % ", ".join(SEED_KEYS))
    return emulator.seed_fleet(**document)


def handle(emulator, request):
    """Response for a /_emulator/ request (emulator: the ncloud_emulator.Emulator)."""
    route = (request.method, request.path.rstrip("/"))
    try:
        if route == ("GET", "/_emulator/requests"):
            log = emulator.requests(request.args.get("action"))
            throttled = sum(1 for entry in log if entry["status"] == 429 and entry["fault"] is None)
            return _json({"count": len(log), "throttled": throttled, "requests": log})
        if route == ("DELETE", "/_emulator/requests"):
            emulator.clear_requests()
            return _json({"count": 0})
        if route == ("GET", "/_emulator/faults"):
            return _json({"faults": emulator.pending_faults()})
        if route == ("POST", "/_emulator/faults"):
            for spec in _faults_from_body(request):
                emulator.add_fault(spec)
            return _json({"faults": emulator.pending_faults()})
        if route == ("DELETE", "/_emulator/faults"):
            emulator.clear_faults()
            return _json({"faults": []})
        if route == ("GET", "/_emulator/snapshots"):
            return _json({"snapshots": emulator.snapshots()})
        if route == ("GET", "/_emulator/volumes"):
            return _json({"volumes": emulator.volumes()})
        if route == ("GET", "/_emulator/servers"):
            return _json({"servers": emulator.servers()})
        if request.method == "POST" and route[1].startswith("/_emulator/servers/"):
            document = json.loads(request.get_data(as_text=True) or "{}")
            emulator.set_server_status(route[1].rsplit("/", 1)[1], document["status"])
            return _json({"servers": emulator.servers()})
        if route == ("GET", "/_emulator/config"):
            return _json(emulator.config())
        if route == ("POST", "/_emulator/config"):
            emulator.configure(**_config_from_body(request))
            return _json(emulator.config())
        if route == ("POST", "/_emulator/seed"):
            document = json.loads(request.get_data(as_text=True) or "{}")
            if "snapshots_per_volume" in document:
                return _json(_seed_fleet(emulator, document))
            numbers = emulator.seed(str(document["volume"]), int(document["count"]), document.get("name_prefix", "seed"))
            return _json({"count": len(numbers), "snapshot_nos": numbers})
        if route == ("POST", "/_emulator/age"):
            document = json.loads(request.get_data(as_text=True) or "{}")
            return _json({"aged": emulator.age(float(document["days"]))})
        if route == ("POST", "/_emulator/images"):
            document = json.loads(request.get_data(as_text=True) or "{}")
            image_no = emulator.use_for_image(str(document["snapshot_no"]), document.get("image_no"))
            return _json({"snapshot_no": str(document["snapshot_no"]), "image_no": image_no})
        if request.method == "DELETE" and route[1].startswith("/_emulator/images/"):
            return _json({"released": emulator.release_image(route[1].rsplit("/", 1)[1])})
        if route == ("POST", "/_emulator/reset"):
            emulator.reset()
            return _json({"reset": True})
    except (KeyError, ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError too
        return _json({"error": str(exc)}, status=400)
    return _json({"error": "no such control endpoint: %s %s" % route}, status=404)
