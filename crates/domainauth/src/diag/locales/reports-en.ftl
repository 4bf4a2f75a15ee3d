# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


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


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

