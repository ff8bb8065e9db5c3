#!/bin/sh
# Stand-in entrypoint for mysql:8.4 and mariadb:11, both on Debian's MariaDB server
# (written for the advisor e2e suite). STANDIN_FLAVOUR (set by the image) picks which
# variables it reads: mysql reads MYSQL_*; mariadb reads MARIADB_*, then MYSQL_*, as the
# official mariadb image does; each also as NAME_FILE, a file (a Compose secret) holding it.
set -eu

datadir=/var/lib/mysql

if [ "${1:-}" != mariadbd ]; then
    exec "$@"
fi

pick() { # pick NAME: $MARIADB_NAME (mariadb flavour) or $MYSQL_NAME, or the file a _FILE names
    v=""
    for prefix in $([ "$STANDIN_FLAVOUR" = mariadb ] && echo MARIADB MYSQL || echo MYSQL); do
        eval "v=\${${prefix}_$1:-}"
        eval "file=\${${prefix}_$1_FILE:-}"
        if [ -z "$v" ] && [ -n "$file" ]; then
            v="$(cat "$file")"  # a Compose secret, as the official images read it (as root)
        fi
        [ -z "$v" ] || break
    done
    printf '%s' "$v"
}
sql_str() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

mkdir -p "$datadir" /run/mysqld
chown mysql:mysql "$datadir" /run/mysqld

if [ ! -d "$datadir/mysql" ]; then
    root_password="$(pick ROOT_PASSWORD)"
    if [ -z "$root_password" ] && [ -z "$(pick ALLOW_EMPTY_ROOT_PASSWORD)$(pick ALLOW_EMPTY_PASSWORD)" ]; then
        echo "error: the database is uninitialized and no root password option is set" >&2
        exit 1
    fi
    database="$(pick DATABASE)"
    user="$(pick USER)"
    password="$(pick PASSWORD)"
    mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db \
        --auth-root-authentication-method=normal >/dev/null
    # The temporary server has no network: healthchecks over TCP fail until it is done.
    gosu mysql mariadbd --skip-networking --socket=/run/mysqld/init.sock &
    pid=$!
    i=0
    until mariadb-admin --socket=/run/mysqld/init.sock -uroot ping >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -lt 60 ] || { echo "error: the init server did not start" >&2; exit 1; }
        sleep 1
    done
    {
        echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_str "$root_password");"
        echo "CREATE USER 'root'@'%' IDENTIFIED BY $(sql_str "$root_password");"
        echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
        if [ -n "$database" ]; then
            echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"
        fi
        if [ -n "$user" ] && [ -n "$password" ]; then
            echo "CREATE USER '$user'@'%' IDENTIFIED BY $(sql_str "$password");"
            if [ -n "$database" ]; then
                echo "GRANT ALL ON \`$database\`.* TO '$user'@'%';"
            fi
        fi
        if [ "$STANDIN_FLAVOUR" = mariadb ]; then
            # Like the official image: a healthcheck user whose password healthcheck.sh reads.
            hc="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
            for host in 127.0.0.1 ::1 localhost; do
                echo "CREATE USER 'healthcheck'@'$host' IDENTIFIED BY '$hc';"
            done
            printf '[mariadb-client]\nport=3306\nsocket=/run/mysqld/mysqld.sock\nuser=healthcheck\npassword=%s\n' \
                "$hc" >"$datadir/.my-healthcheck.cnf"
            chown mysql:mysql "$datadir/.my-healthcheck.cnf"
            chmod 600 "$datadir/.my-healthcheck.cnf"
        fi
        echo "FLUSH PRIVILEGES;"
    } | mariadb --socket=/run/mysqld/init.sock -uroot
    # Like the official images: the scripts in /docker-entrypoint-initdb.d, in name order,
    # against the new database (.sql read by the client, .sh sourced).
    for f in /docker-entrypoint-initdb.d/*; do
        [ -e "$f" ] || continue
        case "$f" in
            *.sql)
                echo "stand-in $STANDIN_FLAVOUR: running $f"
                mariadb --socket=/run/mysqld/init.sock -uroot --password="$root_password" ${database:+"$database"} <"$f"
                ;;
            *.sh)
                echo "stand-in $STANDIN_FLAVOUR: running $f"
                . "$f"
                ;;
            *) echo "stand-in $STANDIN_FLAVOUR: ignoring $f" ;;
        esac
    done
    mariadb-admin --socket=/run/mysqld/init.sock -uroot --password="$root_password" shutdown
    wait "$pid"
    echo "stand-in $STANDIN_FLAVOUR: initialised $datadir (database ${database:-none}, user ${user:-none})"
fi

exec gosu mysql "$@"
