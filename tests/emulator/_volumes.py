# -*- coding: utf-8 -*-
"""The block-storage volumes the emulator knows (read-only) and their API shape (ncp-api.md 4.5).

Volumes are described in a short form (plain codes, sizes in bytes); to_api() expands that into
NCP's BlockStorageInstance with CommonCode objects. The default numbers are documented in
docs/emulator.md and hard-coded by tests: keep them stable.
"""

import json
from dataclasses import dataclass

GIB = 1024 ** 3
# Public KR/SGN/JPN with names from NCP's getRegionList example; FKR (financial site) and KRS (gov
# site's second region) are known by code only: their names here are illustrative.
REGIONS = {"KR": "Korea", "SGN": "Singapore(New)", "JPN": "Japan(New)", "FKR": "Korea(Financial)", "KRS": "Korea South"}
VOLUME_TYPES = {  # hypervisor -> volume type code -> codeName
    "XEN": {"SSD": "SSD", "HDD": "HDD"},
    "KVM": {"CB1": "Common BlockStorage 1", "CB2": "Common BlockStorage 2",
            "FB1": "Flexible BlockStorage 1", "FB2": "Flexible BlockStorage 2"},
}
STORAGE_TYPES = {"BASIC": "Basic BS", "SVRBS": "Server BS"}


@dataclass(frozen=True)
class Volume:
    """One volume. Field names are NCP's own, so a --volumes file reads like the API output."""

    blockStorageInstanceNo: str
    hypervisorType: str
    blockStorageVolumeType: str
    blockStorageSize: int
    regionCode: str = "KR"
    zoneCode: str = "KR-1"
    blockStorageName: str = ""
    blockStorageType: str = "SVRBS"
    isEncryptedVolume: bool = False
    serverInstanceNo: str = ""
    deviceName: str = ""
    blockStorageDescription: str = ""

    @property
    def no(self):
        return self.blockStorageInstanceNo

    @property
    def bootable(self):
        """Snapshots of a root (BASIC) volume can become server images: isBootable (emulator rule)."""
        return self.blockStorageType == "BASIC"

    def volume_type_code(self):
        return {"code": self.blockStorageVolumeType, "codeName": VOLUME_TYPES[self.hypervisorType][self.blockStorageVolumeType]}

    def hypervisor_code(self):
        return {"code": self.hypervisorType, "codeName": self.hypervisorType}

    def validate(self):
        """Raise ValueError for a volume NCP could not have (used for --volumes files)."""
        if not self.blockStorageInstanceNo.isdigit():
            raise ValueError("blockStorageInstanceNo must be a numeric string: %r" % self.blockStorageInstanceNo)
        if self.blockStorageVolumeType not in VOLUME_TYPES.get(self.hypervisorType, {}):
            raise ValueError("volume %s: %s has no volume type %r" % (self.no, self.hypervisorType, self.blockStorageVolumeType))
        if self.regionCode not in REGIONS:
            raise ValueError("volume %s: unknown region %r (known: %s)" % (self.no, self.regionCode, ", ".join(REGIONS)))
        if self.blockStorageType not in STORAGE_TYPES:
            raise ValueError("volume %s: blockStorageType must be BASIC or SVRBS" % self.no)
        if not isinstance(self.blockStorageSize, int) or self.blockStorageSize <= 0:
            raise ValueError("volume %s: blockStorageSize must be a positive number of bytes" % self.no)

    def to_api(self):
        attached = bool(self.serverInstanceNo)
        status = ("ATTAC", "Block storage ATTACHED state", "attached") if attached else ("CREAT", "Block Storage CREATED State", "detached")
        kvm = self.hypervisorType == "KVM"
        return {
            "blockStorageInstanceNo": self.no,
            "serverInstanceNo": self.serverInstanceNo,
            "blockStorageName": self.blockStorageName or "bst-" + self.no,
            "blockStorageType": {"code": self.blockStorageType, "codeName": STORAGE_TYPES[self.blockStorageType]},
            "blockStorageSize": self.blockStorageSize,
            "deviceName": self.deviceName,
            "blockStorageProductCode": "SPBSTBSTAD0000%02d" % (list(VOLUME_TYPES[self.hypervisorType]).index(self.blockStorageVolumeType) + 1),
            "blockStorageInstanceStatus": {"code": status[0], "codeName": status[1]},
            "blockStorageInstanceOperation": {"code": "NULL", "codeName": "Block Storage NULL OP"},
            "blockStorageInstanceStatusName": status[2],
            "createDate": "2024-06-03T10:00:00+0900",
            "blockStorageDescription": self.blockStorageDescription,
            "blockStorageDiskType": {"code": "NET", "codeName": "Network Storage"},
            "blockStorageDiskDetailType": {"code": "HDD", "codeName": "HDD"} if self.blockStorageVolumeType == "HDD" else {"code": "SSD", "codeName": "SSD"},
            "maxIopsThroughput": 3000 if kvm else 4000,
            "isEncryptedVolume": self.isEncryptedVolume,
            "zoneCode": self.zoneCode,
            "regionCode": self.regionCode,
            "isReturnProtection": False,
            "blockStorageVolumeType": self.volume_type_code(),
            "hypervisorType": self.hypervisor_code(),
            "throughput": 125 if kvm else 100,
            "iops": 3000 if kvm else 4000,
            # blockStorageSnapshotInstanceNo is left out: the Go SDK types it as an integer, so an
            # empty string would break it; these volumes were not restored from a snapshot anyway.
        }


