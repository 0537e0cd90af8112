# ncloud.vserver: test harness.
#
#   make test            sanity and units on three ansible-core lines, integration on two, the emulator, reliability,
#                        ecosystem and release checks
#   make demo            the demo playbook (docs/demo.yml) against a local emulator
#   make sanity | units | emulator-tests | reliability-tests | integration      one step
#   make clean           remove venvs (nox's too), build copies and test output
#   make ecosystem       lint, docs, changelog, action group, execution environment and AWX checks,
#                        galaxy-importer on the built tarball, actionlint, ruff (some through nox: antsibull-nox.toml)
#   make release-check   build the tarball, check what it holds, install it, run the demo from it
#   make docs | changelog   regenerate docs/reference/ | CHANGELOG.md (then commit them)
#
# Everything is installed here, from PyPI, into .venv-* in the checkout; nothing by hand.
# ansible-test runs with --venv: it builds its own virtualenvs (requirements from PyPI) and
# bootstraps pip in them with scripts/get_pip_offline.py (see scripts/install-get-pip-cache.py).
#
# Three ansible-core lines are tested:
#   core219  ansible-core 2.19.x on Python 3.11 (.venv-311)  the oldest meta/runtime.yml allows
#   coreNEW  the newest ansible-core Python 3.12 gets (.venv-312)
#   core220  ansible-core 2.20.x on Python 3.13 (.venv-313)     sanity and units only

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

ROOT := $(CURDIR)
BUILD := $(ROOT)/.build
RESULTS := $(BUILD)/results.txt
# python3.X links to every interpreter on the machine, so ansible-test finds them by name
PYBIN := $(BUILD)/bin

PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null || echo $${PYENV_ROOT:-})
# An interpreter by name: on PATH if it really runs there (a pyenv shim of an inactive
# version does not), else the newest $(pyenv root)/versions/X.*/bin/pythonX.
find_python = $(or $(shell p=$$(command -v python$(1) 2>/dev/null) && $$p -c 'import sys; print(sys.executable)' 2>/dev/null),$(lastword $(sort $(wildcard $(PYENV_ROOT_DIR)/versions/$(1).*/bin/python$(1)))),$(error python$(1) not found on PATH or under $(PYENV_ROOT_DIR)/versions))

PY311 = $(call find_python,3.11)
PY312 = $(call find_python,3.12)

CORE219_SPEC := ansible-core>=2.19,<2.20
CORENEW_SPEC := ansible-core

VENV_311 := $(ROOT)/.venv-311
VENV_312 := $(ROOT)/.venv-312
# the dev virtualenv (requirements-dev.txt) for the emulator suite and the demo
DEV_VENV := $(VENV_311)

VENV_DEPS := requirements-dev.txt scripts/requirements-ansible-test.txt

# ansible-test wants the collection under .../ansible_collections/ncloud/vserver; one copy
# per ansible-core line, so their tests/output (and ansible-test's venvs there) stay apart.
# The copies sit inside this git checkout, where .build/ is ignored: ansible-test would walk up
# to our .git, list the files git tracks below the copy (none) and skip every target. Setting
# ANSIBLE_TEST_CONTENT_ROOT (what ansible-test itself sets when it delegates) stops the walk.
COLL_219 := $(BUILD)/core219/ansible_collections/ncloud/vserver
COLL_NEW := $(BUILD)/coreNEW/ansible_collections/ncloud/vserver

ANSIBLE_TEST_OPTS := --venv --color no

# Steps `make test` runs.
TEST_STEPS := sanity units emulator-tests reliability-tests integration
TEST_STEPS += ecosystem release-check

# Integration targets run against a local emulator that lives as long as the ansible-test run;
# short delays keep the run quick while still exercising the waits.
WITH_EMULATOR = $(ROOT)/scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 1 --delete-delay 1 -- \
    $(ROOT)/scripts/integration.sh

