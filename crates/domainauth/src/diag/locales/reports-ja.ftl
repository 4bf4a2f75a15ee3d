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
reports-aggregate-bad-date-range = { $path } の { $offset } バイト目の期間 { $begin } ～ { $end } はあり得ません：始まりより前に終わっているか、1970 年から 9999 年の範囲外です

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
reports-imap-url-syntax = IMAP の URL ではありません（imaps://user@host/MAILBOX の形で指定します）
reports-imap-url-scheme = IMAP の URL のスキームは "imaps"（TLS）か "imap"（STARTTLS）です。{ $scheme } は使えません
reports-imap-url-password = IMAP の URL にパスワードが含まれています。シェルの履歴やプロセスの一覧に表示されないよう、パスワードは環境変数かファイルで指定してください
reports-imap-url-no-user = IMAP の URL にユーザー名がありません（imaps://user@host/MAILBOX）
reports-imap-url-host = IMAP の URL に正しいホスト名がありません: { $host }
reports-imap-url-port = IMAP の URL のポート { $port } は 1 から 65535 までの数ではありません
reports-imap-url-percent = IMAP の URL の{ $part ->
        [user] ユーザー名
       *[mailbox] メールボックス名
    }の { $offset } バイト目のパーセントエンコーディングが正しくありません
reports-imap-url-utf8 = IMAP の URL の{ $part ->
        [user] ユーザー名
       *[mailbox] メールボックス名
    }は、パーセントエンコーディングを戻すと UTF-8 ではありません
reports-imap-url-control = IMAP の URL の{ $part ->
        [user] ユーザー名
       *[mailbox] メールボックス名
    }に制御文字が含まれています
reports-imap-url-unsupported = IMAP の URL の { $part } には対応していません。メールボックスだけを指定してください（imaps://user@host/MAILBOX）
reports-imap-password-env-missing = IMAP のパスワードを入れる環境変数 { $name } が設定されていません
reports-imap-password-file = { $path } から IMAP のパスワードを読めません: { $reason }
reports-imap-password-utf8 = { $source ->
        [env] 環境変数 { $name }
        [file] { $name }
       *[given] プログラム
    }から得た IMAP のパスワードが UTF-8 ではありません
reports-imap-password-empty = { $source ->
        [env] 環境変数 { $name }
        [file] { $name }
       *[given] プログラム
    }から得た IMAP のパスワードが空です
reports-imap-password-control = { $source ->
        [env] 環境変数 { $name }
        [file] { $name }
       *[given] プログラム
    }から得た IMAP のパスワードに制御文字が含まれています
reports-imap-connect = IMAP サーバー { $host } のポート { $port } に接続できません: { $reason }
reports-imap-timeout = IMAP サーバー { $host } との{ $step ->
        [connect] 接続
        [tls] TLS ハンドシェイク
        [greeting] 最初の応答
       *[command] { $command } コマンド
    }が { $seconds } 秒以内に終わりませんでした
reports-imap-closed = IMAP サーバー { $host } が{ $step ->
        [connect] 接続
        [tls] TLS ハンドシェイク
        [greeting] 最初の応答
       *[command] { $command } コマンド
    }の途中で接続を閉じました
reports-imap-certificate-name = IMAP サーバー { $host } の TLS 証明書は、この名前に対して有効ではありません
reports-imap-certificate-untrusted = IMAP サーバー { $host } の TLS 証明書は、信頼できる認証局が発行したものではありません（独自の認証局であれば、その証明書のファイルを指定してください）
reports-imap-certificate = IMAP サーバー { $host } の TLS 証明書を受け入れられません: { $reason }
reports-imap-tls = IMAP サーバー { $host } との TLS に失敗しました: { $reason }
reports-imap-ca-file = { $path } の認証局の証明書を使えません: { $reason }
reports-imap-no-starttls = IMAP サーバー { $host } は STARTTLS に対応していません。パスワードを TLS なしで送ることはしません（サーバーが最初から TLS で接続できるなら imaps:// を使ってください）
reports-imap-starttls-injection = IMAP サーバー { $host } から、STARTTLS の応答と TLS ハンドシェイクの間にデータが届きました。改ざんされた可能性のある接続は使いません
reports-imap-greeting = IMAP サーバー { $host } がセッションを拒否しました: "{ $text }"
reports-imap-login = IMAP サーバー { $host } が { $user } のログインを拒否しました（ユーザー名とパスワードを確認してください）
reports-imap-mailbox-missing = IMAP サーバー { $host } でメールボックス { $mailbox } を開けません: "{ $text }"
reports-imap-no = IMAP サーバー { $host } が { $command } コマンドを拒否しました: "{ $text }"
reports-imap-bad = IMAP サーバー { $host } が { $command } コマンドを不正と判断しました: "{ $text }"
reports-imap-protocol = IMAP サーバー { $host } の{ $step ->
        [connect] 接続
        [tls] TLS ハンドシェイク
        [greeting] 最初の応答
       *[command] { $command } コマンド
    }での応答を読み取れません: { $reason }
reports-imap-response-too-large = IMAP サーバー { $host } が{ $step ->
        [connect] 接続
        [tls] TLS ハンドシェイク
        [greeting] 最初の応答
       *[command] { $command } コマンド
    }で { $max } バイトを超えるデータを送ってきました
