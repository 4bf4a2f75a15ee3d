#!/usr/bin/env bash
# DMARC report ingest against parsedmarc, in one run, on the same generated
# corpus (bench/src/bin/report_corpus.rs: Google, Microsoft, Yahoo, smaller
# and RFC 9990 receivers; XML, gzip, zip, mail, mbox and Maildir; TLS and
# failure reports among them):
#
#   1. speed: REPORTS aggregate reports (default 10,000) through
#      `parsedmarc --offline` (output to files) and through
#      `domainauth reports ingest --offline` (parse and store in SQLite),
#      each under /usr/bin/time -v: wall and CPU time, the ratio, peak RSS.
#      Target: ours >= 50x faster.
#   2. memory: ours alone on a 256 MiB and a MEMORY (default 1 GiB) corpus
#      (bytes on disk, mixed containers, every quirk): peak RSS, which must
#      stay <= 100 MB and flat as the corpus grows.
#
# The speed corpus leaves out two quirks parsedmarc 11 cannot read (a BOM
# and element prefixes; one such report in an mbox ends its whole run), so
# that both programs do the same work.
#
# usage: bench/reports_vs_parsedmarc.sh [REPORTS] [MEMORY]
#        REPORTS=1000 for a quick run; MEMORY like 1G, 512M, or 0 to skip
#        the memory runs. DOMAINAUTH_BENCH_KEEP=DIR keeps the corpora and
#        outputs in DIR instead of a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${1:-10000}"
memory="${2:-1G}"
target="${CARGO_TARGET_DIR:-target}"
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"
if [ -n "${DOMAINAUTH_BENCH_KEEP:-}" ]; then
  work="$DOMAINAUTH_BENCH_KEEP"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

if [ ! -x /usr/bin/time ]; then
  echo "reports_vs_parsedmarc: /usr/bin/time is missing (Debian: apt-get install time)" >&2
  exit 1
fi

cargo build -q --profile bench -p domainauth-bench --bin report_corpus
cargo build -q --profile bench -p domainauth-cli
corpus_bin="$target/release/report_corpus"
ours_bin="$target/release/domainauth"
ours=1
if ! "$ours_bin" reports ingest --help >/dev/null 2>&1; then
  ours=0
  echo "reports_vs_parsedmarc: this domainauth has no 'reports ingest' command yet;" \
    "timing parsedmarc only" >&2
fi

# Wall clock ("m:ss.ss" or "h:mm:ss"), user + system time and peak RSS
# from a `time -v` output file: prints "wall_seconds cpu_seconds rss_mib".
measure() {
  "$python" - "$1" <<'PY'
import sys
wall = cpu = rss = 0.0
for line in open(sys.argv[1]):
    key, _, value = line.strip().rpartition(": ")
    if key.startswith("Elapsed (wall clock) time"):
        parts = [float(p) for p in value.split(":")]
        wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    elif key in ("User time (seconds)", "System time (seconds)"):
        cpu += float(value)
    elif key == "Maximum resident set size (kbytes)":
        rss = float(value) / 1024
print(f"{wall:.2f} {cpu:.2f} {rss:.1f}")
PY
}

corpus_stats() {
  "$python" - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{s['files']} files, {s['bytes'] / 2**20:.1f} MiB, {s['aggregate_reports']} aggregate reports, "
      f"{s['records']} records, {s['messages']} messages, {s['tls_reports']} TLS and "
      f"{s['failure_reports']} failure reports")
PY
}

# Runs `domainauth reports ingest --offline --json` on corpus $1 into the
# SQLite file $2 under `time -v` (output file $3). Its exit status is 1
# when some input was refused (the reasons are in its JSON), which does
# not end the run; anything else does.
ingest() {
  rm -f "$2" "$2-wal" "$2-shm"
  local status=0
  /usr/bin/time -v -o "$3" "$ours_bin" reports ingest --offline --json --db "$2" "$1" \
    >"$3.json" 2>"$3.err" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "reports_vs_parsedmarc: domainauth reports ingest exited with $status" >&2
    cat "$3.err" "$3.json" >&2
    exit 1
  fi
}

