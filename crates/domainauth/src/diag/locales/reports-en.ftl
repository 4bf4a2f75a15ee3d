# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox
reports-container-empty = empty: there is nothing to read
reports-container-not-a-report = not a report: the content is not XML, JSON, gzip, zip or a mail message
reports-container-no-report = no report in this message
reports-container-no-report-in-archive = no report in this archive
reports-container-input-too-large = larger than the limit of { $limit } bytes
reports-container-too-large = expands to more than the limit of { $limit } bytes
reports-container-ratio = expands more than { $limit } times its compressed size
reports-container-total-too-large = the archives of this input expand to more than { $limit } bytes in all
reports-container-nested-too-deep = archive nested too deep: at most { $limit } archive inside another is read
reports-container-mime-too-deep = MIME parts nested more than { $limit } levels deep
reports-container-mime-too-many-parts = more than { $limit } MIME parts: the rest were not read
reports-container-truncated = truncated: the { $format } data ends at byte { $offset } before it is complete
reports-container-corrupt = corrupt { $format } data at byte { $offset }
reports-container-checksum = the { $format } checksum does not match the data
reports-container-size-mismatch = the { $format } data is { $actual } bytes long but its header says { $declared }
reports-container-size-exceeded = expands past the { $declared } bytes its { $format } header declares
reports-container-zip-unreadable = unreadable zip: no central directory and no entry found
reports-container-zip-encrypted = encrypted zip entry: it cannot be read without its password
reports-container-zip-method = zip compression method { $method } is not supported (only stored and deflate are)
reports-container-zip-overlap = the zip entry's data overlaps another entry's
reports-container-zip-too-many-entries = more than { $limit } zip entries: the rest were not read
reports-container-note-name = the name { $name } suggests { $claimed } but the content is { $found }
reports-container-note-content-type = declared as { $content_type } but the content is { $found }
reports-container-note-trailing = { $count } bytes after the end of the { $format } data were ignored
reports-container-note-zip-directory = the zip central directory is missing: the entries were read from their local headers
reports-source-not-found = { $origin }: no such file or folder
reports-source-permission = { $origin }: permission denied
reports-source-unreadable = { $origin }: cannot be read: { $detail }
reports-source-too-large = { $origin }: larger than the limit of { $limit } bytes, not read
reports-source-not-a-file = { $origin }: not a file or a folder


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

