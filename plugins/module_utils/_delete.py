# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Deleting snapshots: sent whatever their status, sent again only for what a fresh read still shows.

Private to the ncloud.vserver collection: not a public API, may change without notice.

No source says NCP refuses to delete a snapshot still being created, so the delete is sent; if
NCP does refuse it as busy (as it does for a KVM volume busy with another snapshot), it is sent
again once the work in progress ends, within the task's wait, or the refusal is reported.
"""

from __future__ import annotations

from ._errors import ModuleError, NcloudApiError
from ._result import is_terminating
from ._snapshot import list_snapshots, send_delete
from ._waiter import retry_while_busy

# The emulator's code (invented, docs/emulator.md) for "this KVM snapshot backs a server image";
# NCP's delete guide states the rule, not the code.
IMAGE_BACKED_CODE = '9903005'


def delete_snapshots(client, snapshots, busy_deadline):
    """Delete ``snapshots`` (in this order, one request); after a lost reply, resend only for those still there.

    Returns the snapshots NCP's reply says it is deleting, or None when a look-up after a lost reply
    showed every one of them going.
    """
    pending = [snapshot['snapshot_no'] for snapshot in snapshots]
    for dummy in range(client.retries + 1):
        try:
            return retry_while_busy(client, lambda: send_delete(client, pending), busy_deadline, 'the delete of snapshot %s' % ', '.join(pending))
        except NcloudApiError as exc:
            if exc.code == IMAGE_BACKED_CODE:
                raise ModuleError(
                    'snapshot %s cannot be deleted while a server image was made from it: NCP deletes such a '
                    'KVM snapshot only after the server image is deleted (%s)' % (', '.join(pending), exc),
                    cause=exc,
                ) from None
            if not exc.maybe_applied:
                raise
            # A read now shows what the lost delete did; resending for what it did not do is safe.
            pending = [snapshot['snapshot_no'] for snapshot in list_snapshots(client, snapshot_nos=pending) if not is_terminating(snapshot)]
            if not pending:
                return None
            last = exc
    last.hint = 'snapshots %s are still there after %d delete attempts' % (', '.join(pending), client.retries + 1)
    raise last
