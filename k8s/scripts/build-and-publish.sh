#!/bin/sh
# Entry point of the build Jobs: materialises the stale assets and builds the site (`npm run
# build`), then publishes dist/ to the site volume that nginx serves. A failed step stops the
# script, so the site volume keeps the last release that built.
# SITE_ROOT is the mounted site volume (/site in the Jobs).
set -eu

: "${SITE_ROOT:?SITE_ROOT must name the site volume, for example /site}"

# A catalog file or data folder inside the pod would vanish with it, and every night would start
# an empty lake. The value is not printed: a catalog URL may carry a password.
case "${DUCKLAKE_DATABASE_URL:-}" in
  postgres:* | postgresql:*) ;;
  *)
    echo "build-and-publish: DUCKLAKE_DATABASE_URL must name a Postgres catalog" \
      "(postgres:dbname=... host=...); apply an overlay that sets it." >&2
    exit 2
    ;;
esac
case "${DUCKLAKE_DATA_PATH:-}" in
  s3://*) ;;
  *)
    echo "build-and-publish: DUCKLAKE_DATA_PATH must be an s3:// address," \
      "got '${DUCKLAKE_DATA_PATH:-}'; apply an overlay that sets it." >&2
    exit 2
    ;;
esac

cd "$(dirname "$0")/../.."

# When another run has locked the lake (a manual rebuild during the nightly one), wait for it up to
# 30 minutes instead of failing; `npm run build` then finds the assets fresh and commits nothing.
npm run pipeline -- materialize --all --wait 1800
npm run build
exec sh k8s/scripts/publish-site.sh dist "$SITE_ROOT"
