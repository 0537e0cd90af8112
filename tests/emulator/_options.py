# -*- coding: utf-8 -*-
"""The emulator's switchable behaviours, defined once for Emulator(), configure(), the CLI and /_emulator/config.

Each is a point where NCP's sources disagree or say nothing, or where a test needs a harsher
server than the default. docs/emulator.md gives every option's source (or says it is invented).

Behaviours is not locked itself: the emulator reads and changes it under its one lock.
"""

import argparse
from dataclasses import asdict, dataclass, fields

import _throttle
from _volumes import REGIONS

KVM_INCREMENTAL_MODES = ("full", "chain")
NAME_RULES = ("current", "legacy")
BATCH_DELETE_MODES = ("atomic", "partial")
BATCH_ORDERS = ("any", "listed")


@dataclass
class Behaviours:
    # What an INCREMENTAL request on a KVM volume makes: "full" (a FULL snapshot, as a live test
    # reported) or "chain" (an incremental chain like XEN, the emulator's older behaviour).
    kvm_incremental: str = "full"
    # Refuse a create or delete on a KVM volume while one of its snapshots is being made or deleted.
    kvm_busy: bool = True
    # Refuse to delete a snapshot still INIT/creating (an invention kept for tests of that variant).
    refuse_delete_while_creating: bool = False
    # At most this many rows a page, whatever pageSize asks (None: no cap); totalRows stays true.
    page_cap: int = None
    # "current": letters, digits, '-' and '_' (today's API doc); "legacy": no '_' (CLI doc, older copy).
    name_rule: str = "current"
    # Gateway error bodies carry "details", as real ones do.
    gateway_details: bool = True
    # Region codes accepted in regionCode (all known ones by default).
    regions: tuple = tuple(REGIONS)
    # Resizing an attached volume needs its server stopped (NSTOP), as the resize actions' docs say.
    resize_stopped_only: bool = True
    # A delete of several snapshots with one that may not go: refuse it all ("atomic") or delete the rest ("partial").
    batch_delete: str = "atomic"
    # Snapshots deleted in the same call count as gone for the chain rules: wherever listed ("any"),
    # or only when listed before the one checked ("listed": chains newest first).
    batch_order: str = "any"
    # Throttling (_throttle.py): calls a second, bucket size, 429 code, Retry-After sent.
    throttle: float = None
    throttle_burst: float = None
    throttle_code: str = "420"
    throttle_retry_after: bool = False

    def update(self, **changes):
        """Validate and apply changes (unknown names and bad values raise ValueError)."""
        known = {field.name for field in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError("unknown emulator option(s): %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(sorted(known))))
        for name, value in changes.items():
            setattr(self, name, _checked(name, value))

    def as_dict(self):
        document = asdict(self)
        document["regions"] = list(self.regions)
        return document


def _checked(name, value):
    if name.startswith("throttle"):
        return _throttle.checked(name, value)
    if name == "kvm_incremental" and value not in KVM_INCREMENTAL_MODES:
        raise ValueError("kvm_incremental must be one of %s, not %r" % ("|".join(KVM_INCREMENTAL_MODES), value))
    if name == "name_rule" and value not in NAME_RULES:
        raise ValueError("name_rule must be one of %s, not %r" % ("|".join(NAME_RULES), value))
    for option, modes in (("batch_delete", BATCH_DELETE_MODES), ("batch_order", BATCH_ORDERS)):
        if name == option and value not in modes:
            raise ValueError("%s must be one of %s, not %r" % (name, "|".join(modes), value))
    if name in ("kvm_busy", "refuse_delete_while_creating", "gateway_details", "resize_stopped_only"):
        if not isinstance(value, bool):
            raise ValueError("%s must be true or false, not %r" % (name, value))
    if name == "page_cap" and value is not None:
        if isinstance(value, bool) or int(value) != value or value < 1:
            raise ValueError("page_cap must be a whole number >= 1 or null, not %r" % (value,))
        value = int(value)
    if name == "regions":
        codes = value.split(",") if isinstance(value, str) else list(value)
        unknown = [code for code in codes if code not in REGIONS]
        if not codes or unknown:
            raise ValueError("regions must be a non-empty list of %s, not %r" % ("|".join(REGIONS), value))
        value = tuple(codes)
    return value


def add_arguments(parser):
    """The command-line flags, one per behaviour; defaults are None so only given flags apply."""
    parser.add_argument(
        "--kvm-incremental",
        choices=KVM_INCREMENTAL_MODES,
        help="INCREMENTAL on a KVM volume makes a FULL snapshot (full) or extends a chain (chain); default %s" % Behaviours.kvm_incremental,
    )
    parser.add_argument(
        "--kvm-busy",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refuse work on a KVM volume while one of its snapshots is being made or deleted (default %s)" % ("on" if Behaviours.kvm_busy else "off"),
    )
    parser.add_argument(
        "--refuse-delete-while-creating",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="refuse to delete a snapshot still being created (invented; default %s)" % ("on" if Behaviours.refuse_delete_while_creating else "off"),
    )
    parser.add_argument("--page-cap", type=int, metavar="N", help="return at most N rows a page whatever pageSize asks")
    parser.add_argument("--name-rule", choices=NAME_RULES, help="snapshot name rule: current (allows '_') or legacy (no '_')")
    parser.add_argument(
        "--gateway-details", action=argparse.BooleanOptionalAction, default=None, help="gateway error bodies carry a details field (default on)"
    )
    parser.add_argument("--regions", metavar="CODE,CODE", help="region codes accepted (default all: %s)" % ",".join(REGIONS))
    parser.add_argument(
        "--resize-stopped-only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="resizing an attached volume needs its server stopped (default on, as NCP documents)",
    )
    parser.add_argument(
        "--batch-delete",
        choices=BATCH_DELETE_MODES,
        help="a delete of several snapshots with one that may not go: refuse it all (atomic, default) or delete the rest (partial)",
    )
    parser.add_argument(
        "--batch-order",
        choices=BATCH_ORDERS,
        help="chain rules in a delete of several: any order in the list (any, default) or newest first as listed (listed)",
    )
    _throttle.add_arguments(parser)


def from_arguments(args):
    """The Behaviours changes the command line asked for (flags not given are left out)."""
    names = [field.name for field in fields(Behaviours)]
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}
