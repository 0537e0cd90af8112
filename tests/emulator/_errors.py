# -*- coding: utf-8 -*-
"""Every error the emulator can answer with, in one place.

Two families, as on NCP (ncp-api.md section 7):
- gateway errors: body {"error": {"errorCode", "message"}}, codes from NCP's published table;
- service errors: body {"responseError": {"returnCode", "returnMessage"}}.

NCP publishes no snapshot-specific returnCodes, so the ones in INVENTED below are the emulator's
own. They are stable: tests and docs/emulator.md rely on them. Change them only together.
"""


class ApiError(Exception):
    """An error response. kind is "gateway" or "service"."""

    def __init__(self, http_status, kind, code, message, headers=None):
        super().__init__("%s %s: %s" % (http_status, code, message))
        self.http_status = http_status
        self.kind = kind
        self.code = code
        self.message = message
        self.headers = headers or {}


def gateway_error(http_status, error_code, message, headers=None):
    return ApiError(http_status, "gateway", error_code, message, headers)


def service_error(http_status, return_code, message):
    return ApiError(http_status, "service", return_code, message)


# Gateway errors, as published by NCP (ncp-api.md 7.1).
def authentication_failed(reason):
    # NCP's body has no details field (as far as anyone has published); the reason goes in an
    # emulator-only header instead so that the body stays byte-for-byte what clients expect.
    return gateway_error(401, "200", "Authentication Failed", {"X-Emulator-Auth-Reason": reason})


def not_found():
    return gateway_error(404, "300", "Not Found Exception")


def throttled(retry_after=None):
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return gateway_error(429, "410", "Throttle Limited", headers)


def endpoint_error():
    return gateway_error(503, "500", "Endpoint Error")


def endpoint_timeout():
    return gateway_error(504, "510", "Endpoint Timeout")


def try_again_later():
    """The real transient vserver error seen in Terraform issues (ncp-api.md 7.2)."""
    return service_error(500, "1000", "Please try your call again later.")


# INVENTED service errors: (HTTP status, returnCode, message template). NCP's real codes for
# these situations are not public (ncp-api.md 7.2); all are HTTP 400 like NCP's other
# validation errors.
INVENTED = {
    "missing_parameter": (400, "9901001", "Required parameter is missing: {name}"),
    "invalid_parameter": (400, "9901002", "Invalid parameter value: {name}={value!r} ({why})"),
    "invalid_name": (400, "9901003", "blockStorageSnapshotName must be 3-30 letters, digits, '-' or '_', "
                                     "start with a letter and end with a letter or digit"),
    "description_too_long": (400, "9901004", "blockStorageSnapshotDescription must be at most 1000 bytes"),
    "volume_not_found": (400, "9902001", "Block storage instance {no} was not found in region {region}"),
    "no_full_snapshot": (400, "9902002", "An INCREMENTAL snapshot needs a created FULL snapshot of volume {no}"),
    "too_many_incrementals": (400, "9902003", "The snapshot chain of FULL snapshot {base} already has 7 incremental snapshots"),
    "snapshot_not_found": (400, "9903001", "Block storage snapshot instance {no} was not found in region {region}"),
    "snapshot_busy": (400, "9903002", "Block storage snapshot instance {no} is {state}; try again later"),
    "full_has_incrementals": (400, "9903003", "FULL snapshot {no} still has incremental snapshots: {others}; delete them first"),
    "not_newest_incremental": (400, "9903004", "Incremental snapshot {no} is not the newest in its chain; delete {others} first"),
}


def invented(error_name, /, **fields):
    """The INVENTED error error_name, its message filled in with fields."""
    http_status, code, template = INVENTED[error_name]
    return service_error(http_status, code, template.format(**fields))
