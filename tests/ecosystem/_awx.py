"""What the AWX job tests share: AWX's credential injection, ansible-runner's artifacts, the emulator's control API.

AWX runs a job template's playbook through ansible-runner, with each credential of the job
injected into the environment by its credential type, and stores the job's events and stdout.
The helpers here do the AWX side of that with what docs/awx.md tells users to set up.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = Path(__file__).resolve().parents[2]
AWX_DOCS = ROOT / 'docs' / 'awx'
CONNECTION_VARIABLES = {'NCLOUD_ACCESS_KEY', 'NCLOUD_SECRET_KEY', 'NCLOUD_REGION', 'NCLOUD_SITE', 'NCLOUD_API_GW'}
# Variables the modules also read, which an execution environment does not have either.
OTHER_NCLOUD_VARIABLES = {'NCLOUD_ACCESS_KEY_ID', 'NCLOUD_SECRET_ACCESS_KEY', 'NCLOUD_API_RATE_LIMIT'}
# A request signature: NCP's header with a value, or any base64 HMAC-SHA256 (43 characters and "=").
SIGNATURE = re.compile(r'x-ncp-apigw-signature[-\w]*["\']?\s*[:=]\s*["\']?[A-Za-z0-9+/]{8}|[A-Za-z0-9+/]{43}=', re.IGNORECASE)
# The role's task that takes tonight's snapshots: one blockstorage_snapshot_batch task, a result item a volume.
SNAPSHOT_TASK = "Take tonight's snapshot of every volume in one task, without waiting for each"


def control(emulator, method, path, body=None):
    """Call one of the emulator's /_emulator/ control endpoints; the decoded JSON reply."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(emulator['url'] + '/_emulator/' + path, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.load(reply)


def credential_type():
    return (
        yaml.safe_load((AWX_DOCS / 'credential-type-inputs.yml').read_text(encoding='utf-8')),
        yaml.safe_load((AWX_DOCS / 'credential-type-injectors.yml').read_text(encoding='utf-8')),
    )


def injected_env(credential):
    """The environment variables AWX sets for a credential of our type.

    As AWX's CredentialType.inject_credential does it: a credential lacking a required input is
    refused; inputs left empty are not in the template namespace; each `env` injector is rendered
    in Jinja's immutable sandbox.
    """
    inputs, injectors = credential_type()
    assert set(credential) <= {field['id'] for field in inputs['fields']}, 'not an input of the credential type'
    assert all(credential.get(name) for name in inputs.get('required', [])), 'AWX refuses a credential without these'
    namespace = {name: value for name, value in credential.items() if value}
    sandbox = ImmutableSandboxedEnvironment()
    return {name: sandbox.from_string(template).render(**namespace) for name, template in injectors['env'].items()}


def artifact_dir(job):
    """Where a job's artifacts are: an ansible-runner result's (Runner), or a job's that ran as its own process (FinishedJob)."""
    return Path(job.config.artifact_dir) if hasattr(job, 'config') else Path(job.artifact_dir)


def stdout_of(job):
    return (artifact_dir(job) / 'stdout').read_text(encoding='utf-8', errors='replace')


def task_result(result, task):
    """The module result of `task` from the job events (runner_on_ok or runner_on_failed)."""
    for event in result.events:
        data = event.get('event_data', {})
        if event['event'] in ('runner_on_ok', 'runner_on_failed') and data.get('task') == task:
            return data['res']
    raise AssertionError('no result event for task %r' % task)


def shows_secret(text, secret):
    return secret in text or SIGNATURE.search(text) is not None


def leaks(job, secret):
    """Files of the job's artifacts (job_events/*.json, stdout, ...) that show the secret key or a signature.

    ansible-runner's `command` file is left out: it records the environment the job ran with, the
    injected secret included, as env/envvars does; AWX stores a job's events and stdout, and
    removes the private data directory when the job ends.
    """
    found = []
    root = artifact_dir(job)
    for path in sorted(root.rglob('*')):
        if path.is_file() and path.name != 'command':
            if shows_secret(path.read_text(encoding='utf-8', errors='replace'), secret):
                found.append(str(path.relative_to(root)))
    return found
