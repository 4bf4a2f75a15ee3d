# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox
reports-container-empty = 空です。読み取る内容がありません。
reports-container-not-a-report = レポートではありません。内容がレポートの文書、圧縮ファイル、メールのいずれでもありません。
reports-container-no-report = このメールにはレポートがありません。
reports-container-no-report-in-archive = この圧縮ファイルにはレポートがありません。
reports-container-input-too-large = 上限の { $limit } バイトを超えています。
reports-container-too-large = 展開すると上限の { $limit } バイトを超えます。
reports-container-ratio = 展開後の大きさが圧縮時の { $limit } 倍を超えます。
reports-container-total-too-large = この入力の圧縮ファイルを展開した合計が { $limit } バイトを超えます。
reports-container-nested-too-deep = 圧縮ファイルの入れ子が深すぎます。圧縮ファイルの中の圧縮ファイルは { $limit } 段までしか読みません。
reports-container-mime-too-deep = メールのパートの入れ子が { $limit } 段を超えています。
reports-container-mime-too-many-parts = メールのパートが { $limit } 個を超えています。残りは読んでいません。
reports-container-truncated = 途中で切れています。{ $format } のデータが完結する前に { $offset } バイト目で終わっています。
reports-container-corrupt = { $offset } バイト目で { $format } のデータが壊れています。
reports-container-checksum = { $format } のチェックサムがデータと一致しません。
reports-container-size-mismatch = { $format } のデータは { $actual } バイトですが、ヘッダーには { $declared } バイトと書かれています。
reports-container-size-exceeded = 展開すると { $format } のヘッダーに書かれた { $declared } バイトを超えます。
reports-container-zip-unreadable = 圧縮ファイルを読めません。セントラルディレクトリもエントリーも見つかりません。
reports-container-zip-encrypted = 暗号化されたエントリーです。パスワードがないと読めません。
reports-container-zip-method = 圧縮方式 { $method } には対応していません（対応しているのは方式 0 と 8 だけです）。
reports-container-zip-overlap = このエントリーのデータはほかのエントリーのデータと重なっています。
reports-container-zip-too-many-entries = エントリーが { $limit } 個を超えています。残りは読んでいません。
reports-container-note-name = 名前 { $name } は { $claimed } を示していますが、内容は { $found } です。
reports-container-note-content-type = { $content_type } と宣言されていますが、内容は { $found } です。
reports-container-note-trailing = { $format } のデータの後にある { $count } バイトは無視しました。
reports-container-note-zip-directory = セントラルディレクトリがありません。各エントリーはローカルヘッダーから読みました。
reports-source-not-found = { $origin }: そのようなファイルやフォルダーはありません。
reports-source-permission = { $origin }: 読み取る権限がありません。
reports-source-unreadable = { $origin }: 読み取れません: { $detail }
reports-source-too-large = { $origin }: 上限の { $limit } バイトを超えているため読んでいません。
reports-source-not-a-file = { $origin }: ファイルでもフォルダーでもありません。


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

