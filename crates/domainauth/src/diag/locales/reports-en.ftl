# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports

# Aggregate reports (XML)
reports-xml-too-large = the report is { $size } bytes, more than the limit of { $max } bytes
reports-xml-not-xml = not an XML document: no element starts it (byte { $offset })
reports-aggregate-not-feedback = not a DMARC aggregate report: the root element is <{ $root }>, not <feedback>
reports-xml-doctype = a DOCTYPE declaration at byte { $offset }: DTDs and entity declarations are never processed
reports-xml-unknown-entity = unknown entity reference &{ $name }; in { $path } at byte { $offset }: entities are never expanded
reports-xml-bad-char-ref = invalid character reference &{ $name }; in { $path } at byte { $offset }
reports-xml-too-deep = elements nested deeper than { $max } levels in { $path } at byte { $offset }
reports-xml-text-too-long = text longer than { $max } bytes in { $path } at byte { $offset }
reports-xml-attribute-too-long = attribute value longer than { $max } bytes in { $path } at byte { $offset }
reports-aggregate-too-many-records = more than { $max } records: the record starting at byte { $offset } is one too many
reports-xml-truncated = the document ends at byte { $offset } before { $path } is closed: truncated
reports-xml-mismatched-end = end tag </{ $found }> in { $path } at byte { $offset } does not close <{ $expected }>
reports-xml-unmatched-end = end tag </{ $found }> at byte { $offset } closes no open element
reports-xml-malformed = malformed XML in { $path } at byte { $offset }
reports-aggregate-missing = required element <{ $element }> missing or empty in { $path } (ending at byte { $offset })
reports-aggregate-bad-source-ip = invalid source IP address "{ $value }" in { $path } at byte { $offset }
reports-aggregate-bad-count = invalid message count "{ $value }" in { $path } at byte { $offset }
reports-aggregate-bad-value = invalid value "{ $value }" in { $path } at byte { $offset }
reports-aggregate-no-records = the report has no <record>: an aggregate report carries at least one
reports-aggregate-bad-date-range = impossible date range { $begin } to { $end } in { $path } at byte { $offset }: it ends before it begins, or lies outside the years 1970 to 9999

# Failure reports (ARF mail)
reports-failure-too-large = the mail is { $size } bytes, more than the limit of { $max } bytes
reports-failure-not-mail = not a mail message: no header fields
reports-failure-too-many-parts = the mail has { $parts } MIME parts, more than the limit of { $max }
reports-failure-too-deep = MIME parts nested deeper than { $max } levels
reports-failure-not-report = not a DMARC failure report: no message/feedback-report part and no report fields in the text
reports-failure-wrong-type = an ARF report of feedback type "{ $feedback_type }", not auth-failure

