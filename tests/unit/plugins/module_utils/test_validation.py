# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""NCP's input rules, checked before anything is sent: boundaries and messages that name the option."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError
from ansible_collections.ncloud.vserver.plugins.module_utils._validation import (
    check_description,
    check_name,
    check_not_negative,
    check_number,
    check_text,
)


@pytest.mark.parametrize('name', [None, 'abc', 'a' * 30, 'A1-_z', 'x-9', 'Snap_2026-01-01'])
def test_names_ncp_takes(name):
    check_name('name', name)


@pytest.mark.parametrize('name', ['ab', 'a' * 31, '1abc', '-abc', 'abc-', 'abc_', 'ab c', 'abc\n', '스냅샷a', ''])
def test_names_ncp_refuses(name):
    with pytest.raises(ModuleError) as caught:
        check_name('block_storage_snapshot_name', name)
    assert str(caught.value) == (
        'block_storage_snapshot_name must be 3 to 30 characters of letters, digits, "-" and "_", start '
        'with a letter and end with a letter or digit; got %r' % name
    )


@pytest.mark.parametrize('description', [None, '', 'x' * 1000, '백' * 333])
def test_descriptions_within_1000_bytes(description):
    check_description('description', description)


@pytest.mark.parametrize('description, size', [('x' * 1001, 1001), ('백' * 334, 1002)])
def test_descriptions_over_1000_bytes(description, size):
    with pytest.raises(ModuleError) as caught:
        check_description('description', description)
    assert str(caught.value) == 'description must be at most 1000 bytes in UTF-8; got %d bytes' % size


@pytest.mark.parametrize('value', [None, '3081227', '0', [], ['1', '22'], [None, '5']])
def test_instance_numbers(value):
    check_number('snapshot_nos', value)


@pytest.mark.parametrize('value, bad', [('30a', '30a'), (' 1', ' 1'), ('1\n', '1\n'), ('', ''), (['1', 'x2'], 'x2'), ('١٢', '١٢')])
def test_instance_numbers_are_digits_only(value, bad):
    with pytest.raises(ModuleError) as caught:
        check_number('snapshot_nos', value)
    assert str(caught.value) == 'snapshot_nos must be an NCP instance number made of digits only; got %r' % bad


@pytest.mark.parametrize('value', [None, 0, 1, 3600])
def test_not_negative(value):
    check_not_negative('wait_timeout', value)


@pytest.mark.parametrize('value', [-1, -0.5, -3600])
def test_negative_is_refused(value):
    with pytest.raises(ModuleError) as caught:
        check_not_negative('last_snapshot_min_age', value)
    assert str(caught.value) == 'last_snapshot_min_age must be 0 or more; got %s' % value


SPEC = {'description': {'type': 'str'}, 'names': {'type': 'list'}, 'wait': {'type': 'bool'}, 'missing': {'type': 'str'}}


def test_text_that_can_be_sent_passes():
    check_text({'description': '야간 백업 ✓', 'names': ['a', 1, None], 'wait': True, 'missing': None}, SPEC)
    check_text({}, SPEC)


def test_text_with_a_stray_surrogate_is_refused_naming_the_option():
    with pytest.raises(ModuleError) as caught:
        check_text({'description': 'bad \udc80 half', 'names': []}, SPEC)
    assert str(caught.value) == ("description is not valid text: it cannot be encoded as UTF-8 (it holds 'bad \\\\udc80 half'); nothing was sent to NCP")


def test_each_item_of_a_list_option_is_checked():
    with pytest.raises(ModuleError, match=r'^names is not valid text'):
        check_text({'description': 'fine', 'names': ['ok', 'x\ud800']}, SPEC)


def test_the_quoted_value_is_cut_to_80_characters():
    with pytest.raises(ModuleError) as caught:
        check_text({'description': 'y' * 200 + '\udc80'}, SPEC)
    assert "(it holds '%s')" % ('y' * 80) in str(caught.value)


def test_options_outside_the_spec_are_not_checked():
    check_text({'other': 'x\udc80'}, SPEC)
