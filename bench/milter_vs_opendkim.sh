#!/usr/bin/env bash
# The milter in front of a real Postfix, against OpenDKIM + OpenDMARC, in one
# run on this machine: the same messages (90 % 4 KiB, 10 % 100 KiB; half
# DKIM-signed by a key published in the test zone; SPF and DMARC p=reject
# of shop.example pass for every one) submitted over CONNS concurrent SMTP
# connections to
#   (a) Postfix without a milter,
#   (b) Postfix + `domainauth milter` (bench build),
#   (c) Postfix + OpenDKIM (mode sv) + OpenDMARC (RejectFailures, its own SPF),
# then the milters alone over the milter protocol (no Postfix), and a soak of
# SOAK messages through Postfix + domainauth with its RSS sampled.
#
# Everything runs in a private network and mount namespace (`unshare --mount
# --net`): DNS is an authoritative server for the test zone on 127.0.0.1:53
# (bench/src/bin/milter_load.rs, hickory-server through the testkit), and
# /etc/resolv.conf is bind-mounted there only, so OpenDMARC's resolver asks it
# too. Postfix has its own configuration and queue in a temporary folder.
#
# usage: bench/milter_vs_opendkim.sh [MESSAGES] [CONNS] [SOAK]
#   (defaults 10000, 8, 0; SOAK=0 skips the soak); MILTER_BENCH_PHASES
#   chooses among "postfix direct" (both by default);
#   MILTER_BENCH_SOAK_VIA=milter soaks over the milter protocol, without
#   Postfix (faster: for a million messages).
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${1:-10000}"
conns="${2:-8}"
soak="${3:-0}"
phases="${MILTER_BENCH_PHASES:-postfix direct}"
target="${CARGO_TARGET_DIR:-target}"

