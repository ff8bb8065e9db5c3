#!/bin/sh
# Stand-in healthcheck.sh for mariadb:11 (written for the advisor e2e suite). Supports the
# two tests the official script documents that advisor uses:
#   --connect             a TCP connection as the healthcheck user succeeds (the
#                         initialising server has no network, so this fails until then)
#   --innodb_initialized  InnoDB is available
set -eu
cnf=/var/lib/mysql/.my-healthcheck.cnf
[ -r "$cnf" ] || { echo "healthcheck.sh: $cnf missing" >&2; exit 1; }
[ "$#" -gt 0 ] || { echo "healthcheck.sh: no test given" >&2; exit 1; }
for test in "$@"; do
    case "$test" in
        --connect)
            mariadb --defaults-extra-file="$cnf" --protocol=tcp --host=127.0.0.1 -e 'SELECT 1' >/dev/null
            ;;
        --innodb_initialized)
            out="$(mariadb --defaults-extra-file="$cnf" --skip-column-names -e \
                "SELECT 1 FROM information_schema.ENGINES WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')")"
            [ "$out" = 1 ]
            ;;
        *)
            echo "healthcheck.sh: the stand-in does not implement $test" >&2
            exit 1
            ;;
    esac
done
