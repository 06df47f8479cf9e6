#!/bin/sh
# Entry point of the build Jobs: materialises the stale assets and builds the site (`npm run
# build`), then publishes dist/ to the site volume that nginx serves.
# SITE_ROOT is the mounted site volume (/site in the Jobs).
set -eu

: "${SITE_ROOT:?SITE_ROOT must name the site volume, for example /site}"

cd "$(dirname "$0")/../.."
npm run build
exec sh k8s/scripts/publish-site.sh dist "$SITE_ROOT"
