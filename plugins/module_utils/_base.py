# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every ncloud.vserver module shares: the connection options and building the client.

Private to the ncloud.vserver collection: not a public API, may change without notice.
"""

from __future__ import annotations

import os
import re
import time
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback

from ._client import GATEWAYS, NcloudClient
from ._errors import ModuleError
from ._rate_limit import MAX_RATE, RateLimit

CONFIG_FILE = '~/.ncloud/configure'
# The collection's version (galaxy.yml's; a unit test keeps them equal): a module cannot read
# galaxy.yml, only module_utils travel with it.
COLLECTION_VERSION = '0.5.0'
# How a request's task runs: a module on the target, in the controller's worker, or the inventory plugin.
EXECUTIONS = ('module', 'controller', 'inventory')


def connection_argument_spec():
    """The connection options; documented once in the ncloud.vserver.connection doc fragment."""
    return dict(
        access_key=dict(type='str', no_log=False, fallback=(env_fallback, ['NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID'])),
        secret_key=dict(type='str', no_log=True, fallback=(env_fallback, ['NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY'])),
        region=dict(type='str', aliases=['region_code'], fallback=(env_fallback, ['NCLOUD_REGION'])),
        site=dict(type='str', default='public', choices=sorted(GATEWAYS), fallback=(env_fallback, ['NCLOUD_SITE'])),
        api_url=dict(type='str', fallback=(env_fallback, ['NCLOUD_API_GW'])),
        validate_certs=dict(type='bool', default=True),
        api_timeout=dict(type='int', default=30),
        api_retries=dict(type='int', default=3),
        api_rate_limit=dict(type='float', fallback=(env_fallback, ['NCLOUD_API_RATE_LIMIT'])),
    )


def user_agent(execution):
    """The User-Agent of every request: the collection and the path that ran the task (module or controller).

    It tells NCP's logs (and the emulator's request log, which tests read) which path sent a request.
    """
    if execution not in EXECUTIONS:
        raise ValueError('execution must be one of %s, got %r' % (', '.join(EXECUTIONS), execution))
    return 'ncloud.vserver/%s (%s)' % (COLLECTION_VERSION, execution)


def read_config_file(path=CONFIG_FILE):
    """``key = value`` pairs of the vendor CLI's configuration file; {} when there is none.

    The file is INI-like (a ``[DEFAULT]`` header, then ``ncloud_access_key_id = ...``); section
    headers and comments are skipped, the first value of a key wins.
    """
    try:
        with open(os.path.expanduser(path), encoding='utf-8') as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    values = {}
    for line in lines:
        match = re.match(r'\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$', line)
        if match:
            values.setdefault(match.group(1), match.group(2))
    return values


# The region a site's resources live in when the task names none: the financial site's is FKR.
SITE_REGIONS = {'public': 'KR', 'gov': 'KR', 'fin': 'FKR'}
REGION_PATTERN = re.compile(r'[A-Z][A-Z0-9]{1,9}')
LIMITS = {'api_timeout': (1, 3600), 'api_retries': (0, 20)}


def region_of(params):
    """The region the task works in: the option (or NCLOUD_REGION), else the site's own region."""
    return params['region'] if params['region'] is not None else SITE_REGIONS[params['site']]


def check_connection_options(params):
    """The connection options' rules, checked before anything is sent; each message names the option."""
    for option, (low, high) in LIMITS.items():
        if not low <= params[option] <= high:
            raise ModuleError('%s must be from %d to %d, got %d' % (option, low, high, params[option]))
    rate = params.get('api_rate_limit')
    if rate is not None and not 0 < rate <= MAX_RATE:  # NaN fails this too
        raise ModuleError('api_rate_limit must be more than 0 and at most %d requests a second, got %s; nothing was sent to NCP' % (MAX_RATE, rate))
    url = params['api_url']
    if url is not None:
        parts = urlsplit(url) if url.isprintable() else None
        if parts is None or parts.scheme not in ('http', 'https') or not parts.hostname or set('?#@') & set(url):
            raise ModuleError(
                'api_url must be an http:// or https:// URL with a host and without query, fragment or user '
                'name, such as https://ncloud.apigw.ntruss.com; got %r' % url
            )
    region = region_of(params)
    if not REGION_PATTERN.fullmatch(region):
        raise ModuleError(
            'region must be an NCP region code of 2 to 10 capital letters and digits starting with a letter, such as KR, SGN or FKR; got %r' % region
        )


def client_from_params(params, execution='module', session_for=None):
    """An :class:`NcloudClient` for the module's connection options; keys missing is an error.

    Keys come from the options (or their environment variables) and else from the vendor CLI's
    file, so a host already set up for the ``ncloud`` CLI needs nothing more. ``execution`` names
    the path that runs the task in the User-Agent; ``session_for(base_url, validate_certs)``, when
    given, lends the HTTP session (the controller path keeps one per worker process).
    """
    check_connection_options(params)
    access_key, secret_key = params['access_key'], params['secret_key']
    if not (access_key and secret_key):
        stored = read_config_file()
        access_key = access_key or stored.get('ncloud_access_key_id')
        secret_key = secret_key or stored.get('ncloud_secret_access_key')
    missing = [name for name, value in (('access_key', access_key), ('secret_key', secret_key)) if not value]
    if missing:
        raise ModuleError(
            '%s missing: set the option, the environment variables NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, '
            'or ncloud_access_key_id and ncloud_secret_access_key in %s; nothing was sent to NCP' % (' and '.join(missing), CONFIG_FILE)
        )
    base_url = params['api_url'] or GATEWAYS[params['site']]
    # Shared even without a limit: a 429 seen by one task then holds back every task on the key.
    limiter = RateLimit(params.get('api_rate_limit'), access_key, base_url, clock=time.time, sleep=time.sleep)
    session = session_for(base_url, params['validate_certs']) if session_for else None
    return NcloudClient(
        access_key,
        secret_key,
        region_of(params),
        base_url,
        validate_certs=params['validate_certs'],
        timeout=params['api_timeout'],
        retries=params['api_retries'],
        session=session,
        clock=time.time,
        sleep=time.sleep,
        limiter=limiter,
        user_agent=user_agent(execution),
    )
