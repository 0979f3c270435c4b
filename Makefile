# The set-up commands of the README. Each bootstraps a fresh machine first, with only what it
# needs: the demo no browser and no test tools; the tests everything (scripts/bootstrap).
VENV ?= .venv

.PHONY: demo demo-app test bootstrap-demo bootstrap-test

bootstrap-demo:
	@VENV=$(VENV) scripts/bootstrap demo

bootstrap-test:
	@VENV=$(VENV) scripts/bootstrap test

# One complete case with real PDFs in uitvoer/demo/.
demo: bootstrap-demo
	$(VENV)/bin/playbook demo

# The same case in the web app at http://127.0.0.1:8000, with demo users and their passwords.
demo-app: bootstrap-demo
	$(VENV)/bin/playbook demo --serveer

test: bootstrap-test
	$(VENV)/bin/pytest
