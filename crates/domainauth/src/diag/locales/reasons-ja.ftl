# 型付きエラー（diag::Reason）の日本語。診断やメッセージの中に入る文なので、
# 文末に「。」を付けません。ID と変数は reasons-en.ftl と同じです。
# 用語は docs/ja-glossary.md に従います。

## ファイル
reason-io-not-found = ファイルまたはディレクトリがありません
reason-io-permission-denied = アクセス権がありません
reason-io-is-a-directory = ファイルではなくディレクトリです
reason-io-already-exists = すでに存在します
reason-io-invalid-data = 内容が UTF-8 のテキストではありません
reason-io-storage-full = ディスクの空きがありません
reason-io-too-large = ファイルが大きすぎます（上限は 256 メガバイト）
reason-io-not-regular = 通常のファイルではありません（デバイス、名前付きパイプ、ソケット、/proc や /sys のファイルは読みません）
reason-io-not-a-directory = パスの途中にディレクトリではないものがあります
reason-io-directory-not-empty = ディレクトリが空ではありません
reason-io-read-only = 読み取り専用のファイルシステムです
reason-io-quota-exceeded = ディスクの使用量の上限（クォータ）を超えました
reason-io-invalid-filename = ファイル名が正しくないか長すぎます
reason-io-busy = ファイルまたは装置が使用中です
reason-io-too-many-links = リンクの数が多すぎます
reason-io-unexpected-eof = 読み込みの途中でデータが終わりました
reason-io-broken-pipe = 出力先のパイプが閉じられました
reason-io-timed-out = 時間内に完了しませんでした
reason-io-interrupted = 処理が中断されました
reason-io-out-of-memory = メモリが足りません
reason-io-os = 入出力エラーです（OS のエラー番号 { $code }）
reason-io-other = 入出力エラーです（{ $kind }）

## DNS
reason-dns-nxdomain = { $name } は存在しません（NXDOMAIN）
reason-dns-nodata = { $name } に { $rtype } レコードがありません
reason-dns-timeout = { $name } の { $rtype } レコードの問い合わせがタイムアウトしました
reason-dns-servfail = { $name } の { $rtype } レコードの問い合わせに失敗しました（サーバーの応答: { $rcode }）
reason-dns-network = { $name } の { $rtype } レコードの問い合わせに失敗しました（{ $reason }）
reason-dns-unreachable = { $name } の { $rtype } レコードの問い合わせに応答がありません: { $unreachable }
reason-dns-over-budget = { $limit }に達したため、{ $name } の { $rtype } レコードは問い合わせていません
reason-dns-invalid-name = "{ $name }" は問い合わせできません: { $error }
reason-resolver-unreachable = DNS サーバー { $servers } は{ $cause ->
        [refused] 問い合わせを拒否しました（そのポートで待ち受けているものがありません）
        [network] 到達できません（{ $reason }）
        [silent] { $waited_ms } ミリ秒以内に応答しませんでした
       *[other] 使えません（{ $reason }）
    }
reason-budget-queries = 1 通あたりの DNS 問い合わせの上限（{ $max } 件）
reason-budget-deadline = 1 通あたりの DNS 問い合わせの制限時間（{ $after_ms } ミリ秒）
reason-resolver-setup = DNS リゾルバーを準備できません（{ $reason }）

## ドメイン名
reason-name-empty = ドメイン名が空です
reason-name-label-too-long = ラベル "{ $label }" は { $len } オクテットです（上限は 63 オクテット）
reason-name-empty-label = 空のラベルがあります（ドットが先頭にある、または連続しています）
reason-name-too-long = 名前が { $len } オクテットです（上限は 253 オクテット）
reason-name-single-label = "{ $name }" は完全修飾ドメイン名（ラベルが 2 つ以上の名前）ではありません
reason-name-invalid-character = "{ $name }" の { $pos } オクテット目に、ホスト名に使えない文字 '{ $ch }' があります
reason-name-address-literal = "{ $name }" はアドレスリテラルで、ドメイン名ではありません
reason-name-ip-address = "{ $name }" は IP アドレスで、ドメイン名ではありません
reason-name-numeric-tld = "{ $name }" は最後のラベルが数字だけで、そのようなトップレベルドメインはありません（IP アドレスの入力誤りではありませんか）
reason-name-invalid-idn = "{ $name }" は正しい国際化ドメイン名ではありません
reason-fetch-status = サーバーが HTTP ステータス { $status } を返しました
reason-fetch-content-type = サーバーが返した Content-Type は "{ $value }" で、text/plain ではありません
reason-fetch-too-large = ポリシーファイルが { $limit } オクテットを超えています
reason-fetch-transport = 接続に失敗しました（{ $reason }）

