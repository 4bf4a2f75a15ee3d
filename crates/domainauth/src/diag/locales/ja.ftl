# 日本語カタログ。メッセージ ID は diag::Code の ID、`.fix` は対処方法。

spf-pass = { $ip } は { $domain } の送信元として認可されています（{ $term } に一致）。
spf-fail = { $ip } は { $domain } の送信元として認可されていません。SPF レコードの { $term } に一致するため、受信側はこのメールを拒否または破棄します。
    .fix = { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードの { $term } の前に { $suggest } を追加してください。
spf-softfail = { $ip } は { $domain } の送信元として認可されていない可能性があります（{ $term } に一致）。多くの受信側は迷惑メールとして扱います。
    .fix = { $ip } から正規のメールを送っている場合は、{ $domain } の SPF レコードの { $term } の前に { $suggest } を追加してください。
spf-neutral = { $domain } の SPF レコードは { $ip } について何も表明していません（{ $term }）。受信側は SPF がない場合と同様に扱います。
    .fix = 送信元を列挙し（例: { $suggest }）、レコードの末尾を -all または ~all にしてください。
spf-none = { $domain } は SPF レコードを公開していないため、受信側はどのホストが送信してよいか判断できません。
    .fix = { $domain } に TXT レコード "v=spf1 { $suggest } -all" を公開してください（{ $domain } で送信するすべてのサーバーとサービスを含めてください）。
spf-invalid-domain = 「{ $domain }」は SPF で検査できません: { $reason }。
spf-temperror = DNS の障害により { $domain } の SPF 検査が中断しました: { $error }。受信側は通常、後で再試行するか受信を保留します。
    .fix = { $domain } のネームサーバーが応答するか確認してください（例: dig TXT { $domain }）。一時的な障害の可能性があります。
spf-syntax = { $domain } の SPF レコードは「{ $term }」（位置 { $pos }）が不正です: { $error }。受信側はレコード全体をエラー（permerror）として扱います。
    .fix = { $domain } の TXT レコードの「{ $term }」を修正してください。すべての項目が正しくなければレコードは機能しません。
spf-multiple-records = { $domain } は SPF レコードを { $count } 件公開しています。受信側はこれをエラー（permerror）として扱います。
    .fix = v=spf1 で始まる 1 件の TXT レコードにまとめ、ほかは削除してください。
spf-too-many-lookups = { $domain } の検査には DNS 参照が { $limit } 回を超えて必要です（{ $chain } を経由し { $term } で上限超過）。結果は permerror になります。
    .fix = 使っていない include: を削除する、a や mx を ip4:/ip6: の範囲に置き換える、または事業者により少ない参照数の include を確認してください。
spf-too-many-void-lookups = { $domain } の検査中、レコードが見つからない参照が { $limit } 回を超えました（最後は { $term }）。結果は permerror になります。
    .fix = レコードのない名前を指す項目（解約した事業者、入力ミスなど）を削除してください。
spf-too-many-mx-names = { $target } には MX レコードが { $count } 件あります。mx 項目で使えるのは { $limit } 件までのため、結果は permerror になります。
    .fix = mx 項目を、メールを送信するホストの ip4:/ip6: の範囲に置き換えてください。
spf-include-no-record = { $domain } は { $target } を include していますが、{ $target } は SPF レコードを公開していないため、結果は permerror になります。
    .fix = include:{ $target } の名前を修正するか削除してください。正しい include は事業者の資料で確認してください。
spf-redirect-no-record = { $domain } は { $target } に redirect していますが、{ $target } は SPF レコードを公開していないため、結果は permerror になります。
    .fix = redirect= の宛先を SPF レコードを公開しているドメインにするか、レコードそのものに置き換えてください。
spf-lint-plus-all = { $domain } の SPF レコードは +all で終わっています。インターネット上のすべてのホストが { $domain } として送信できてしまいます。
    .fix = +all を -all に置き換えてください（送信元の確認中は ~all）。
spf-lint-neutral-all = { $domain } の SPF レコードは ?all で終わっており、なりすましを防げません。
    .fix = ?all を ~all に、すべての送信元を列挙したら -all に置き換えてください。
spf-lint-softfail-all = { $domain } の SPF レコードは ~all で終わっています。列挙されていないホストは softfail となり、受信側は拒否せず疑わしいメールとして扱います。
    .fix = すべての送信元を列挙し、DMARC レポートで正規メールの失敗がないことを確認したら ~all を -all に変更してください。DMARC で強制している場合は ~all のままでも構いません。
spf-lint-no-all = { $domain } の SPF レコードには all 項目も redirect= もないため、列挙されていないホストは neutral になります。
    .fix = レコードの末尾に -all（または ~all）を追加してください。
spf-lint-ptr = { $domain } の SPF レコードは { $term } を使っています。RFC 7208 §5.5 は ptr を使わないよう求めています（遅く、信頼性が低く、無視する受信側もあります）。
    .fix = { $term } を ip4:/ip6: の範囲または a: 項目に置き換えてください。
spf-lint-lookups-over = { $domain } の SPF は DNS 参照が { $count } 回必要です。{ $limit } 回を超えるとすべての検査が permerror になります。
    .fix = 使っていない include: を削除する、a/mx を ip4:/ip6: に置き換える、またはまれにしか使わない送信元をサブドメインに移してください。
spf-lint-lookups-near = { $domain } の SPF は上限 { $limit } 回のうち { $count } 回の DNS 参照を使います。事業者をもう一つ追加すると上限を超えるおそれがあります。
    .fix = 余裕を残してください。a/mx より ip4:/ip6: を使い、使っていない include: を削除してください。
spf-lint-long-string = { $domain } の SPF レコードは { $length } 文字です。TXT の 1 つの文字列は 255 文字までです。
    .fix = 1 つの TXT レコード内で 255 文字以下の複数の文字列に分割してください（"v=spf1 ... " "..."）。受信側は空白なしで連結します。
spf-lint-record-too-long = { $domain } の SPF レコードは { $length } オクテットです。RFC 7208 §3.4 は UDP の 1 パケットに収まるよう 450 未満を推奨しています。
    .fix = 範囲をより広い CIDR にまとめるか、一部を include の先に移して短くしてください。
spf-lint-redirect-ignored = { $domain } の SPF レコードには all と redirect= の両方があります。all がある場合 redirect= は使われません。
    .fix = all 項目か redirect= のどちらかを削除してください。
spf-lint-broken-include = { $domain } の SPF にある { $term } は SPF レコードのない { $target } を指しているため、すべての検査が permerror になります。
    .fix = { $term } を修正または削除してください。
spf-lint-void-lookups = { $domain } の SPF には何も見つからない参照が { $count } 件あります。{ $limit } 件を超えると検査は permerror になります。
    .fix = レコードのない名前を指す項目を削除してください。
spf-lint-dns-failure = { $domain } の SPF を読み取る途中で DNS 障害が発生しました: { $error }。

dmarc-missing = { $name } に DMARC レコードがありません。docomo や Gmail などの受信側は、SPF が pass でも { $domain } からのメールを認証されていないものとして扱います（docomo では「このメールは送信ドメイン認証が行われておりません」と表示されます）。
    .fix = { $name } に TXT レコード "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }" を公開し、{ $domain } の DKIM 署名を付けて送信してください。レポートですべての送信元が pass になったら p= を強めてください。
dmarc-several = { $name } に DMARC レコードが { $count } 件あります。受信側はすべて無視します。
    .fix = { $name } の v=DMARC1 で始まる TXT レコードを 1 件だけにしてください。
dmarc-present = { $name } の DMARC レコード: { $record }

dkim-pass = { $domain } の DKIM 署名（s={ $selector }、{ $algorithm }、{ $bits } ビット鍵）は検証に成功しました。
dkim-third-party = 有効な署名は From ドメイン { $from } ではなく { $domain } によるものです。メールが { $domain } を経由したことは証明しますが、DMARC では { $from } と一致（アライン）しません。
    .fix = 自社ドメインで署名してください。"domainauth dkim keygen --domain { $from } --selector { $selector }" で鍵を作り、{ $selector }._domainkey.{ $from } に公開し（RSA 2048 ビット）、配信サービスで d={ $from } の署名を設定してください。
dkim-none = このメールには DKIM 署名がありません。転送されると認証が失われ、DMARC は SPF だけに頼ることになります。
    .fix = 送信メールに署名してください。"domainauth dkim keygen --domain <自社ドメイン> --selector <名前>" で鍵を作り、表示される TXT レコードを公開し、メールサーバーまたは配信サービスで署名を設定してください。
dkim-body-hash = { $domain } が署名した後に本文が変更されました（本文ハッシュが一致しません）。
    .fix = 署名後に本文が変わっています。メーリングリストやゲートウェイによるフッターの追加、免責文やウイルス対策の注記、再エンコードなどが考えられます。これらの処理の後で署名するか、この経路を処理の対象外にしてください。
dkim-header-mismatch = { $domain } の署名は、署名対象のヘッダー（{ $fields }）に対して検証できません。
    .fix = 署名対象のヘッダー（{ $fields }）のいずれかが途中で変更されたか（件名の書き換え、From の追加など）、{ $selector }._domainkey.{ $domain } の鍵が署名に使われた鍵ではありません。
dkim-no-key = { $name } に DKIM 公開鍵が公開されていません。
    .fix = { $name } に公開鍵の TXT レコード（"v=DKIM1; k=rsa; p=…"）を公開するか、送信側が使うセレクタ s={ $selector } を修正してください。
dkim-revoked = { $name } の鍵は失効しています（p= が空です）。
    .fix = セレクタ { $selector } をまだ使う場合は公開鍵を再公開してください。使わない場合は、送信側が現在のセレクタで署名する必要があります。
dkim-key-invalid = { $name } の鍵レコードは使用できません: { $reason }。
    .fix = { $name } の TXT レコードを修正してください。v=DKIM1 は先頭に、k= は鍵に合わせて rsa または ed25519、p= は空白を含まない base64 の公開鍵にしてください。
dkim-signature-invalid = DKIM-Signature ヘッダーの形式が不正です: { $reason }。
    .fix = 署名ソフトウェアが不正な署名を作成しています。更新または設定を見直してください。
dkim-key-too-short = { $name } の RSA 鍵は { $bits } ビットです。受信側は 1024 ビット未満の鍵を拒否します（RFC 8301）。
    .fix = 2048 ビットの鍵を作成し（"domainauth dkim keygen --algorithm rsa-2048"）、新しいセレクタで公開して署名をそちらに切り替えてください。
dkim-key-weak = { $name } の RSA 鍵は { $bits } ビットです。検証はできますが、推奨は 2048 ビットです。
    .fix = 新しいセレクタで 2048 ビットの鍵に切り替えてください（"domainauth dkim keygen --algorithm rsa-2048"）。
dkim-sha1 = { $domain } の署名は rsa-sha1 を使っています。RFC 8301 で禁止されており、受信側は無効として扱います。
    .fix = 署名アルゴリズムを rsa-sha256 に設定してください。
dkim-expired = { $domain } の署名は有効期限切れです（x={ $expiration }）。
    .fix = 有効期限（x=）を長くするか指定せずに署名し、署名サーバーの時刻を確認してください。
dkim-future = { $domain } の署名の日時が未来です（t={ $timestamp }）。
    .fix = 署名サーバーの時刻（NTP）を確認してください。
dkim-temperror = { $name } の鍵を取得できませんでした: { $error }。
    .fix = { $domain } のネームサーバーが応答するか確認してください。受信側は通常、後で再試行します。
dkim-testing = { $name } の鍵はテスト中（t=y）と表示されています。受信側は検証失敗を未署名と同様に扱うことがあります。
    .fix = 署名が正しく動作したら、鍵レコードから t=y を削除してください。
dkim-length-tail = 本文末尾の { $tail } オクテットは { $domain } の署名（l=）の対象外です。第三者が内容を追加できます。
    .fix = l= を使わずに署名してください。
dkim-too-many = 署名が多すぎるため（{ $limit } 件超）、一部の署名は検証していません。
dkim-bare-lf = このメールの改行は LF のみです。メールサーバーが送る形式どおり CRLF として読み取りました。

## ユーザーインターフェース
ui-result = 結果
ui-identity = 検査対象
ui-domain = ドメイン
ui-client-ip = 送信元 IP
ui-record = レコード
ui-matched = 一致した項目
ui-no-match = 一致した項目なし
ui-lookups = 参照 { $used }/{ $limit } 回、空の応答 { $void }/{ $void_limit } 回
ui-path = 評価の経過
ui-findings = 診断
ui-fix = 対処
ui-explanation = 説明（exp=）
ui-header = ヘッダー
ui-tree = include の構成
ui-tree-lookups = DNS 参照 { $count } 回
ui-no-findings = 問題は見つかりませんでした。
ui-query = { $rtype } { $name } → { $answer }
ui-term-match = { $term } → 一致
ui-term-nomatch = { $term } → 不一致
ui-redirect = redirect → { $target }
ui-record-of = { $domain } のレコード: { $record }
ui-signature = 署名
ui-key-bits = { $bits } ビット
ui-keygen-written = 秘密鍵を { $path } に書き込みました（{ $algorithm }、{ $bits } ビット、モード 0600）。署名に必要なので安全に保管してください。
ui-keygen-name = 次の名前で TXT レコードを公開してください:
ui-keygen-value = 値:
ui-keygen-zone = ゾーンファイルの行としては（各文字列は 255 文字以下）:
