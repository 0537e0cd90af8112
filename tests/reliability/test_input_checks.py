# -*- coding: utf-8 -*-
"""Issue 10, case 8: bad input fails with a clear message naming the option, before any request.

``failure.action`` is None for an input error: no API call was involved.
"""

import pytest

from core_checks import XEN_SSD, failure, no_crash, task

BAD = {
    'description-not-utf8': (dict(description='snap \udc80 text'), 'description', ()),
    'api_timeout-huge': (dict(api_timeout=10000000000), 'api_timeout', ('3600',)),
    'api_retries-too-many': (dict(api_retries=21), 'api_retries', ('20',)),
    'region-trailing-newline': (dict(region='KR\n'), 'region', ()),
    'api_url-query': (dict(api_url='{url}/?debug=1'), 'api_url', ()),
    'api_url-fragment': (dict(api_url='{url}/#top'), 'api_url', ()),
    'api_url-user-info': (dict(api_url='http://user:pass@{host}'), 'api_url', ()),
}


@pytest.mark.core_pending
@pytest.mark.parametrize('case', sorted(BAD))
def test_case08_bad_input_fails_naming_the_option_before_any_request(fresh, run, case):
    extra, option, words = BAD[case]
    host = fresh.url.split('//', 1)[1]
    extra = {key: value.format(url=fresh.url, host=host) if key == 'api_url' else value for key, value in extra.items()}
    result = run(dict(task(fresh, block_storage_instance_no=XEN_SSD, name='c08-input'), **extra))
    no_crash(result)
    msg = result.get('msg') or ''
    assert result.get('failed') and option in msg, result
    assert all(word in msg for word in words), msg
    assert fresh.request_count() == 0, '%d requests were sent: %s' % (fresh.request_count(), fresh.requests())
    assert failure(result)['action'] is None
