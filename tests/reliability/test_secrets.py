# -*- coding: utf-8 -*-
"""Secrets: no secret key and no request signature in anything a run writes, even at -vvvv.

Every integration target (tests/integration/targets/*, each a role) and a play of failure paths
(a lost create, a 5xx that outlasts the retries, a wrong key, a missing volume) run with
ansible-playbook -vvvv through ansible-runner against emulators that record the signature of
every request they receive (secret_runs.py; started in the background by conftest.py). The secret
key and every signature seen must appear nowhere in stdout, the job events, the other artifacts,
or Ansible's log file.
"""

import json
import shutil

import harness


def test_no_secret_key_or_signature_in_any_output(secret_runs):
    finished = [run.finish(timeout=600) for run in secret_runs]
    assert all(finished), 'an ansible-playbook run did not finish in 10 minutes'
    haystacks, signatures, events, problems = {}, set(), 0, []
    for run in secret_runs:
        haystacks.update(run.outputs())
        signatures.update(run.emulator.signatures)
        events += len(list(run.runner.events))
        stdout = haystacks['%s/stdout' % run.name]
        if run.runner.rc != 0:
            problems.append('%s: ansible-playbook %s, rc %s; its output ends:\n%s' % (run.name, run.runner.status, run.runner.rc, stdout[-3000:]))
        if 'ESTABLISH LOCAL CONNECTION' not in stdout:
            problems.append('%s: the output is not at -vvvv' % run.name)
    secret = harness.SECRET_KEY
    hits = sorted(
        {
            (kind, where)
            for kind, values in (('secret key', [secret]), ('signature', sorted(signatures)))
            for value in values
            for where, text in haystacks.items()
            if value in text
        }
    )
    harness.write_output(
        'secrets.json',
        json.dumps(
            {
                'runs': [run.name for run in secret_runs],
                'verbosity': '-vvvv',
                'job_events': events,
                'signatures_checked': len(signatures),
                'files_searched': len(haystacks),
                'bytes_searched': sum(len(text) for text in haystacks.values()),
                'hits': hits,
            },
            indent=2,
        ),
    )
    for run in secret_runs:
        shutil.rmtree(run.private, ignore_errors=True)
    assert not problems, '\n\n'.join(problems)
    assert len(signatures) > 100 and events > 100, 'too little was exercised to prove anything'
    assert not hits, hits
