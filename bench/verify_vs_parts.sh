#!/usr/bin/env bash
# The whole `verify` of a 4 KiB signed message (warm DNS, in-memory zone)
# against the sum of its parts measured alone in the same run: DKIM verify,
# SPF evaluation, DMARC evaluation. Target: whole <= 1.3 x sum. The whole
# verify is what a receiver runs: results and the Authentication-Results
# field; the explanation (Verdict::findings) is built on demand, not here.
# usage: bench/verify_vs_parts.sh [MEASUREMENT_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-5}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo bench -q -p domainauth --bench verify -- --measurement-time "$secs" --noplot >"$log" 2>&1 \
  || { cat "$log" >&2; exit 1; }
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"
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
