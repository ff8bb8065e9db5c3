#!/bin/sh
# Stand-in entrypoint for redis:8 (written for the advisor e2e suite).
set -eu
if [ "${1:-}" = redis-server ] && [ "$#" -eq 1 ]; then
    # No config file given: listen on every interface, without protected mode.
    set -- redis-server --bind '* -::*' --protected-mode no
fi
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec gosu redis "$@"
fi
exec "$@"
