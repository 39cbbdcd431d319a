#!/usr/bin/env bash
# End-to-end test of scripts/backup and scripts/restore (CONTRACT §6: "the round trip is
# tested"), against the running test stack: writes data through the API, backs the
# database up, restores the dump into a fresh PostgreSQL cluster (scripts/pg-cluster, a
# temporary directory, a free port), and compares every table of schema public between
# the two — row count and an md5 of all its rows in a fixed order. Also: the newest N
# dumps are kept, no temporary file is left, a dump is 0600, restore refuses to run
# without a target, and restoring twice (--clean over existing objects) gives the same
# result. The fresh cluster is stopped and removed on exit.
# Needs KEEL_TEST_VAR, KEEL_TEST_BASE_URL, CURL_CA_BUNDLE, DATABASE_URL (scripts/run-tests).
set -euo pipefail
# shellcheck source=tests/e2e/lib/fault_stack.sh
. "$(dirname "$0")/lib/fault_stack.sh"

var=${KEEL_TEST_VAR:?KEEL_TEST_VAR is not set}
base=${KEEL_TEST_BASE_URL:?KEEL_TEST_BASE_URL is not set}
src_url=${DATABASE_URL:?DATABASE_URL is not set}
scripts=$FS_REPO/scripts
work=$(mktemp -d /tmp/keel-backup-test.XXXXXX)
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    "$scripts/pg-cluster" stop "$pgdir" >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- some data, written the way users write it -------------------------------------------
email="backup-$$-$RANDOM@example.com"
code=$(curl -sS --max-time 10 -o "$work/reg.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data "{\"email\":\"$email\",\"password\":\"correct horse battery\",\"name\":\"Backup Test\"}" \
  "$base/api/v1/auth/register" 2>/dev/null || true)
token=$(jq -r '.data.access_token // empty' "$work/reg.json" 2>/dev/null || true)
if [ "$code" = 201 ] && [ -n "$token" ]; then
  ok "registered a user through the API"
else
  not_ok "register through the API answered $code"
fi
# More tables with rows, where those routes exist (they are other people's work; a
# missing route only means fewer tables carry data).
for spec in "projects|{\"title\":\"Backup project\",\"description\":\"kept by the dump\"}" \
  "tasks|{\"title\":\"Backup task\",\"status\":\"active\",\"priority\":\"high\"}"; do
  path=${spec%%|*}
  c=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "${spec#*|}" "$base/api/v1/$path" 2>/dev/null || true)
  note "POST /api/v1/$path: $c"
done

# A stored file: its bytes must come back with the database.
printf 'kept by the backup\n' >"$work/kept.txt"
c=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  -F "file=@$work/kept.txt" "$base/api/v1/files" 2>/dev/null || true)
note "POST /api/v1/files: $c"

# ---- backup -------------------------------------------------------------------------------
bdir=$work/backups
mkdir -p "$bdir"
touch "$bdir/keel-20000101T000000Z.dump" "$bdir/keel-20000102T000000Z.dump" "$bdir/unrelated.txt"
if dump=$("$scripts/backup" --var "$var" --keep 2 --dir "$bdir" 2>"$work/backup.err"); then
  ok "scripts/backup wrote $(basename "$dump") ($(stat -c %s "$dump" 2>/dev/null || echo ?) bytes)"
else
  not_ok "scripts/backup failed: $(cat "$work/backup.err")"
  exit 1
fi
if [[ "$(basename "$dump")" =~ ^keel-[0-9]{8}T[0-9]{6}Z\.dump$ ]] && [ -f "$dump" ] &&
  [ "$(stat -c %a "$dump")" = 600 ]; then
  ok "the dump is named keel-YYYYmmddTHHMMSSZ.dump and is mode 600"
else
  not_ok "dump $dump: name or mode ($(stat -c %a "$dump" 2>/dev/null)) wrong"
