#!/usr/bin/env bash
# The whole `verify` of a 4 KiB signed message (warm DNS, in-memory zone)
# against the sum of its parts measured alone in the same run: DKIM verify,
# SPF evaluation, DMARC evaluation. Target: whole <= 1.3 x sum. The whole
# verify is what a receiver runs: results and the Authentication-Results
# field; the explanation (Verdict::findings) is built on demand, not here.
#
# usage: bench/verify_vs_parts.sh [MEASUREMENT_SECONDS]   criterion medians (wall time)
#        bench/verify_vs_parts.sh --instructions [N]      callgrind instruction counts
set -euo pipefail
cd "$(dirname "$0")/.."
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"

if [ "${1:-}" = "--instructions" ]; then
  n="${2:-50}"
  cargo build -q --profile bench -p domainauth-bench --bin verify_parts
  total=0
  declare -A ir
  for part in dkim spf dmarc whole; do
    out="$(valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*verify_parts*measure*' \
      --callgrind-out-file=/dev/null target/release/verify_parts "$part" "$n" 2>&1)"
    ir[$part]=$(( $(echo "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p') / n ))
  done
  sum=$(( ir[dkim] + ir[spf] + ir[dmarc] ))
  for part in dkim spf dmarc; do printf 'part  %-6s %9d instructions\n' "$part" "${ir[$part]}"; done
  printf 'sum          %9d instructions\nwhole        %9d instructions\n' "$sum" "${ir[whole]}"
  "$python" -c "print(f'whole / sum  {${ir[whole]} / $sum:9.3f}x (target <= 1.30x)')"
  exit 0
fi

secs="${1:-5}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo bench -q -p domainauth --bench verify -- --measurement-time "$secs" --noplot >"$log" 2>&1 \
  || { cat "$log" >&2; exit 1; }
"$python" - <<'PY'
import json
def median_us(name):
    with open(f"target/criterion/verify/{name}/new/estimates.json") as f:
        return json.load(f)["median"]["point_estimate"] / 1000.0
parts = {n: median_us(n) for n in ("dkim", "spf", "dmarc")}
whole = median_us("whole")
total = sum(parts.values())
for n, v in parts.items():
    print(f"part  {n:6s} {v:9.2f} us")
print(f"sum          {total:9.2f} us")
print(f"whole        {whole:9.2f} us")
print(f"whole / sum  {whole / total:9.2f}x (target <= 1.30x)")
PY
