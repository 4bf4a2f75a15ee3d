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
reports-store-unsupported-target = { $target } は、データベースのファイルのパスでも、postgres:// または postgresql:// で始まるアドレスでもありません
reports-store-create-dir = レポートの保存先のフォルダー { $path } を作成できません（{ $reason }）
reports-store-open = レポートの保存先 { $target } を開けません（{ $reason }）
reports-store-migrate = レポートの保存先 { $target } のデータベースの構成を更新できません（{ $reason }）
reports-store-database = レポートの保存先のデータベースでエラーが起きました（{ $reason }）
reports-store-too-large = { $field } の値 { $value } は大きすぎて保存できません（上限は { $max }）
reports-store-corrupt = 保存先に読み取れない値があります：{ $table }.{ $column } = { $value }


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

reports-ui-all-domains = すべてのドメイン
reports-ui-summary-title = { $domain } の DMARC レポート（{ $span }、協定世界時）：{ $orgs } 組織から { $reports } 件（保存先 { $store }）
reports-ui-summary-empty = 条件に合う集計レポートが保存されていません。domainauth reports ingest パス でレポートを取り込んでください。
reports-ui-messages = メッセージ
reports-ui-messages-value = { $messages } 通（レコード { $records } 件、送信元 { $sources } 件）
reports-ui-dmarc-pass = DMARC 合格
reports-ui-spf-auth = SPF 合格（ドメインを問わず）
reports-ui-spf-aligned = SPF 合格かつ一致
reports-ui-dkim-auth = DKIM 合格（ドメインを問わず）
reports-ui-dkim-aligned = DKIM 合格かつ一致
reports-ui-dispositions = 処置
reports-ui-overrides = ポリシー適用外の理由
reports-ui-groups-title = { $by ->
        [source] 送信元別
        [org] 組織別
        [day] 日別
       *[domain] ドメイン別
    }
reports-ui-by-source = 送信元
reports-ui-by-org = 組織
reports-ui-by-day = 日付
reports-ui-by-domain = ドメイン
reports-ui-col-messages = メッセージ数
reports-ui-col-dmarc = DMARC 合格
reports-ui-col-spf-aligned = SPF 一致
reports-ui-col-dkim-aligned = DKIM 一致
reports-ui-no-failing = すべてのメッセージが DMARC に合格しています。失敗した送信元はありません。
reports-ui-failing-title = DMARC に失敗したメールの送信元（{ $total } 件中 { $shown } 件、失敗の多い順）
reports-ui-col-source = 送信元
reports-ui-col-rdns = 逆引き名
reports-ui-col-from = From ドメイン
reports-ui-col-failing = 失敗 / 全体
reports-ui-col-cause = 考えられる原因
reports-ui-source-heading = { $from } として送信している { $ip }：{ $cause }
reports-ui-rdns-unconfirmed = { $name }（正引きで確認できず）
reports-ui-rdns-offline = 逆引き名は不明（?）です。レポートを --offline で取り込んだためです。--lookup を付けて集計すると逆引きし、原因の判定に使います。