.PHONY: test demo bench sanity units emulator-tests reliability-tests integration venvs clean \
        sanity-core219 sanity-coreNEW units-core219 units-coreNEW \
        integration-core219 integration-coreNEW _prepare

# ---------------------------------------------------------------------------------------------
# make test: every step runs (make -k) so one failure does not hide the others; then a summary.
test:
	@rm -f $(RESULTS)
	@status=0; $(MAKE) --no-print-directory -k $(TEST_STEPS) || status=$$?; \
	 printf '\n==================== summary ====================\n'; \
	 cat $(RESULTS) 2>/dev/null || echo "no step ran"; \
	 if [ $$status -eq 0 ]; then echo "make test: all steps PASSED"; else echo "make test: FAILED"; fi; \
	 exit $$status

sanity: sanity-core219 sanity-coreNEW
units: units-core219 units-coreNEW
integration: integration-core219 integration-coreNEW
venvs: $(VENV_311)/.stamp $(VENV_312)/.stamp

# ---------------------------------------------------------------------------------------------
# Virtualenvs. A stamp records a finished install; it is redone when a requirements file changes.
# $(call make_venv,VENV,PYTHON,ansible-core requirement)
# (`sed -n 1p`, not `head -1`: head exits early and ansible then dies of a broken pipe under pipefail)
define make_venv
	@printf '\n==================== venv: %s ====================\n' "$(1) ($(3))"
	rm -rf $(1)
	$(2) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet '$(3)' -r requirements-dev.txt -r scripts/requirements-ansible-test.txt
	$(1)/bin/ansible --version | sed -n 1p
	touch $(1)/.stamp
endef

$(VENV_311)/.stamp: $(VENV_DEPS)
	$(call make_venv,$(VENV_311),$(PY311),$(CORE219_SPEC))

$(VENV_312)/.stamp: $(VENV_DEPS)
	$(call make_venv,$(VENV_312),$(PY312),$(CORENEW_SPEC))

# Per run (cheap): interpreter links, and the get-pip stand-in in ~/.ansible/test/cache for
# the pip version(s) each installed ansible-test asks for.
_prepare: $(VENV_311)/.stamp $(VENV_312)/.stamp
	@scripts/python-bin-dir.sh $(PYBIN)
	@$(VENV_311)/bin/python scripts/install-get-pip-cache.py
	@$(VENV_312)/bin/python scripts/install-get-pip-cache.py

# $(call ansible_test,VENV,COLLECTION COPY,STEP NAME,ansible-test arguments[,command to run it through])
define ansible_test
	@scripts/sync-collection.sh $(2)
	@cd $(2) && PATH=$(1)/bin:$(PYBIN):$$PATH ANSIBLE_TEST_CONTENT_ROOT=$(2) $(ROOT)/scripts/step.sh $(RESULTS) "$(3)" \
	    $(5) $(1)/bin/ansible-test $(4) $(ANSIBLE_TEST_OPTS)
endef

sanity-core219: _prepare
	$(call ansible_test,$(VENV_311),$(COLL_219),sanity (core 2.19/py3.11),sanity)
sanity-coreNEW: _prepare
	$(call ansible_test,$(VENV_312),$(COLL_NEW),sanity (core newest/py3.12),sanity)

units-core219: _prepare
	$(call ansible_test,$(VENV_311),$(COLL_219),units (core 2.19/py3.11),units)
units-coreNEW: _prepare
	$(call ansible_test,$(VENV_312),$(COLL_NEW),units (core newest/py3.12),units)

emulator-tests: $(DEV_VENV)/.stamp
	@scripts/step.sh $(RESULTS) "emulator-tests" scripts/pytest-suite.sh $(DEV_VENV)/bin/python tests/emulator

# Faults, hostile input and concurrency: the modules run against the emulator (tests/reliability).
reliability-tests: $(DEV_VENV)/.stamp
	@scripts/step.sh $(RESULTS) "reliability-tests" scripts/pytest-suite.sh $(DEV_VENV)/bin/python tests/reliability

