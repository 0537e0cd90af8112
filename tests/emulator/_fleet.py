# -*- coding: utf-8 -*-
"""A fleet at once: --fleet N volumes on their own servers, and ready snapshots seeded straight into the store.

Invented test scaffolding (issue 14): NCP has neither. It lets a benchmark or a test start from
thousands of volumes and 100,000 snapshots in seconds instead of through as many API calls.

Fleet volume i (0-based) is numbered FLEET_VOLUME_BASE + i, 10 GiB, region KR, an SVRBS data
volume named fleet-(i+1). Volumes come in blocks of four that share a server (FLEET_SERVER_BASE +
block, named fleet-svr-(block+1), RUN) and a kind, the kinds taking turns: XEN SSD in zone KR-2
(devices /dev/xvdb-e), KVM CB1 in KR-1, KVM CB2 in KR-1 (/dev/vdb-e).

Seeding gives each chosen volume M ready snapshots, one a night: night n (0 = oldest) was made
(M - n) x days_apart days ago, so the newest is days_apart old and a rotation keeping fewer than M
has some to delete. Numbers follow creation time across volumes (night by night). Chains are
valid: where the volume keeps chains (XEN; KVM with kvm_incremental=chain) every full_every-th
snapshot is a FULL and the ones between its INCREMENTALs, depth 1..full_every-1 (at most 7);
otherwise (KVM, kvm_incremental=full) every snapshot is a FULL. Names: name_format with {prefix},
{date} (the KST date of its creation, YYYY-MM-DD), {volume} and {n} (1-based night); by default
"nightly-YYYY-MM-DD", as the snapshot_rotation role names them.
"""

from datetime import datetime

from _clock import KST
from _servers import Server
from _store import MAX_INCREMENTALS, NAME_RULES
from _volumes import GIB, Volume

FLEET_VOLUME_BASE = 4000001
FLEET_SERVER_BASE = 4800001
MAX_FLEET = 100000
VOLUMES_PER_SERVER = 4
KINDS = (("XEN", "SSD", "KR-2"), ("KVM", "CB1", "KR-1"), ("KVM", "CB2", "KR-1"))


def fleet(count):
    """(volumes, servers) of a fleet of count volumes, as the module docstring numbers them."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_FLEET:
        raise ValueError("fleet must be a whole number from 0 to %d, not %r" % (MAX_FLEET, count))
    volumes, servers = [], []
    for index in range(count):
        block, slot = divmod(index, VOLUMES_PER_SERVER)
        hypervisor, volume_type, zone = KINDS[block % len(KINDS)]
        if slot == 0:
            servers.append(Server(str(FLEET_SERVER_BASE + block), hypervisor, "KR", zone, "fleet-svr-%d" % (block + 1)))
        device = ("/dev/xvd" if hypervisor == "XEN" else "/dev/vd") + "bcde"[slot]
        volumes.append(
            Volume(
                str(FLEET_VOLUME_BASE + index),
                hypervisor,
                volume_type,
                10 * GIB,
                "KR",
                zone,
                "fleet-%d" % (index + 1),
                serverInstanceNo=servers[-1].no,
                deviceName=device,
            )
        )
    return tuple(volumes), tuple(servers)


def seed(store, snapshots_per_volume, volume_nos=None, days_apart=1.0, full_every=7, prefix="nightly", name_format="{prefix}-{date}"):
    """Add ready snapshots to the volumes named (default: every volume); returns {"count", "volumes", "first_no", "last_no"}."""
    if isinstance(snapshots_per_volume, bool) or not isinstance(snapshots_per_volume, int) or snapshots_per_volume < 1:
        raise ValueError("snapshots_per_volume must be a whole number >= 1, not %r" % (snapshots_per_volume,))
    if float(days_apart) <= 0:
        raise ValueError("days_apart must be > 0, not %r" % (days_apart,))
    if isinstance(full_every, bool) or not isinstance(full_every, int) or not 1 <= full_every <= MAX_INCREMENTALS + 1:
        raise ValueError("full_every must be a whole number from 1 to %d, not %r" % (MAX_INCREMENTALS + 1, full_every))
    store.fleet.settle()
    if volume_nos is None:
        volumes = sorted(store.fleet.volumes.values(), key=lambda volume: int(volume.no))
    else:
        unknown = [str(no) for no in volume_nos if str(no) not in store.fleet.volumes]
        if unknown:
            raise ValueError("no such volume(s): %s" % ", ".join(unknown))
        volumes = [store.fleet.volumes[str(no)] for no in dict.fromkeys(volume_nos)]
    rule = NAME_RULES[store.options.name_rule][0]
    now = store.clock.now()
    bases = {}
    made = []
    for night in range(snapshots_per_volume):
        created_at = now - (snapshots_per_volume - night) * float(days_apart) * 86400
        date = datetime.fromtimestamp(created_at, KST).strftime("%Y-%m-%d")
        for volume in volumes:
            name = name_format.format(prefix=prefix, date=date, volume=volume.no, n=night + 1)
            if not rule.fullmatch(name):
                raise ValueError("seeded name %r breaks the snapshot name rule (%s)" % (name, store.options.name_rule))
            depth = night % full_every if _keeps_chains(store, volume) else 0
            made.append(store.add_ready(volume, name, "INCREMENTAL" if depth else "FULL", bases[volume.no] if depth else "", depth, created_at))
            if not depth:
                bases[volume.no] = made[-1].no
    return {"count": len(made), "volumes": len(volumes), "first_no": made[0].no if made else None, "last_no": made[-1].no if made else None}


def _keeps_chains(store, volume):
    return volume.hypervisorType == "XEN" or store.options.kvm_incremental == "chain"