# SMTP TLS reports (JSON)
reports-tls-too-large = the report is { $size } bytes, more than the limit of { $max } bytes
reports-tls-not-json = not a JSON document: syntax error at line { $line }, column { $column }
reports-tls-truncated = the JSON document ends at line { $line }, column { $column } before it is complete: truncated
reports-tls-not-object = not an SMTP TLS report: the JSON document is not an object
reports-tls-missing = required field { $path } missing
reports-tls-bad-type = { $path } has the wrong type
reports-tls-bad-number = { $path } is "{ $value }", not a non-negative integer
reports-tls-text-too-long = text longer than { $max } bytes at { $path }
reports-tls-too-many = more than { $max } entries at { $path }


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
reports-imap-url-syntax = not an IMAP URL (imaps://user@host/MAILBOX)
reports-imap-url-scheme = the IMAP URL scheme must be imaps (TLS) or imap (STARTTLS), not { $scheme }
reports-imap-url-password = the IMAP URL holds a password; give it in an environment variable or a file, where shell history and process lists do not show it
reports-imap-url-no-user = the IMAP URL has no user name (imaps://user@host/MAILBOX)
reports-imap-url-host = the IMAP URL has no valid host name: { $host }
reports-imap-url-port = the IMAP URL port { $port } is not a number from 1 to 65535
reports-imap-url-percent = the { $part ->
        [user] user name
       *[mailbox] mailbox name
    } in the IMAP URL has an invalid percent-encoding at byte { $offset }
reports-imap-url-utf8 = the { $part ->
        [user] user name
       *[mailbox] mailbox name
    } in the IMAP URL is not UTF-8 once percent-decoded
reports-imap-url-control = the { $part ->
        [user] user name
       *[mailbox] mailbox name
    } in the IMAP URL holds a control character
reports-imap-url-unsupported = the IMAP URL part { $part } is not supported: name a mailbox only (imaps://user@host/MAILBOX)
reports-imap-password-env-missing = the environment variable { $name } that should hold the IMAP password is not set
reports-imap-password-file = cannot read the IMAP password from { $path }: { $reason }
reports-imap-password-utf8 = the IMAP password from { $source ->
        [env] the environment variable { $name }
        [file] { $name }
       *[given] the program
    } is not UTF-8
reports-imap-password-empty = the IMAP password from { $source ->
        [env] the environment variable { $name }
        [file] { $name }
       *[given] the program
    } is empty
reports-imap-password-control = the IMAP password from { $source ->
        [env] the environment variable { $name }
        [file] { $name }
       *[given] the program
    } holds a control character
reports-imap-connect = cannot connect to the IMAP server { $host } port { $port }: { $reason }
reports-imap-timeout = the IMAP server { $host } did not complete { $step ->
        [connect] the connection
        [tls] the TLS handshake
        [greeting] the greeting
       *[command] { $command }
    } within { $seconds } s
reports-imap-closed = the IMAP server { $host } closed the connection during { $step ->
        [connect] the connection
        [tls] the TLS handshake
        [greeting] the greeting
       *[command] { $command }
    }
reports-imap-certificate-name = the TLS certificate of the IMAP server { $host } is not valid for that name
reports-imap-certificate-untrusted = the TLS certificate of the IMAP server { $host } is not issued by a trusted authority (for a private authority, give its certificate file)
reports-imap-certificate = the TLS certificate of the IMAP server { $host } was refused: { $reason }
reports-imap-tls = TLS with the IMAP server { $host } failed: { $reason }
reports-imap-ca-file = cannot use the CA certificates in { $path }: { $reason }
reports-imap-no-starttls = the IMAP server { $host } does not offer STARTTLS; the password is never sent without TLS (use imaps:// if the server has implicit TLS)
reports-imap-starttls-injection = the IMAP server { $host } sent data between STARTTLS and the TLS handshake; refusing a possibly tampered connection
reports-imap-greeting = the IMAP server { $host } refused the session: "{ $text }"
reports-imap-login = the IMAP server { $host } refused the login of { $user } (check the user name and password)
reports-imap-mailbox-missing = the IMAP server { $host } cannot open the mailbox { $mailbox }: "{ $text }"
reports-imap-no = the IMAP server { $host } refused { $command }: "{ $text }"
reports-imap-bad = the IMAP server { $host } called { $command } invalid: "{ $text }"
reports-imap-protocol = unreadable answer from the IMAP server { $host } during { $step ->
        [connect] the connection
        [tls] the TLS handshake
        [greeting] the greeting
       *[command] { $command }
    }: { $reason }
reports-imap-response-too-large = the IMAP server { $host } sent more than { $max } bytes during { $step ->
        [connect] the connection
        [tls] the TLS handshake
        [greeting] the greeting
       *[command] { $command }
    }
reports-imap-no-move = the IMAP server { $host } has neither MOVE nor UIDPLUS, so processed mail cannot be moved without expunging other deleted mail
reports-imap-folder-name = the folder name "{ $folder }" is not usable: it is empty or holds a control character
reports-imap-same-folder = the folder for processed mail, { $folder }, is the mailbox being read
reports-imap-ended = the IMAP session with { $host } ended after an earlier error; connect again
reports-imap-message-too-large = message UID { $uid } in { $mailbox } is { $size } bytes, more than the limit of { $max }; not downloaded
reports-imap-message-vanished = message UID { $uid } in { $mailbox } was removed before it could be read


## Store: SQLite and PostgreSQL
reports-store-unsupported-target = { $target } is neither a SQLite file nor a PostgreSQL URL (postgres://…)
reports-store-create-dir = cannot create the folder { $path } for the store: { $reason }
reports-store-open = cannot open the store { $target }: { $reason }
reports-store-migrate = cannot bring the schema of the store { $target } up to date: { $reason }
reports-store-database = the store's database failed: { $reason }
reports-store-too-large = { $field } is { $value }, more than the store can hold (at most { $max })
reports-store-corrupt = the store holds a value it cannot read: { $table }.{ $column } = { $value }


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

reports-ui-more-refused = … and { $count } more refused, not listed
reports-ui-list-title = Stored aggregate reports: { $count }
reports-ui-list-id = Report id
reports-ui-more-rows = … and { $count } more (--csv or --json for all)
reports-ui-ingest-rejected-title-only = Refused, with the reason:
ui-error-no-store = there is no report store at { $path }: read reports into it first with "domainauth reports ingest PATH --db { $path }" (or give --db the store you used)
reports-reason-forwarded = forwarded
reports-reason-sampled_out = sampled out (pct)
reports-reason-trusted_forwarder = trusted forwarder
reports-reason-mailing_list = mailing list
reports-reason-local_policy = local policy
reports-reason-policy_test_mode = test mode (t=y)
reports-reason-other = other
reports-ui-col-network = Network
reports-ui-no-geoip = Country and network are not shown: no --geoip database was given (a MaxMind-format Country or ASN file).
reports-ui-n = { $n }
ui-error-no-data-dir = there is no data directory for the default store (HOME is not set): name one with --db PATH
ui-error-report-not-found = no stored aggregate report has the id { $id } ("domainauth reports list" shows the ids of the stored reports)
ui-error-invalid-date = { $option } "{ $value }" is not a date: write YYYY-MM-DD (UTC), for example 2026-11-01
ui-error-date-range = --since { $since } is after --until { $until }: no report can match
reports-ui-ingest-title = Ingest into { $store }
reports-ui-ingest-progress = { $inputs } read, { $stored } stored, { $duplicates } already stored, { $rejected } refused
reports-ui-ingest-inputs = Files and messages read
reports-ui-ingest-aggregate = Aggregate reports stored
reports-ui-ingest-aggregate-value = { $stored } ({ $records } records, { $messages } messages)
reports-ui-ingest-failure = Failure reports stored
reports-ui-ingest-tls = TLS reports stored
reports-ui-ingest-duplicates = Already stored (skipped)
reports-ui-ingest-rejected = Refused
reports-ui-ingest-rdns = Reverse DNS
reports-ui-ingest-rdns-offline = not looked up (--offline)
reports-ui-ingest-rdns-done = { $count } source addresses
reports-ui-ingest-rejected-title = Refused, with the reason (the rest was stored):
reports-ui-ingest-nothing-new = Nothing new: every report read was already in the store.
reports-ui-show-title = Aggregate report { $id } from { $org } (stored as { $number })
reports-ui-show-period = Period
reports-ui-show-contact = Contact
reports-ui-show-domain = Domain
reports-ui-show-policy = Published policy
reports-ui-show-origin = Read from
reports-ui-show-stored = Stored at
reports-ui-show-note = Note: { $note }
reports-ui-show-records = Records ({ $records } records, { $messages } messages)
reports-ui-col-disposition = Disposition
reports-ui-col-auth = Authentication results
reports-ui-failures-title = Failure reports: { $count }
reports-ui-failure-heading = from { $reporter }: mail from { $ip } for { $domain }
reports-ui-failure-arrival = Arrived
reports-ui-failure-kind = Failed
reports-ui-tls-title = SMTP TLS reports: { $count }
reports-ui-tls-successful = Successful sessions
reports-ui-tls-failed = Failed sessions
reports-ui-tls-failures = Failures by result type and receiving MX
reports-ui-tls-result-type = Result type
reports-ui-tls-mx = Receiving MX
reports-ui-summary-title-all = DMARC reports for all domains, { $span } (UTC): { $reports } reports from { $orgs } organisations, in { $store }
reports-ui-summary-title = DMARC reports for { $domain }, { $span } (UTC): { $reports } reports from { $orgs } organisations, in { $store }
reports-ui-summary-empty = No aggregate report in the store matches. Ingest reports with: domainauth reports ingest PATH
reports-ui-messages = Messages
reports-ui-messages-value = { $messages } ({ $records } records, { $sources } sources)
reports-ui-dmarc-pass = DMARC pass
reports-ui-spf-auth = SPF pass (any domain)
reports-ui-spf-aligned = SPF pass, aligned
reports-ui-dkim-auth = DKIM pass (any domain)
reports-ui-dkim-aligned = DKIM pass, aligned
reports-ui-dispositions = Disposition
reports-ui-overrides = Overrides
reports-ui-groups-title = By { $by ->
        [source] source
        [org] organisation
        [day] day
       *[domain] domain
    }
reports-ui-by-source = Source
reports-ui-by-org = Organisation
reports-ui-by-day = Day
reports-ui-by-domain = Domain
reports-ui-col-messages = Messages
reports-ui-col-dmarc = DMARC pass
reports-ui-col-spf-aligned = SPF aligned
reports-ui-col-dkim-aligned = DKIM aligned
reports-ui-no-failing = Every message passed DMARC: no failing source.
reports-ui-failing-title = Sources whose mail failed DMARC ({ $shown } of { $total }, most failing messages first)
reports-ui-col-source = Source
reports-ui-col-rdns = Reverse DNS
reports-ui-col-from = From domain
reports-ui-col-failing = Failing / all
reports-ui-col-cause = Likely cause
reports-ui-source-heading = { $ip } sending as { $from }: { $cause }
reports-ui-rdns-unconfirmed = { $name } (not confirmed)
reports-ui-rdns-offline = Reverse DNS names are unknown (?): the reports were ingested with --offline. Run the summary with --lookup to look them up; the causes use them.

