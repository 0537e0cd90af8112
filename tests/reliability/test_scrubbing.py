# -*- coding: utf-8 -*-
"""Issue 10, case 12: nothing quoted from a reply carries the secret key, a signature or the access key.

A gateway page answers 401 and echoes the rejected signature and access key, as JSON with a
``details`` field (whose text core-spec.md says is shown, scrubbed) or as an HTML page.
"""

import json

import pytest

import harness
from core_checks import LIST, XEN_SSD, failure, no_crash, task


@pytest.mark.core_pending
@pytest.mark.parametrize('kind', ['echo-401', 'echo-401-html'])
def test_case12_gateway_page_echoing_the_signature_is_scrubbed(fresh, run, kind):
    fresh.add_reply_fault(LIST, kind)
    result = run(task(fresh, block_storage_instance_no=XEN_SSD, name='c12-echo'))
    no_crash(result)
    assert result.get('failed'), result
    shown = json.dumps({key: value for key, value in result.items() if key != 'invocation'})
    leaks = [what for what, value in (('secret key', harness.SECRET_KEY), ('access key', harness.ACCESS_KEY)) if value in shown] + [
        'signature %s' % value for value in fresh.signatures if value in shown
    ]
    assert not leaks, '%s in %s' % (leaks, result['msg'])
    assert 'rejected' in result['msg'], 'the text of the gateway is not shown: %s' % result['msg']
    assert failure(result)['http_status'] == 401
