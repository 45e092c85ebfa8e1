#!/usr/bin/env bash
# Builds the solution once and runs every test project under tests/ against a throwaway
# PostgreSQL cluster that lives for the length of this script.
#
#   ./test.sh                       everything
#   ./test.sh --filter Name~Grant   extra arguments go to `dotnet test`
#
# Environment: ACCESSCONTROL_PG_PORT  first port to try (default 54329; the next free one is used)
#
# The last line printed is always "N passed, N failed" (", N skipped" when nonzero).
# Exit status 0 only when every test passed and at least one ran.
set -uo pipefail

cd "$(dirname "$0")" || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RESULTS_DIR=.tmp/test-results
PG_PORT=${ACCESSCONTROL_PG_PORT:-54329}
PG_TMP=''

say() { printf '%s\n' "$*"; }
# Fails before any test ran: a message, then the contract's last line.
fail_early() {
  say "test.sh: $*" >&2
  stop_postgres
  say "0 passed, 1 failed"
  exit 1
}

# --- PostgreSQL ------------------------------------------------------------------------------

find_pg_bindir() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null && command -v postgres >/dev/null; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] && say "$dir"
}

install_postgres() {
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    say "==> PostgreSQL not found; installing it from the system's packages"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql \
      || fail_early "apt-get install postgresql failed"
  else
    say "test.sh: the tests need the PostgreSQL server programs (initdb, pg_ctl, postgres)." >&2
    say "  Debian/Ubuntu: sudo apt-get install postgresql" >&2
    say "  Fedora:        sudo dnf install postgresql-server" >&2
    say "  macOS:         brew install postgresql" >&2
    say "Then run ./test.sh again (as root it installs them itself)." >&2
    say "0 passed, 1 failed"
    exit 1
  fi
}

# As root the server must run as the postgres user, which owns the cluster directory.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd "$PG_TMP" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

port_in_use() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

start_postgres() {
  local bindir
  bindir=$(find_pg_bindir)
  if [[ -z $bindir ]]; then
    install_postgres
    bindir=$(find_pg_bindir)
    [[ -n $bindir ]] || fail_early "PostgreSQL installed, but initdb/pg_ctl/postgres are still not found"
  fi
  PATH=$bindir:$PATH

  local tries=0
  while port_in_use "$PG_PORT"; do
    ((++tries < 100)) || fail_early "no free port found from ${ACCESSCONTROL_PG_PORT:-54329} on"
    PG_PORT=$((PG_PORT + 1))
  done

  PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/accesscontrol-pg.XXXXXX") || fail_early "mktemp failed"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres \
      || fail_early "could not create the postgres user"
    chown postgres: "$PG_TMP"
  fi

  local locale=(--no-locale)
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=(--locale=C.UTF-8)
  say "==> Starting PostgreSQL ($("$bindir/postgres" --version)) on 127.0.0.1:$PG_PORT"
  as_pg initdb -D "$PG_TMP/data" -A trust -U postgres -E UTF8 "${locale[@]}" >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; fail_early "initdb failed"; }
  # A throwaway cluster: durability settings off for speed.
  as_pg pg_ctl start -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { tail -n 20 "$PG_TMP/postgres.log" >&2; fail_early "PostgreSQL did not start"; }

  if command -v pg_isready >/dev/null; then
    for _ in $(seq 60); do
      pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U postgres && break
      sleep 0.5
    done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -U postgres || fail_early "PostgreSQL does not accept connections"
  fi
  export ACCESSCONTROL_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
}

