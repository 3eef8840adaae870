# shellcheck shell=bash
# Starts a throwaway PostgreSQL cluster for the ferrite-jdbc integration tests. Source it from
# .ci/run (it must not exit the caller): it installs the Debian package `postgresql` if no server
# binaries are found (we run as root in CI), creates a cluster in a temp dir with initdb, starts
# it with pg_ctl as the `postgres` user on 127.0.0.1 and a free port, and exports
#   FERRITE_PG_URL  the JDBC URL (user postgres, trust authentication, loopback only)
#   FERRITE_PG_CTL  a script taking `stop` or `start`, for the tests that stop the server
# An EXIT trap stops the server and removes the temp dir. If anything fails, it says so and
# exports nothing: the PostgreSQL tests then skip, and the H2 tests still run.

ferrite_pg_find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

ferrite_pg_start() {
  local bin
  if ! bin=$(ferrite_pg_find_bin); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "postgres.sh: installing postgresql" >&2
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || true
    fi
    bin=$(ferrite_pg_find_bin) || { echo "postgres.sh: no PostgreSQL server binaries" >&2; return 1; }
  fi
  local dir port as=()
  dir=$(mktemp -d /tmp/ferrite-pg.XXXXXX) || return 1
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: no postgres user" >&2; return 1; }
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      break
    fi
  done
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { echo "postgres.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; return 1; }
  cat >"$dir/pgctl" <<SCRIPT
#!/usr/bin/env bash
# stop | start the throwaway cluster of .ci/postgres.sh
set -e
case "\$1" in
  stop) ${as[*]} "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop ;;
  start) ${as[*]} "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
SCRIPT
  chmod 755 "$dir/pgctl"
  "$dir/pgctl" start >/dev/null || { echo "postgres.sh: server did not start:" >&2; cat "$dir/server.log" >&2; return 1; }
  FERRITE_PG_DIR=$dir
  export FERRITE_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
  export FERRITE_PG_CTL="$dir/pgctl"
  echo "postgres.sh: PostgreSQL ($bin) on 127.0.0.1:$port, data in $dir/data" >&2
}

ferrite_pg_stop() {
  if [[ -n "${FERRITE_PG_DIR:-}" && -d "$FERRITE_PG_DIR" ]]; then
    "$FERRITE_PG_DIR/pgctl" stop >/dev/null 2>&1 || true
    rm -rf "$FERRITE_PG_DIR"
  fi
}

if ferrite_pg_start; then
  trap ferrite_pg_stop EXIT
else
  echo "postgres.sh: WARNING: no PostgreSQL; the PostgreSQL integration tests will be skipped" >&2
  unset FERRITE_PG_URL FERRITE_PG_CTL
fi
