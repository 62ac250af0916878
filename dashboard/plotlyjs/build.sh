#!/usr/bin/env bash
# Rebuild dashboard/assets/plotly-dashboard.min.js: plotly.js with only the trace types the
# dashboard draws (scatter, bar, choropleth) and the French locale, about 1.4 MB instead of
# the full 4.8 MB bundle; and plotly-locale-fr.js beside this script for the chart images.
# dcc.Graph uses the window.Plotly this asset defines instead of loading the full bundle, so
# the browser parses a third of the code before the first chart.
#
# The version must stay the one the installed `plotly` Python package ships (its figures are
# validated against that schema); tests/dashboard/test_plotlyjs.py fails when they differ.
#     make plotlyjs        (needs node and npm; only the npm registry is contacted)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../assets/plotly-dashboard.min.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/entry.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --loglevel=error >/dev/null
npx --no-install esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
    --target=es2016 --define:global=window --define:define.amd=false --loader:.css=empty \
    --legal-comments=eof --log-level=warning --outfile="$out" \
    --banner:js="/*! plotly.js $(node -p "require('plotly.js/package.json').version") (MIT), \
only core (scatter) + bar + choropleth; built by dashboard/plotlyjs/build.sh */"
# plotly.js's own French locale file, for the chart images (kaleido draws them with the full
# plotly.js of the Python package, which has no locale of its own): dashboard/images.py.
cp node_modules/plotly.js/dist/plotly-locale-fr.js "$here/plotly-locale-fr.js"
echo "wrote $out ($(wc -c <"$out") bytes, plotly.js $(node -p "require('plotly.js/package.json').version"))"