## ゾーンファイル
reason-zone-io = ゾーンファイル { $path } を読み取れません: { $error }
reason-zone-parse = { $path } の { $line } 行目 { $column } 文字目: ゾーンファイルの形式が正しくありません: { $error }
reason-zone-unterminated-string = 引用符で囲んだ文字列がその行のうちに閉じていません
reason-zone-parenthesis = 括弧の対応が取れていません
reason-zone-bad-escape = "{ $text }" はエスケープとして正しくありません（\X、または \000 から \255 までの \DDD）
reason-zone-unknown-directive = 不明なディレクティブ "{ $directive }" です
reason-zone-directive-arguments = { $directive } の引数が正しくありません（{ $expected_id ->
        [name] ドメイン名 1 つ
        [ttl] TTL 1 つ
        [include] ファイル名と、必要なら起点のドメイン名
       *[other] { $expected }
    }を指定します）
reason-zone-bad-ttl = "{ $text }" は TTL ではありません
reason-zone-no-owner = レコードの所有者名がありません（前のレコードから引き継げる名前もありません）
reason-zone-no-origin = 起点（$ORIGIN）がないのに @ を使っています
reason-zone-bad-name = "{ $name }" はドメイン名ではありません: { $error }
reason-zone-unrepresentable-name = "{ $name }" には、ドットを含むラベルか UTF-8 でないオクテットを含むラベルがあります
reason-zone-class = クラス "{ $class }" には対応していません（IN のみ）
reason-zone-unknown-type = "{ $text }" はレコードタイプではありません
reason-zone-bad-rdata = { $rtype } レコード: { $expected_id ->
        [ipv4] "{ $text }" は IPv4 アドレスではありません
        [ipv6] "{ $text }" は IPv6 アドレスではありません
        [strings] 引用符で囲んだ文字列が 1 つ以上必要です（"{ $text }"）
        [mx] "{ $text }" は優先度（0～65535）と名前の組ではありません
        [name] "{ $text }" はドメイン名 1 つではありません
       *[other] "{ $text }" の形式が正しくありません（{ $expected }）
    }
reason-zone-relative-include = テキストから読み込んだゾーンでは、$INCLUDE に相対パスを使えません
reason-zone-include-depth = $INCLUDE の入れ子が 16 段を超えています
reason-zone-include-unreadable = $INCLUDE のファイル { $file } を読めません: { $error }

## SPF レコード
reason-spf-not-spf = レコードが "v=spf1" で始まっていません
reason-spf-unknown-mechanism = 不明なメカニズム "{ $name }" です
reason-spf-missing-value = { $mechanism } には ':' の後に値が必要です
reason-spf-trailing = { $mechanism } の後に余分な文字列 "{ $text }" があります
reason-spf-bad-cidr = CIDR のプレフィックス長 "{ $text }" が正しくありません（IPv4 は 0～32、IPv6 は 0～128）
reason-spf-bad-ip4 = "{ $text }" は IPv4 アドレスではありません
reason-spf-bad-ip6 = "{ $text }" は IPv6 アドレスではありません
reason-spf-bad-domain-end = "{ $text }" は正しいトップレベルのラベルかマクロで終わっていません
reason-spf-macro = マクロが正しくありません: { $error }
reason-spf-duplicate-modifier = 修飾子 { $name }= が 2 回以上あります
reason-spf-bad-term = "{ $text }" はメカニズムでも修飾子でもありません
reason-spf-bad-char = レコードに使えない文字 '{ $ch }' があります
reason-spf-macro-bad-percent = 位置 { $pos } の '%' の後には '{"{"}'、'%'、'_'、'-' のいずれかが必要です
reason-spf-macro-unclosed = 位置 { $pos } のマクロが '{"}"}' で閉じていません
reason-spf-macro-bad-letter = 位置 { $pos } の '{ $letter }' はここでは使えるマクロ文字ではありません
reason-spf-macro-bad-transformer = 位置 { $pos } のマクロの変換指定が正しくありません
reason-spf-macro-bad-char = 位置 { $pos } に使えない文字 '{ $ch }' があります
reason-spf-record-error = { $kind }（項目 "{ $term }"、位置 { $pos }）

