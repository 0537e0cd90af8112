# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Connection options shared by every ncloud.vserver module."""

    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - NCP API access key ID.
      - If not set, the environment variables E(NCLOUD_ACCESS_KEY) and then E(NCLOUD_ACCESS_KEY_ID) are used,
        and then C(ncloud_access_key_id) from C(~/.ncloud/configure) on the host that runs the module.
    type: str
  secret_key:
    description:
      - NCP API secret key matching O(access_key). Never logged or returned.
      - If not set, the environment variables E(NCLOUD_SECRET_KEY) and then E(NCLOUD_SECRET_ACCESS_KEY) are used,
        and then C(ncloud_secret_access_key) from C(~/.ncloud/configure) on the host that runs the module.
    type: str
  region:
    description:
      - NCP region code the request is made in, for example V(KR), V(SGN) or V(JPN) on the public site, V(FKR) on the
        financial site.
      - Always sent with every request as C(regionCode), so resources outside the first region are never missed.
      - If not set, the environment variable E(NCLOUD_REGION) is used, and else the site's own region
        V(KR) for O(site=public) and O(site=gov), V(FKR) for O(site=fin) (the region every public script and the
        vendor's Terraform tests use on the financial gateway).
      - 2 to 10 capital letters and digits, starting with a letter.
    type: str
    aliases: [region_code]
  site:
    description:
      - Which NCP site to talk to; picks the API gateway host.
      - V(public) is C(ncloud.apigw.ntruss.com), V(gov) is C(ncloud.apigw.gov-ntruss.com),
        V(fin) is C(fin-ncloud.apigw.fin-ntruss.com).
      - Ignored when O(api_url) is set.
      - If not set, the environment variable E(NCLOUD_SITE) is used.
    type: str
    default: public
    choices: [public, gov, fin]
  api_url:
    description:
      - Base URL of the API gateway, without C(/vserver/v2), for example V(http://127.0.0.1:8080) for the
        collection's local emulator. Overrides O(site).
      - If not set, the environment variable E(NCLOUD_API_GW) is used, as the vendor's SDKs do.
      - An C(http) or C(https) URL with a host, and no query, fragment or user name.
    type: str
  validate_certs:
    description:
      - Whether to verify the gateway's TLS certificate. Only set to V(false) against a test endpoint.
    type: bool
    default: true
  api_timeout:
    description:
      - Seconds one API request may take, reading the whole reply included, before that attempt is given up.
      - 1 to 3600.
    type: int
    default: 30
  api_retries:
    description:
      - How many times a failed read is retried after throttling (HTTP 429), server errors (5xx) or a
        lost connection, with jittered exponential backoff that honours C(Retry-After).
      - A create or delete is resent only when NCP's reply proves it was not applied, or after looking up
        whether it was; see the module notes.
      - 0 to 20. Throttling that NCP reports as a quota (HTTP 429 with gateway code 400) is never retried.
    type: int
    default: 3
  api_rate_limit:
    description:
      - Most API requests a second, shared by every task that uses the same O(access_key) on the same gateway at the
        same time on this host, whichever process runs it (each fork of C(ansible-playbook) is one), retries included.
        Requests are spaced evenly; a task waits for its turn within its own time bounds.
      - NCP publishes no rate limits for this API; set this below what your account is allowed when many tasks run at
        once (for example V(18) for a gateway that throttles at 20 a second).
      - Whether set or not, a throttled reply (HTTP 429 with gateway code 410 or 420) makes every task using the key on this
        host wait out the backoff (or C(Retry-After)) together, not only the task that was refused.
        The shared state is a small file per key and gateway in a private directory under the temporary directory
        (C($TMPDIR/ncloud-vserver-<uid>)), named by a hash of the key; the key itself is never written.
      - If not set, the environment variable E(NCLOUD_API_RATE_LIMIT) is used; else requests are not limited.
      - More than 0 and at most 1000.
    type: float
    version_added: 0.4.0
requirements:
  - requests
notes:
  - Requests are signed with HMAC-SHA256 as the NCP API gateway requires; keys and signatures never appear
    in the task's output or error messages.
  - Where the task runs (since 0.4.0). A task that runs on the controller (the local connection, as for
    C(localhost) or a task delegated to C(localhost)) runs inside Ansible's worker process, through the module's action
    plugin, with the same options, checks, result, check and diff mode and C(no_log) scrubbing, and one HTTP
    session for all items of a loop. It runs as a module process instead (the usual way) with any other
    connection, C(become), C(async), a task C(environment), an C(ansible_python_interpreter) that is not the
    controller's own Python (unset or V(auto) counts as the controller's), or when C(requests) cannot be
    imported on the controller.
  - To always run the module, set the variable C(ncloud_vserver_execution=module) (inventory, play or task vars)
    or the environment variable E(NCLOUD_VSERVER_EXECUTION=module) on the controller; the variable wins. The
    default is V(auto). Requests name the path in their C(User-Agent) (V(controller) or V(module)).
'''
