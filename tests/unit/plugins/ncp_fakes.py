# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fakes shared by the unit tests: a scripted NCP endpoint, canned replies and a fake clock.

Each test lists the exact requests it expects (action and query, in order) with canned replies;
the fake checks every request's signature as the gateway would and fails on anything unexpected.
It also checks how each request is sent: the full URL (scheme, host, ``/vserver/v2/<action>``),
TLS verification as the task asked, no redirects followed, a positive timeout no longer than
``api_timeout``, a streamed body, and a timestamp header that is the fake clock's time in ms.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import requests

from ansible_collections.ncloud.vserver.plugins.module_utils._signing import signature

ACCESS_KEY = 'FAKEACCESSKEY0000001'
SECRET_KEY = 'FAKESECRETKEY000000000000000000000000001'
API_URL = 'https://api.test.invalid'


class FakeTime:
    """Stands in for the time module: ``sleep`` moves the clock instead of waiting."""

    def __init__(self, now=1795740000.0):
        self.now = now
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def reply(status=200, body=None, headers=None, text=None):
    """A canned HTTP reply; ``body`` is sent as JSON unless ``text`` is given."""
    response = requests.Response()
    response.status_code = status
    response._content = (text if text is not None else json.dumps(body if body is not None else {})).encode('utf-8')
    response.headers.update(headers or {})
    response.encoding = 'utf-8'
    return response


def ok(action, items=None, list_key='blockStorageSnapshotInstanceList', total=None):
    """A successful reply of ``action`` listing ``items``."""
    items = items or []
    body = {'totalRows': len(items) if total is None else total, list_key: items, 'requestId': 'e0f1', 'returnCode': '0', 'returnMessage': 'success'}
    return reply(200, {action + 'Response': body})


class ScriptedNcp:
    """A fake ``requests.Session.send``: each request must be the next one scripted."""

    def __init__(self, clock=None, base_url=API_URL, verify=True, api_timeout=30):
        self.script = []
        self.sent = []
        self.timeouts = []
        self.user_agents = []
        # What the task under test was given; a test that passes other connection options sets these.
        self.clock = clock
        self.base_url = base_url
        self.verify = verify
        self.api_timeout = api_timeout

    def connected_as(self, args):
        """Expect the connection options of module arguments ``args`` (their defaults where absent)."""
        self.verify = args.get('validate_certs', True)
        self.api_timeout = args.get('api_timeout', 30)
        self.base_url = args.get('api_url', self.base_url)
        return self

    def expect(self, action, params, response, region='KR'):
        """Expect ``action`` in ``region`` with exactly these query ``params`` (besides regionCode/responseFormatType)."""
        self.script.append((action, params, response, region))
        return self

    def send(self, prepared, **kwargs):
        url = urlsplit(prepared.url)
        target = url.path + '?' + url.query
        headers = prepared.headers
        assert prepared.method == 'GET'
        assert headers['x-ncp-iam-access-key'] == ACCESS_KEY
        assert headers['x-ncp-apigw-signature-v2'] == signature(SECRET_KEY, 'GET', target, headers['x-ncp-apigw-timestamp'], ACCESS_KEY), (
            'signature does not cover the URL sent'
        )
        if self.clock is not None:
            assert headers['x-ncp-apigw-timestamp'] == '%d' % int(self.clock.now * 1000), 'timestamp is not the clock in ms'
        self.check_transport(url, headers, kwargs)
        pairs = parse_qsl(url.query, keep_blank_values=True)
        action = url.path.rsplit('/', 1)[-1]
        self.sent.append((action, pairs))
        self.user_agents.append(headers.get('User-Agent'))
        assert self.script, 'unexpected request %s %s' % (action, pairs)
        expected_action, expected_params, response, region = self.script.pop(0)
        assert (action, pairs[0], pairs[-1]) == (expected_action, ('regionCode', region), ('responseFormatType', 'json'))
        assert dict(pairs[1:-1]) == expected_params, 'query of %s' % action
        if isinstance(response, Exception):
            raise response
        return response

    def check_transport(self, url, headers, kwargs):
        """How the request goes out: where to, TLS, redirects, timeout, streaming (see the module docstring)."""
        assert '%s://%s' % (url.scheme, url.netloc) == self.base_url.rstrip('/'), 'sent to %s://%s' % (url.scheme, url.netloc)
        assert re.fullmatch(r'/vserver/v2/[A-Za-z]+', url.path), 'path %s' % url.path
        assert not url.fragment
        assert headers['Accept'] == 'application/json'
        assert sorted(kwargs) == ['allow_redirects', 'stream', 'timeout', 'verify'], kwargs
        assert kwargs['verify'] is self.verify, 'verify=%r, the task has validate_certs=%r' % (kwargs['verify'], self.verify)
        assert kwargs['allow_redirects'] is False
        assert kwargs['stream'] is True
        timeout = kwargs['timeout']
        assert isinstance(timeout, (int, float)) and 0 < timeout <= self.api_timeout, 'timeout %r' % (timeout,)
        self.timeouts.append(timeout)

    @property
    def actions(self):
        return [action for action, dummy in self.sent]


def snapshot(
    number,
    name='snap-a',
    status='CREAT',
    operation='NULL',
    snapshot_type='FULL',
    volume='3081227',
    created='2026-11-27T09:00:00+0900',
    depth=0,
    base='',
    volume_type='SSD',
):
    """A snapshot as the vserver API returns it."""
    return {
        'blockStorageSnapshotInstanceNo': number,
        'blockStorageSnapshotName': name,
        'blockStorageSnapshotVolumeSize': 53687091200,
        'originalBlockStorageInstanceNo': volume,
        'blockStorageSnapshotInstanceStatus': {'code': status, 'codeName': 'Block Storage %s State' % status},
        'blockStorageSnapshotInstanceOperation': {'code': operation, 'codeName': 'Block Storage %s OP' % operation},
        'blockStorageSnapshotInstanceStatusName': {'INIT': 'creating', 'TERMT': 'terminating'}.get(status if status == 'INIT' else operation, 'created'),
        'createDate': created,
        'isEncryptedOriginalBlockStorageVolume': False,
        'blockStorageSnapshotDescription': '',
        'snapshotType': {'code': snapshot_type, 'codeName': snapshot_type.title() + ' Storage Snapshot'},
        'baseSnapshotInstanceNo': base,
        'snapshotChainDepth': depth,
        'isBootable': False,
        'hypervisorType': {'code': 'XEN' if volume_type in ('SSD', 'HDD') else 'KVM'},
        'blockStorageVolumeType': {'code': volume_type, 'codeName': volume_type},
    }


def volume(number='3081227'):
    """A block-storage volume as the vserver API returns it."""
    return {
        'blockStorageInstanceNo': number,
        'blockStorageName': 'db-data',
        'blockStorageSize': 53687091200,
        'isEncryptedVolume': False,
        'hypervisorType': {'code': 'XEN', 'codeName': 'XEN'},
        'blockStorageVolumeType': {'code': 'SSD', 'codeName': 'SSD'},
        'regionCode': 'KR',
        'zoneCode': 'KR-2',
    }
