# -*- coding: utf-8 -*-
"""deleteBlockStorageSnapshotInstances with several numbers: atomic and partial refusals, list order, several volumes (issue 14)."""

import pytest

DELETE = "deleteBlockStorageSnapshotInstances"
XEN = "3081227"  # SSD: chains go newest first
XEN_HDD = "3081228"
CB2 = "3081231"  # any order


@pytest.fixture
def chain(emulator):
    """A ready XEN chain on XEN: [FULL, INC 1, INC 2] (seeded, a night apart)."""
    emulator.seed_fleet(3, volumes=[XEN])
    return [snap["blockStorageSnapshotInstanceNo"] for snap in emulator.snapshots()]


def numbers_of(reply):
    return [row["blockStorageSnapshotInstanceNo"] for row in reply.rows(DELETE)]


def terminating(emulator):
    return sorted(
        (snap["blockStorageSnapshotInstanceNo"] for snap in emulator.snapshots() if snap["blockStorageSnapshotInstanceStatusName"] == "terminating"), key=int
    )


def code(reply):
    return reply.json()["responseError"]["returnCode"]


def test_a_chain_listed_in_one_call_goes_together_in_any_order_by_default(emulator, snaps, chain):
    reply = snaps.delete(chain[0], chain[2], chain[1])
    assert reply.status == 200 and numbers_of(reply) == [chain[0], chain[2], chain[1]]
    assert {row["blockStorageSnapshotInstanceStatusName"] for row in reply.rows(DELETE)} == {"terminating"}
    assert terminating(emulator) == chain


def test_listed_order_wants_each_chain_newest_first(emulator, snaps, chain):
    emulator.configure(batch_order="listed")
    refused = snaps.delete(chain[0], chain[1], chain[2])
    assert refused.status == 400 and code(refused) == "9903003" and terminating(emulator) == []
    refused = snaps.delete(chain[1], chain[2])
    assert refused.status == 400 and code(refused) == "9903004"
    reply = snaps.delete(chain[2], chain[1], chain[0])
    assert reply.status == 200 and numbers_of(reply) == [chain[2], chain[1], chain[0]]


def test_one_call_spans_several_volumes(emulator, snaps, chain):
    emulator.seed_fleet(2, volumes=[XEN_HDD, CB2])
    others = [snap["blockStorageSnapshotInstanceNo"] for snap in emulator.snapshots() if snap["blockStorageSnapshotInstanceNo"] not in chain]
    reply = snaps.delete(*(list(reversed(chain)) + others))
    assert reply.status == 200 and numbers_of(reply) == list(reversed(chain)) + others
    assert terminating(emulator) == sorted(chain + others, key=int)


@pytest.mark.parametrize("bad", ["unknown", "still has a dependant"])
def test_atomic_one_bad_number_refuses_the_whole_call(emulator, snaps, chain, bad):
    emulator.seed_fleet(1, volumes=[CB2])
    cb2 = emulator.snapshots()[-1]["blockStorageSnapshotInstanceNo"]
    numbers = [cb2, "999999"] if bad == "unknown" else [cb2, chain[1]]
    reply = snaps.delete(*numbers)
    assert reply.status == 400 and code(reply) == ("9903001" if bad == "unknown" else "9903004")
    assert terminating(emulator) == []


def test_partial_deletes_what_may_go_and_lists_only_that(emulator, snaps, chain):
    emulator.configure(batch_delete="partial")
    emulator.seed_fleet(1, volumes=[CB2])
    cb2 = emulator.snapshots()[-1]["blockStorageSnapshotInstanceNo"]
    reply = snaps.delete("999999", chain[1], cb2)
    assert reply.status == 200 and numbers_of(reply) == [cb2]
    assert reply.json()[DELETE + "Response"]["totalRows"] == 1
    assert terminating(emulator) == [cb2]


def test_partial_a_refused_snapshot_keeps_what_it_depends_on(emulator, snaps, chain, clock):
    emulator.configure(batch_delete="partial", refuse_delete_while_creating=True)
    emulator.seed_fleet(1, volumes=[CB2])
    cb2 = emulator.snapshots()[-1]["blockStorageSnapshotInstanceNo"]
    newest = snaps.created(XEN, snapshotTypeCode="INCREMENTAL")["blockStorageSnapshotInstanceNo"]  # still creating: refused
    reply = snaps.delete(newest, chain[2], chain[1], chain[0], cb2)
    # The creating one stays, so each older link of its chain has a dependant that stays.
    assert reply.status == 200 and numbers_of(reply) == [cb2]
    clock.advance(3)
    reply = snaps.delete(newest, chain[2], chain[1], chain[0])
    assert reply.status == 200 and numbers_of(reply) == [newest, chain[2], chain[1], chain[0]]


def test_partial_with_nothing_deletable_fails_with_the_first_refusal(emulator, snaps, chain):
    emulator.configure(batch_delete="partial")
    reply = snaps.delete(chain[0], "999999")
    assert reply.status == 400 and code(reply) == "9903003" and terminating(emulator) == []
    reply = snaps.delete("999999", chain[0])
    assert reply.status == 400 and code(reply) == "9903001"


def test_the_options_are_checked(emulator):
    with pytest.raises(ValueError):
        emulator.configure(batch_delete="sometimes")
    with pytest.raises(ValueError):
        emulator.configure(batch_order="random")
    assert emulator.config()["batch_delete"] == "atomic" and emulator.config()["batch_order"] == "any"


def test_partial_never_leaves_a_chain_without_its_full(emulator, snaps, chain):
    """Listed order, partial: INC 1 before INC 2 is refused, so the FULL (whose INC 1 now stays) is refused too."""
    emulator.configure(batch_delete="partial", batch_order="listed")
    reply = snaps.delete(chain[1], chain[2], chain[0])
    assert reply.status == 200 and numbers_of(reply) == [chain[2]]
    assert terminating(emulator) == [chain[2]]
