# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports

# Aggregate reports (XML)
reports-xml-too-large = レポートは { $size } バイトで、上限の { $max } バイトを超えています
reports-xml-not-xml = XML 文書ではありません：要素で始まっていません（{ $offset } バイト目）
reports-aggregate-not-feedback = DMARC 集計レポートではありません：ルート要素が <feedback> ではなく <{ $root }> です
reports-xml-doctype = { $offset } バイト目に <!DOCTYPE> 宣言があります：文書型定義とエンティティ宣言は処理しません
reports-xml-unknown-entity = { $path } の { $offset } バイト目に未知のエンティティ参照 &{ $name }; があります：エンティティは展開しません
reports-xml-bad-char-ref = { $path } の { $offset } バイト目の文字参照 &{ $name }; は無効です
reports-xml-too-deep = { $path } の { $offset } バイト目で要素の入れ子が上限の { $max } 段を超えています
reports-xml-text-too-long = { $path } の { $offset } バイト目のテキストが上限の { $max } バイトを超えています
reports-xml-attribute-too-long = { $path } の { $offset } バイト目の属性値が上限の { $max } バイトを超えています
reports-aggregate-too-many-records = レコードが上限の { $max } 件を超えています（{ $offset } バイト目から始まるレコード）
reports-xml-truncated = 文書が { $path } を閉じる前に { $offset } バイト目で終わっています：途中で切れています
reports-xml-mismatched-end = { $path } の { $offset } バイト目の終了タグ </{ $found }> は <{ $expected }> を閉じていません
reports-xml-unmatched-end = { $offset } バイト目の終了タグ </{ $found }> に対応する開始タグがありません
reports-xml-malformed = { $path } の { $offset } バイト目の XML が不正です
reports-aggregate-missing = { $path } に必須の要素 <{ $element }> がないか、空です（{ $offset } バイト目で終わる要素）
reports-aggregate-bad-source-ip = { $path } の { $offset } バイト目の送信元 IP アドレス "{ $value }" は無効です
reports-aggregate-bad-count = { $path } の { $offset } バイト目のメッセージ数 "{ $value }" は無効です
reports-aggregate-bad-value = { $path } の { $offset } バイト目の値 "{ $value }" は無効です
reports-aggregate-no-records = レポートに <record> がありません：集計レポートには少なくとも 1 件のレコードが必要です

# Failure reports (ARF mail)
reports-failure-too-large = メールは { $size } バイトで、上限の { $max } バイトを超えています
reports-failure-not-mail = メールではありません：ヘッダーフィールドがありません
reports-failure-too-many-parts = メールのパートが { $parts } 個あり、上限の { $max } 個を超えています
reports-failure-too-deep = パートの入れ子が上限の { $max } 段を超えています
reports-failure-not-report = DMARC 失敗レポートではありません：message/feedback-report のパートがなく、本文にもレポートのフィールドがありません
reports-failure-wrong-type = 種類が "{ $feedback_type }" の不正利用報告で、auth-failure ではありません

# SMTP TLS reports (JSON)
reports-tls-too-large = レポートは { $size } バイトで、上限の { $max } バイトを超えています
reports-tls-not-json = JSON 文書ではありません：{ $line } 行 { $column } 列目に構文の誤りがあります
reports-tls-truncated = JSON 文書が完結する前に { $line } 行 { $column } 列目で終わっています：途中で切れています
reports-tls-not-object = SMTP TLS レポートではありません：JSON 文書がオブジェクトではありません
reports-tls-missing = 必須のフィールド { $path } がありません
reports-tls-bad-type = { $path } の値の型が違います
reports-tls-bad-number = { $path } は "{ $value }" で、0 以上の整数ではありません
reports-tls-text-too-long = { $path } のテキストが上限の { $max } バイトを超えています
reports-tls-too-many = { $path } で配列の要素が上限の { $max } 個を超えています


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


## IMAP


## Store: SQLite and PostgreSQL


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

