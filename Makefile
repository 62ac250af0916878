# Two entry points: `make run` (set up, serve on http://127.0.0.1:8050) and `make test`
# (set up, system packages included, run every test). Both are idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9
UV := $(PYTHON) -m uv
HOST ?= 127.0.0.1
PORT ?= 8050

AXE_VERSION := 4.14.1
AXE := tests/.vendor/axe.min.js

.PHONY: run test setup system lint validate clean plotlyjs static cluster

setup: $(STAMP)

# uv installs from the registry by name; --compile-bytecode because this machine sets
# PYTHONDONTWRITEBYTECODE=1 and imports are three times slower without .pyc files.
$(STAMP): requirements.lock pyproject.toml
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	@test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) --compile-bytecode requirements.lock
	@touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here),
# and Debian's nginx (with its brotli_static module) for `make cluster` and its test.
system:
	@command -v chromium >/dev/null 2>&1 && test -x /usr/sbin/nginx \
	  && test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium nginx libnginx-mod-http-brotli-static >/dev/null; }

validate: setup
	$(PY) -m validation data

# Static files precompressed once (brotli 11, gzip 9) into .cache/static/, again only when the
# packages or the assets change; the app falls back to a quick level without them.
STATIC := .cache/static/.built
$(STATIC): requirements.lock $(wildcard dashboard/assets/*.js dashboard/assets/*.css)
	$(PY) -m dashboard.delivery build
	@touch $@

static: setup $(STATIC)

# The app validates data/ itself, once, before it serves (and refuses bad data with the report).
run: setup $(STATIC)
	DASHBOARD_HOST=$(HOST) DASHBOARD_PORT=$(PORT) $(PY) -m dashboard.serve

# nginx on http://127.0.0.1:8050 in front of two instances (8051, 8052); Ctrl-C stops all.
cluster: setup system
	$(PY) deploy/cluster.py --host $(HOST) --port $(PORT)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# axe-core for the accessibility tests, from its npm package (served to the test browser
# from disk, never from a CDN).
$(AXE):
	@mkdir -p $(dir $@)
	cd $(dir $@) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js \
	  && mv package/axe.min.js axe.min.js && rm -rf package axe-core-$(AXE_VERSION).tgz

test: setup system $(AXE)
	$(PY) -m ruff check .
	$(PY) -m pytest

# The trimmed plotly.js in dashboard/assets/ (committed; rebuild after upgrading plotly).
plotlyjs:
	dashboard/plotlyjs/build.sh

clean:
	rm -rf $(VENV)