# Checks that ours stored what the generator wrote ($1: the generator's
# counts): its own counts ($2: the ingest's JSON) and, independently, what
# the SQLite file ($3) holds. Prints one line; exits when they differ, so
# no speed is reported for work that was skipped.
check_stored() {
  "$python" - "$1" "$2" "$3" <<'PY'
import json, sqlite3, sys
want = json.load(open(sys.argv[1]))
got = json.load(open(sys.argv[2]))
db = sqlite3.connect(f"file:{sys.argv[3]}?mode=ro", uri=True)
one = lambda sql: db.execute(sql).fetchone()[0] or 0
held = {
    "aggregate_reports": one("SELECT count(*) FROM aggregate_reports"),
    "records": one("SELECT count(*) FROM aggregate_records"),
    "messages": one("SELECT sum(message_count) FROM aggregate_records"),
    "tls_reports": one("SELECT count(*) FROM tls_reports"),
    "failure_reports": one("SELECT count(*) FROM failure_reports"),
}
said = {
    "aggregate_reports": got["aggregate_stored"],
    "records": got["records"],
    "messages": got["messages"],
    "tls_reports": got["tls_stored"],
    "failure_reports": got["failure_stored"],
}
bad = [f"{k}: generated {want[k]}, ingest said {said[k]}, store holds {held[k]}"
       for k in held if not want[k] == said[k] == held[k]]
for r in got["rejected"][:10]:
    print(f"  refused: {r['name']}: {r['message']}", file=sys.stderr)
if got["rejected"] or got["duplicates"] or bad:
    print(f"reports_vs_parsedmarc: ours did not store what was generated "
          f"({len(got['rejected'])} refused, {got['duplicates']} duplicates)", file=sys.stderr)
    for line in bad:
        print(f"  {line}", file=sys.stderr)
    sys.exit(1)
print(f"stored and checked in the store: {held['aggregate_reports']} aggregate reports, "
      f"{held['records']} records, {held['messages']} messages, {held['tls_reports']} TLS and "
      f"{held['failure_reports']} failure reports ({got['inputs']} inputs read)")
PY
}

load() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
}

# 1. Speed.
load
speed="$work/speed"
rm -rf "$speed"
"$corpus_bin" --seed 1 --reports "$reports" --without-quirks bom,prefixed --out "$speed" \
  > "$work/speed.json"
echo "speed corpus: $(corpus_stats "$work/speed.json")"

pm=""
if command -v parsedmarc >/dev/null; then
  rm -rf "$work/parsedmarc-out"
  status=0
  /usr/bin/time -v -o "$work/parsedmarc.time" parsedmarc --offline --recursive --silent \
    --output "$work/parsedmarc-out" "$speed" >/dev/null 2>"$work/parsedmarc.err" || status=$?
  pm="$(measure "$work/parsedmarc.time")"
  read -r pm_wall pm_cpu pm_rss <<<"$pm"
  # What it read, from its output files (a list of reports each).
  pm_read="$("$python" - "$work/parsedmarc-out" <<'PY'
import json, os, sys
def n(name):
    try:
        return len(json.load(open(os.path.join(sys.argv[1], name))))
    except (OSError, ValueError):
        return 0
print(f"{n('aggregate.json')} aggregate, {n('smtp_tls.json')} TLS and {n('failure.json')} failure reports read")
PY
)"
  printf 'parsedmarc  %9.2f s wall %9.2f s CPU  peak RSS %7.1f MiB  (%s, exit %s)\n' \
    "$pm_wall" "$pm_cpu" "$pm_rss" "$pm_read" "$status"
else
  echo "reports_vs_parsedmarc: parsedmarc is not installed (pip install parsedmarc); skipping it" >&2
fi

if [ "$ours" = 1 ]; then
  ingest "$speed" "$work/speed.sqlite" "$work/ours.time"
  read -r our_wall our_cpu our_rss <<<"$(measure "$work/ours.time")"
  printf 'domainauth  %9.2f s wall %9.2f s CPU  peak RSS %7.1f MiB\n' \
    "$our_wall" "$our_cpu" "$our_rss"
  checked="$(check_stored "$work/speed.json" "$work/ours.time.json" "$work/speed.sqlite")"
  echo "domainauth  $checked"
  if [ -n "$pm" ]; then
    "$python" -c "import sys; w, c = float(sys.argv[1]) / max(float(sys.argv[2]), 1e-9), float(sys.argv[3]) / max(float(sys.argv[4]), 1e-9); print(f'parsedmarc / domainauth: {w:.1f}x wall, {c:.1f}x CPU (target >= 50x)')" \
      "$pm_wall" "$our_wall" "$pm_cpu" "$our_cpu"
  fi
fi

load

# 2. Memory: ours alone, on corpora measured in bytes on disk.
if [ "$memory" = 0 ]; then
  exit 0
fi
if [ "$ours" = 0 ]; then
  echo "reports_vs_parsedmarc: skipping the memory runs ('domainauth reports ingest' is missing)" >&2
  exit 0
fi
rm -rf "$speed" "$work/parsedmarc-out" "$work"/speed.sqlite*
for size in 256M "$memory"; do
  corpus="$work/memory-$size"
  rm -rf "$corpus"
  "$corpus_bin" --seed 2 --target-bytes "$size" --out "$corpus" > "$work/memory-$size.json"
  ingest "$corpus" "$work/memory.sqlite" "$work/memory-$size.time"
  read -r wall cpu rss <<<"$(measure "$work/memory-$size.time")"
  printf 'memory %5s: %s\n             %9.2f s wall %9.2f s CPU  peak RSS %7.1f MiB (target <= 100 MB = 95.4 MiB)\n' \
    "$size" "$(corpus_stats "$work/memory-$size.json")" "$wall" "$cpu" "$rss"
  checked="$(check_stored "$work/memory-$size.json" "$work/memory-$size.time.json" \
    "$work/memory.sqlite")"
  echo "             $checked"
  echo "             store: $(du -h "$work/memory.sqlite" | cut -f1)"
  rm -rf "$corpus" "$work/memory.sqlite" "$work/memory.sqlite-wal" "$work/memory.sqlite-shm"
  load
done
