#!/bin/sh
# Publishes a built site: copies DIST to SITE_ROOT/releases/<UTC time>/, then points the symbolic
# link SITE_ROOT/current at it with one rename, so nginx serves either the old or the new release,
# never a half-copied one. Deletes all but the KEEP newest releases (default 3).
#
# Usage: publish-site.sh DIST SITE_ROOT [KEEP]
set -eu

if [ "$#" -lt 2 ]; then
  echo "Usage: publish-site.sh DIST SITE_ROOT [KEEP]" >&2
  exit 2
fi
dist=$1
root=$2
keep=${3:-3}

if [ ! -f "$dist/index.html" ]; then
  echo "publish-site: $dist/index.html not found; run npm run build first." >&2
  exit 1
fi
case $keep in
  '' | *[!0-9]* | 0)
    echo "publish-site: KEEP must be a whole number of releases from 1, got '$keep'." >&2
    exit 2
    ;;
esac

# Nanoseconds keep two publications in the same second apart; names sort by time.
release=$(date -u +%Y%m%dT%H%M%S.%NZ)
mkdir -p "$root/releases"

# Copy under a hidden name first: a copy cut short never looks like a release.
partial="$root/releases/.partial-$release"
trap 'rm -rf "$partial"' EXIT
cp -R "$dist" "$partial"
mv "$partial" "$root/releases/$release"

# rename(2) replaces the link atomically; `ln -sfn` would unlink it first.
ln -s "releases/$release" "$root/.current-$release"
mv -T "$root/.current-$release" "$root/current"
echo "publish-site: $root/current -> releases/$release"

# Releases sort by name, oldest first. The one `current` names stays even when it is old, which
# happens when two Jobs publish at once and the older release is linked last.
linked=$(readlink "$root/current")
ls -1 "$root/releases" | head -n "-$keep" | while read -r old; do
  if [ "releases/$old" = "$linked" ]; then
    continue
  fi
  rm -rf "${root:?}/releases/$old"
  echo "publish-site: deleted old release $old"
done
