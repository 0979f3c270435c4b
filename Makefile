# The two set-up commands of the README. Both bootstrap a fresh machine first.
VENV ?= .venv

.PHONY: demo test bootstrap

bootstrap:
	@VENV=$(VENV) scripts/bootstrap

demo: bootstrap
	$(VENV)/bin/playbook demo

test: bootstrap
	$(VENV)/bin/pytest