if [ -z "${MILTER_BENCH_INSIDE:-}" ]; then
  for tool in /usr/sbin/postfix /usr/sbin/opendkim /usr/sbin/opendmarc unshare; do
    command -v "$tool" >/dev/null || { echo "milter_vs_opendkim: $tool is missing (apt-get install postfix opendkim opendmarc)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "milter_vs_opendkim: run as root (Postfix's master and the namespaces need it)" >&2; exit 1; }
  cargo build -q --profile bench -p domainauth-cli --bin domainauth
  cargo build -q --profile bench -p domainauth-bench --bin milter_load
  exec unshare --mount --net env MILTER_BENCH_INSIDE=1 CARGO_TARGET_DIR="$target" bash "$0" "$@"
fi

out="$(mktemp -d /tmp/da-mbench.XXXXXX)"
chmod 755 "$out"
# Copies: a build during the run does not change what is measured.
cp "$target/release/milter_load" "$target/release/domainauth" "$out/"
load="$out/milter_load"
domainauth="$out/domainauth"
pids=()
postfix_dirs=()
cleanup() {
  set +e
  for d in "${postfix_dirs[@]}"; do
    /usr/sbin/postfix -c "$d/conf" stop >/dev/null 2>&1
  done
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null
  done
  for _ in $(seq 50); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do
    kill -9 "$p" 2>/dev/null
  done
  wait 2>/dev/null
  [ -n "${MILTER_BENCH_KEEP:-}" ] || rm -rf "$out"
}
trap cleanup EXIT INT TERM

ip link set lo up
"$load" prepare "$out" "$messages"
printf 'nameserver 127.0.0.1\n' > "$out/resolv.conf"
mount --bind "$out/resolv.conf" /etc/resolv.conf
"$load" dns "$out/zone.txt" 127.0.0.1:53 2>"$out/dns.log" &
pids+=($!)
sleep 0.5

# --- the milters ---------------------------------------------------------
# Each milter twice: on a Unix socket (the comparison) and on TCP (libmilter
# and Postfix's milter client both leave Nagle on; see docs/PERFORMANCE.md).
sock="$out/sock"
mkdir -p "$sock"
chmod 777 "$sock"
chmod 600 "$out/key.pem"
cp "$out/key.pem" "$out/opendkim.pem"
chown opendkim "$out/opendkim.pem"
# domainauth_conf LISTEN
domainauth_conf() {
  cat <<EOF
listen = "$1"
# Postfix's smtpd (user postfix) connects to the socket, as OpenDKIM's and
# OpenDMARC's made under umask 000.
socket_mode = 0o666
authserv_id = "mx.example.net"
[policy]
reject = "reject"
quarantine = "quarantine"
[dns]
server = "127.0.0.1:53"
[signing]
internal_hosts = ["127.0.0.1"]
[[signing.keys]]
domain = "shop.example"
selector = "bench"
key = "$out/key.pem"
EOF
}
# opendkim_conf SOCKET
opendkim_conf() {
  cat <<EOF
Syslog no
Mode sv
Socket $1
UMask 000
Nameservers 127.0.0.1
AuthservID mx.example.net
InternalHosts 127.0.0.1
Domain shop.example
Selector bench
KeyFile $out/opendkim.pem
RequireSafeKeys no
UserID opendkim
EOF
}
# opendmarc_conf SOCKET
opendmarc_conf() {
  cat <<EOF
Syslog false
Socket $1
UMask 000
AuthservID mx.example.net
TrustedAuthservIDs mx.example.net
RejectFailures true
SPFSelfValidate true
SPFIgnoreResults true
FailureReports false
PublicSuffixList /usr/share/publicsuffix/public_suffix_list.dat
UserID opendmarc
EOF
}
for v in unix tcp; do
  if [ $v = unix ]; then
    da="unix:$sock/domainauth.sock"; dk="local:$sock/opendkim.sock"; dm="local:$sock/opendmarc.sock"
  else
    da="inet:127.0.0.1:18891"; dk="inet:18893@127.0.0.1"; dm="inet:18894@127.0.0.1"
  fi
  domainauth_conf "$da" > "$out/domainauth-$v.toml"
  opendkim_conf "$dk" > "$out/opendkim-$v.conf"
  opendmarc_conf "$dm" > "$out/opendmarc-$v.conf"
  # Warnings only, as OpenDKIM and OpenDMARC run without their logs
  # (Syslog no): the per-message line is not what is measured.
  (umask 000; DOMAINAUTH_LOG="${DOMAINAUTH_LOG:-warn}" exec "$domainauth" milter --config "$out/domainauth-$v.toml") 2>>"$out/domainauth-$v.log" &
  pids+=($!)
  [ $v = unix ] && da_pid=$!
  /usr/sbin/opendkim -f -x "$out/opendkim-$v.conf" 2>>"$out/opendkim-$v.log" &
  pids+=($!)
  /usr/sbin/opendmarc -f -c "$out/opendmarc-$v.conf" 2>>"$out/opendmarc-$v.log" &
  pids+=($!)
done
for _ in $(seq 100); do
  ok=1
  for s in domainauth opendkim opendmarc; do [ -S "$sock/$s.sock" ] || ok=0; done
  for port in 18891 18893 18894; do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || ok=0; done
  [ $ok = 1 ] && break
  sleep 0.1
done

# --- Postfix ---------------------------------------------------------------
# start_postfix NAME PORT MILTERS: a private Postfix (as the testkit's
# harness: own main.cf/master.cf, virtual delivery to one Maildir).
start_postfix() {
  local d="$out/pf-$1" port="$2" milters="$3"
  mkdir -p "$d/conf" "$d/queue" "$d/data" "$d/mail"
  chown postfix:postfix "$d/data"
  chown nobody:nogroup "$d/mail"
  cat > "$d/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $d/maillog
maillog_file_prefixes = $d
myhostname = mx.test.example
mydomain = test.example
myorigin = \$myhostname
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
alias_maps =
alias_database =
biff = no
default_transport = error:no outside delivery
relay_transport = error:no outside delivery
local_transport = error:no local delivery
virtual_mailbox_domains = rcpt.example
virtual_mailbox_base = $d/mail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
virtual_minimum_uid = 1
smtpd_authorized_xclient_hosts = 127.0.0.0/8
smtpd_milters = $milters
milter_default_action = tempfail
EOF
  cat > "$d/conf/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  postfix_dirs+=("$d")
  /usr/sbin/postfix -c "$d/conf" start-fg >"$d/postfix.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "milter_vs_opendkim: Postfix $1 did not start:" >&2
  cat "$d/postfix.out" "$d/maillog" >&2
  exit 1
}
stop_postfix() {
  /usr/sbin/postfix -c "$out/pf-$1/conf" stop >/dev/null 2>&1 || true
  sleep 1
}

results="$out/results.jsonl"
: > "$results"
run_smtp() { # NAME PORT COUNT
  "$load" smtp "$1" "127.0.0.1:$2" "$conns" "$3" "$out/msgs" "$out/pf-$1/mail/inbox" 10
}

half=$((messages / 2))
start_postfix b 12526 "unix:$sock/domainauth.sock"
if [[ " $phases " == *" postfix "* ]]; then
start_postfix a 12525 ""
start_postfix c 12527 "unix:$sock/opendkim.sock, unix:$sock/opendmarc.sock"
start_postfix b_tcp 12528 "inet:127.0.0.1:18891"
start_postfix c_tcp 12529 "inet:127.0.0.1:18893, inet:127.0.0.1:18894"
# Warm-up: Postfix's processes, the milters, the DNS answers cached.
for pf in "a 12525" "b 12526" "c 12527" "b_tcp 12528" "c_tcp 12529"; do
  set -- $pf
  run_smtp "$1" "$2" 200 >/dev/null
done
# Measured, interleaved: a b c, twice, half the messages each time; then
# the milters on TCP with a tenth of them.
for round in 1 2; do
  for pf in "a 12525" "b 12526" "c 12527"; do
    set -- $pf
    run_smtp "$1" "$2" "$half" | tee -a "$results"
  done
done
for pf in "b_tcp 12528" "c_tcp 12529"; do
  set -- $pf
  run_smtp "$1" "$2" "$((messages / 10))" | tee -a "$results"
done
for pf in a c b_tcp c_tcp; do stop_postfix $pf; done
fi
if [[ " $phases " == *" direct "* ]]; then
# The milters alone over the milter protocol (Unix sockets), same messages.
direct_da="unix:$sock/domainauth.sock"
direct_peers="unix:$sock/opendkim.sock,unix:$sock/opendmarc.sock"
"$load" milter domainauth "$direct_da" "$conns" 200 "$out/msgs" >/dev/null
"$load" milter opendkim+opendmarc "$direct_peers" "$conns" 200 "$out/msgs" >/dev/null
for round in 1 2; do
  "$load" milter domainauth "$direct_da" "$conns" "$half" "$out/msgs" | tee -a "$results"
  "$load" milter opendkim+opendmarc "$direct_peers" "$conns" "$half" "$out/msgs" | tee -a "$results"
done
fi

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def agg(mode, config):
    rs = [r for r in rows if r["mode"] == mode and r["config"] == config]
    if not rs:
        return None
    n = sum(r["delivered"] for r in rs)
    s = sum(r["seconds"] for r in rs)
    def med(k):  # the median over the rounds of each round's quantile
        v = sorted(r[k] for r in rs)
        return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    lost = sum(r["accepted"] - r["delivered"] for r in rs) if mode == "smtp" else 0
    return dict(n=n, rate=n / s, p50=med("p50_ms"), p99=med("p99_ms"), lost=lost,
                refused=sum(r["refused"] for r in rs), errors=sum(r["errors"] for r in rs),
                dkim=sum(r["dkim_pass"] for r in rs), dmarc=sum(r["dmarc_pass"] for r in rs))
def line(name, r, what):
    print(f"  {name:36} {r['n']:6} {what} ({r['lost']} lost, {r['refused']} refused, {r['errors']} errors)"
          f"  {r['rate']:7.1f} msg/s  p50 {r['p50']:6.2f} ms  p99 {r['p99']:6.2f} ms"
          f"  dkim=pass {r['dkim']} dmarc=pass {r['dmarc']}")
print()
a, b, c = (agg("smtp", x) for x in "abc")
if a and b and c:
    print("through Postfix (MAIL FROM to the 250 after the data):")
    for name, r in (("Postfix alone", a), ("Postfix + domainauth", b), ("Postfix + OpenDKIM + OpenDMARC", c)):
        line(name, r, "delivered")
    print(f"  added latency domainauth:         p50 {b['p50'] - a['p50']:+.2f} ms  p99 {b['p99'] - a['p99']:+.2f} ms")
    print(f"  added latency OpenDKIM+OpenDMARC: p50 {c['p50'] - a['p50']:+.2f} ms  p99 {c['p99'] - a['p99']:+.2f} ms")
    print(f"  throughput domainauth / OpenDKIM+OpenDMARC: {b['rate'] / c['rate']:.2f}x")
    for k, name in (("b_tcp", "Postfix + domainauth, TCP"), ("c_tcp", "Postfix + OpenDKIM + OpenDMARC, TCP")):
        r = agg("smtp", k)
        if r:
            line(name, r, "delivered")
m1, m2 = agg("milter", "domainauth"), agg("milter", "opendkim+opendmarc")
if m1 and m2:
    print("milters alone (milter protocol, connect to the answer at the end of the body):")
    line("domainauth", m1, "accepted")
    line("OpenDKIM + OpenDMARC", m2, "accepted")
    print(f"  throughput domainauth / OpenDKIM+OpenDMARC: {m1['rate'] / m2['rate']:.2f}x")
print("targets: >= 3x OpenDKIM+OpenDMARC throughput; p99 added latency < 5 ms")
PY

if [ "$soak" -gt 0 ]; then
  echo
  via="${MILTER_BENCH_SOAK_VIA:-postfix}"
  echo "soak: $soak messages through $via + domainauth (pid $da_pid), RSS every 5 s"
  (
    while kill -0 "$da_pid" 2>/dev/null; do
      echo "$(date +%s) $(awk '/VmRSS/ {print $2}' "/proc/$da_pid/status")"
      sleep 5
    done
  ) > "$out/rss.txt" &
  pids+=($!)
  if [ "$via" = milter ]; then
    "$load" milter domainauth "unix:$sock/domainauth.sock" "$conns" "$soak" "$out/msgs" | tee "$out/soak.json"
  else
    run_smtp b 12526 "$soak" | tee "$out/soak.json"
  fi
  sleep 5
  python3 - "$out/rss.txt" "$out/soak.json" <<'PY'
import json, sys
samples = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 2]
kb = [int(s[1]) for s in samples]
r = json.load(open(sys.argv[2]))
print(f"soak: {r['delivered']} delivered of {r['accepted']} accepted ({r['accepted'] - r['delivered']} lost), "
      f"{r['refused']} refused, {r['errors']} errors, {r['per_s']:.1f} msg/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms")
print(f"soak RSS ({len(kb)} samples): start {kb[0] / 1024:.1f} MiB, middle {kb[len(kb) // 2] / 1024:.1f} MiB, "
      f"end {kb[-1] / 1024:.1f} MiB, max {max(kb) / 1024:.1f} MiB")
PY
fi