reports-imap-no-move = IMAP サーバー { $host } は "MOVE" にも "UIDPLUS" にも対応していません。削除の印が付いた他のメールまで消さずに、処理済みのメールを移動することはできません
reports-imap-folder-name = フォルダー名 "{ $folder }" は使えません（空であるか、制御文字が含まれています）
reports-imap-same-folder = 処理済みのメールの移動先 { $folder } は、読み込んでいるメールボックスそのものです
reports-imap-ended = IMAP サーバー { $host } とのセッションは前のエラーで終了しています。接続し直してください
reports-imap-message-too-large = { $mailbox } のメッセージ（UID { $uid }）は { $size } バイトで、上限の { $max } バイトを超えています。ダウンロードしませんでした
reports-imap-message-vanished = { $mailbox } のメッセージ（UID { $uid }）は、読み込む前に削除されました


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

reports-ui-more-refused = … ほかに { $count } 件を拒否しました（一覧は省略）
reports-ui-list-title = 保存されている集計レポート：{ $count } 件
reports-ui-list-id = レポートの識別子
reports-ui-more-rows = … ほか { $count } 行（すべて表示するには --csv または --json）
reports-ui-ingest-rejected-title-only = 拒否したもの（理由つき）：
ui-error-no-store = { $path } にレポートの保存先がありません。先に "domainauth reports ingest パス --db { $path }" でレポートを取り込むか、使った保存先を --db で指定してください。
reports-reason-forwarded = 転送
reports-reason-sampled_out = 適用対象外（pct=）
reports-reason-trusted_forwarder = 信頼できる転送サーバー
reports-reason-mailing_list = メーリングリスト
reports-reason-local_policy = 受信側の独自ポリシー
reports-reason-policy_test_mode = テストモード（t=y）
reports-reason-other = その他
reports-ui-col-network = ネットワーク
reports-ui-no-geoip = 国とネットワークは表示していません。--geoip で MaxMind 形式の国または AS のデータベースが指定されていないためです。
reports-ui-n = { $n } 件
ui-error-no-data-dir = 既定の保存先を置くデータディレクトリがありません（環境変数 $HOME が未設定です）。--db パス で保存先を指定してください。
ui-error-report-not-found = 識別子 { $id } の集計レポートは保存されていません（保存されているレポートの識別子は "domainauth reports list" で確認できます）。
ui-error-invalid-date = { $option } "{ $value }" は日付ではありません。YYYY-MM-DD（協定世界時）で指定してください（例：2026-11-01）。
ui-error-date-range = --since { $since } が --until { $until } より後です。一致するレポートはありません。
reports-ui-ingest-title = { $store } への取り込み
reports-ui-ingest-progress = 読み込み { $inputs } 件、保存 { $stored } 件、保存済み { $duplicates } 件、拒否 { $rejected } 件
reports-ui-ingest-inputs = 読み込んだファイルとメッセージ
reports-ui-ingest-aggregate = 保存した集計レポート
reports-ui-ingest-aggregate-value = { $stored } 件（レコード { $records } 件、メッセージ { $messages } 通）
reports-ui-ingest-failure = 保存した失敗レポート
reports-ui-ingest-tls = 保存した TLS レポート
reports-ui-ingest-duplicates = 保存済みのため省略
reports-ui-ingest-rejected = 拒否
reports-ui-ingest-rdns = 逆引き
reports-ui-ingest-rdns-offline = 行っていません（--offline）
reports-ui-ingest-rdns-done = 送信元アドレス { $count } 件
reports-ui-ingest-rejected-title = 拒否したもの（理由つき。それ以外は保存しました）：
reports-ui-ingest-nothing-new = 新しいレポートはありません。読み込んだレポートはすべて保存済みです。
reports-ui-show-title = { $org } の集計レポート { $id }（保存番号 { $number }）
reports-ui-show-period = 期間
reports-ui-show-contact = 連絡先
reports-ui-show-domain = ドメイン
reports-ui-show-policy = 公開されたポリシー
reports-ui-show-origin = 読み込み元
reports-ui-show-stored = 保存日時
reports-ui-show-note = 注記：{ $note }
reports-ui-show-records = レコード（{ $records } 件、メッセージ { $messages } 通）
reports-ui-col-disposition = 処置
reports-ui-col-auth = 認証結果
reports-ui-failures-title = 失敗レポート：{ $count } 件
reports-ui-failure-heading = { $reporter } から：{ $ip } からの { $domain } のメール
reports-ui-failure-arrival = 受信日時
reports-ui-failure-kind = 失敗した認証
reports-ui-tls-title = SMTP TLS レポート：{ $count } 件
reports-ui-tls-successful = 成功したセッション
reports-ui-tls-failed = 失敗したセッション
reports-ui-tls-failures = 結果の種類と受信 MX ごとの失敗
reports-ui-tls-result-type = 結果の種類
reports-ui-tls-mx = 受信 MX
reports-ui-summary-title-all = すべてのドメインの DMARC レポート（{ $span }、協定世界時）：{ $orgs } 組織から { $reports } 件（保存先 { $store }）
reports-ui-summary-title = { $domain } の DMARC レポート（{ $span }、協定世界時）：{ $orgs } 組織から { $reports } 件（保存先 { $store }）
reports-ui-summary-empty = 条件に合う集計レポートが保存されていません。"domainauth reports ingest パス" でレポートを取り込んでください。
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

