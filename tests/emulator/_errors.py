# -*- coding: utf-8 -*-
"""Every error the emulator can answer with, in one place.

Two families, as on NCP (ncp-api.md section 7):
- gateway errors: body {"error": {"errorCode", "message", "details"}}, codes from NCP's published
  table; real bodies carry details (TF issue #68, public 401s), often empty;
- service errors: body {"responseError": {"returnCode", "returnMessage"}}.

NCP publishes no snapshot-, volume- or server-specific returnCodes, so the ones in INVENTED below are
the emulator's own. They are stable: tests and docs/emulator.md rely on them. Change them only together.
"""


class ApiError(Exception):
    """An error response. kind is "gateway" or "service"."""

    def __init__(self, http_status, kind, code, message, headers=None, details=""):
        super().__init__("%s %s: %s" % (http_status, code, message))
        self.http_status = http_status
        self.kind = kind
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.details = details  # gateway errors only


def gateway_error(http_status, error_code, message, headers=None, details=""):
    return ApiError(http_status, "gateway", error_code, message, headers, details)


def service_error(http_status, return_code, message):
    return ApiError(http_status, "service", return_code, message)


# Gateway errors, as published by NCP (ncp-api.md 7.1).
# The two details texts seen in public 401 bodies (ncp-fidelity.md 5.1). Which one NCP gives for a
# stale timestamp is not published: the emulator says "invalid" for everything but missing headers.
AUTH_MISSING = "Authentication information are missing."
AUTH_INVALID = "Invalid authentication information."


def authentication_failed(reason, missing=False):
    # The exact reason (which header, the string it expected to be signed) goes in an
    # emulator-only header; the body carries only what NCP's does.
    return gateway_error(401, "200", "Authentication Failed", {"X-Emulator-Auth-Reason": reason}, AUTH_MISSING if missing else AUTH_INVALID)


def not_found():
    return gateway_error(404, "300", "Not Found Exception")


def throttled(retry_after=None):
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return gateway_error(429, "410", "Throttle Limited", headers)


def quota_exceeded():
    """429 with errorCode 400: a quota, not a rate limit (NCP's gateway error table)."""
    return gateway_error(429, "400", "Quota Exceeded")


def rate_limited(retry_after=None):
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return gateway_error(429, "420", "Rate Limited", headers)


def endpoint_error():
    return gateway_error(503, "500", "Endpoint Error")


def endpoint_timeout():
    return gateway_error(504, "510", "Endpoint Timeout")


def try_again_later():
    """The real transient vserver error seen in Terraform issues (ncp-api.md 7.2)."""
    return service_error(500, "1000", "Please try your call again later.")


def missing_parameter(name):
    """returnCode 900 and its text as a live NCP reply showed them (ncp-fidelity.md 3.6).

    The HTTP status of that reply is not published: 400, like the other validation errors, is
    the emulator's choice.
    """
    return service_error(400, "900", "Required field is not specified. location : %s." % name)


# INVENTED service errors: (HTTP status, returnCode, message template). NCP's real codes for
# these situations are not public (ncp-api.md 7.2); all are HTTP 400 like NCP's other
# validation errors.
INVENTED = {
    "invalid_parameter": (400, "9901002", "Invalid parameter value: {name}={value!r} ({why})"),
    "invalid_name": (
        400,
        "9901003",
        "Invalid blockStorageSnapshotName. Use 3 to 30 characters: English letters, "
        "digits and {specials}, starting with a letter and ending with a letter or digit.",
    ),
    "description_too_long": (400, "9901004", "blockStorageSnapshotDescription must be at most 1000 bytes"),
    "volume_not_found": (400, "9902001", "Block storage instance {no} was not found in region {region}"),
    "no_full_snapshot": (400, "9902002", "An INCREMENTAL snapshot needs a created FULL snapshot of volume {no}"),
    "too_many_incrementals": (400, "9902003", "The snapshot chain of FULL snapshot {base} already has 7 incremental snapshots"),
    "volume_busy": (400, "9902004", "Block storage instance {no} is busy: a snapshot of it is being {doing}. Try again when that operation has finished."),
    "snapshot_not_found": (400, "9903001", "Block storage snapshot instance {no} was not found in region {region}"),
    "snapshot_busy": (400, "9903002", "Block storage snapshot instance {no} is {state}; try again later"),
    "full_has_incrementals": (400, "9903003", "FULL snapshot {no} still has incremental snapshots: {others}; delete them first"),
    "not_newest_incremental": (400, "9903004", "Incremental snapshot {no} is not the newest in its chain; delete {others} first"),
    "snapshot_backs_image": (
        400,
        "9903005",
        "Block storage snapshot instance {no} is being used by server image {image}. Delete the server image first, then delete the snapshot.",
    ),
    # Volumes and servers (issue 12).
    "invalid_size": (400, "9901005", "Invalid blockStorageSize {size}: {why}"),
    "invalid_volume_name": (
        400,
        "9901006",
        "Invalid blockStorageName. Use 3 to 30 characters: lower-case English letters, digits "
        "and '-', starting with a lower-case letter and ending with a lower-case letter or digit.",
    ),
    "volume_description_too_long": (400, "9901007", "blockStorageDescription must be at most 1000 bytes"),
    "kvm_server_at_create": (
        400,
        "9901008",
        "KVM block storage cannot be assigned to a server at creation: leave out serverInstanceNo, create it in zoneCode, then call attachBlockStorageInstance",
    ),
    "already_attached": (400, "9902005", "Block storage instance {no} is already attached to server {server}; detach it first"),
    "not_attached": (400, "9902006", "Block storage instance {no} is not attached to a server"),
    "root_volume": (400, "9902007", "Block storage instance {no} is a server's root (BASIC) storage and cannot be {doing}"),
    "return_protected": (400, "9902008", "Block storage instance {no} is return-protected; set isReturnProtection=false first"),
    "volume_in_operation": (400, "9902009", "Block storage instance {no} is {state}; try again when that operation has finished"),
    "resize_not_supported": (400, "9902010", "changeBlockStorageVolumeSize does not support KVM block storage {no}; use changeBlockStorageInstance"),
    "snapshot_not_ready": (400, "9903006", "Block storage snapshot instance {no} is {state}: a volume can only be made from a created snapshot"),
    "server_not_found": (400, "9904001", "Server instance {no} was not found in region {region}"),
    "hypervisor_mismatch": (400, "9904002", "The {what} is {hypervisor} block storage but server {server} is a {server_hypervisor} server"),
    "zone_mismatch": (400, "9904003", "The {what} is in zone {zone} but server {server} is in zone {server_zone}"),
    "server_not_stopped": (400, "9904004", "Server {server} is {status}: stop it before changing the size of its block storage {no}"),
    "no_free_device": (400, "9904005", "Server {server} has no free device name left"),
}


def invented(error_name, /, **fields):
    """The INVENTED error error_name, its message filled in with fields."""
    http_status, code, template = INVENTED[error_name]
    return service_error(http_status, code, template.format(**fields))
