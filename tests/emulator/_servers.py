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
# Interface and public IP numbers are the server's plus these (invented; NCP numbers them on their own).
NIC_NO_OFFSET = 1000000
PUBLIC_IP_NO_OFFSET = 2000000


@dataclass
class Server:
    """One server. Field names are NCP's, so a --servers file reads like the API output."""

    serverInstanceNo: str
    hypervisorType: str
    regionCode: str = "KR"
    zoneCode: str = "KR-1"
    serverName: str = ""
    serverInstanceStatus: str = "RUN"
    publicIp: str = ""
    serverSpecCode: str = ""

    @property
    def no(self):
        return self.serverInstanceNo

    @property
    def network_interface_no(self):
        """The number of the server's one (default) network interface: invented, derived from the server's."""
        return str(int(self.no) + NIC_NO_OFFSET)

    @property
    def private_ip(self):
        """The default interface's IP: invented, one address per server in 10.0.0.0/8, derived from its number."""
        number = int(self.no)
        return "10.%d.%d.%d" % (number >> 16 & 255, number >> 8 & 255, number & 255 or 1)

    def spec_code(self):
        """The server spec: invented defaults of NCP's naming (KVM generation 3 is "g3", XEN "g2")."""
        return self.serverSpecCode or ("s2-g3" if self.hypervisorType == "KVM" else "s2-g2-s50")

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
            "cpuCount": 2,
            "memorySize": 8 * 2**30,
            "serverSpecCode": self.spec_code(),
            "serverProductCode": "SVR.VSVR.STAND.C002.M008.G003" if self.hypervisorType == "KVM" else "SVR.VSVR.STAND.C002.M008.NET.SSD.B050.G002",
            "publicIp": self.publicIp,
            "publicIpInstanceNo": str(int(self.no) + PUBLIC_IP_NO_OFFSET) if self.publicIp else "",
            "vpcNo": "21001",
            "subnetNo": "31001",
            "networkInterfaceNoList": [self.network_interface_no],
        }

    def network_interface(self):
        """The server's default interface as getNetworkInterfaceList shows it (Go SDK services/vserver/network_interface.go)."""
        return {
            "networkInterfaceNo": self.network_interface_no,
            "networkInterfaceName": "nic-" + self.no,
            "subnetNo": "31001",
            "deleteOnTermination": True,
            "isDefault": True,
            "deviceName": "eth0",
            "networkInterfaceStatus": {"code": "USED", "codeName": "used"},
            "instanceType": {"code": "VSVR", "codeName": "Server (VPC)"},
            "instanceNo": self.no,
            "ip": self.private_ip,
            "macAddress": "F2:20:%02X:%02X:%02X:%02X" % tuple(int(self.no).to_bytes(4, "big")),
            "accessControlGroupNoList": ["41001"],
            "networkInterfaceDescription": "",
            "secondaryIpList": [],
        }


DEFAULT_SERVERS = (
    Server("2912301", "XEN", "KR", "KR-2", "xen-app", publicIp="203.0.113.11"),
    Server("2912302", "KVM", "KR", "KR-1", "kvm-app", publicIp="203.0.113.12"),
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
