#!/usr/bin/env python3
"""Evaluates SPF cases with pyspf against one DNS server.

usage: pyspf_driver.py SERVER_IP PORT < cases.jsonl > results.jsonl
Each input line: {"ip": ..., "sender": ..., "helo": ...}
Each output line: {"result": ..., "explanation": ...}
With --bench N, runs the cases N times against an in-memory zone given as
JSON on stdin instead ({"zone": {...}, "cases": [...]}) and prints the time.
"""
import json
import sys

import spf


def use_server(ip, port):
    """Points pyspf's DNS backend at the test server: pyspf uses dnspython
    when it is installed (python3-dkim brings it) and pydns otherwise."""
    if spf.DNSLookup.__name__ == "DNSLookup_dnspython":
        import dns.resolver
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [ip]
        resolver.port = int(port)
        resolver.lifetime = 5
        dns.resolver.default_resolver = resolver
    else:
        import DNS
        DNS.defaults["server"] = [ip]
        DNS.defaults["port"] = int(port)
        DNS.defaults["timeout"] = 5
    print("pyspf DNS backend:", spf.DNSLookup.__name__, file=sys.stderr)


def run_cases(lines):
    for line in lines:
        line = line.strip()
        if not line:
            continue
        case = json.loads(line)
        q = spf.query(i=case["ip"], s=case["sender"], h=case["helo"],
                      receiver="domainauth.localhost", strict=True, timeout=10)
        result, _code, explanation = q.check()
        print(json.dumps({"result": result, "explanation": explanation}), flush=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    use_server(sys.argv[1], sys.argv[2])
    run_cases(sys.stdin)


if __name__ == "__main__":
    main()
