# ncloud.vserver: test harness.
#
#   make test            sanity, units and integration on both ansible-core lines, and the emulator suite
#   make demo            the demo playbook (docs/demo.yml) against a local emulator
#   make sanity | units | emulator-tests | reliability-tests | integration      one step
#   make clean           remove venvs, build copies and test output
#
# Everything is installed here, from PyPI, into .venv-* in the checkout; nothing by hand.
# ansible-test runs with --venv: it builds its own virtualenvs (requirements from PyPI) and
# bootstraps pip in them with scripts/get_pip_offline.py (see scripts/install-get-pip-cache.py).
#
# Two ansible-core lines are tested:
#   core219  ansible-core 2.19.x on Python 3.11 (.venv-311)  the oldest meta/runtime.yml allows
#   coreNEW  the newest ansible-core Python 3.12 gets (.venv-312)

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

# Integration targets run against a local emulator that lives as long as the ansible-test run;
# short delays keep the run quick while still exercising the waits.
WITH_EMULATOR = $(ROOT)/scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 1 --delete-delay 1 -- \
    $(ROOT)/scripts/integration.sh

.PHONY: test demo sanity units emulator-tests reliability-tests integration venvs clean \
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
define make_venv
	@printf '\n==================== venv: %s ====================\n' "$(1) ($(3))"
	rm -rf $(1)
	$(2) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --upgrade pip
	$(1)/bin/python -m pip install --quiet '$(3)' -r requirements-dev.txt -r scripts/requirements-ansible-test.txt
	$(1)/bin/ansible --version | head -1
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
integration-core219: _prepare
	$(call ansible_test,$(VENV_311),$(COLL_219),integration (core 2.19/py3.11),integration --python 3.11 --requirements,$(WITH_EMULATOR))
integration-coreNEW: _prepare
	$(call ansible_test,$(VENV_312),$(COLL_NEW),integration (core newest/py3.12),integration --python 3.12 --requirements,$(WITH_EMULATOR))

# ---------------------------------------------------------------------------------------------
# make demo: docs/demo.yml against a fresh emulator; the checkout itself is the collection.
DEMO_COLLECTIONS := $(BUILD)/demo
demo: $(DEV_VENV)/.stamp
	@mkdir -p $(DEMO_COLLECTIONS)/ansible_collections/ncloud
	@ln -sfn $(ROOT) $(DEMO_COLLECTIONS)/ansible_collections/ncloud/vserver
	ANSIBLE_COLLECTIONS_PATH=$(DEMO_COLLECTIONS) ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
	    scripts/with-emulator.sh $(DEV_VENV)/bin/python --create-delay 2 --delete-delay 1 -- \
	    $(DEV_VENV)/bin/ansible-playbook docs/demo.yml

clean:
	rm -rf $(BUILD) $(ROOT)/.venv-* $(ROOT)/tests/output