fi
left=$(find "$bdir" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
want="$(basename "$dump") $(basename "${dump%.dump}").files.tar keel-20000102T000000Z.dump unrelated.txt "
want=$(tr ' ' '\n' <<<"$want" | grep . | sort | tr '\n' ' ')
if [ "$left" = "$want" ]; then
  ok "--keep 2 kept the newest two dumps, removed the older one, left other files and no temporary file"
else
  not_ok "after --keep 2 the directory holds: $left (want: $want)"
fi
if "$scripts/backup" --var "$var" --keep 0 --dir "$bdir" >/dev/null 2>&1; then
  not_ok "scripts/backup accepted --keep 0"
else
  ok "scripts/backup refuses --keep 0"
fi

# ---- a fresh cluster, the restore ------------------------------------------------------------
pgdir=$(mktemp -d /tmp/kbr.XXXXXX)
chmod 755 "$pgdir"
port=$(free_port)
"$scripts/pg-cluster" init "$pgdir" "$port" >/dev/null 2>"$work/init.err" || {
  not_ok "pg-cluster init failed: $(tail -n 5 "$work/init.err")"
  exit 1
}
dst_url=$("$scripts/pg-cluster" start "$pgdir" "$port" --fast 2>"$work/start.err") || {
  not_ok "pg-cluster start failed: $(tail -n 5 "$work/start.err")"
  exit 1
}

rc=0
"$scripts/restore" "$dump" >"$work/refuse.out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] && grep -q 'refusing' "$work/refuse.out"; then
  ok "scripts/restore without --var/--database-url refuses (exit $rc)"
else
  not_ok "scripts/restore without a target: exit $rc, $(head -c 200 "$work/refuse.out")"
fi

# checksums URL: "table|rows|md5 of all rows" for every table of schema public.
checksums() {
  psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" <<'EOF'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, %L ORDER BY t::text), %L)) FROM public.%I t',
              table_name, '|', '', table_name)
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
 ORDER BY table_name \gexec
EOF
}

compare() { # compare LABEL
  local differ
  checksums "$src_url" >"$work/src.sums"
  checksums "$dst_url" >"$work/dst.sums" 2>"$work/dst.err" || true
  tables=$(grep -c . "$work/src.sums" || true)
  with_rows=$(awk -F'|' '$2 > 0' "$work/src.sums" | wc -l)
  rows=$(awk -F'|' '{s += $2} END {print s + 0}' "$work/src.sums")
  if [ "$tables" -gt 0 ] && cmp -s "$work/src.sums" "$work/dst.sums"; then
    ok "$1: all $tables tables identical (row counts and md5 of every row; $with_rows tables with data, $rows rows)"
  else
    differ=$(diff "$work/src.sums" "$work/dst.sums" | grep '^[<>]' | head -n 6 | tr '\n' ' ')
    not_ok "$1: tables differ: $differ $(head -c 200 "$work/dst.err")"
  fi
}

if "$scripts/restore" "$dump" --database-url "$dst_url" --files-dir "$work/files" \
  >"$work/restore.out" 2>&1; then
  ok "scripts/restore into the fresh cluster"
else
  not_ok "scripts/restore failed: $(tail -n 5 "$work/restore.out")"
fi
compare "restored copy vs the live database"
# file_sums DIR: "relative path  sha256" of every object, sorted.
file_sums() { (cd "$1/objects" && find . -type f -exec sha256sum {} + | sort -k2); }
file_sums "$var/files" >"$work/src.files" 2>/dev/null || true
file_sums "$work/files" >"$work/dst.files" 2>/dev/null || true
nfiles=$(grep -c . "$work/src.files" || true)
if [ "$nfiles" -gt 0 ] && cmp -s "$work/src.files" "$work/dst.files"; then
  ok "the store's $nfiles objects are restored with the same SHA-256"
else
  not_ok "restored objects differ: $(diff "$work/src.files" "$work/dst.files" | head -n 4 | tr '\n' ' ')"
fi
rows=$(psql -X -q -A -t "$dst_url" -c "SELECT sha256 || ' ' || storage_key FROM files" 2>/dev/null || true)
missing=0
while read -r sum key; do
  [ -n "$key" ] || continue
  got=$(sha256sum "$work/files/objects/${key:0:2}/$key" 2>/dev/null | cut -d' ' -f1)
  [ "$got" = "$sum" ] || missing=$((missing + 1))
done <<<"$rows"
if [ -n "$rows" ] && [ "$missing" = 0 ]; then
  ok "every restored files row has its bytes, with its SHA-256"
else
  not_ok "$missing restored files rows lack their bytes (rows: $(grep -c . <<<"$rows"))"
fi
n=$(psql -X -q -A -t "$dst_url" -c "SELECT count(*) FROM users WHERE email = '$email'" 2>/dev/null || echo 0)
if [ "$n" = 1 ]; then ok "the user registered before the backup is in the restored copy"; else not_ok "the registered user is not in the restored copy ($n)"; fi

# Again over the restored objects: --clean --if-exists drops and recreates them.
if "$scripts/restore" "$dump" --database-url "$dst_url" >"$work/restore2.out" 2>&1; then
  compare "restored a second time over the first"
else
  not_ok "the second restore failed: $(tail -n 5 "$work/restore2.out")"
fi
fs_finish
