#!/usr/bin/env bash
# Vendors the front-end libraries into wwwroot/lib: the État design system (DSFR) into lib/dsfr, and Chart.js (the charts of
# /stats, drawn from the data tables beside them) into lib/chartjs. The Host serves them itself, so pages work offline and
# under a 'self'-only Content-Security-Policy. To upgrade: change the pinned version in package.json, run this with
# --relock (npm install instead of npm ci, which refuses a lock file that no longer matches), commit.
#
# Pinned to 1.14.4: from 1.15 the package refuses to install until its terms of use (node_modules/@gouvfr/dsfr/doc/legal/cgu.md) are
# accepted, either in Host/.dsfr.yml (`accept-license: <cguVersion>`) or for one run with DSFR_ACCEPT_LICENSE=1.
# Those terms reserve the DSFR for State services; accepting them is a decision for the product owner, not this script.
set -euo pipefail

host="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$host"

if [[ -f package-lock.json && "${1:-}" != "--relock" ]]; then npm ci --no-audit --no-fund --ignore-scripts; else npm install --no-audit --no-fund --ignore-scripts; fi

src="node_modules/@gouvfr/dsfr/dist"
dest="wwwroot/lib/dsfr"
rm -rf "$dest"
mkdir -p "$dest/utility/icons"

cp "$src/dsfr.min.css" "$src/dsfr.module.min.js" "$src/dsfr.nomodule.min.js" "$dest/"
cp "$src/utility/icons/icons.min.css" "$dest/utility/icons/"
cp -r "$src/favicon" "$dest/"
mkdir -p "$dest/fonts"
cp "$src"/fonts/{Marianne,Spectral}-*.woff{,2} "$dest/fonts/"
cp "node_modules/@gouvfr/dsfr/LICENSE.md" "$dest/"
# The artwork of the DSFR error page pattern (Features/Erreur).
mkdir -p "$dest/artwork/background" "$dest/artwork/pictograms/system"
cp "$src/artwork/background/ovoid.svg" "$dest/artwork/background/"
cp "$src/artwork/pictograms/system/technical-error.svg" "$dest/artwork/pictograms/system/"

# Copy only the SVGs the two stylesheets name, at the same paths relative to dist/, so their url()s keep resolving.
{
    grep -o 'url(icons/[^)]*)' "$src/dsfr.min.css" | sed 's/^url(//; s/)$//'
    grep -o 'url(\.\./\.\./icons/[^)]*)' "$src/utility/icons/icons.min.css" | sed 's/^url(\.\.\/\.\.\///; s/)$//'
} | sort -u | while read -r icon; do
    mkdir -p "$dest/$(dirname "$icon")"
    cp "$src/$icon" "$dest/$icon"
done

version="$(node -p 'require("./node_modules/@gouvfr/dsfr/package.json").version')"
echo "DSFR $version vendored into $dest ($(du -sh --apparent-size "$dest" | cut -f1))"

# Chart.js: its minified UMD build (no module loader needed) and its licence (MIT).
charts="wwwroot/lib/chartjs"
rm -rf "$charts"
mkdir -p "$charts"
cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md "$charts/"
version="$(node -p 'require("./node_modules/chart.js/package.json").version')"
echo "Chart.js $version vendored into $charts ($(du -sh --apparent-size "$charts" | cut -f1))"
