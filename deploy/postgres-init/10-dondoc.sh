#!/bin/bash
# Runs once, when the PostgreSQL container starts on an empty data volume (docker-entrypoint-initdb.d):
# creates dondoc's own role and database beside Temporal's. Temporal's auto-setup creates its
# `temporal` and `temporal_visibility` databases itself; dondoc's role owns only `dondoc` and is not
# a superuser, so it cannot read or change Temporal's data.
# On a volume made before this script existed, run the same statements once by hand (README,
# "Storage and backups").
set -euo pipefail
: "${DONDOC_DB_PASSWORD:?set DONDOC_DB_PASSWORD for the dondoc database role}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$DONDOC_DB_PASSWORD" <<'SQL'
CREATE ROLE dondoc LOGIN PASSWORD :'password';
CREATE DATABASE dondoc OWNER dondoc ENCODING 'UTF8';
REVOKE ALL ON DATABASE dondoc FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dondoc TO dondoc;
SQL
