#!/bin/sh
# Runs once, when the gatehouse-db container initialises its volume (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d): the app's login role. The migrations, run as the owner, grant its privileges
# (db/migrations/*_app_role.sql). On a volume initialised before, create it once by hand the same way.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$GATEHOUSE_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE gatehouse_app LOGIN PASSWORD :'app_password';
SQL
