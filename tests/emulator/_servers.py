# -*- coding: utf-8 -*-
"""The server instances the emulator knows and their API shape (Go SDK services/vserver/server_instance.go).

Servers are fixed (there are no server actions besides list and detail); they exist so that
volumes can be attached to them with NCP's rules: same hypervisor, same zone, device names per
hypervisor. The default numbers are documented in docs/emulator.md and hard-coded by tests.
"""

import json
from dataclasses import dataclass

from _volumes import REGIONS

# status code -> (codeName, serverInstanceStatusName). Codes from terraform-provider-ncloud
# internal/service/server/server.go waiters; the codeNames and status names are illustrative.
SERVER_STATES = {
    "INIT": ("Server init state", "init"),
    "CREAT": ("Server create state", "creating"),
    "RUN": ("Server run state", "running"),
    "NSTOP": ("Server normal stopped state", "stopped"),
}
HYPERVISORS = ("XEN", "KVM")


@dataclass
class Server:
    """One server. Field names are NCP's, so a --servers file reads like the API output."""

    serverInstanceNo: str
    hypervisorType: str
    regionCode: str = "KR"
    zoneCode: str = "KR-1"
    serverName: str = ""
    serverInstanceStatus: str = "RUN"

    @property
    def no(self):
        return self.serverInstanceNo

    def device_prefix(self):
        """XEN disks are /dev/xvdX, KVM (virtio) disks /dev/vdX: as the default volumes and NCP's examples show."""
        return "/dev/xvd" if self.hypervisorType == "XEN" else "/dev/vd"

    def validate(self):
        if not self.serverInstanceNo.isdigit():
            raise ValueError("serverInstanceNo must be a numeric string: %r" % self.serverInstanceNo)
        if self.hypervisorType not in HYPERVISORS:
            raise ValueError("server %s: hypervisorType must be XEN or KVM" % self.no)
        if self.regionCode not in REGIONS:
            raise ValueError("server %s: unknown region %r (known: %s)" % (self.no, self.regionCode, ", ".join(REGIONS)))
        if self.serverInstanceStatus not in SERVER_STATES:
            raise ValueError("server %s: serverInstanceStatus must be one of %s" % (self.no, "|".join(SERVER_STATES)))

    def to_api(self):
        code_name, status_name = SERVER_STATES[self.serverInstanceStatus]
        return {
            "serverInstanceNo": self.no,
            "serverName": self.serverName or "svr-" + self.no,
            "serverDescription": "",
            "serverInstanceStatus": {"code": self.serverInstanceStatus, "codeName": code_name},
            "serverInstanceOperation": {"code": "NULL", "codeName": "Server NULL OP"},
            "serverInstanceStatusName": status_name,
            "createDate": "2024-06-03T09:00:00+0900",
            "isProtectServerTermination": False,
            "zoneCode": self.zoneCode,
            "regionCode": self.regionCode,
            "hypervisorType": {"code": self.hypervisorType, "codeName": self.hypervisorType},
        }


DEFAULT_SERVERS = (
    Server("2912301", "XEN", "KR", "KR-2", "xen-app"),
    Server("2912302", "KVM", "KR", "KR-1", "kvm-app"),
    Server("2912303", "KVM", "KR", "KR-1", "kvm-rescue"),
    Server("2912304", "XEN", "KR", "KR-2", "xen-rescue"),
)


def load_servers(path):
    """Servers from a JSON file: a list of objects with Server's field names (codes as plain strings)."""
    with open(path, encoding="utf-8") as handle:
        entries = json.load(handle)
    if not isinstance(entries, list):
        raise ValueError("%s: expected a JSON list of servers" % path)
    servers = []
    for entry in entries:
        try:
            server = Server(**entry)
        except TypeError as exc:
            raise ValueError("%s: bad server entry %r: %s" % (path, entry, exc)) from exc
        server.validate()
        servers.append(server)
    if len({server.no for server in servers}) != len(servers):
        raise ValueError("%s: duplicate serverInstanceNo" % path)
    return tuple(servers)
