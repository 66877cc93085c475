#!/usr/bin/env bash
# db.sh [DBNAME] — make a PostgreSQL database with the pgvector extension ready
# and print DATABASE_URL=<url> as the last line of standard output.
#
# Order of preference:
#   1. $DATABASE_URL, when set (the database named there is used as is);
#   2. a server answering on 127.0.0.1:5432 (database DBNAME, default "letters");
#   3. a private cluster under .pgdata/ (git-ignored), started on 127.0.0.1:55432
#      with the Debian postgresql package's binaries (installed with apt when missing),
#      its memory set the way pgvector advises (shared_buffers a quarter of RAM, up
#      to 8 GB) and WAL sized for bulk loads.
# LETTERS_DB_FRESH=1 drops and recreates DBNAME first (only the eval databases
# letters_eval, letters_eval_genre, letters_eval_dev2..4 and letters_scaleN, which the Makefile
# rebuilds from files).
# LETTERS_PG=private skips 1 and 2 (`make bench` uses it: measurements then do
# not depend on how the machine's own server is configured).
# pgvector >= 0.7 is installed when the server lacks it: Debian's binary package
# when apt has one, else built from Debian trixie's source package.
# All messages go to standard error; the script is idempotent.
set -euo pipefail

dbname="${1:-letters}"
root="$(cd "$(dirname "$0")/.." && pwd)"
log() { echo "db: $*" >&2; }
die() {
  echo "db: ERROR: $*" >&2
  cat >&2 <<'TXT'
db: To provide PostgreSQL with pgvector yourself, either
db:   - run `docker compose up -d db` and export DATABASE_URL=postgres://letters:letters@127.0.0.1:5432/letters?sslmode=disable, or
db:   - install PostgreSQL 15+ and pgvector >= 0.7 (https://github.com/pgvector/pgvector#installation),
db:     then export DATABASE_URL=postgres://USER@HOST:PORT/letters and run `make db` again.
TXT
  exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }

psql_url() { psql "$1" -XqAt -v ON_ERROR_STOP=1 "${@:2}"; }

apt_updated=""
apt_update() { [ -n "$apt_updated" ] || { log "apt-get update"; as_root apt-get update -qq >&2 || die "apt-get update failed (need root and network access to Debian's archive)"; apt_updated=1; }; }
apt_install() { apt_update; log "apt-get install $*"; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2; }

# --- 1-3: find or start a server -------------------------------------------------
server_url=""   # URL of the maintenance database (postgres) on the chosen server
private="${LETTERS_PG:-}"
if [ "$private" != private ] && [ -n "${DATABASE_URL:-}" ]; then
  url="$DATABASE_URL"
  psql_url "$url" -c 'select 1' >/dev/null 2>&1 || die "DATABASE_URL is set but the database does not answer: $url"
  local_server=""
  case "$url" in *@127.0.0.1*|*@localhost*|*@/*|*host=/*) local_server=1 ;; esac
else
  if [ "$private" != private ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    user="${PGUSER:-postgres}"
    server_url="postgres://${user}@127.0.0.1:5432/postgres?sslmode=disable"
  else
    # private cluster
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
      command -v apt-get >/dev/null || die "no PostgreSQL server found and apt-get is not available"
      apt_install postgresql || die "could not install PostgreSQL with apt"
      pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    data="$root/.pgdata"
    owner="$(id -un)"
    [ "$(id -u)" = 0 ] && owner=postgres   # initdb refuses to run as root
    run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if [ ! -s "$data/PG_VERSION" ]; then
      log "initialising a private cluster in $data"
      mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown postgres "$data"
      run_pg "$pgbin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >&2
    fi
    if ! pg_isready -q -h 127.0.0.1 -p 55432; then
      mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
      shared_mb=$(( mem_kb / 4 / 1024 )); [ "$shared_mb" -gt 8192 ] && shared_mb=8192; [ "$shared_mb" -lt 128 ] && shared_mb=128
      cache_mb=$(( mem_kb / 2 / 1024 ))
      workers=$(( $(nproc) - 1 )); [ "$workers" -lt 1 ] && workers=1
      log "starting the private cluster on 127.0.0.1:55432 (shared_buffers ${shared_mb}MB)"
      run_pg "$pgbin/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p 55432 -k /tmp -c shared_buffers=${shared_mb}MB -c effective_cache_size=${cache_mb}MB -c max_parallel_maintenance_workers=$workers -c max_wal_size=8GB -c checkpoint_timeout=15min" start >&2
    fi
    server_url="postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable"
  fi
  psql_url "$server_url" -c 'select 1' >/dev/null || die "cannot connect to $server_url"
  if [ "${LETTERS_DB_FRESH:-}" = 1 ]; then
    # only for the databases the Makefile's eval targets own (letters_eval,
    # letters_eval_genre, letters_scaleN): their contents are rebuilt from files every run, and
    # documents are identified by path, so a checkout elsewhere would add a
    # second copy of every letter
    case "$dbname" in
      letters_eval|letters_eval_genre|letters_eval_dev2|letters_eval_dev3|letters_eval_dev4|letters_eval_dev5|letters_scale[0-9]*) psql_url "$server_url" -c "drop database if exists \"$dbname\" with (force)" >/dev/null ;;
      *) die "LETTERS_DB_FRESH is only for the eval databases, not $dbname" ;;
    esac
  fi
  if [ "$(psql_url "$server_url" -c "select 1 from pg_database where datname = '$dbname'")" != 1 ]; then
    log "creating database $dbname"
    psql_url "$server_url" -c "create database \"$dbname\"" >/dev/null
  fi
  url="${server_url%/postgres?*}/$dbname?sslmode=disable"
  local_server=1
fi

# --- 4: pgvector -----------------------------------------------------------------
have_vector() {
  local v
  v=$(psql_url "$url" -c "select default_version from pg_available_extensions where name = 'vector'" 2>/dev/null || true)
  [ -n "$v" ] || return 1
  # need >= 0.7
  [ "$(printf '%s\n0.7.0\n' "$v" | sort -V | head -1)" = "0.7.0" ]
}

if ! have_vector; then
  [ -n "$local_server" ] || die "the server at DATABASE_URL has no pgvector >= 0.7 and is not on this machine"
  command -v apt-get >/dev/null || die "pgvector >= 0.7 is missing and apt-get is not available to install it"
  major=$(psql_url "$url" -c "select current_setting('server_version_num')::int / 10000")
  log "pgvector missing for PostgreSQL $major: installing"
  apt_update
  if apt-cache show "postgresql-$major-pgvector" >/dev/null 2>&1 \
     && apt_install "postgresql-$major-pgvector" && have_vector; then
    log "installed postgresql-$major-pgvector"
  else
    # Build from Debian trixie's source package (Debian 12 has no binary package).
    src=/etc/apt/sources.list.d/letters-trixie-src.sources
    if [ ! -f "$src" ]; then
      uris=$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      signed=$(awk '/^Signed-By:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      uris=${uris:-http://deb.debian.org/debian}
      signed=${signed:-/usr/share/keyrings/debian-archive-keyring.gpg}
      printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uris" "$signed" | as_root tee "$src" >/dev/null \
        || die "cannot add a deb-src entry (need root)"
      apt_updated=""
      apt_update
    fi
    apt_install "postgresql-server-dev-$major" make gcc dpkg-dev || die "cannot install postgresql-server-dev-$major"
    build=$(mktemp -d)
    ( cd "$build" && apt-get source --download-only pgvector >&2 ) || die "apt-get source pgvector failed"
    tarball=$(ls "$build"/pgvector_*.orig.tar.* | head -1)
    tar -xf "$tarball" -C "$build"
    dir=$(find "$build" -maxdepth 1 -mindepth 1 -type d | head -1)
    pgc="/usr/lib/postgresql/$major/bin/pg_config"
    log "building $(basename "$dir") against $pgc"
    ( cd "$dir" && make -s PG_CONFIG="$pgc" OPTFLAGS="" >&2 && as_root make -s install PG_CONFIG="$pgc" >&2 ) \
      || die "building pgvector failed"
    rm -rf "$build"
    have_vector || die "pgvector was built but the server does not list it"
  fi
fi
psql_url "$url" -c 'create extension if not exists vector' >/dev/null 2>&1 \
  || die "could not create the vector extension in $url (needs a superuser or a trusted extension)"
log "pgvector $(psql_url "$url" -c "select extversion from pg_extension where extname='vector'") ready"
echo "DATABASE_URL=$url"
