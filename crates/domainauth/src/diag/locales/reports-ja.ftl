# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress

reports-geo-open = { $path }：MaxMind 形式のデータベースとして使えません（{ $error }）


## Summary: causes and fixes of failing sources
reports-summary-cause-authenticated = 認証済み
reports-summary-cause-unlisted-own-server = SPF レコードに記載されていない自社のサーバー
reports-summary-cause-third-party-service = アライメントが取れていない配信サービス
reports-summary-cause-forwarding = 転送またはメーリングリスト
reports-summary-cause-spoofing = なりすまし
reports-summary-cause-unknown = 不明な送信元


## Commands: labels, titles and errors of domainauth reports

