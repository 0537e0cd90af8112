# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The signer against every published and captured vector (shared/ncp-api.md §2.5)."""

from __future__ import annotations

import pytest

from ansible_collections.ncloud.vserver.plugins.module_utils._signing import signature, signed_headers, string_to_sign

AK, SK = 'FAKEACCESSKEY0000001', 'FAKESECRETKEY000000000000000000000000001'
CREATE_GET = (
    '/vserver/v2/createBlockStorageSnapshotInstance?regionCode=KR&originalBlockStorageInstanceNo=3081227'
    '&blockStorageSnapshotName=snap-a_1&blockStorageSnapshotDescription=nightly%s&snapshotTypeCode=INCREMENTAL'
    '&responseFormatType=json'
)

VECTORS = [
    (
        'TestAccessKey',
        'TestSecretKey',
        'GET',
        '/vserver/v2/getServerInstanceList?responseFormatType=json',
        '1234567890123',
        'FPsYYX8fuMAgi+cue3eACOW0dNtIwu1LYWfg/megA2M=',
    ),
    (AK, SK, 'POST', '/vserver/v2/createBlockStorageSnapshotInstance?responseFormatType=json', '1795740259426', 'W+T+nfETJt/hxTtYXZYviDu3o1ZwKyoT+PBVpBAQgzc='),
    (
        AK,
        SK,
        'POST',
        '/vserver/v2/getBlockStorageSnapshotInstanceList?responseFormatType=json',
        '1795740259429',
        'RGxX8g+Lmq+6bfKfTt9qkDnH1mKBJeiXyVWLnLdmTTA=',
    ),
    (
        AK,
        SK,
        'GET',
        '/vserver/v2/getBlockStorageSnapshotInstanceDetail?regionCode=KR&blockStorageSnapshotInstanceNo=3183468&responseFormatType=json',
        '1718441353994',
        'uDt7hZzpbWoau9nKj2jcw98hl8ysg/ZqFopBAq3PhzQ=',
    ),
    (
        AK,
        SK,
        'GET',
        '/vserver/v2/getBlockStorageSnapshotInstanceList?regionCode=KR&blockStorageSnapshotInstanceNoList.1=111'
        '&blockStorageSnapshotInstanceNoList.2=222&responseFormatType=json',
        '1718441353994',
        'ZZGRHBUn+DGhlUYilgVi0Scl0QBT+YmqvzMycYx7AWE=',
    ),
    (AK, SK, 'GET', CREATE_GET % '%20backup', '1718441353994', 'OS9ZU7RcWtu1oivn1DV666ZIdED5LneGO6qlZ4hc3H8='),
    (AK, SK, 'GET', CREATE_GET % '+backup', '1718441353994', 'y0QkI0Xj7N0WrV6TyGXV31bz2vxTjfI8F1FLuoZp1l4='),
    (AK, SK, 'POST', '/vserver/v2/deleteBlockStorageSnapshotInstances', '1718441353994', '2ytCg3S98TiObrZ25xCUUl/5qIBD9kJHnfpH17ieEhQ='),
]


@pytest.mark.parametrize('access_key, secret_key, method, target, timestamp, expected', VECTORS)
def test_signature_matches_vector(access_key, secret_key, method, target, timestamp, expected):
    assert signature(secret_key, method, target, timestamp, access_key) == expected


def test_message_layout_has_no_trailing_newline():
    assert string_to_sign('get', '/p?q=1', '5', 'AK') == 'GET /p?q=1\n5\nAK'


def test_headers_carry_the_signed_timestamp():
    headers = signed_headers(AK, SK, 'GET', VECTORS[3][3], 1718441353994.7)
    assert headers == {
        'x-ncp-apigw-timestamp': '1718441353994',
        'x-ncp-iam-access-key': AK,
        'x-ncp-apigw-signature-v2': VECTORS[3][5],
    }