# Against the emulator, on the controller's Python; `requests` comes from tests/integration/requirements.txt.
# Both execution paths (docs/performance.md, "Where a task runs") without doubling the time: core 2.19
# runs the tasks in the controller's worker (the default), the newest core as modules.
integration-core219: _prepare
	$(call ansible_test,$(VENV_311),$(COLL_219),integration (core 2.19/py3.11; controller path),integration --python 3.11 --requirements,$(WITH_EMULATOR))
integration-coreNEW: _prepare
	$(call ansible_test,$(VENV_312),$(COLL_NEW),integration (core newest/py3.12; module path),integration --python 3.12 --requirements,env NCLOUD_VSERVER_EXECUTION=module $(WITH_EMULATOR))

# ---------------------------------------------------------------------------------------------
# make demo: docs/demo.yml against a fresh emulator; the checkout itself is the collection.
DEMO_COLLECTIONS := $(BUILD)/demo
demo: $(DEV_VENV)/.stamp
	@mkdir -p $(DEMO_COLLECTIONS)/ansible_collections/ncloud
	@ln -sfn $(ROOT) $(DEMO_COLLECTIONS)/ansible_collections/ncloud/vserver
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	    scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 2 --delete-delay 1 -- \
	    $(DEV_VENV)/bin/ansible-playbook docs/demo.yml

# ---------------------------------------------------------------------------------------------
# make bench: every benchmark against local emulators; each prints its figures with their goals and
# writes its table between its markers in docs/performance.md (rotation_night.py: docs/backups.md);
# commit the docs. Benchmarks, not tests: not in TEST_STEPS. About 37 minutes.
BENCHMARKS := bench task_overhead rotation_night emulator_throughput wait_schedule rate_limit_storm info_scale inventory_scale
bench: $(DEV_VENV)/.stamp
	@set -e; for script in $(BENCHMARKS); do $(DEV_VENV)/bin/python benchmarks/$$script.py; done

# ---------------------------------------------------------------------------------------------
# ansible-core 2.20 on Python 3.13: sanity and units (meta/runtime.yml claims every core from 2.19).
PY313 = $(call find_python,3.13)
CORE220_SPEC := ansible-core>=2.20,<2.21
VENV_313 := $(ROOT)/.venv-313
COLL_220 := $(BUILD)/core220/ansible_collections/ncloud/vserver

sanity: sanity-core220
units: units-core220
venvs: $(VENV_313)/.stamp

$(VENV_313)/.stamp: $(VENV_DEPS)
	$(call make_venv,$(VENV_313),$(PY313),$(CORE220_SPEC))

# the get-pip stand-in for the pip version ansible-test 2.20 asks for (see _prepare)
_prepare-core220: _prepare $(VENV_313)/.stamp
	@$(VENV_313)/bin/python scripts/install-get-pip-cache.py

sanity-core220: _prepare-core220
	$(call ansible_test,$(VENV_313),$(COLL_220),sanity (core 2.20/py3.13),sanity)
units-core220: _prepare-core220
	$(call ansible_test,$(VENV_313),$(COLL_220),units (core 2.20/py3.13),units)

# ---------------------------------------------------------------------------------------------
# The Ansible ecosystem: lint, docs, changelog, execution environments, AWX, the release tarball.
# The tools (scripts/requirements-tools.txt) get their own virtualenv: ansible-lint pulls the
# newest ansible-core, which must not replace 2.19 in .venv-311. It also gets the collection's
# execution-environment requirements, since the AWX job test runs the modules on its Python.
VENV_TOOLS := $(ROOT)/.venv-tools
# .venv-nox: nox with antsibull-nox (noxfile.py, antsibull-nox.toml): each session builds its own
# virtualenv under .nox/ with the packages antsibull-nox.toml pins;
# it also holds actionlint and pre-commit (scripts/requirements-nox.txt).
VENV_NOX := $(ROOT)/.venv-nox
NOX := $(VENV_NOX)/bin/nox --no-color
TOOLS_COPY := $(BUILD)/tools/ansible_collections/ncloud/vserver
ECOSYSTEM_STEPS := check-action-group check-examples lint check-docs check-changelog check-ee ecosystem-tests
ECOSYSTEM_STEPS += build-import-check workflow-lint ruff
venvs: $(VENV_TOOLS)/.stamp $(VENV_NOX)/.stamp

