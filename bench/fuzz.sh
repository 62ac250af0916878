#!/usr/bin/env bash
# A few thousand hostile requests against pages, API routes and callbacks (in-process Flask
# client, no network): query strings, raw bytes, router links, explorer payloads and arbitrary
# JSON bodies. Passes when none gets a 5xx. Usage: bench/fuzz.sh [EXAMPLES_PER_PROPERTY]
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_EXAMPLES="${1:-800}" .venv/bin/python -m pytest tests/dashboard/test_security.py -q \
  -k "fuzzed or raw_bytes"
