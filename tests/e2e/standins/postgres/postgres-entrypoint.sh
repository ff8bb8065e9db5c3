#!/bin/sh
# Stand-in entrypoint for postgres:18 (written for the advisor e2e suite).
set -eu

if [ "${1:-}" != postgres ]; then
    exec "$@"
fi

# Like the official image: VAR_FILE names a file (a Compose secret) holding VAR's value; the
# file is read before the step down to postgres (as root), and VAR is exported in its place.
for var in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB; do
    eval "file=\${${var}_FILE:-}"
    if [ -n "$file" ]; then
        eval "set_too=\${${var}:-}"
        if [ -n "$set_too" ]; then
            echo "error: both $var and ${var}_FILE are set (but are exclusive)" >&2
            exit 1
        fi
        value="$(cat "$file")"
        export "$var=$value"
        unset "${var}_FILE"
    fi
done

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
    # Like the official image: /docker-entrypoint-initdb.d/*.sql run with psql (stopping at
    # the first error) and *.sh are executed (or sourced, when not executable), in name
    # order, against a server that listens on its socket only, as POSTGRES_USER.
    scripts=""
    for f in /docker-entrypoint-initdb.d/*; do
        [ -e "$f" ] && scripts=1
    done
    if [ -n "$scripts" ]; then
        pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
        export POSTGRES_USER="$user" POSTGRES_DB="$db"
        for f in /docker-entrypoint-initdb.d/*; do
            case "$f" in
                *.sql)
                    echo "stand-in postgres: running $f"
                    PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --username "$user" --no-password \
                        --no-psqlrc --dbname "$db" -f "$f"
                    ;;
                *.sh)
                    echo "stand-in postgres: running $f"
                    if [ -x "$f" ]; then "$f"; else . "$f"; fi
                    ;;
                *) echo "stand-in postgres: ignoring $f" ;;
            esac
        done
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    fi
    echo "stand-in postgres: initialised $PGDATA (user $user, database $db)"
fi

exec "$@"
