# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL
reports-store-unsupported-target = { $target } is neither a SQLite file nor a PostgreSQL URL (postgres://…)
reports-store-create-dir = cannot create the folder { $path } for the store: { $reason }
reports-store-open = cannot open the store { $target }: { $reason }
reports-store-migrate = cannot bring the schema of the store { $target } up to date: { $reason }
reports-store-database = the store's database failed: { $reason }
reports-store-too-large = { $field } is { $value }, more than the store can hold (at most { $max })
reports-store-corrupt = the store holds a value it cannot read: { $table }.{ $column } = { $value }


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

