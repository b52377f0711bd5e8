#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database.
#   TARGET_DATABASE_URL=postgres://... scripts/restore.sh FILE
# One transaction: either every table comes back or nothing changes.
set -euo pipefail
file=${1:?usage: restore.sh FILE}
: "${TARGET_DATABASE_URL:?set TARGET_DATABASE_URL to an empty database}"
# pg_restore would stop at the first clash ("relation ... already exists"),
# which reads like damage: say what is wrong instead, before touching anything.
tables=$(psql "$TARGET_DATABASE_URL" -qAtX -v ON_ERROR_STOP=1 -c \
  "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database is not empty ($tables tables): restore into an empty one" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$TARGET_DATABASE_URL" "$file"
echo "restored $file"
