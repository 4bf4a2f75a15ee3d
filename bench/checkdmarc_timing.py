#!/usr/bin/env python3
"""Times checkdmarc (PyPI) auditing domains through one DNS server and port.

usage: checkdmarc_timing.py IP PORT DOMAINS_FILE

checkdmarc's command line takes nameserver addresses only (always port 53);
its Python API takes dnspython Nameserver objects, which carry a port, so
this driver calls checkdmarc.check_domains with Do53Nameserver(IP, PORT).
TLS checks of the MX hosts stay off (check_mx_tls, off by default).
Prints one JSON line: {"impl", "version", "domains", "seconds"}.
"""

import json
import sys
import time

import checkdmarc
from dns.nameserver import Do53Nameserver


def main() -> None:
    ip, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, encoding="utf-8") as f:
        domains = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    start = time.perf_counter()
    checkdmarc.check_domains(
        domains,
        nameservers=[Do53Nameserver(ip, port)],
        timeout=5.0,
    )
    seconds = time.perf_counter() - start
    print(json.dumps({"impl": "checkdmarc", "version": checkdmarc.__version__,
                      "domains": len(domains), "seconds": seconds}))


if __name__ == "__main__":
    main()
