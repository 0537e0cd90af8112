# -*- coding: utf-8 -*-
"""Clock skew and authentication: each cause of a refused request gets its own, actionable message.

The module runs against the emulator; its clock (the module_utils ``time``) is skewed against the
emulator's, which refuses timestamps more than 5 minutes off with 401 errorCode 200 and sends a
Date header. NCP answers a key without the right policy with 401 errorCode 210; the emulator has
no such key, so harness.ReliabilityEmulator's ``perm`` fault answers it.
"""

import re

import pytest

import harness

VOL = '3081227'
LIST = 'getBlockStorageSnapshotInstanceList'


def task(emulator, **extra):
    return harness.connection(emulator, block_storage_instance_no=VOL, name='auth-snap', api_retries=1, api_timeout=5, **extra)


@pytest.mark.parametrize('skew, word', [(600, 'ahead of'), (-600, 'behind'), (3 * 3600, 'ahead of'), (-86400, 'behind')])
def test_skewed_clock_is_reported_as_such(fresh, run, clock, skew, word):
    result = run(task(fresh), time_source=harness.SkewedTime(clock, skew))
    assert result['failed']
    msg = result['msg']
    seconds = int(re.search(r'local clock is (\d+) seconds (ahead of|behind)', msg).group(1))
    assert abs(seconds - abs(skew)) <= 2 and word in msg, msg
    assert 'NTP' in msg and 'HTTP 401' in msg and 'check access_key' not in msg
    assert fresh.snapshots() == [] and fresh.request_count() == 1  # a 401 is not retried


@pytest.mark.parametrize('skew', [-240, 240])
def test_skew_within_five_minutes_works(fresh, run, clock, skew):
    result = run(task(fresh), time_source=harness.SkewedTime(clock, skew))
    assert not result.get('failed'), result.get('msg')
    assert [snap['blockStorageSnapshotName'] for snap in fresh.snapshots()] == ['auth-snap']


def messages(emulator, run):
    """The message a user gets for each cause of a refused request."""
    found = {}
    found['wrong secret key'] = run(task(emulator, secret_key='not-the-right-secret'))['msg']
    found['wrong access key'] = run(dict(task(emulator), access_key='NOTTHERIGHTACCESSKEY'))['msg']
    found['missing keys'] = run(dict(task(emulator), access_key=None, secret_key=None))['msg']
    found['missing secret key'] = run(dict(task(emulator), secret_key=None))['msg']
    emulator.add_extra_fault(LIST, 'perm', 1)
    found['permission denied'] = run(task(emulator))['msg']
    return found


def test_each_cause_has_its_own_actionable_message(fresh, run):
    found = messages(fresh, run)
    # The gateway's details field says which authentication problem it was (issue 11, point 7).
    assert 'Authentication Failed (Invalid authentication information.). Check access_key and secret_key' in found['wrong secret key']
    assert 'NCP code 200' in found['wrong secret key'] and 'clock' not in found['wrong secret key']
    # NCP answers both the same way; the message names both keys.
    assert found['wrong access key'] == found['wrong secret key']
    assert found['missing keys'].startswith('access_key and secret_key missing: set the option, the environment variables')
    assert 'nothing was sent to NCP' in found['missing keys']
    assert found['missing secret key'].startswith('secret_key missing')
    assert 'NCP code 210' in found['permission denied'] and 'grant the sub account a policy' in found['permission denied']
    assert len({text for cause, text in found.items() if cause != 'wrong access key'}) == 4
    # Only the three requests with keys reached the emulator (wrong secret, wrong access key, permission).
    assert fresh.request_count() == 2 and fresh.snapshots() == []
    for text in found.values():
        assert 'not-the-right-secret' not in text and harness.SECRET_KEY not in text


@pytest.mark.parametrize('access_key', ['KEY WITH SPACE', 'KEY\n', '접근키'])
def test_access_key_that_cannot_be_sent_is_refused_before_sending(fresh, run, access_key):
    result = run(dict(task(fresh), access_key=access_key))
    assert result['failed'] and not result.get('crashed'), result['msg']
    assert 'access_key must be printable ASCII' in result['msg'] and fresh.request_count() == 0