## SPF の結果
reason-spf-problem-invalid-domain = "{ $domain }" は検査できません: { $error }
reason-spf-problem-no-record = { $domain } は SPF レコードを公開していません
reason-spf-problem-no-such-domain = { $domain } は存在しません（NXDOMAIN）
reason-spf-problem-include-loop = { $domain } の include が元に戻るループになっています: { $chain }
reason-spf-problem-multiple-records = { $domain } は SPF レコードを { $count } 件公開しています（1 件だけにする必要があります）
reason-spf-problem-syntax = { $domain } の SPF レコードが正しくありません: { $error }
reason-spf-problem-dns = DNS の障害: { $error }
reason-spf-problem-too-many-dns-terms = DNS ルックアップが { $limit } 回を超えました（{ $domain } の "{ $term }" で超過）
reason-spf-problem-too-many-void-lookups = 結果が空の DNS ルックアップが { $limit } 回を超えました（最後は { $domain } の "{ $term }"）
reason-spf-problem-too-many-mx-names = { $target } には MX レコードが { $count } 件あります（"{ $term }" で扱えるのは { $limit } 件まで）
reason-spf-problem-include-no-record = { $domain } の "{ $term }": { $target } には SPF レコードがありません
reason-spf-problem-redirect-no-record = { $domain } からの redirect 先 { $target } には SPF レコードがありません

## DKIM のタグリスト・鍵・署名
reason-tag-missing-equals = 位置 { $pos } のタグに '=' がありません
reason-tag-bad-name = 位置 { $pos } のタグ名 "{ $name }" が正しくありません
reason-tag-duplicate = タグ { $name }= が 2 回あります（2 回目は位置 { $pos }）
reason-tag-too-many = 1 つのタグリストに入るタグは { $limit } 個までですが、それを超えています（位置 { $pos } のタグで超過）
reason-tag-bad-value-char = { $name }= の値の位置 { $pos } に使えない文字 '{ $ch }' があります
reason-qp-bad-hex-octet = 位置 { $pos } の '=' の後に 16 進数 2 桁がありません
reason-qp-not-utf8 = 復号した値が UTF-8 のテキストではありません
reason-key-version = v= は DKIM1 で、先頭に置く必要があります
reason-key-missing-key = 鍵レコードに p= タグがありません
reason-key-base64 = p= が正しい base64 ではありません
reason-key-too-many-items = { $tag }= の項目が { $count } 個あります（上限は { $limit } 個、MAX_KEY_LIST_ITEMS）
reason-key-unknown-type = 不明な鍵の種類 k={ $value } です
reason-key-malformed = p= が正しい { $key_type } の公開鍵ではありません
reason-private-key-format = PEM 形式の秘密鍵（PKCS#1 の "RSA PRIVATE KEY" または PKCS#8 の "PRIVATE KEY"）でも、base64 の Ed25519 シードでもありません
reason-private-key-rejected = 鍵を使用できません（{ $cause ->
    [encoding] 符号化が正しくありません
    [too-small] 鍵が小さすぎます
    [too-large] 鍵が大きすぎます
    [algorithm] ファイルが示すアルゴリズムの鍵ではありません
    [inconsistent] 鍵の構成要素が互いに一致しません
   *[other] 暗号ライブラリが拒否しました: { $detail }
}）
reason-private-key-algorithm = { $algorithm } 形式の鍵では DKIM 署名を作成できません。RSA または Ed25519 の鍵を使ってください
reason-private-key-rsa-size = { $bits } ビットの RSA 鍵は作成できません（2048、3072、4096 ビットのいずれかを指定してください）
reason-private-key-too-short = { $bits } ビットの RSA 鍵は短すぎます（RFC 8301 により 1024 ビット以上が必要、推奨は 2048 ビット）
reason-sig-missing = 必須のタグ { $tag }= がありません
reason-sig-version = v={ $value } には対応していません（対応するのは 1 のみ）
reason-sig-algorithm = 不明なアルゴリズム a={ $value } です
reason-sig-base64 = { $tag }= が正しい base64 ではありません
reason-sig-canonicalization = c={ $value } は正規化方式ではありません
reason-sig-too-many-signed-headers = h= にヘッダー名が { $count } 個あります（上限は { $limit } 個、MAX_SIGNED_HEADERS）
reason-sig-from-not-signed = h= に From が含まれていません
reason-sig-domain = d={ $value } はドメイン名ではありません
reason-sig-selector = s={ $value } はセレクターとして正しくありません
reason-sig-identity-encoding = i={ $value } を復号できません: { $error }
reason-sig-identity = i={ $identity } は d={ $domain } またはそのサブドメインではありません
reason-sig-number = { $tag }={ $value } は数値ではありません
reason-sig-expires-before-signed = x={ $expiration } が t={ $timestamp } より後になっていません
reason-sig-query-method = q={ $value } には、対応している問い合わせ方法（dns/txt）がありません
reason-sig-error = { $kind }（位置 { $pos }）

