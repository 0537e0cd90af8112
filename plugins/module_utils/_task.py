# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the tasks that change NCP share: their inputs, and one deadline for every wait of the task.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations


class WaitingTask:
    """A task the base runner builds with (client, params, check_mode, warn), with ``wait``/``wait_timeout``.

    ``deadline`` (the task's start plus ``wait_timeout``) bounds every wait of the task;
    ``busy_deadline`` is how long a write refused as busy may be sent again: only with ``wait``.
    """

    def __init__(self, client, params, check_mode, warn):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.warn = warn
        self.deadline = client.clock() + params['wait_timeout']
        self.busy_deadline = self.deadline if params['wait'] else None