.PHONY: ecosystem release-check docs changelog _prepare-core220 sanity-core220 units-core220 \
        $(ECOSYSTEM_STEPS) _tools-copy

ecosystem: $(ECOSYSTEM_STEPS)

$(VENV_TOOLS)/.stamp: scripts/requirements-tools.txt meta/ee-requirements.txt
	@printf '\n==================== venv: %s ====================\n' "$(VENV_TOOLS) (ecosystem tools)"
	rm -rf $(VENV_TOOLS)
	$(PY312) -m venv $(VENV_TOOLS)
	$(VENV_TOOLS)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_TOOLS)/bin/python -m pip install --quiet -r scripts/requirements-tools.txt -r meta/ee-requirements.txt
	$(VENV_TOOLS)/bin/ansible --version | sed -n 1p
	touch $(VENV_TOOLS)/.stamp

$(VENV_NOX)/.stamp: scripts/requirements-nox.txt
	@printf '\n==================== venv: %s ====================\n' "$(VENV_NOX) (nox, antsibull-nox)"
	rm -rf $(VENV_NOX)
	$(PY312) -m venv $(VENV_NOX)
	$(VENV_NOX)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_NOX)/bin/python -m pip install --quiet -r scripts/requirements-nox.txt
	touch $(VENV_NOX)/.stamp

# A copy of the collection under ansible_collections/ncloud/vserver for the tools that need one.
_tools-copy:
	@scripts/sync-collection.sh $(TOOLS_COPY)

# the action group (the extra-checks nox session), then each module's action plugin
check-action-group: $(VENV_NOX)/.stamp $(DEV_VENV)/.stamp
	@scripts/step.sh $(RESULTS) "check-action-group" bash -c '$(NOX) -e extra-checks && $(DEV_VENV)/bin/python scripts/check-action-plugins.py'
check-examples: $(DEV_VENV)/.stamp
	@scripts/step.sh $(RESULTS) "check-examples (coverage)" $(DEV_VENV)/bin/python scripts/check-examples-coverage.py
lint: $(VENV_TOOLS)/.stamp _tools-copy
	@scripts/step.sh $(RESULTS) "lint (ansible-lint)" scripts/lint-collection.sh $(VENV_TOOLS) $(TOOLS_COPY)
# antsibull-docs lint-collection-docs (the docs-check nox session), then docs/reference/ current and rstcheck-clean
check-docs: $(VENV_NOX)/.stamp $(VENV_TOOLS)/.stamp _tools-copy
	@scripts/step.sh $(RESULTS) "check-docs (antsibull-docs)" \
	    bash -c '$(NOX) -e docs-check && scripts/check-docs.sh $(VENV_TOOLS) $(TOOLS_COPY) $(BUILD)/docs-check'
check-changelog: $(VENV_TOOLS)/.stamp
	@scripts/step.sh $(RESULTS) "check-changelog" scripts/check-changelog.sh $(VENV_TOOLS)
check-ee: $(VENV_TOOLS)/.stamp
	@scripts/step.sh $(RESULTS) "check-ee (ansible-builder)" scripts/check-ee.sh $(VENV_TOOLS) $(BUILD)/ee-check
# The tarball `ansible-galaxy collection build` makes, through galaxy-importer as Galaxy runs it on upload.
build-import-check: $(VENV_NOX)/.stamp
	@scripts/step.sh $(RESULTS) "build-import-check (galaxy-importer)" $(NOX) -e build-import-check