## DKIM の結果
reason-dkim-signature = DKIM-Signature が正しくありません: { $error }
reason-dkim-too-many-signatures = 署名が上限の { $limit } 件を超えているため、{ $skipped } 件を検証していません
reason-dkim-no-key = { $name } に DKIM 鍵がありません
reason-dkim-key-dns = 鍵を取得できませんでした: { $error }
reason-dkim-several-keys = { $name } に TXT レコードが { $count } 件あり、鍵レコードを 1 件に特定できません
reason-dkim-key-syntax = { $name } の鍵レコードが正しくありません: { $error }
reason-dkim-revoked = { $name } の鍵は失効しています（p= が空）
reason-dkim-bad-key = { $name } の鍵を使用できません: { $error }
reason-dkim-key-type-mismatch = a={ $algorithm } の署名は k={ $key_type } の鍵では検証できません
reason-dkim-hash-not-allowed = 鍵レコードが { $hash } を許可していません
reason-dkim-not-for-email = 鍵レコードがメール用ではありません（s=）
reason-dkim-key-too-short = RSA 鍵が { $bits } ビットです（{ $min } ビット以上が必要）
reason-dkim-sha1 = rsa-sha1 の署名は受け付けません（RFC 8301）
reason-dkim-strict-identity = 鍵が t=s により、d= と完全に一致する i= に限定されています
reason-dkim-expired = 署名の有効期限（{ $expiration }）が過ぎています（現在 { $now }）
reason-dkim-future = 署名の日時（{ $timestamp }）が未来です（現在 { $now }）
reason-dkim-body-shorter = l={ $length } ですが、正規化後の本文は { $actual } オクテットしかありません
reason-dkim-unsigned-tail = 本文の { $tail } オクテットが l= の範囲外です
reason-dkim-body-hash = 本文ハッシュが一致しません（署名後に本文が変更されました）
reason-dkim-signature-mismatch = 署名対象のヘッダー（{ $fields }）に対して署名を検証できません

## DKIM 署名の作成
reason-sign-mail = メールを読み取れません: { $error }
reason-sign-no-from = メールに From ヘッダーがありません（DKIM では From への署名が必須です）
reason-sign-too-many-signed-headers = h= に並ぶヘッダー名が { $count } 個になります（検証側が受け付けるのは { $limit } 個まで、MAX_SIGNED_HEADERS）
reason-sign-invalid-name = { $tag }="{ $value }" は { $tag }= の値として正しくありません
reason-sign-invalid-header-name = "{ $name }" はヘッダー名ではありません
reason-sign-zero-lifetime = 署名時刻の 0 秒後を有効期限にすると x= が t= と同じになります（RFC 6376 の 3.5 節により x= は t= より後である必要があります）

## メール
reason-mail-header-too-large = ヘッダーが、メールのヘッダーの上限である { $limit } バイトを超えています
reason-mail-too-many-fields = ヘッダーフィールドが、メール 1 通の上限である { $limit } 個を超えています
reason-mail-no-header = メールにヘッダーフィールドがありません
reason-received-empty = Received フィールドが空です
reason-received-too-long = Received フィールドが { $limit } バイトを超えています
reason-received-unbalanced-parenthesis = { $position } バイト目の ')' に対応する '(' がありません
reason-received-unclosed = { $position } バイト目の '{ $delimiter }' が閉じていません
reason-received-repeated-clause = "{ $clause }" 句が 2 回あります
reason-received-clause-order = "{ $clause }" 句が "{ $after }" 句の後にあります
reason-received-ambiguous-client-address = "from" 句に異なる接続元アドレスが 2 つあります（{ $first } と { $second }）
reason-received-no-clauses = "from"、"by"、"via"、"with"、"id"、"for" のどの句もありません
reason-authres-empty = フィールドが空です（authserv-id がありません）
reason-authres-no-authserv-id = { $position } 文字目に authserv-id がありません
reason-authres-control-in-authserv-id = { $position } 文字目からの authserv-id に制御文字が含まれています
reason-authres-too-long = フィールドが { $limit } バイトを超えています
reason-authres-skipped = "{ $text }": { $why }
reason-authres-second-authserv-id = "{ $text }": 2 つ目の authserv-id です（このフィールドはすでに "{ $first }" を示しています）
reason-authres-part-method = 方式名があるべき所に "{ $found }" があります
reason-authres-part-version = 方式のバージョン "{ $found }" が正しくありません
reason-authres-part-no-equals = { $after } の後に '=' がありません
reason-authres-part-result = { $method }= の後に結果があるべき所に "{ $found }" があります
reason-authres-part-unexpected = { $method } の結果に予期しない '{ $ch }' があります
reason-authres-part-no-semicolon = authserv-id の後に ';' なしで文字列が続いています
reason-received-spf-too-long = { $limit } バイトを超えています
reason-received-spf-no-result = 結果のキーワードがありません
reason-received-spf-no-key = { $pos } バイト目にキーがありません
reason-received-spf-no-equals = { $key } の後に '=' がありません
reason-received-spf-unclosed-quote = { $pos } バイト目の引用符が閉じていません
reason-received-spf-unclosed-comment = { $pos } バイト目のコメントが閉じていません
reason-received-spf-duplicate-key = キー { $key } が 2 回あります
reason-received-spf-bad-client-ip = client-ip={ $text } はアドレスではありません
reason-received-spf-no-semicolon = { $pos } バイト目に ';' がありません

