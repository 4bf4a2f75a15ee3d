# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL
reports-store-unsupported-target = { $target } は、データベースのファイルのパスでも、postgres:// または postgresql:// で始まるアドレスでもありません
reports-store-create-dir = レポートの保存先のフォルダー { $path } を作成できません（{ $reason }）
reports-store-open = レポートの保存先 { $target } を開けません（{ $reason }）
reports-store-migrate = レポートの保存先 { $target } のデータベースの構成を更新できません（{ $reason }）
reports-store-database = レポートの保存先のデータベースでエラーが起きました（{ $reason }）
reports-store-too-large = { $field } の値 { $value } は大きすぎて保存できません（上限は { $max }）
reports-store-corrupt = 保存先に読み取れない値があります：{ $table }.{ $column } = { $value }


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

