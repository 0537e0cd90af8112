# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every test of tests/unit/plugins/modules/test_blockstorage_snapshot_batch.py again, on the controller path (the action plugin).

Here, not there: ansible-test runs the module tests where only module-side code imports.
"""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.tests.unit.plugins.modules.test_blockstorage_snapshot_batch import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import


@pytest.fixture
def path():
    return 'controller'
