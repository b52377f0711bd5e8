#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database.
#   TARGET_DATABASE_URL=postgres://... scripts/restore.sh FILE
# One transaction: either every table comes back or nothing changes.
set -euo pipefail
file=${1:?usage: restore.sh FILE}
: "${TARGET_DATABASE_URL:?set TARGET_DATABASE_URL to an empty database}"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$TARGET_DATABASE_URL" "$file"
echo "restored $file"
