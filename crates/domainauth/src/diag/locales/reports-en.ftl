# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress

reports-geo-open = { $path }: not a usable MaxMind database: { $error }


## Summary: causes and fixes of failing sources
reports-summary-cause-authenticated = authenticated
reports-summary-cause-unlisted-own-server = a server of yours missing from SPF
reports-summary-cause-third-party-service = a sending service, not aligned
reports-summary-cause-forwarding = forwarding or a mailing list
reports-summary-cause-spoofing = spoofing
reports-summary-cause-unknown = unknown source


## Commands: labels, titles and errors of domainauth reports

