#!/usr/bin/env bash
# Back up the portal's PostgreSQL database to one file (README, "Backup and restore").
#   DATABASE_URL=postgres://... scripts/backup.sh FILE
# Custom format: compressed, and pg_restore can restore it into any empty database.
# Safe while the portal runs: pg_dump reads one consistent snapshot.
set -euo pipefail
umask 077   # the dump holds password hashes and 2FA secrets: owner only
out=${1:?usage: backup.sh FILE}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" "$DATABASE_URL"
mv "$out.partial" "$out"   # never leave a half-written file under the real name
pg_restore --file=/dev/null "$out"   # every table's data reads back
echo "backed up to $out ($(du -h "$out" | cut -f1))"
