#!/usr/bin/env bash
# SPF evaluation speed: domainauth against pyspf, the same openspf rfc7208
# cases with in-memory zones on both sides, measured in one run.
# usage: bench/spf_vs_pyspf.sh [ROUNDS_OURS] [ROUNDS_PYSPF]
# Needs: Debian python3-spf and python3-yaml (or DOMAINAUTH_PYTHON pointing
# at a Python with pyspf and PyYAML), and ../shared/testdata/spf.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${DOMAINAUTH_TESTDATA:-../shared/testdata}/spf/rfc7208-tests.yml"
[ -f "$suite" ] || { echo "spf_vs_pyspf: $suite not found" >&2; exit 2; }
python="${DOMAINAUTH_PYTHON:-/usr/bin/python3}"
"$python" -c "import spf, yaml" 2>/dev/null || { echo "spf_vs_pyspf: $python cannot import spf and yaml (apt-get install python3-spf python3-yaml)" >&2; exit 2; }
rounds_ours="${1:-500}"
rounds_py="${2:-10}"

cargo build -q --release -p domainauth --example spf_suite_timing
ours=$(target/release/examples/spf_suite_timing "$suite" "$rounds_ours" notrace)
ours_trace=$(target/release/examples/spf_suite_timing "$suite" "$rounds_ours" trace)
theirs=$("$python" bench/pyspf_suite_timing.py "$suite" "$rounds_py")
echo "$ours"
echo "$ours_trace"
echo "$theirs"
"$python" - "$ours" "$ours_trace" "$theirs" <<'PY'
import json, sys
ours, traced, theirs = (json.loads(a) for a in sys.argv[1:4])
for name, r in (("domainauth", ours), ("domainauth (with trace)", traced), ("pyspf", theirs)):
    print(f"{name:26} {r['ns_per_eval'] / 1000:8.2f} us/eval  ({r['matched']}/203 suite results as expected)")
print(f"ratio: domainauth is {theirs['ns_per_eval'] / ours['ns_per_eval']:.1f}x pyspf "
      f"({theirs['ns_per_eval'] / traced['ns_per_eval']:.1f}x with trace); target >= 50x")
PY
