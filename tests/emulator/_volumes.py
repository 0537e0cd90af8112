# -*- coding: utf-8 -*-
"""Block-storage volumes: their API shape (ncp-api.md 4.5) and the phase each one is in.

Volumes are described in a short form (plain codes, sizes in bytes); to_api() expands that into
NCP's BlockStorageInstance with CommonCode objects. A volume is mutable: _volume_store.VolumeStore
attaches, detaches, resizes and deletes it through timed steps (see Step). The default numbers are
documented in docs/emulator.md and hard-coded by tests: keep them stable.
"""

import json
from dataclasses import dataclass, field

GIB = 1024**3
# Public KR/SGN/JPN with names from NCP's getRegionList example; FKR (financial site) and KRS (gov
# site's second region) are known by code only: their names here are illustrative.
REGIONS = {"KR": "Korea", "SGN": "Singapore(New)", "JPN": "Japan(New)", "FKR": "Korea(Financial)", "KRS": "Korea South"}
VOLUME_TYPES = {  # hypervisor -> volume type code -> codeName
    "XEN": {"SSD": "SSD", "HDD": "HDD"},
    "KVM": {"CB1": "Common BlockStorage 1", "CB2": "Common BlockStorage 2", "FB1": "Flexible BlockStorage 1", "FB2": "Flexible BlockStorage 2"},
}
STORAGE_TYPES = {"BASIC": "Basic BS", "SVRBS": "Server BS"}
# Zones a KVM volume may be created in (zoneCode). KR-1/KR-2 are NCP's; the others are illustrative.
ZONES = {"KR": ("KR-1", "KR-2"), "SGN": ("SGN-4", "SGN-5"), "JPN": ("JPN-4", "JPN-5"), "FKR": ("FKR-1", "FKR-2"), "KRS": ("KRS-1",)}
# blockStorageSize in GB: 10 GB steps within these bounds (createBlockStorageInstance doc).
SIZE_LIMITS_GB = {"XEN": (10, 2000), "KVM": (10, 16380)}
# phase -> (status code, status codeName, operation code, operation codeName, statusName). Codes and
# status names: terraform-provider-ncloud block_storage.go and NCP's API examples; codeNames of the
# steps are illustrative except "Block Storage Resize OP" / "changingSpec" (changeBlockStorageVolumeSize doc).
PHASES = {
    "attached": ("ATTAC", "Block storage ATTACHED state", "NULL", "Block Storage NULL OP", "attached"),
    "detached": ("CREAT", "Block Storage CREATED State", "NULL", "Block Storage NULL OP", "detached"),
    "creating": ("INIT", "Block Storage INIT State", "CREAT", "Block Storage CREATE OP", "creating"),
    "attaching": ("CREAT", "Block Storage CREATED State", "ATTAC", "Block Storage ATTACH OP", "attaching"),
    "detaching": ("ATTAC", "Block storage ATTACHED state", "DETAC", "Block Storage DETACH OP", "detaching"),
    "terminating": ("CREAT", "Block Storage CREATED State", "TERMT", "Block Storage TERMINATE OP", "terminating"),
    "changing": (None, None, "CHNG", "Block Storage Resize OP", "changingSpec"),  # status stays as it was
}


@dataclass
class Step:
    """One timed step of a volume's lifecycle: shown as phase until `until`, then done(store, volume) runs."""

    phase: str
    until: float
    done: object = None  # callable(VolumeStore, Volume) or None


@dataclass(eq=False)
class Volume:
    """One volume. Field names are NCP's own, so a --volumes file reads like the API output.

    eq=False: a volume is compared by identity (snapshots hold the very volume they were made from).
    """

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
    isReturnProtection: bool = False
    blockStorageSnapshotInstanceNo: str = ""  # the snapshot it was restored from; "" = none
    createDate: str = "2024-06-03T10:00:00+0900"
    # Lifecycle, never read from a --volumes file: the steps still to come, and gone once deleted.
    steps: list = field(default_factory=list, init=False, repr=False)
    gone: bool = field(default=False, init=False, repr=False)

    @property
    def no(self):
        return self.blockStorageInstanceNo

    @property
    def bootable(self):
        """Snapshots of a root (BASIC) volume can become server images: isBootable (emulator rule)."""
        return self.blockStorageType == "BASIC"

    @property
    def attached(self):
        return bool(self.serverInstanceNo)

    def phase(self):
        """The step it is in, else "attached" or "detached" (the store applies finished steps first)."""
        if self.steps:
            return self.steps[0].phase
        return "attached" if self.attached else "detached"

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
        if self.blockStorageSnapshotInstanceNo and not str(self.blockStorageSnapshotInstanceNo).isdigit():
            raise ValueError("volume %s: blockStorageSnapshotInstanceNo must be a snapshot number" % self.no)

    def to_api(self):
        phase = self.phase()
        status, status_name, operation, operation_name, phase_name = PHASES[phase]
        if status is None:  # a resize keeps the status it had
            status, status_name = PHASES["attached" if self.attached else "detached"][:2]
        kvm = self.hypervisorType == "KVM"
        row = {
            "blockStorageInstanceNo": self.no,
            # As NCP's attach example: the server shows once attached; the device once it is in use.
            "serverInstanceNo": "" if phase == "attaching" else self.serverInstanceNo,
            "blockStorageName": self.blockStorageName or "bst-" + self.no,
            "blockStorageType": {"code": self.blockStorageType, "codeName": STORAGE_TYPES[self.blockStorageType]},
            "blockStorageSize": self.blockStorageSize,
            "deviceName": "" if phase in ("creating", "attaching") else self.deviceName,
            "blockStorageProductCode": "SPBSTBSTAD0000%02d" % (list(VOLUME_TYPES[self.hypervisorType]).index(self.blockStorageVolumeType) + 1),
            "blockStorageInstanceStatus": {"code": status, "codeName": status_name},
            "blockStorageInstanceOperation": {"code": operation, "codeName": operation_name},
            "blockStorageInstanceStatusName": phase_name,
            "createDate": self.createDate,
            "blockStorageDescription": self.blockStorageDescription,
            "blockStorageDiskType": {"code": "NET", "codeName": "Network Storage"},
            "blockStorageDiskDetailType": {"code": "HDD", "codeName": "HDD"} if self.blockStorageVolumeType == "HDD" else {"code": "SSD", "codeName": "SSD"},
            "maxIopsThroughput": 3000 if kvm else 4000,
            "isEncryptedVolume": self.isEncryptedVolume,
            "zoneCode": self.zoneCode,
            "regionCode": self.regionCode,
            "isReturnProtection": self.isReturnProtection,
            "blockStorageVolumeType": self.volume_type_code(),
            "hypervisorType": self.hypervisor_code(),
            "throughput": 125 if kvm else 100,
            "iops": 3000 if kvm else 4000,
        }
        if self.blockStorageSnapshotInstanceNo:
            # The Go SDK types it *int64: a JSON number, never "" (so it is left out when empty).
            row["blockStorageSnapshotInstanceNo"] = int(self.blockStorageSnapshotInstanceNo)
        return row


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
