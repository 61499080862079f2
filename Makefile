VENV ?= .venv
PY := $(VENV)/bin/python
PLAN ?= sample_events/meetup.toml

.PHONY: run test lint lock bench clean browser

# Installs exactly the versions in requirements.lock (the whole tree, tested together), then
# runofshow itself without resolving anything again. `make lock` refreshes the lock.
$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/runofshow run $(PLAN)

test: $(VENV)/.installed browser
	$(PY) -m pytest

# ruff (lint and format), mypy over src/ and the import-linter layer contracts.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

lock: $(VENV)/.installed
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --extra test --extra lint --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.lock pyproject.toml

# The browser and print tests drive Debian's chromium, pdftotext (poppler-utils) and faketime.
# They are installed only in CI (CI=true) or when asked (make test BROWSER=1), and only where
# apt-get can (root); otherwise the tests that need them skip, saying why.
SYSTEM_TOOLS := chromium:chromium pdftotext:poppler-utils faketime:faketime
browser:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$${CI:-}" != true ] && [ "$(BROWSER)" != 1 ]; then \
	    echo "not installed:$$missing; the tests that need them will be skipped (make test BROWSER=1 installs them)"; \
	  elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's$$missing for the browser tests..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; } \
	      >/tmp/runofshow-apt-install.log 2>&1 \
	      || echo "could not install$$missing (see /tmp/runofshow-apt-install.log): the tests that need them will be skipped"; \
	  else \
	    echo "not installed:$$missing, and apt-get needs root: the tests that need them will be skipped"; \
	  fi; \
	fi

bench: $(VENV)/.installed
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build src/*.egg-info
