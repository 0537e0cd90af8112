# -*- coding: utf-8 -*-
# Copyright (c) ncloud.vserver contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
name: ncloud
short_description: NAVER Cloud Platform servers as inventory hosts
version_added: 0.5.0
author:
  - ncloud.vserver maintainers (@ncloud-community)
description:
  - Lists the VPC servers of one or more NAVER Cloud Platform (NCP) regions as hosts, with their volumes as host
    variables in the shape M(ncloud.vserver.blockstorage_info) returns them.
  - Reads each region with three paged listings, however many servers it has
    (C(getServerInstanceList), C(getNetworkInterfaceList) for the private IPs, C(getBlockStorageInstanceList) for the
    volumes), each read to its last page.
  - Every host is in the group C(ncloud); O(keyed_groups), O(groups) and O(compose) add more.
  - The inventory file's name must end in C(ncloud.yml) or C(ncloud.yaml).
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; makes Ansible use it for the file.
    required: true
    type: str
    choices: [ncloud.vserver.ncloud]
  access_key:
    description:
      - NCP API access key ID.
      - If not set, C(ncloud_access_key_id) from C(~/.ncloud/configure) on the controller is used.
    type: str
    env:
      - name: NCLOUD_ACCESS_KEY
      - name: NCLOUD_ACCESS_KEY_ID
  secret_key:
    description:
      - NCP API secret key matching O(access_key). Never shown in the inventory or its cache.
      - If not set, C(ncloud_secret_access_key) from C(~/.ncloud/configure) on the controller is used.
    type: str
    env:
      - name: NCLOUD_SECRET_KEY
      - name: NCLOUD_SECRET_ACCESS_KEY
  regions:
    description:
      - The NCP regions whose servers are listed, for example V(KR), V(SGN) or V(JPN); each is read on its own.
      - If not set, the region in E(NCLOUD_REGION), and else the site's own region (V(KR), or V(FKR) for O(site=fin)).
      - Each 2 to 10 capital letters and digits, starting with a letter.
    type: list
    elements: str
  site:
    description:
      - Which NCP site to talk to; picks the API gateway host, as for the modules. Ignored when O(api_url) is set.
    type: str
    default: public
    choices: [public, gov, fin]
    env:
      - name: NCLOUD_SITE
  api_url:
    description:
      - Base URL of the API gateway, without C(/vserver/v2), for example V(http://127.0.0.1:8080) for the
        collection's local emulator. Overrides O(site).
    type: str
    env:
      - name: NCLOUD_API_GW
  validate_certs:
    description: Whether to verify the gateway's TLS certificate.
    type: bool
    default: true
  api_timeout:
    description: Seconds one API request may take before that attempt is given up; 1 to 3600.
    type: int
    default: 30
  api_retries:
    description:
      - How many times a failed listing request is retried after throttling, server errors or a lost connection,
        with the modules' backoff; 0 to 20.
    type: int
    default: 3
  api_rate_limit:
    description:
      - Most API requests a second, shared with every module task on the same O(access_key) and gateway on this host.
      - If not set, E(NCLOUD_API_RATE_LIMIT); else none.
    type: float
    env:
      - name: NCLOUD_API_RATE_LIMIT
  zones:
    description: Only servers in these zones, for example V(KR-1). Empty means every zone.
    type: list
    elements: str
    default: []
  statuses:
    description:
      - Only servers with these status codes, for example V(RUN) or V(NSTOP). Empty means every status.
      - One status is sent to NCP as the listing's filter; more are applied to the listing.
    type: list
    elements: str
    default: []
  hypervisor_types:
    description: Only servers on these hypervisors, V(XEN) or V(KVM); sent to NCP as the listing's filter.
    type: list
    elements: str
    default: []
  server_spec_codes:
    description: Only servers of these server specs (C(ncloud_server_spec_code)), for example V(s2-g3).
    type: list
    elements: str
    default: []
  name_patterns:
    description:
      - Only servers whose name matches one of these shell-style patterns (C(*), C(?), C([...])), case sensitive,
        for example V(web-*).
    type: list
    elements: str
    default: []
  server_instance_nos:
    description: Only these servers, by server instance number; sent to NCP as the listing's filter.
    type: list
    elements: str
    default: []
  include_volumes:
    description:
      - Whether to read every volume of each region (one more paged listing) into C(ncloud_block_storages).
    type: bool
    default: true
  hostname:
    description:
      - What names a host. Server names are unique within a region; use V(server_instance_no) when several regions
        hold servers of the same name.
      - A server without the chosen value (an IP it does not have) is left out, with a warning.
    type: str
    default: server_name
    choices: [server_name, server_instance_no, private_ip, public_ip]
  connect_with:
    description:
      - Which address becomes C(ansible_host). V(private_ip) suits a controller inside the VPC (an AWX execution node
        there, a bastion); V(public_ip) one outside it.
      - A server without that address gets no C(ansible_host), with a warning.
    type: str
    default: private_ip
    choices: [private_ip, public_ip]
notes:
  - Host variables (all prefixed C(ncloud_)) are C(ncloud_server_instance_no), C(ncloud_server_name),
    C(ncloud_description), C(ncloud_region), C(ncloud_zone), C(ncloud_hypervisor_type) (V(XEN) or V(KVM)),
    C(ncloud_status), C(ncloud_operation), C(ncloud_server_spec_code), C(ncloud_server_product_code),
    C(ncloud_cpu_count), C(ncloud_memory_size) (bytes), C(ncloud_vpc_no), C(ncloud_subnet_no), C(ncloud_private_ip),
    C(ncloud_public_ip), C(ncloud_network_interface_nos) and C(ncloud_block_storages) (the server's volumes, in the
    result shape of M(ncloud.vserver.blockstorage_info)'s RV(ncloud.vserver.blockstorage_info#module:volumes)).
  - Filters the API offers (O(server_instance_nos), O(hypervisor_types), a single status) are sent with the listing;
    the rest are applied to it, so they cost no requests but do not shorten the listing.
  - To rotate snapshots per server, one host a server, run the role C(ncloud.vserver.snapshot_rotation) for each
    host, delegated to C(localhost) (see the collection's docs/awx.md for job slicing).
seealso:
  - module: ncloud.vserver.blockstorage_info
'''

EXAMPLES = r'''
# prod.ncloud.yml: every running server of KR and SGN, grouped by hypervisor and zone, cached for an hour.
# (A second example, web.ncloud.yml, would hold: plugin: ncloud.vserver.ncloud, name_patterns: ['web-*'] and
# connect_with: public_ip, for the web servers of the default region reached on their public IPs.)
plugin: ncloud.vserver.ncloud
regions: [KR, SGN]
statuses: [RUN]
keyed_groups:
  - key: ncloud_hypervisor_type
    prefix: hypervisor
  - key: ncloud_zone
    prefix: zone
groups:
  # servers with at least one volume besides the boot disk
  with_data_volumes: ncloud_block_storages | rejectattr('storage_type', 'equalto', 'BASIC') | list | length > 0
compose:
  # one list of volume numbers per host, for ncloud.vserver.snapshot_rotation
  ncloud_volume_nos: ncloud_block_storages | map(attribute='block_storage_instance_no') | list
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ncloud-inventory
cache_timeout: 3600
'''

import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.ncloud.vserver.plugins.module_utils._base import REGION_PATTERN, client_from_params, region_of
from ansible_collections.ncloud.vserver.plugins.module_utils._errors import ModuleError, NcloudApiError
from ansible_collections.ncloud.vserver.plugins.module_utils._inventory import check_filters, read_region

CONNECTION_OPTIONS = ('access_key', 'secret_key', 'site', 'api_url', 'validate_certs', 'api_timeout', 'api_retries', 'api_rate_limit')
FILTER_OPTIONS = ('zones', 'statuses', 'hypervisor_types', 'server_spec_codes', 'name_patterns', 'server_instance_nos')
ALL_GROUP = 'ncloud'


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = 'ncloud.vserver.ncloud'

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(('ncloud.yml', 'ncloud.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        try:
            self._populate(self._hosts(path, cache))
        except (ModuleError, NcloudApiError) as exc:
            raise AnsibleParserError('ncloud.vserver.ncloud inventory %s: %s' % (path, exc)) from None

    def _hosts(self, path, cache):
        """Every host of every region, from the cache when it may be used and has them."""
        key = self.get_cache_key(path)
        use_cache = self.get_option('cache') and cache
        if use_cache:
            try:
                return self._cache[key]
            except KeyError:
                pass
        hosts = self._read()
        if self.get_option('cache'):
            self._cache[key] = hosts
        return hosts

    def _read(self):
        """Check every option, then read each region in turn (ansible checks the choices of an option)."""
        filters = {option: self.get_option(option) for option in FILTER_OPTIONS}
        check_filters(filters)
        params = {option: self.get_option(option) for option in CONNECTION_OPTIONS}
        # No regions: the modules' region (NCLOUD_REGION, else the site's own).
        regions = self.get_option('regions') or [region_of(dict(params, region=os.environ.get('NCLOUD_REGION') or None))]
        for region in regions:
            if not isinstance(region, str) or not REGION_PATTERN.fullmatch(region):
                raise ModuleError(
                    'regions must hold NCP region codes of 2 to 10 capital letters and digits starting with a '
                    'letter, such as KR, SGN or FKR; got %r' % (region,)
                )
        clients = [client_from_params(dict(params, region=region), execution='inventory') for region in dict.fromkeys(regions)]
        hosts = []
        for client in clients:
            hosts.extend(read_region(client, filters, include_volumes=self.get_option('include_volumes')))
        return hosts

    def _populate(self, hosts):
        hostname, connect_with, strict = self.get_option('hostname'), self.get_option('connect_with'), self.get_option('strict')
        self.inventory.add_group(ALL_GROUP)
        named = {}
        for host in hosts:
            # Both options name a host variable without its prefix; None where the server has no such value.
            name = host['ncloud_' + hostname]
            server = '%s (%s, %s)' % (host['ncloud_server_instance_no'], host['ncloud_server_name'], host['ncloud_region'])
            if name is None:
                self.display.warning('ncloud inventory: server %s has no %s; it is left out' % (server, hostname))
                continue
            if name in named:
                raise ModuleError(
                    'servers %s and %s are both named %r by hostname=%s: set hostname: server_instance_no' % (named[name], server, name, hostname)
                )
            named[name] = server
            self.inventory.add_host(name, group=ALL_GROUP)
            for var, value in host.items():
                self.inventory.set_variable(name, var, value)
            address = host['ncloud_' + connect_with]
            if address:
                self.inventory.set_variable(name, 'ansible_host', address)
            else:
                self.display.warning('ncloud inventory: server %s has no %s; ansible_host is not set' % (server, connect_with))
            host_vars = self.inventory.get_host(name).get_vars()
            self._set_composite_vars(self.get_option('compose'), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), host_vars, name, strict=strict)
