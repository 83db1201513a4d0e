#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL server for the isf-store tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # installs if needed, starts, prints the export line
#   bash .ci/postgres.sh stop              # stops the server (the data directory stays)
#   bash .ci/postgres.sh status
#
# The server listens on 127.0.0.1:${ISF_PG_PORT:-55432} only, trusts local connections, and
# keeps its data in ${ISF_PG_DIR:-${TMPDIR:-/tmp}/isf-postgres-<port>}. Running `start` again
# while it runs only prints the export line. Everything but that line goes to stderr, and
# the line is also written to "$ISF_PG_DIR/env".
set -euo pipefail

port="${ISF_PG_PORT:-55432}"
data_root="${ISF_PG_DIR:-${TMPDIR:-/tmp}/isf-postgres-${port}}"
data_dir="${data_root}/data"
log_file="${data_root}/server.log"
database="isf_test"
url="postgres://postgres@127.0.0.1:${port}/${database}"

say() { echo "postgres.sh: $*" >&2; }

# The directory holding initdb and pg_ctl, or nothing.
find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [[ -x "${dir}/pg_ctl" && -x "${dir}/initdb" ]]; then
            echo "${dir}"
            return
        fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "${dir}/pg_ctl" && -x "${dir}/initdb" ]]; then
            echo "${dir}"
            return
        fi
    done
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
    fi
}

install_server() {
    say "PostgreSQL server binaries not found; installing from Debian packages"
    if [[ "$(id -u)" -ne 0 ]]; then
        say "installing needs root; install the 'postgresql' package and run again"
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
}

# Runs a command as the user that owns the server: postgres refuses to run as root.
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

ensure_owner() {
    if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        say "creating the postgres system user"
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
}

# Absolute paths throughout; the server user may not be allowed into the caller's directory.
cd /
bindir="$(find_bindir)"

start() {
    if [[ -z "${bindir}" ]]; then
        install_server
        bindir="$(find_bindir)"
        [[ -n "${bindir}" ]] || { say "no pg_ctl after installing"; exit 1; }
    fi
    ensure_owner

    mkdir -p "${data_root}"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres: "${data_root}"
    fi

    if [[ ! -s "${data_dir}/PG_VERSION" ]]; then
        say "initialising ${data_dir}"
        as_owner "${bindir}/initdb" -D "${data_dir}" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C >&2
    fi

    if as_owner "${bindir}/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; then
        say "already running on port ${port}"
    else
        say "starting on 127.0.0.1:${port} (log: ${log_file})"
        if ! as_owner "${bindir}/pg_ctl" -D "${data_dir}" -l "${log_file}" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories='${data_root}' -c max_connections=200" \
            start >&2; then
            say "start failed; server log follows"
            tail -n 50 "${log_file}" >&2 || true
            exit 1
        fi
    fi

    local exists
    exists="$(as_owner "${bindir}/psql" -h 127.0.0.1 -p "${port}" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '${database}'")"
    if [[ "${exists}" != "1" ]]; then
        as_owner "${bindir}/psql" -h 127.0.0.1 -p "${port}" -U postgres -d postgres -qc \
            "CREATE DATABASE ${database}" >&2
    fi

    local line="export ISF_TEST_POSTGRES_URL=${url}"
    echo "${line}" >"${data_root}/env"
    echo "${line}"
}

stop() {
    if [[ -z "${bindir}" || ! -d "${data_dir}" ]]; then
        say "nothing to stop"
        return
    fi
    if as_owner "${bindir}/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; then
        as_owner "${bindir}/pg_ctl" -D "${data_dir}" -m fast -w stop >&2
    else
        say "not running"
    fi
}

status() {
    if [[ -n "${bindir}" && -d "${data_dir}" ]]; then
        as_owner "${bindir}/pg_ctl" -D "${data_dir}" status >&2
    else
        say "not initialised"
        return 3
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) say "usage: $0 [start|stop|status]"; exit 2 ;;
esac
