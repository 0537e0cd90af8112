# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Sending one change of a volume (attach, detach, resize, protection, delete) exactly once.

Private to the ncloud.vserver collection: not a public API, may change without notice.

A change is sent again only while NCP refuses it as busy (nothing applied). When its outcome is
unknown, one read shows whether NCP applied it or is doing it (the operation code it shows while
it works); otherwise the task fails saying it may have been applied. It is never resent blindly.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._volume import get_volume
from ._waiter import retry_while_busy


class Step:
    """One write: what it is (for messages), how to send it, the operation NCP shows while doing it, when it is done."""

    def __init__(self, what, send, operation, done, goal):
        self.what, self.send, self.operation, self.done, self.goal = what, send, operation, done, goal


def apply_once(client, volume, step, busy_deadline):
    try:
        retry_while_busy(client, step.send, busy_deadline, step.what)
    except NcloudApiError as exc:
        if not exc.maybe_applied:
            raise
        current = get_volume(client, volume['block_storage_instance_no'])
        if current is None or step.done(current) or (step.operation and current['operation'] == step.operation):
            return
        raise ModuleError(
            '%s may have been applied (%s), and NCP does not show it yet. Run the task again: it reads the '
            'volume and sends only what is still needed' % (step.what, exc),
            result={'volume': current},
            cause=exc,
        ) from None