DEFAULT_VOLUMES = (
    Volume("3081227", "XEN", "SSD", 50 * GIB, "KR", "KR-2", "xen-ssd-data", serverInstanceNo="2912301", deviceName="/dev/xvdb"),
    Volume("3081228", "XEN", "HDD", 100 * GIB, "KR", "KR-2", "xen-hdd-data", serverInstanceNo="2912301", deviceName="/dev/xvdc"),
    Volume("3081230", "KVM", "CB1", 50 * GIB, "KR", "KR-1", "kvm-cb1-root", "BASIC", serverInstanceNo="2912302", deviceName="/dev/vda"),
    Volume("3081231", "KVM", "CB2", 20 * GIB, "KR", "KR-1", "kvm-cb2-data", isEncryptedVolume=True, serverInstanceNo="2912302", deviceName="/dev/vdb"),
    Volume("3081232", "KVM", "FB1", 30 * GIB, "KR", "KR-1", "kvm-fb1-data"),
    Volume("3081233", "KVM", "FB2", 40 * GIB, "KR", "KR-2", "kvm-fb2-data"),
    Volume("3081240", "KVM", "CB2", 10 * GIB, "SGN", "SGN-5", "sgn-cb2-data"),
    Volume("3081250", "KVM", "CB1", 10 * GIB, "JPN", "JPN-5", "jpn-cb1-data"),
    Volume("3081260", "KVM", "CB2", 10 * GIB, "FKR", "FKR-1", "fin-cb2-data"),
    Volume("3081270", "XEN", "SSD", 10 * GIB, "KRS", "KRS-1", "gov-krs-ssd-data"),
)


def load_volumes(path):
    """Volumes from a JSON file: a list of objects with Volume's field names (codes as plain strings)."""
    with open(path, encoding="utf-8") as handle:
        entries = json.load(handle)
    if not isinstance(entries, list):
        raise ValueError("%s: expected a JSON list of volumes" % path)
    volumes = []
    for entry in entries:
        try:
            volume = Volume(**entry)
        except TypeError as exc:
            raise ValueError("%s: bad volume entry %r: %s" % (path, entry, exc)) from exc
        volume.validate()
        volumes.append(volume)
    if len({volume.no for volume in volumes}) != len(volumes):
        raise ValueError("%s: duplicate blockStorageInstanceNo" % path)
    return tuple(volumes)
