#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/belts/media bash scripts/restore.sh belts-….dump media-….tar.gz
# Stops at the first error (nothing is half-restored silently); create the database first (createdb).
set -euo pipefail
cd "$(dirname "$0")/.."

dump=${1:?usage: scripts/restore.sh DUMP MEDIA_TARBALL}
media_tarball=${2:?usage: scripts/restore.sh DUMP MEDIA_TARBALL}
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
media=${MEDIA_ROOT:-$PWD/media}

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$dump"
mkdir -p "$media"
tar -C "$media" -xzf "$media_tarball"
echo "restored $dump and $media_tarball"
