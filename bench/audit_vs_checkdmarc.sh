#!/usr/bin/env bash
# Auditing a domain's mail posture under DNS latency: `domainauth check`
# against checkdmarc (PyPI), both asking the project's authoritative test
# server (crates/domainauth-testkit/src/server.rs) on 127.0.0.1, every
# answer DELAY_MS late, for one domain and for COUNT domains, in one run.
# usage: bench/audit_vs_checkdmarc.sh [COUNT] [DELAY_MS]   (default 100 50)
# Needs: checkdmarc importable by DOMAINAUTH_PYTHON (default python3):
#   pip install checkdmarc
# DOMAINAUTH_BENCH_PROFILE=dev builds without optimisation (a quick smoke
# run; the figures are then not the ones to record).
#
# The domains (bench/src/bin/audit_server.rs) publish SPF trees four
# levels deep (domain -> mailbox provider -> its netblocks -> more), DMARC,
# DKIM keys at common selectors and MX hosts. Our time for one domain
# should be close to the longest chain of dependent queries times DELAY_MS:
# the SPF tree's depth (4 TXT lookups) plus the `mx` term's MX and address
# lookups, about 6 x DELAY_MS.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100}"
delay="${2:-50}"
python="${DOMAINAUTH_PYTHON:-python3}"
profile="${DOMAINAUTH_BENCH_PROFILE:-bench}"
"$python" -c "import checkdmarc" 2>/dev/null || {
  echo "audit_vs_checkdmarc: $python cannot import checkdmarc (pip install checkdmarc)" >&2
  exit 2
}
cargo build -q --profile "$profile" -p domainauth-bench --bin audit_server -p domainauth-cli --bin domainauth
case "$profile" in dev | test) out=debug ;; bench | release) out=release ;; *) out="$profile" ;; esac
bin="${CARGO_TARGET_DIR:-target}/$out"

tmp="$(mktemp -d)"
"$bin/audit_server" "$tmp" "$count" "$delay" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/addr" ] && break; sleep 0.1; done
[ -s "$tmp/addr" ] || { echo "audit_vs_checkdmarc: the server did not start" >&2; exit 3; }
addr="$(cat "$tmp/addr")"
head -n 1 "$tmp/domains.txt" > "$tmp/one.txt"

# Seconds taken by a command whose exit status is 0 or 1 (findings).
seconds() {
  local start end rc=0
  start=$(date +%s.%N)
  "$@" > /dev/null || rc=$?
  end=$(date +%s.%N)
  [ "$rc" -le 1 ] || { echo "audit_vs_checkdmarc: $* exited $rc" >&2; exit 3; }
  "$python" -c "print($end - $start)"
}
theirs() {
  "$python" bench/checkdmarc_timing.py 127.0.0.1 "${addr##*:}" "$1" |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["seconds"])'
}

ours_one=$(seconds "$bin/domainauth" check "$(cat "$tmp/one.txt")" --resolver "$addr" --json)
theirs_one=$(theirs "$tmp/one.txt")
ours_all=$(seconds "$bin/domainauth" check --domains "$tmp/domains.txt" --resolver "$addr" --json)
theirs_all=$(theirs "$tmp/domains.txt")

"$python" - "$count" "$delay" "$ours_one" "$theirs_one" "$ours_all" "$theirs_all" <<'PY'
import sys
count, delay = int(sys.argv[1]), int(sys.argv[2])
ours_one, theirs_one, ours_all, theirs_all = map(float, sys.argv[3:])
print(f"DNS latency {delay} ms per answer (local authoritative test server)")
print(f"{'':12}{'domainauth':>12}{'checkdmarc':>12}{'ratio':>9}  target")
print(f"{'1 domain':12}{ours_one:11.2f}s{theirs_one:11.2f}s{theirs_one / ours_one:8.1f}x  >= 5x")
print(f"{f'{count} domains':12}{ours_all:11.2f}s{theirs_all:11.2f}s{theirs_all / ours_all:8.1f}x  >= 20x")
print(f"domainauth, 1 domain: {ours_one * 1000 / delay:.1f} x {delay} ms "
      f"(the longest chain of dependent queries is about 6)")
PY
