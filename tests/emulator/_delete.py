# -*- coding: utf-8 -*-
"""deleteBlockStorageSnapshotInstances with several numbers: which of them one call deletes.

Sources (docs/emulator.md): the API doc takes a list (blockStorageSnapshotInstanceNoList.N) and
answers the snapshots it deletes, each terminating; the console guide makes the chain rules (on
XEN SSD/HDD and KVM CB1/FB1 a FULL goes after its incrementals and incrementals newest first;
CB2/FB2 in any order) and says to delete the 5th of 7 incrementals "select 7, 6 and 5 and delete
them", i.e. in one go. Nothing public says what one bad number does to the rest of the call, or
whether the order of the list matters, so both are options (store.options):

- batch_delete "atomic" (default): one number that may not be deleted refuses the whole call and
  nothing changes (the safer assumption for clients). "partial": the others are deleted, the
  reply lists only them; when none may be deleted, the call fails with the first refusal.
- batch_order "any" (default): snapshots listed in the same call count as gone, wherever they
  stand in the list (the console's selection has no order). "listed": only those listed before a
  snapshot count, so a chain must be listed newest first.

Snapshots already terminating count as gone too.
"""

from _errors import ApiError, invented

# Per the console guide: on these types a chain is deleted newest-first; CB2/FB2 allow any order.
NEWEST_FIRST_TYPES = frozenset(("SSD", "HDD", "CB1", "FB1"))


def accepted(store, region, numbers, now):
    """The snapshots of numbers (deduplicated, in list order) this call deletes, or the ApiError refusing it."""
    numbers = list(dict.fromkeys(numbers))
    if store.options.batch_delete == "partial":
        return _partial(store, region, numbers, now)
    targets = []
    for no in numbers:
        snap = store.get(region, no)
        if snap is None:
            raise invented("snapshot_not_found", no=no, region=region)
        targets.append(snap)
    for position, snap in enumerate(targets):
        # Rules in the order the emulator always checked them: the first refusal in list order answers.
        _check_alone(store, snap, now)
        refusal = _chain_refusal(store, snap, targets, position)
        if refusal is not None:
            raise refusal
    return targets


def _partial(store, region, numbers, now):
    refusals = {}
    chosen = []
    for no in numbers:
        snap = store.get(region, no)
        try:
            if snap is None:
                raise invented("snapshot_not_found", no=no, region=region)
            _check_alone(store, snap, now)
            chosen.append(snap)
        except ApiError as refusal:
            refusals[no] = refusal
    while True:
        # A refused incremental keeps its chain: drop what depended on it going, until nothing changes.
        failed = {
            snap.no: refusal for position, snap in enumerate(chosen) for refusal in [_chain_refusal(store, snap, chosen, position)] if refusal is not None
        }
        if not failed:
            break
        refusals.update(failed)
        chosen = [snap for snap in chosen if snap.no not in failed]
    if not chosen:
        raise refusals[numbers[0]]
    return chosen


def _check_alone(store, snap, now):
    """The rules that hold whatever else the call deletes."""
    phase = snap.phase(now)
    if phase == "terminating" or (phase == "creating" and store.options.refuse_delete_while_creating):
        raise invented("snapshot_busy", no=snap.no, state=phase)
    store.check_not_busy(snap.volume, now)
    if snap.no in store.images and snap.volume.hypervisorType == "KVM":
        raise invented("snapshot_backs_image", no=snap.no, image=store.images[snap.no])


def _chain_refusal(store, snap, targets, position):
    """The refusal when snap's chain forbids deleting it with targets (snap is targets[position]), else None."""
    if snap.volume.blockStorageVolumeType not in NEWEST_FIRST_TYPES:
        return None
    going = targets[: position + 1] if store.options.batch_order == "listed" else targets
    return _newest_first(snap, store.of_volume(snap.volume), {other.no for other in going})


def _newest_first(snap, volume_snapshots, going):
    """The refusal when snap still has dependants that stay, else None."""
    staying = [other for other in volume_snapshots if other.gone_at is None and other.no not in going]
    if snap.snapshot_type == "FULL":
        blockers = [other.no for other in staying if other.base_no == snap.no]
        if blockers:
            return invented("full_has_incrementals", no=snap.no, others=", ".join(blockers))
    else:
        blockers = [other.no for other in staying if other.base_no == snap.base_no and other.depth > snap.depth]
        if blockers:
            return invented("not_newest_incremental", no=snap.no, others=", ".join(blockers))
    return None
