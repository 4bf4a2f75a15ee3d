# The report commands (domainauth reports …). Each part of the reports crate
# keeps its messages in its own section below.

## Parsers: aggregate (XML), failure (ARF) and TLS (JSON) reports


## Containers and sources: gzip, zip, MIME mail, folders, Maildir, mbox


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


## Ingest: counts and progress


## Summary: causes and fixes of failing sources


## Commands: labels, titles and errors of domainauth reports