## DMARC
reason-psl = Public Suffix List として読み取れません

## ARC (RFC 8617)
reason-arc-header = { $header }{ $instance ->
        [none] {""}
       *[other] {" "}i={ $instance }
    }: { $kind }{ $at ->
        [named] {""}
        [tag] （タグ { $tag }=、オフセット { $pos }）
       *[other] （オフセット { $pos }）
    }
reason-arc-no-authserv-id = i= の後に authserv-id がなく、すぐに認証結果が始まっています
reason-arc-empty-tag = 空のタグがあります（';' が 2 つ続いています）
reason-arc-missing-tag = 必須のタグ { $tag }= がありません
reason-arc-instance = i={ $value } は 1 から 50 までのインスタンス番号ではありません
reason-arc-sha1 = ARC では a=rsa-sha1 は使えません（RFC 8301）
reason-arc-cv-value = cv={ $value } はチェーン検証の状態（none、fail、pass）ではありません
reason-arc-seal-h = ARC-Seal に h= タグを付けることはできません
reason-arc-failure = ARC セット i={ $instance }: { $problem }
reason-arc-too-many-sets = { $header } フィールドが { $count } 個あります。1 つのチェーンに入る ARC セットは 50 個までです（RFC 8617 4.2.1 節）
reason-arc-duplicate = このインスタンスの { $header } フィールドが 2 つ以上あります
reason-arc-missing = このインスタンスの { $header } フィールドがありません
reason-arc-newest-failed = 最新の ARC-Seal が cv=fail です。シールした転送サーバーがチェーンの破損を確認しています
reason-arc-cv-order = ARC-Seal が cv={ $cv } ですが、ここでは cv={ $expected } でなければなりません
reason-arc-signs-seal = ARC-Message-Signature が ARC-Seal フィールドに署名しています（h= に arc-seal があります）
reason-arc-ams = ARC-Message-Signature を検証できません: { $problem }
reason-arc-seal-key = ARC-Seal を検証できません: { $problem }
reason-arc-seal-mismatch = ARC-Seal が、それまでの ARC セットに対して検証できません
reason-arc-seal-instance-limit = このメールにはすでに ARC セット i={ $highest } があります。i=50 を超えるセットは追加できません
reason-arc-seal-chain-mismatch = cv={ $cv } はこのメールに合いません（ARC フィールド { $fields } 個、最大 i={ $highest }）
reason-arc-seal-invalid-name = { $tag }={ $value } は { $tag }= の値として正しくありません
reason-arc-seal-header-name = { $name } はヘッダーのフィールド名ではありません
reason-arc-seal-signs-seal = ARC-Message-Signature は ARC-Seal に署名できません
reason-arc-seal-too-many-headers = h= に { $count } 個のフィールド名が並びます。検証側が受け付けるのは { $limit } 個までです
reason-arc-seal-authserv-id = { $value } は authserv-id として使えません
reason-arc-seal-results-control = 認証結果のオフセット { $pos } に制御文字があります
reason-arc-seal-results-syntax = 認証結果を読み取れません: { $part }
reason-arc-seal-header-too-large = 新しい ARC セットを加えるとヘッダーが { $bytes } バイトになり、ヘッダーの上限 { $limit } バイトを超えます
reason-arc-seal-too-many-fields = 新しい ARC セットを加えるとヘッダーフィールドが { $fields } 個になり、上限の { $limit } 個を超えます
