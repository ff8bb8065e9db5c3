#!/bin/sh
# Stand-in entrypoint for postgres:18 (written for the advisor e2e suite).
set -eu

if [ "${1:-}" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    # Like the official 18 image: data at the pre-18 path would not be in PGDATA.
    if grep -q ' /var/lib/postgresql/data ' /proc/self/mountinfo; then
        echo "error: a volume is mounted at /var/lib/postgresql/data; from PostgreSQL 18 the" >&2
        echo "image keeps its data in $PGDATA: mount the volume at /var/lib/postgresql" >&2
        exit 1
    fi
    mkdir -p "$PGDATA"
    chown postgres:postgres /var/lib/postgresql "$PGDATA"
    chmod 700 "$PGDATA"
    exec gosu postgres "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
        exit 1
    fi
    user="${POSTGRES_USER:-postgres}"
    db="${POSTGRES_DB:-$user}"
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        --pgdata="$PGDATA" >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    if [ "$db" != postgres ]; then
        # Single-user mode: no socket or port is open while the database is created.
        printf 'CREATE DATABASE "%s";\n' "$db" | postgres --single -D "$PGDATA" postgres >/dev/null
    fi
    echo "stand-in postgres: initialised $PGDATA (user $user, database $db)"
fi

exec "$@"