# .github/workflows/ with actionlint (expressions, matrix keys, action inputs, shellcheck of run: when on PATH).
workflow-lint: $(VENV_NOX)/.stamp
	@scripts/step.sh $(RESULTS) "workflow-lint (actionlint)" $(VENV_NOX)/bin/actionlint
# ruff check and ruff format --check on every tracked Python file, as the pre-commit hooks run them;
# pre-commit keeps its hook environment under .build/ rather than in HOME.
ruff: $(VENV_NOX)/.stamp
	@PRE_COMMIT_HOME=$(BUILD)/pre-commit scripts/step.sh $(RESULTS) "ruff (pre-commit)" \
	    $(VENV_NOX)/bin/pre-commit run --all-files --color never
# The AWX job tests (ansible-runner) and the tarball checker's own tests, against the emulator. The
# sliced-job test starts an emulator of its own (a fleet), on the dev virtualenv's Python: the tools
# virtualenv has no werkzeug.
ecosystem-tests: $(VENV_TOOLS)/.stamp $(DEV_VENV)/.stamp
	@NCLOUD_EMULATOR_PYTHON=$(DEV_VENV)/bin/python scripts/step.sh $(RESULTS) "ecosystem-tests (AWX jobs)" \
	    scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 1 --delete-delay 1 -- \
	    scripts/pytest-suite.sh $(VENV_TOOLS)/bin/python tests/ecosystem

# The release tarball, with the oldest ansible-core the collection supports (2.19).
release-check: $(DEV_VENV)/.stamp
	@scripts/step.sh $(RESULTS) "release-check" \
	    scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 1 --delete-delay 1 -- \
	    scripts/release-check.sh $(DEV_VENV) $(BUILD)/release

# Regenerate what the checks compare against; commit the result.
docs: $(VENV_TOOLS)/.stamp _tools-copy
	scripts/generate-docs.sh $(VENV_TOOLS) $(TOOLS_COPY) docs/reference
changelog: $(VENV_TOOLS)/.stamp
	scripts/update-changelog.sh $(VENV_TOOLS)

clean:
	rm -rf $(BUILD) $(ROOT)/.venv-* $(ROOT)/tests/output $(ROOT)/.nox $(ROOT)/.ruff_cache

# ---------------------------------------------------------------------------------------------
# make mutation: how much of plugins/module_utils the unit tests pin. mutmut mutates every file
# there (whatever files it holds when run) and runs tests/unit with plain pytest against each
# mutant; prints the score per file and overall, writes tests/output/mutation/scores.json and
# survivors.txt. Not part of `make test` (a measure, not a pass/fail check). 3 minutes on 2 idle
# cores for the whole set (10 on a busy machine); see docs/mutation.md.
#   make mutation FILES='_base.py _client*'   only these files of plugins/module_utils
#   make mutation REV=HEAD                    a committed revision instead of the working tree
# mutmut gets its own virtualenv (pinned in tests/mutation/requirements.txt).
VENV_MUTATION := $(ROOT)/.venv-mutation
FILES ?=
REV ?=
MUTATION_JOBS ?= $(shell nproc)

.PHONY: mutation

$(VENV_MUTATION)/.stamp: tests/mutation/requirements.txt
	@printf '\n==================== venv: %s ====================\n' "$(VENV_MUTATION) (mutmut)"
	rm -rf $(VENV_MUTATION)
	$(PY311) -m venv $(VENV_MUTATION)
	$(VENV_MUTATION)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_MUTATION)/bin/python -m pip install --quiet -r tests/mutation/requirements.txt
	touch $(VENV_MUTATION)/.stamp

mutation: $(VENV_MUTATION)/.stamp
	$(VENV_MUTATION)/bin/python tests/mutation/run_mutation.py --files '$(FILES)' --rev '$(REV)' --jobs $(MUTATION_JOBS)
