#!/bin/sh
# Stand-in /docker-entrypoint.sh for nginx-unprivileged (written for the advisor e2e suite):
# before nginx starts, the executable *.sh scripts in /docker-entrypoint.d run in order.
set -eu
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
    for script in /docker-entrypoint.d/*.sh; do
        [ -x "$script" ] || continue
        echo "$0: running $script"
        "$script"
    done
fi
exec "$@"
