#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, on 127.0.0.1 only.
#
#   pg-cluster.sh start DIR PORT    create a fresh cluster in DIR, start it, create database care_test,
#                                   print postgresql://care@127.0.0.1:PORT/care_test
#   pg-cluster.sh stop DIR          stop the cluster in DIR and remove DIR (fine if it is already gone)
#   pg-cluster.sh sql DIR PORT SQL  run one statement against care_test as the superuser "care"
#   pg-cluster.sh restart DIR       stop the server (sessions cut) and start it again on the same data
#
# The superuser is "care" and every local login is trusted: never point this at anything but a
# test directory. PostgreSQL refuses to run as root, so when this script runs as root the cluster
# belongs to the "postgres" system user. CTest runs start/stop as fixtures (cmake/CareTesting.cmake).
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: pg-cluster.sh start DIR PORT
       pg-cluster.sh stop DIR
       pg-cluster.sh sql DIR PORT "SQL"
       pg-cluster.sh restart DIR
EOF
    exit 2
}

die() {
    echo "pg-cluster.sh: $*" >&2
    exit 1
}

find_bindir() {
    if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
        echo /usr/lib/postgresql/15/bin
        return
    fi
    if command -v pg_config >/dev/null 2>&1; then
        local dir
        dir=$(pg_config --bindir)
        if [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return
        fi
    fi
    die "PostgreSQL server binaries not found in /usr/lib/postgresql/15/bin nor via pg_config (Debian: scripts/deps.sh test)"
}

# An absolute path for $1, whose parent must exist; $1 itself, if a symlink, is left alone.
absolute_path() {
    echo "$(cd -- "$(dirname -- "$1")" && pwd -P)/$(basename -- "$1")"
}

# Runs a command as user $1 (from / so a private working directory does not get in the way).
as_user() {
    local user=$1
    shift
    if [ "$user" = "$(id -un)" ]; then
        (cd / && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u "$user" -- "$@")
    else
        local command_line
        command_line=$(printf '%q ' "$@")
        (cd / && su -s /bin/bash "$user" -c "$command_line")
    fi
}

# Stops a server running in data directory $1 (if any) as the directory's owner. Never fails.
stop_server() {
    local data=$1 owner
    [ -f "$data/postmaster.pid" ] || return 0
    owner=$(stat -c %U -- "$data")
    as_user "$owner" "$BINDIR/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

# Removes DIR: the real data directory and, when DIR is a link to one elsewhere, the link.
remove_cluster() {
    local dir=$1 real
    real=$(readlink -f -- "$dir" || true)
    if [ -n "$real" ] && [ "$real" != "$dir" ]; then
        rm -rf -- "$real"
        rm -f -- "$dir"
    else
        rm -rf -- "$dir"
    fi
}

psql_care() {
    local port=$1
    shift
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U care "$@"
}

cmd_start() {
    local dir=$1 port=$2 data user socket_dir log output
    case "$port" in
        '' | *[!0-9]*) die "PORT must be a number, not '$port'" ;;
    esac
    mkdir -p -- "$(dirname -- "$dir")"
    dir=$(absolute_path "$dir")

    # A cluster left behind by an earlier run (crashed test, killed ctest) is stopped and replaced.
    if [ -e "$dir" ] || [ -L "$dir" ]; then
        data=$(readlink -f -- "$dir" || true)
        if [ -n "$data" ] && [ -d "$data" ]; then
            stop_server "$data"
        fi
        remove_cluster "$dir"
    fi

    user=$(id -un)
    data=$dir
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 ||
            die "running as root, but there is no 'postgres' user to own the cluster (Debian: apt-get install postgresql-15)"
        user=postgres
        if ! as_user postgres test -x "$(dirname -- "$dir")"; then
            # The postgres user cannot reach DIR (e.g. under /root): keep the cluster in /tmp, link DIR to it.
            data=$(mktemp -d "${TMPDIR:-/tmp}/care-pg.XXXXXX")
            ln -s -- "$data" "$dir"
        fi
    fi
    mkdir -p -- "$data"
    if [ "$user" != "$(id -un)" ]; then
        chown "$user": "$data"
    fi
    chmod 700 "$data"

    if ! output=$(as_user "$user" "$BINDIR/initdb" -D "$data" -U care --auth=trust --no-sync \
        --locale=C.UTF-8 --encoding=UTF8 2>&1); then
        echo "$output" >&2
        die "initdb failed in $data"
    fi

    # A Unix socket path is limited to about 107 bytes; with a deeper DIR the server uses TCP only.
    socket_dir=$data
    if [ $((${#data} + ${#port} + 10)) -gt 100 ]; then
        echo "pg-cluster.sh: $data is too long for a Unix socket path; TCP only" >&2
        socket_dir=
    fi
    {
        echo
        echo "# pg-cluster.sh: throwaway test cluster"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '${socket_dir//\'/\'\'}'"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
    } >>"$data/postgresql.conf"

    # -l keeps the server's output out of our stdout: CTest would otherwise wait for the server to exit.
    log="$data/server.log"
    if ! as_user "$user" "$BINDIR/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
        [ -f "$log" ] && tail -n 20 "$log" >&2
        die "the server in $data did not start on 127.0.0.1:$port"
    fi

    if ! psql_care "$port" -d postgres -c "CREATE DATABASE care_test" >/dev/null; then
        stop_server "$data"
        die "could not create database care_test on 127.0.0.1:$port"
    fi
    echo "postgresql://care@127.0.0.1:$port/care_test"
}

cmd_stop() {
    local dir=$1 data
    if [ ! -e "$dir" ] && [ ! -L "$dir" ]; then
        return 0
    fi
    dir=$(absolute_path "$dir")
    data=$(readlink -f -- "$dir" || true)
    if [ -n "$data" ] && [ -d "$data" ]; then
        stop_server "$data"
    fi
    remove_cluster "$dir"
}

# Stops the server (fast: sessions are cut) and starts it again on the same data; for tests of
# what clients do when the database goes away and comes back.
cmd_restart() {
    local dir=$1 data owner
    dir=$(absolute_path "$dir")
    data=$(readlink -f -- "$dir" || true)
    [ -n "$data" ] && [ -f "$data/postmaster.pid" ] || die "no cluster is running in $dir"
    owner=$(stat -c %U -- "$data")
    as_user "$owner" "$BINDIR/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || die "the server in $data did not stop"
    sleep "${PG_CLUSTER_DOWN_SECONDS:-0}"
    as_user "$owner" "$BINDIR/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null ||
        die "the server in $data did not start again"
}

cmd_sql() {
    local dir=$1 port=$2 statement=$3
    [ -f "$dir/postmaster.pid" ] || die "no cluster is running in $dir (start it with: pg-cluster.sh start DIR PORT)"
    psql_care "$port" -d care_test -A -t -c "$statement"
}

[ "$#" -ge 1 ] || usage
BINDIR=$(find_bindir)
case "$1" in
    start)
        [ "$#" -eq 3 ] || usage
        cmd_start "$2" "$3"
        ;;
    stop)
        [ "$#" -eq 2 ] || usage
        cmd_stop "$2"
        ;;
    restart)
        [ "$#" -eq 2 ] || usage
        cmd_restart "$2"
        ;;
    sql)
        [ "$#" -eq 4 ] || usage
        cmd_sql "$2" "$3" "$4"
        ;;
    *) usage ;;
esac
