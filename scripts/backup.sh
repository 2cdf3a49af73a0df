#!/usr/bin/env bash
# Back up the portal: the database (pg_dump's custom format) and the uploaded photos (MEDIA_ROOT).
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/belts/media bash scripts/backup.sh /backups/belts
# Prints the two files it wrote. Restore them with scripts/restore.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/backup.sh DIRECTORY}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
media=${MEDIA_ROOT:-$PWD/media}
mkdir -p "$target"
stamp=$(date +%Y%m%d-%H%M%S)

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$target/belts-$stamp.dump"
mkdir -p "$media"
tar -C "$media" -czf "$target/media-$stamp.tar.gz" .
echo "$target/belts-$stamp.dump"
echo "$target/media-$stamp.tar.gz"
