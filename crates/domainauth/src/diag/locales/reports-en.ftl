# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress

reports-geo-open = { $path }: not a usable MaxMind database: { $error }


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