# Idempotent, quiet: runs from the trap as well as before the summary.
stop_postgres() {
  [[ -n $PG_TMP && -d $PG_TMP ]] || return 0
  if [[ -f $PG_TMP/data/postmaster.pid ]]; then
    if ! as_pg pg_ctl stop -D "$PG_TMP/data" -m immediate -w -t 30 >/dev/null 2>&1; then
      local pid
      pid=$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)
      [[ $pid =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null
    fi
  fi
  rm -rf "$PG_TMP"
  PG_TMP=''
}

trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tests ----------------------------------------------------------------------------------

# Prints "passed failed skipped" from the outcomes of the UnitTestResult elements of a TRX file.
trx_counts() {
  grep -o '<UnitTestResult [^>]*' "$1" | grep -o ' outcome="[A-Za-z]*"' | awk -F'"' '
    $2 == "Passed" { p++; next }
    $2 == "NotExecuted" { s++; next }
    { f++ }
    END { printf "%d %d %d\n", p, f, s }'
}

# Extra arguments for dotnet test; a --filter of the caller's is combined with ours.
USER_FILTER=''
PASS_ARGS=()
while (($#)); do
  case $1 in
    --filter) USER_FILTER=${2:-}; shift 2 || shift ;;
    --filter=*) USER_FILTER=${1#--filter=}; shift ;;
    *) PASS_ARGS+=("$1"); shift ;;
  esac
done

# Tests that run once per provider carry the xunit trait Database=Postgres|Sqlite. The TRX
# logger does not record traits, so each project runs in three filtered parts and each part's
# TRX is counted on its own.
PARTS=(Other Sqlite Postgres)
declare -A PART_FILTER=(
  [Other]='Database!=Postgres&Database!=Sqlite'
  [Sqlite]='Database=Sqlite'
  [Postgres]='Database=Postgres'
)

# Lines vstest prints for every run, empty ones included.
VSTEST_NOISE='^(Test run for |A total of [0-9]+ test files? matched|Results File: )|No test matches the given testcase filter'

mapfile -t PROJECTS < <(find tests -name '*.Tests.csproj' | sort)
((${#PROJECTS[@]})) || fail_early "no test projects (*.Tests.csproj) under tests/"

say "==> dotnet tool restore"
dotnet tool restore || fail_early "dotnet tool restore failed"

start_postgres

say "==> dotnet build AccessControl.sln -c Debug"
dotnet build AccessControl.sln -c Debug || fail_early "BUILD FAILED (see the errors above)"
for project in "${PROJECTS[@]}"; do
  # A test project not yet added to the solution would otherwise fail with --no-build.
  if ! grep -qF "$(basename "$project")" AccessControl.sln; then
    say "==> $project is not in AccessControl.sln; building it on its own"
    dotnet build "$project" -c Debug || fail_early "BUILD FAILED: $project"
  fi
done

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
total_passed=0 total_failed=0 total_skipped=0
declare -A by_part=([Other]=0 [Sqlite]=0 [Postgres]=0)
summary=()

for project in "${PROJECTS[@]}"; do
  name=$(basename "$project" .csproj)
  passed=0 failed=0 skipped=0 per_db=()
  for part in "${PARTS[@]}"; do
    filter=${PART_FILTER[$part]}
    [[ -n $USER_FILTER ]] && filter="($USER_FILTER)&($filter)"
    trx="$RESULTS_DIR/$name.$part.trx"
    say "==> $name ($part)"
    dotnet test "$project" --no-build -c Debug --filter "$filter" \
      --logger "trx;LogFileName=$(basename "$trx")" --results-directory "$RESULTS_DIR" \
      "${PASS_ARGS[@]}" 2>&1 | grep -vE "$VSTEST_NOISE"
    rc=${PIPESTATUS[0]}
    if [[ -f $trx ]]; then
      read -r p f s < <(trx_counts "$trx")
    else
      p=0 f=0 s=0
    fi
    # A crashed test host or a bad argument can fail the run without a failed result.
    if ((rc != 0 && f == 0)); then
      say "test.sh: dotnet test exited with $rc for $name ($part) without a failed test in $trx" >&2
      f=1
    fi
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    by_part[$part]=$((by_part[$part] + p + f))
    [[ $part != Other ]] && ((p + f)) && per_db+=("$part $((p + f))")
  done
  line=$(printf '%-36s %5d passed, %d failed' "$name" "$passed" "$failed")
  ((skipped)) && line+=", $skipped skipped"
  ((${#per_db[@]})) && line+="  ($(IFS=,; echo "${per_db[*]}" | sed 's/,/, /g'))"
  summary+=("$line")
  total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
done

stop_postgres

say ""
say "==> Summary (TRX files in $RESULTS_DIR)"
printf '  %s\n' "${summary[@]}"
say "  Ran on PostgreSQL: ${by_part[Postgres]}, on SQLite: ${by_part[Sqlite]}, not provider-specific: ${by_part[Other]}"
((total_skipped)) && say "test.sh: $total_skipped test(s) skipped; no test may be skipped" >&2
((total_passed + total_failed)) || say "test.sh: no test ran" >&2

final="$total_passed passed, $total_failed failed"
((total_skipped)) && final+=", $total_skipped skipped"
say "$final"
((total_failed == 0 && total_skipped == 0 && total_passed > 0))
