VENV ?= .venv
PY := $(VENV)/bin/python
PLAN ?= sample_events/meetup.toml

.PHONY: run test bench clean browser

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/runofshow run $(PLAN)

test: $(VENV)/.installed browser
	$(PY) -m pytest

# The stage view's browser test drives Debian's chromium: install it when it is missing and
# apt-get can (root); otherwise say so and go on (that one test is then skipped with the reason).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
	      >/tmp/runofshow-chromium-install.log 2>&1 \
	      || echo "could not install chromium (see /tmp/runofshow-chromium-install.log): the browser test will be skipped"; \
	  else \
	    echo "no chromium, and apt-get needs root: the browser test will be skipped"; \
	  fi; }

bench: $(VENV)/.installed
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) build src/*.egg-info
