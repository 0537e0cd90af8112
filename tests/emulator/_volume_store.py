# -*- coding: utf-8 -*-
"""Volumes and servers as state: NCP's volume lifecycle and the rules that refuse a change.

Every change is a list of timed Steps on the volume (see _volumes.PHASES); the store applies the
finished ones lazily whenever it is read, so no thread is needed and a ManualClock drives it all:

    create (XEN)        creating -> attached          create (KVM)  creating -> detached
    attach              attaching -> attached         detach        detaching -> detached
    delete (detached)   terminating -> gone           delete (attached) detaching -> terminating -> gone
    resize              changing -> as before (the new size shows at once, as in NCP's example)

Each step lasts `delay` seconds (--volume-delay). A heap of the steps' end times means a settle
touches only the volumes whose step has ended, and an index by server answers "the volumes of
server S" without a scan (a fleet has thousands of volumes). VolumeStore is not locked itself:
the emulator calls it under its one lock.
"""

import dataclasses
import heapq
import itertools
import string

from _clock import create_date
from _errors import invented
from _volumes import Step

BUSY_PHASES = ("creating", "attaching", "detaching", "terminating", "changing")


class VolumeStore:
    def __init__(self, volumes, servers, clock, delay, first_no=3090001):
        self._initial_volumes = tuple(volumes)
        self._initial_servers = tuple(servers)
        self.clock = clock
        self.delay = delay
        self._first_no = first_no
        self.volumes = {}  # no -> Volume; the same dict object for the store's whole life
        self.servers = {}
        self._on_server = {}  # server number -> {volume number: Volume}, by serverInstanceNo
        self._due = []  # (end of a step, sequence, volume number)
        self._sequence = itertools.count()
        self.reset()

    def reset(self):
        """Fresh copies of the starting volumes and servers; new numbers restart."""
        self.volumes.clear()
        self._on_server.clear()
        self._due.clear()
        for volume in self._initial_volumes:
            self._put(dataclasses.replace(volume))
        self.servers.clear()
        self.servers.update((server.no, dataclasses.replace(server)) for server in self._initial_servers)
        self._next_no = self._first_no

    def _put(self, volume):
        self.volumes[volume.no] = volume
        if volume.serverInstanceNo:
            self._on_server.setdefault(volume.serverInstanceNo, {})[volume.no] = volume

    def set_server(self, volume, server_no, device):
        """Attach (or, with "", detach) a volume in the record, keeping the index by server."""
        if volume.serverInstanceNo:
            self._on_server.get(volume.serverInstanceNo, {}).pop(volume.no, None)
        volume.serverInstanceNo, volume.deviceName = server_no, device
        if server_no:
            self._on_server.setdefault(server_no, {})[volume.no] = volume

    # ---- reading ---------------------------------------------------------------------------------

    def settle(self):
        """Apply every step that has finished by now; forget deleted volumes."""
        now = self.clock.now()
        while self._due and self._due[0][0] <= now:
            volume = self.volumes.get(heapq.heappop(self._due)[2])
            if volume is None:
                continue
            while volume.steps and volume.steps[0].until <= now:
                step = volume.steps.pop(0)
                if step.done is not None:
                    step.done(self, volume)
            if volume.gone:
                self.set_server(volume, "", "")
                del self.volumes[volume.no]

    def on_server(self, region, server_no):
        """The volumes whose serverInstanceNo is server_no, in region, by number."""
        self.settle()
        return sorted((volume for volume in self._on_server.get(server_no, {}).values() if volume.regionCode == region), key=lambda volume: int(volume.no))

    def volume(self, region, no):
        self.settle()
        volume = self.volumes.get(no)
        return volume if volume is not None and volume.regionCode == region else None

    def listed(self, region):
        self.settle()
        return sorted((volume for volume in self.volumes.values() if volume.regionCode == region), key=lambda volume: int(volume.no))

    def server(self, region, no):
        server = self.servers.get(no)
        return server if server is not None and server.regionCode == region else None

    def existing_volume(self, region, no):
        volume = self.volume(region, no)
        if volume is None:
            raise invented("volume_not_found", no=no, region=region)
        return volume

    def existing_server(self, region, no):
        server = self.server(region, no)
        if server is None:
            raise invented("server_not_found", no=no, region=region)
        return server

    # ---- changes ---------------------------------------------------------------------------------

    def add(self, volume):
        """A new volume (built and checked by the create action): number it and start it creating."""
        now = self.clock.now()
        volume.blockStorageInstanceNo = str(self._next_no)
        self._next_no += 1
        volume.createDate = create_date(now)
        # 'bst' + lower-case hex of the creation time in ms, like NCP's examples ("bst167588711f2").
        volume.blockStorageName = volume.blockStorageName or "bst%x" % round(now * 1000)
        if volume.serverInstanceNo:
            volume.deviceName = self._free_device(self.servers[volume.serverInstanceNo])
        self._put(volume)
        self._start(volume, "creating")
        return volume

    def attach(self, region, volume_no, server_no):
        volume = self.existing_volume(region, volume_no)
        server = self.existing_server(region, server_no)
        self._check_idle(volume)
        if volume.attached:
            raise invented("already_attached", no=volume.no, server=volume.serverInstanceNo)
        self.check_fits(volume.hypervisorType, volume.zoneCode, server, "volume %s" % volume.no)
        self.set_server(volume, server.no, self._free_device(server))
        self._start(volume, "attaching")
        return volume

    def detach(self, region, numbers):
        volumes = self._all_of(region, numbers)
        for volume in volumes:
            self._check_not_root(volume, "detached")
            self._check_idle(volume)
            if not volume.attached:
                raise invented("not_attached", no=volume.no)
        for volume in volumes:
            self._start(volume, "detaching", _forget_server)
        return volumes

    def delete(self, region, numbers):
        """NCP detaches an attached volume and then deletes it (classic deleteBlockStorageInstances doc)."""
        volumes = self._all_of(region, numbers)
        for volume in volumes:
            self._check_not_root(volume, "deleted")
            self._check_idle(volume)
            if volume.isReturnProtection:
                raise invented("return_protected", no=volume.no)
        for volume in volumes:
            if volume.attached:
                self._start(volume, "detaching", _forget_server)
            self._start(volume, "terminating", _remove)
        return volumes

    def resize(self, volume, size_bytes, stopped_only):
        """Grow a volume (the caller has checked the size rules)."""
        self._check_idle(volume)
        server = self.servers.get(volume.serverInstanceNo)
        if stopped_only and server is not None and server.serverInstanceStatus != "NSTOP":
            raise invented("server_not_stopped", server=server.no, no=volume.no, status=server.serverInstanceStatus)
        volume.blockStorageSize = size_bytes
        self._start(volume, "changing")
        return volume

    @staticmethod
    def check_fits(hypervisor, zone, server, what):
        """A volume works only with a server of its hypervisor in its zone."""
        if server.hypervisorType != hypervisor:
            raise invented("hypervisor_mismatch", what=what, hypervisor=hypervisor, server=server.no, server_hypervisor=server.hypervisorType)
        if server.zoneCode != zone:
            raise invented("zone_mismatch", what=what, zone=zone, server=server.no, server_zone=server.zoneCode)

    # ---- helpers ---------------------------------------------------------------------------------

    def _start(self, volume, phase, done=None):
        """Queue a step after any already queued (a delete of an attached volume queues two)."""
        begins = volume.steps[-1].until if volume.steps else self.clock.now()
        volume.steps.append(Step(phase, begins + self.delay, done))
        heapq.heappush(self._due, (volume.steps[-1].until, next(self._sequence), volume.no))

    def _all_of(self, region, numbers):
        """Every volume named, or a refusal naming the first unknown one: all or nothing."""
        return [self.existing_volume(region, no) for no in dict.fromkeys(numbers)]

    @staticmethod
    def _check_idle(volume):
        phase = volume.phase()
        if phase in BUSY_PHASES:
            raise invented("volume_in_operation", no=volume.no, state=phase)

    @staticmethod
    def _check_not_root(volume, doing):
        if volume.blockStorageType == "BASIC":
            raise invented("root_volume", no=volume.no, doing=doing)

    def _free_device(self, server):
        """The next free letter on the server; "a" is its root disk's (xvda / vda)."""
        self.settle()  # a detach that has finished frees its letter
        used = {volume.deviceName for volume in self._on_server.get(server.no, {}).values()}
        for letter in string.ascii_lowercase[1:]:
            device = server.device_prefix() + letter
            if device not in used:
                return device
        raise invented("no_free_device", server=server.no)


def _forget_server(store, volume):
    store.set_server(volume, "", "")


def _remove(_store, volume):
    volume.gone = True
