# 日本語カタログ。メッセージ ID は diag::Code の ID、`.fix` は対処方法。
# 用語と表記は docs/ja-glossary.md に従います（tests/cli_ja.rs が確かめます）。

spf-pass = { $ip } は { $domain } の送信元として許可されています（{ $term } に一致）。
spf-fail = { $ip } は { $domain } の送信元として許可されていません。SPF レコードの { $term } に一致するため、受信側はこのメールを拒否または破棄します。
    .fix = { $cause ->
        [forwarded] { $ip } は他者のためにこのメールを中継したサーバーです（上の転送の診断を参照）。{ $domain } の SPF レコードに追加しないでください。この件でレコードを変更する必要はありません。
        [explicit] { $term } は { $ip } を名指しで拒否しています。末尾の既定の指定ではなく、レコードの作成者が意図して書いたものです。{ $ip } が現在自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードの { $term } を削除するか範囲を狭めてください。その前に { $suggest } を追加すると、この判断を黙って打ち消すことになります。
       *[other] { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードの { $term } の前に { $suggest } を追加してください。
    }
spf-softfail = { $ip } は { $domain } の送信元として許可されていない可能性があります（{ $term } に一致）。多くの受信側はこのようなメールを迷惑メールとして扱います。
    .fix = { $cause ->
        [forwarded] { $ip } は他者のためにこのメールを中継したサーバーです（上の転送の診断を参照）。{ $domain } の SPF レコードに追加しないでください。この件でレコードを変更する必要はありません。
        [explicit] { $term } は { $ip } を名指しで疑わしい送信元として扱っています。末尾の既定の指定ではなく、レコードの作成者が意図して書いたものです。{ $ip } から現在正規のメールを送っている場合は、{ $domain } の SPF レコードの { $term } を削除するか範囲を狭めてください。その前に { $suggest } を追加すると、この判断を黙って打ち消すことになります。
       *[other] { $ip } から正規のメールを送っている場合は、{ $domain } の SPF レコードの { $term } の前に { $suggest } を追加してください。
    }
spf-neutral = { $domain } の SPF レコードは { $ip } を許可も拒否もしていません（{ $implicit ->
        [yes] 一致する項目がなく、既定の結果です
       *[no] { $term }
    }）。受信側は SPF レコードがない場合と同様に扱います。
    .fix = { $cause ->
        [forwarded] { $ip } は他者のためにこのメールを中継したサーバーです（上の転送の診断を参照）。{ $domain } の SPF レコードに追加しないでください。なりすましが fail になるよう、レコードの末尾は -all または ~all にしてください。
        [explicit] { $term } は { $ip } を意図して neutral にしています。{ $ip } から正規のメールを送っている場合は、{ $domain } の SPF レコードの { $term } を pass になるよう（? の修飾子を外して）書き換え、レコードの末尾を -all または ~all にしてください。
       *[other] 自社の送信元を列挙し（{ $suggest } が自社のサーバーであれば、例えば { $suggest }）、レコードの末尾を -all または ~all にしてください。
    }
spf-none = { $domain } は SPF レコードを公開していないため、受信側はどのホストが送信してよいか判断できません。
    .fix = { $from_ip ->
        [yes] { $domain } のメールを送信するサーバーとサービスをすべて列挙した TXT レコードを { $domain } に公開してください。{ $suggest } が自社のサーバーであれば、例えば "v=spf1 { $suggest } -all" です。自社のサーバーでなければ、このメールは自社から送られたものではありません。自社のサーバーだけを列挙してください。
       *[no] { $domain } に TXT レコード "v=spf1 { $suggest } -all" を公開してください（{ $domain } のメールを送信するサーバーとサービスをすべて列挙してください）。
    }
domain-not-found = { $domain } は DNS に存在しません（NXDOMAIN）。レコードが 1 つもないため、SPF・DMARC・DKIM 公開鍵も MX・A レコードもありません。存在しないドメインを From やエンベロープ From に使ったメールは、受信側で拒否されます。
    .fix = { $domain } の綴りを確認してください。このドメインでメールを送信する場合は、DNS 事業者で MX（または A）レコード、SPF レコード、DMARC レコードを作成してください。
spf-invalid-domain = "{ $domain }" は SPF で検査できません: { $reason }。
    .fix = 送信サーバーは MAIL FROM と HELO に完全修飾ドメイン名（例: mail.example.co.jp）を使ってください。ホスト名だけやアドレスリテラルは使えません。
spf-temperror = DNS の障害により { $domain } の SPF 検査が中断しました: { $error }。受信側は通常、後で再試行するか受信を保留します。
    .fix = { $domain } のネームサーバーが応答するか確認してください（例: dig TXT { $domain }）。一時的な障害の可能性があります。
spf-syntax = { $domain } の SPF レコードの "{ $term }"（位置 { $pos }）に誤りがあります: { $error }。受信側はレコード全体をエラー（permerror）として扱います。
    .fix = { $domain } の TXT レコードの "{ $term }" を修正してください。すべての項目が正しくなければレコードは機能しません。
spf-multiple-records = { $domain } は SPF レコードを { $count } 件公開しています。受信側はこれをエラー（permerror）として扱います。
    .fix = v=spf1 で始まる 1 件の TXT レコードにまとめ、ほかは削除してください。
spf-too-many-lookups = { $domain } の検査に必要な DNS ルックアップが上限の { $limit } 回を超えています（{ $chain } を経由し、{ $term } で超過）。このため結果は permerror になります。
    .fix = 使っていない include: を削除するか、a や mx を ip4:/ip6: の範囲に置き換えるか、ルックアップ数の少ない include がないか事業者に問い合わせてください。
spf-include-loop = { $members } の SPF レコードが互いを include してループしています（{ $loop }）。{ $domain } の検査はこのループを回り続けて DNS ルックアップの上限 10 回に達するため、すべての検査が permerror になります。
    .fix = ループを断ち切ってください。{ $at } の SPF レコードから { $target } への include:（または redirect=）を削除してください。SPF レコードは、自分に戻ってくるドメインを include してはいけません。
spf-too-many-void-lookups = { $domain } の検査中、結果が空の DNS ルックアップが { $limit } 回を超えました（最後は { $term }）。このため結果は permerror になります。
    .fix = レコードのない名前を指す項目（解約した事業者、入力ミスなど）を削除してください。
spf-too-many-mx-names = { $target } には MX レコードが { $count } 件あります。mx メカニズムで扱える MX レコードは { $limit } 件までのため、結果は permerror になります。
    .fix = mx メカニズムを、メールを送信するホストの ip4:/ip6: の範囲に置き換えてください。
spf-include-no-record = { $domain } は { $target } を include していますが、{ $target } は SPF レコードを公開していないため、結果は permerror になります。
    .fix = include:{ $target } の名前を修正するか削除してください。正しい include は事業者の資料で確認してください。
spf-redirect-no-record = { $domain } は { $target } に redirect していますが、{ $target } は SPF レコードを公開していないため、結果は permerror になります。
    .fix = redirect= の参照先を SPF レコードのあるドメインに変更するか、redirect= を参照先のレコードの内容で置き換えてください。
spf-lint-plus-all = { $domain } の SPF レコードは +all で終わっています。インターネット上のすべてのホストが { $domain } として送信できてしまいます。
    .fix = +all を -all に置き換えてください（送信元の確認中は ~all）。
spf-lint-neutral-all = { $domain } の SPF レコードは ?all で終わっており、なりすましを防げません。
    .fix = ?all を ~all に、すべての送信元を列挙したら -all に置き換えてください。
spf-lint-softfail-all = { $domain } の SPF レコードは ~all で終わっています。列挙されていないホストは softfail となり、受信側は拒否せず疑わしいメールとして扱います。
    .fix = すべての送信元を列挙し、DMARC レポートで正規のメールが失敗していないことを確認したら、~all を -all に変更してください。DMARC を p=quarantine または p=reject で運用している場合は、~all のままでも構いません。
spf-lint-no-all = { $domain } の SPF レコードには all メカニズムも redirect= もないため、列挙されていないホストは neutral になります。
    .fix = レコードの末尾に -all（または ~all）を追加してください。
spf-lint-ptr = { $domain } の SPF レコードは { $term } を使っています。RFC 7208 §5.5 は ptr を使わないよう求めています（遅く、信頼性が低く、無視する受信側もあります）。
    .fix = { $term } を ip4:/ip6: の範囲または a: メカニズムに置き換えてください。
spf-lint-lookups-over = { $domain } の SPF（include 先を含む）には DNS ルックアップが { $count } 回必要です。{ $limit } 回を超えると、すべての検査が permerror になります。{ $branch ->
        [none] {""}
       *[other] 最も多いのは { $branch } で、{ $branch_count } 回です。
    }
    .fix = 使っていない include: を削除するか、a/mx を ip4:/ip6: に置き換えるか、まれにしか使わない送信元をサブドメインに移してください。
spf-lint-lookups-near = { $domain } の SPF は、上限 { $limit } 回のうち { $count } 回の DNS ルックアップを使っています。事業者をもう 1 つ追加すると上限を超えるおそれがあります。{ $branch ->
        [none] {""}
       *[other] 最も多いのは { $branch } で、{ $branch_count } 回です。
    }
    .fix = 余裕を残してください。a/mx より ip4:/ip6: を使い、使っていない include: を削除してください。
spf-lint-long-string = { $domain } の SPF レコードは { $length } 文字です。TXT の 1 つの文字列は 255 文字までです。
    .fix = 1 つの TXT レコード内で 255 文字以下の複数の文字列に分割してください（"v=spf1 ... " "..."）。受信側は空白なしで連結します。
spf-lint-record-too-long = { $domain } の SPF レコードは { $length } オクテットです。RFC 7208 §3.4 は、応答が UDP の 1 パケットに収まるよう 450 オクテット未満を推奨しています。
    .fix = 範囲をより広い CIDR ブロックにまとめるか、一部を別の TXT レコードに移して include で参照し、レコードを短くしてください。
spf-lint-redirect-ignored = { $domain } の SPF レコードには all と redirect= の両方があります。all がある場合 redirect= は使われません。
    .fix = all メカニズムか redirect= のどちらかを削除してください。
spf-lint-after-all = { $domain } の SPF レコードには all の後ろに項目（{ $terms }）があります。評価は all で終わるため、これらは使われず、DNS ルックアップの回数にも数えていません。
    .fix = { $terms } を all より前に移すか、削除してください。
spf-lint-broken-include = { $domain } の SPF にある { $term } は SPF レコードのない { $target } を指しているため、すべての検査が permerror になります。
    .fix = { $term } を修正または削除してください。
spf-lint-void-lookups = { $domain } の SPF には結果が空の DNS ルックアップが { $count } 回あります。{ $limit } 回を超えると検査は permerror になります。{ $branch ->
        [none] {""}
       *[other] そのうち { $branch_count } 回は { $branch } のレコードにあります。
    }
    .fix = レコードのない名前を指す項目を削除してください。
spf-lint-dns-failure = { $domain } の SPF を読み取る途中で DNS の障害が発生しました: { $error }。
    .fix = { $domain } のネームサーバーが TXT の問い合わせに応答するか確認してください（dig TXT { $domain }）。一時的な障害の可能性があります。
spf-lint-tree-truncated = { $domain } の SPF（include 先を含む）は大きすぎるため、すべては読み取れませんでした。include 先 { $nodes } 件または問い合わせ { $queries } 回で読み取りを止めたので、表示している回数は実際の最小値です。評価では DNS ルックアップが { $limit } 回を超えた時点で permerror になり、最後まで進みません。
    .fix = DNS ルックアップが { $limit } 回以内に収まるようにしてください。各事業者の include は 1 回だけにし、入れ子の include は ip4:/ip6: の範囲に置き換えてください。

dmarc-missing = { $name } に DMARC レコードがありません。ドコモや Gmail などの受信側は、SPF が pass でも { $domain } からのメールを認証されていないものとして扱います（ドコモでは「このメールは送信ドメイン認証が行われておりません」と表示されます）。
    .fix = { $name } に TXT レコード "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }" を公開してください。レポートですべての送信元が pass していることを確認したら、p= を段階的に厳しくしてください。
dmarc-several = { $name } に DMARC レコードが { $count } 件あります。受信側はすべて無視します。
    .fix = { $name } の v=DMARC1 で始まる TXT レコードを 1 件だけにしてください。
dmarc-present = { $name } の DMARC レコード: { $record }

dkim-pass = { $domain } の DKIM 署名（s={ $selector }、{ $algorithm }、{ $bits } ビット鍵）は検証に成功しました。
dkim-third-party = 有効な署名は From ドメイン { $from } ではなく { $domain } によるものです。この署名はメールが { $domain } を経由したことを示しますが、DMARC 上は { $from } とアライメントが取れていません。
    .fix = 自社ドメインで署名してください。"domainauth dkim keygen --domain { $from } --selector { $selector }" で 2048 ビットの RSA 鍵を作成して { $selector }._domainkey.{ $from } に公開し、配信サービスで d={ $from } の署名を設定してください。
dkim-none = このメールには DKIM 署名がありません。転送されると認証が失われ、DMARC は SPF だけに頼ることになります。
    .fix = 送信メールに署名してください。"domainauth dkim keygen --domain <自社ドメイン> --selector <名前>" で鍵を作り、表示される TXT レコードを公開し、メールサーバーまたは配信サービスで署名を設定してください。
dkim-body-hash = { $domain } が署名した後に本文が変更されました（本文ハッシュが一致しません）。
    .fix = { $cause ->
        [forwarded] リストまたは転送サーバーが本文を変更しました（上の転送の診断を参照）。この件で { $domain } の署名の設定を変える必要はありません。
       *[other] 署名後に本文が変わっています。メーリングリストやゲートウェイによるフッターの追加、免責文やウイルス対策の注記、再エンコードなどが考えられます。これらの処理の後で署名するか、この経路を処理の対象外にしてください。
    }
dkim-header-mismatch = { $domain } の署名は検証に失敗しました（署名対象のヘッダー: { $fields }）。
    .fix = { $cause ->
        [forwarded] リストまたは転送サーバーが件名などの署名対象フィールドを変更しました（上の転送の診断を参照）。この件で { $domain } の署名の設定を変える必要はありません。
       *[other] 署名対象のヘッダー（{ $fields }）のいずれかが配送途中で変更された（件名の書き換え、From の追加など）か、{ $selector }._domainkey.{ $domain } の鍵が署名に使われた鍵と異なる可能性があります。
    }
dkim-no-key = { $name } に DKIM 鍵が公開されていません。
    .fix = { $name } に公開鍵の TXT レコード（"v=DKIM1; k=rsa; p=…"）を公開するか、送信側が使うセレクター s={ $selector } を修正してください。
dkim-revoked = { $name } の鍵は失効しています（p= が空です）。
    .fix = セレクター { $selector } をまだ使う場合は、その公開鍵をもう一度公開してください。使わない場合は、送信側が現在のセレクターで署名する必要があります。
dkim-key-invalid = { $name } の鍵レコードは使用できません: { $reason }。
    .fix = { $cause ->
        [service] { $name } の TXT レコードから s= を削除してください（または s=email にしてください）。現在の設定では、この鍵でメールに署名できません。
        [hash] { $name } の TXT レコードから h= を削除してください（または h=sha256 にしてください）。現在の設定では SHA-256 が許可されていないため、rsa-sha256 や ed25519-sha256 の署名にこの鍵を使えません。また RFC 8301 は SHA-1 を禁止しています。
       *[other] { $name } の TXT レコードを修正してください。v=DKIM1 を書く場合は先頭に置き、k= は鍵に合わせて rsa または ed25519、p= は空白を含まない base64 の公開鍵にしてください。
    }
dkim-signature-invalid = DKIM-Signature ヘッダーの形式が不正です: { $reason }。
    .fix = 署名ソフトウェアが不正な署名を作成しています。ソフトウェアを更新するか、設定を見直してください。
dkim-key-too-short = { $name } の RSA 鍵は { $bits } ビットです。受信側は 1024 ビット未満の鍵を拒否します（RFC 8301）。
    .fix = 新しいセレクターで 2048 ビットの鍵を作成し（"domainauth dkim keygen --domain <ドメイン> --selector <新しい名前> --algorithm rsa-2048"）、表示されるレコードを公開して、署名に使う鍵をそちらに切り替えてください。
dkim-key-weak = { $name } の RSA 鍵は { $bits } ビットです。検証はできますが、推奨は 2048 ビットです。
    .fix = 新しいセレクターで 2048 ビットの鍵を作成し（"domainauth dkim keygen --domain <ドメイン> --selector <新しい名前> --algorithm rsa-2048"）、表示されるレコードを公開して、署名に使う鍵をそちらに切り替えてください。
dkim-sha1 = { $domain } の署名は rsa-sha1 を使っています。RFC 8301 で禁止されており、受信側は無効として扱います。
    .fix = 署名アルゴリズムを rsa-sha256 に設定してください。
dkim-expired = { $domain } の署名は有効期限切れです（期限 { $date }、x={ $expiration }）。
    .fix = 有効期限（x=）を長くするか x= を付けずに署名し、署名サーバーの時刻も確認してください。
dkim-future = { $domain } の署名の日時が未来です（{ $date }、t={ $timestamp }）。
    .fix = 署名サーバーの時刻（NTP）を確認してください。
dkim-temperror = { $name } の鍵を取得できませんでした: { $error }。
    .fix = { $domain } のネームサーバーが応答するか確認してください。受信側は通常、後で再試行します。
dkim-testing = { $name } の鍵はテストモード（t=y）に設定されています。受信側は検証失敗を未署名と同様に扱うことがあります。
    .fix = 署名が正しく動作したら、鍵レコードから t=y を削除してください。
dkim-length-tail = 本文末尾の { $tail } オクテットは { $domain } の署名（l=）の対象外です。第三者が内容を追加できます。
    .fix = l= を使わずに署名してください。
dkim-too-many = 署名が多すぎるため（{ $limit } 件超）、超えた { $count } 件の署名は読み取らず、検証していません。
    .fix = 正規のメールの署名は、署名する中継点ごとに 1 つです。このメールに署名を付けているシステムを確認し、ドメインごとに 1 回だけ署名してください。
dkim-bare-lf = このメールの改行は LF のみです。SMTP で送られるときと同じく CRLF として読み取りました。

## ユーザーインターフェース
dmarc-pass = { $from } の DMARC は pass です。{ $via ->
        [both] SPF と DKIM の両方
        [spf] SPF
       *[dkim] DKIM
    }で、From ドメインとアライメントの取れたドメインが認証されました（{ $domain } の DMARC レコード）。
dmarc-fail = { $from } の DMARC は fail です。SPF でも DKIM でも、From ドメインとアライメントの取れたドメインは認証されませんでした。ドメイン所有者のポリシーは p={ $policy }（{ $domain } の DMARC レコード）で、受信側の処理は { $disposition } です。
    .fix = { $cause ->
        [forwarded] この件で { $from } のレコードを変更する必要はありません。失敗の原因は上の診断（「転送またはメーリングリストを経由したと見られます」）にある転送です。転送サーバーの ARC シールを信頼する受信側は、このようなメールを受け入れることがあります。
        [not-aligned] 上の「認証には成功していますが、アライメントが取れていません」の診断に従ってください。示した 2 つの方法のどちらでも、{ $from } の DMARC は pass します。
       *[other] 上の診断にある原因のどれかを直してください。{ $from } とアライメントが取れたドメインで 1 つの方式が pass すれば十分です。転送後も残るのは d={ $from } の DKIM 署名です。
    }
dmarc-temperror = DNS の障害のため、{ $from } の DMARC ポリシーの取得（{ $name }）が中断しました: { $error }。受信側は配送を保留するか、DMARC を適用せずに配送することがあります。
    .fix = { $from } のネームサーバーが { $name } の TXT 問い合わせに応答するか確認してください（dig TXT { $name }）。一時的な障害の可能性があります。
dmarc-record-unusable = { $name } の DMARC レコード（"{ $record }"）からは有効なポリシーが得られません。p=（または sp=/np=）がないか不正で、有効な rua= もないため、受信側は DMARC を一切適用しません。
    .fix = 例えば "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $from }" に修正し、レポートで全送信元の pass を確認してから p= を段階的に厳しくしてください。
dmarc-inherited = { $from } には独自の DMARC レコードがないため、{ $domain } のレコードの { $tag }={ $policy } が適用されます。
dmarc-inherited-np = { $from } は DNS に存在しません（A/AAAA/MX レコードなし）。{ $domain } のレコードにある、存在しないサブドメイン向けのポリシー np={ $policy } が適用されます。
    .fix = { $from } が実際に使っている送信ドメインなら、A または MX レコードを設定してください。そうでなければ、このメールはなりすましです。
dmarc-aligned-relaxed = { $method } が認証した { $domain } は { $from } と同一ではありませんが、組織ドメイン { $org } が同じなので、relaxed モード（既定）ではアライメントが取れています。親ドメインから子、子から親のどちらの向きでも成り立ちます。
dmarc-spf-only = DMARC は SPF だけで pass しています。メーリングリストや大学・会社の転送を経由すると次の中継で SPF が失敗し、DMARC も失敗します。
    .fix = { $signed ->
        [yes] メールは d={ $from } で署名されていますが、署名を検証できませんでした。原因は上の DKIM の診断に示しています。署名が検証できれば、転送後も DMARC は pass します。
       *[no] d={ $from } の DKIM 署名も付けてください。"domainauth dkim keygen --domain { $from } --selector <名前>" で鍵を作り、表示されるレコードを公開して、署名を設定してください。
    }
dmarc-not-aligned = 認証には成功していますが、アライメントが取れていません。SPF または DKIM は pass しましたが、対象は受信者が From で目にするドメイン { $from } ではなく、別のドメインです。DMARC で pass するには、{ $from } 自身（または同じ組織ドメインに属するドメイン）で pass する必要があります。
    .fix = 自社のメール（配信サービスから送ったもの）であれば、次のどちらか一方で解決します。（1）作成者署名: { $from } の 2048 ビット DKIM 鍵を公開し（例: mmmg._domainkey.{ $from }、"domainauth dkim keygen --domain { $from } --selector mmmg"）、配信サービスに d={ $from } で署名してもらう。（2）独自ドメインのエンベロープ From: bounce.{ $from } など { $from } 配下のアドレスを Return-Path に使い、そのドメインの SPF レコードに配信サービスの include: を追加する。自社が送ったものでなければ、DMARC が検出したなりすましです。何も変更しないでください。
dmarc-forwarded = 転送またはメーリングリストを経由したと見られます（メールに { $evidence } があります）。エンベロープと署名は { $from } 自身のものですが、{ $relay ->
        [none] 別のサーバー
       *[other] 別のサーバー（{ $relay }）
    }が中継したため SPF が失敗し、途中でメールが変更された（件名へのタグ付け、フッターの追加）ため DKIM 署名の検証にも失敗しています。{ $from } のレコードが原因ではありません。{ $arc ->
        [pass] 検証に成功する ARC チェーンがあり、変更前に各ホップが確認した結果が記録されています（下記）。
        [fail] ARC チェーンがありますが、破損しているため（下記）、それより前のホップについては何もわかりません。
       *[other] {""}
    }
    .fix = { $arc ->
        [pass] リストや転送サーバーの運用者であれば、ARC シール（署名）はすでに付いています。そのシールを信頼する受信側は、記録された結果をもとにこのようなメールを受け入れられます。メールを変更しない（または From をリスト自身のアドレスに書き換える）と、それ以外の受信側でも DMARC が pass します。受信側であれば、知っている転送サーバーを "domainauth verify … --trusted-sealer DOMAIN" で信頼してください。送信者であれば DNS の変更は不要です。ただし p=reject の場合、シールした転送サーバーを信頼しない受信側では、このようなメールは拒否されます。心当たりのあるリストや転送サーバーを経由していない場合は、なりすましとして扱い、p=reject のまま何も変更しないでください。
        [fail] リストや転送サーバーの運用者であれば、メールを変更しないか、From をリスト自身のアドレスに書き換えてください。ARC シール（署名）には DNS に公開した鍵を使い、シールした後でメールを変更しないでください。送信者であれば DNS の変更は不要です。ただし p=reject の場合、転送サーバーの ARC を信頼しない受信側では、このようなメールは拒否されます。心当たりのあるリストや転送サーバーを経由していない場合は、なりすましとして扱い、p=reject のまま何も変更しないでください。
       *[other] リストや転送サーバーの運用者であれば、メールを変更しないか、From をリスト自身のアドレスに書き換えてください。あわせて ARC シール（署名）を付けて、受信側が元の pass を確認できるようにしてください。送信者であれば DNS の変更は不要です。ただし p=reject の場合、転送サーバーの ARC を信頼しない受信側では、このようなメールは拒否されます。心当たりのあるリストや転送サーバーを経由していない場合は、なりすましとして扱い、p=reject のまま何も変更しないでください。
    }
dmarc-spf-not-aligned = SPF は { $identity } ドメイン { $domain } に対して pass しましたが、From ドメイン { $from } とはアライメントが取れていません。
    .fix = { $summary ->
        [yes] 上の「認証には成功していますが、アライメントが取れていません」の診断の方法（2）、{ $from } 配下の独自エンベロープ From で解決します。
       *[no] 配信サービスに { $from } 配下の独自エンベロープ From（Return-Path、バウンスドメイン。例: bounce.{ $from }）を設定してもらい、指定される SPF レコードをそこに公開してください。
    }
dmarc-spf-strict = SPF は { $from } と同じ組織ドメインに属する { $domain } に対して pass しましたが、DMARC レコードが SPF の strict アライメント（aspf=s）を指定しているため、{ $from } そのものしか認められません。
    .fix = エンベロープ From のドメインを { $from } と完全に一致させるか、レコードから aspf=s を削除して緩和してください。
dmarc-spf-not-pass = { $identity } ドメイン { $domain } の SPF は pass しませんでした（結果: { $result }）。このため SPF によって DMARC が pass することはありません。
    .fix = { $result ->
        [permerror] { $domain } の SPF レコードが壊れているため、どのサーバーも pass できません。直すべき項目（レコードのない名前への include や redirect、DNS ルックアップ回数の超過、構文の誤り）は上の SPF の診断に示しています。サーバーを追加しても直りません。
        [temperror] { $domain } の SPF レコードの DNS ルックアップが失敗またはタイムアウトしました（該当するルックアップは上の SPF の診断に示しています）。ネームサーバーが応答するか確認してから、もう一度試してください。レコードを変える必要はありません。
        [none] 公開すべきものは、上の { $domain } の SPF の診断に示しています。
       *[other] 上の { $domain } の SPF の診断に従ってください。自社の送信サーバーであればそのレコードに記載し、そうでなければすでに記載されているサーバーから送信してください。
    }
dmarc-spf-not-checked = 接続元 IP がないため SPF は評価していません。DMARC は DKIM だけで判断しました。
    .fix = SPF も評価するには、エンベロープ（--ip、--helo、--mail-from）を指定するか、Received ヘッダーを含むメール全体を入力してください。
dmarc-dkim-none = DKIM 署名がないため、DMARC は SPF だけに頼ることになります。
    .fix = { $summary ->
        [yes] 上の「認証には成功していますが、アライメントが取れていません」の診断の方法（1）、d={ $from } の DKIM 署名で解決します。
       *[no] d={ $from } で DKIM 署名してください（"domainauth dkim keygen --domain { $from } --selector <名前>"）。
    }
dmarc-dkim-not-aligned = DKIM は { $domain }（s={ $selector }）に対して pass しましたが、From ドメイン { $from } とはアライメントが取れていません（第三者署名）。
    .fix = { $summary ->
        [yes] 上の「認証には成功していますが、アライメントが取れていません」の診断の方法（1）、d={ $from } の 2 つ目の署名で解決します。
       *[no] 作成者署名を追加してください。{ $from } の 2048 ビット鍵を公開し（例: "domainauth dkim keygen --domain { $from } --selector mmmg"、TXT レコードは mmmg._domainkey.{ $from }）、配信サービスに d={ $from } で署名してもらってください。
    }
dmarc-dkim-strict = DKIM は { $from } と同じ組織ドメインに属する { $domain }（s={ $selector }）に対して pass しましたが、レコードが DKIM の strict アライメント（adkim=s）を指定しています。
    .fix = d={ $from }（完全一致）で署名するか、レコードから adkim=s を削除して緩和してください。
dmarc-dkim-not-pass = { $domain }（s={ $selector }）の DKIM 署名は検証に失敗しました（結果: { $result }）。この署名によって DMARC が pass することはありません。
    .fix = { $aligned ->
        [yes] 原因と対処は、上の d={ $domain } s={ $selector } の DKIM の診断に示しています。この署名が検証できれば DMARC は pass します。
       *[no] 原因は、上の d={ $domain } s={ $selector } の DKIM の診断に示しています。検証できても d={ $domain } は { $from } とアライメントが取れないため、d={ $from } でも署名してください。
    }
dmarc-testing = { $from } の DMARC レコードに t=y があります。所有者がテスト中のため、受信側は p={ $policy } を適用しません。
    .fix = レポートで正規の送信元がすべて pass していることを確認したら、t=y を削除してください。
dmarc-pct-sampled = pct={ $pct } によるサンプリングでこのメールは適用対象外となったため、受信側は { $policy } ではなく { $disposition } を適用します（RFC 7489 §6.6.4）。
    .fix = レポートで正規の送信元がすべて pass していることを確認したら、pct= を 100 にしてください。
dmarc-policy-none = { $domain } のポリシーは p=none です。失敗したメールも通常どおり配送され、レコードはレポートを求めるだけです。
    .fix = 集計レポートで全送信元の pass を確認したら p=quarantine、次に p=reject に進めてください。
dmarc-org-disagree = { $from } の組織ドメインが判定方式によって異なります。DNS ツリーウォークでは { $tree }、Public Suffix List では { $psl } です（この評価は { $mode ->
        [rfc7489] RFC 7489
       *[rfc9989] RFC 9989
    } に従っています）。もう一方の方式を使う受信側では、アライメントの判定が変わる可能性があります。
dmarc-from-missing = From ヘッダーがないため、DMARC は作成者ドメインを特定できません（RFC 5322 では From ヘッダーが必ず 1 つ必要です）。
    .fix = 送信者のアドレスを含む From ヘッダーを付けるよう、送信ソフトウェアを設定してください。
dmarc-from-several = From ヘッダーが { $count } 個あります。RFC 5322 で許されるのは 1 つだけのため、DMARC は作成者ドメインを 1 つに決められません。説明のため、各ヘッダーのドメインをそれぞれ以下で評価しています。
    .fix = From ヘッダーが 1 つだけになるよう、送信ソフトウェアを設定してください。
dmarc-from-hidden = ヘッダーの { $line } 行目は From フィールドのように読めますが、形式が不正（名前に余分なバイトがある、または先頭が空白）なため無視しました。メールソフトはこれを送信者として表示するおそれがあるため、DMARC は作成者ドメインを 1 つに決められません。
    .fix = 正しい形式の「From:」行が 1 行だけになるよう、送信ソフトウェアを設定してください。
dmarc-from-no-address = From ヘッダーにメールアドレスがありません（"{ $value }"）。DMARC は作成者ドメインを特定できず、多くの受信側はこのようなメールの受信を拒否します。
    .fix = From: ショップ <info@自社ドメイン> のようにアドレスを書いてください。
dmarc-from-invalid = From "{ $value }" はアドレスリストとして正しくありません（RFC 5322 §3.4）。{ $pos } 文字目（"{ $tail }"）で{ $reason ->
        [unexpected-char] その位置に置けない文字があります
        [unclosed-quote] 引用符で囲んだ文字列が閉じていません
        [unclosed-comment] 括弧のコメントが閉じていません
        [unclosed-angle] "<" が ">" で閉じていません
        [unclosed-literal] "[" が "]" で閉じていません
        [unclosed-group] グループが ";" で閉じていません
        [text-after-address] 完結したアドレスの後、カンマか末尾であるべき所に文字列が続いています
        [missing-at] "@ドメイン" のない語があります（表示名を付けるならアドレスを山括弧で囲みます）
        [local-part] "@" の前の部分がないか、形式が誤っています
        [missing-domain] "@" の後に何もありません
        [domain-char] ドメイン名に使えない文字があります（RFC 5321: 英字・数字・ハイフンのみ）
        [empty-label] ドメインの先頭・末尾にドットがあるか、ドットが連続しています
        [label-hyphen] ドメインのラベルがハイフンで始まるか終わっています
        [empty-angle] "<>" の中にアドレスがありません
       *[other] 構文が崩れています
    }。このような From からは作成者ドメインを取り出せません。ドメインに見える部分があっても使いません。
    .fix = 送信ソフトウェアが正しい From を書くようにしてください。例: From: ショップ <info@自社ドメイン>。記号を含む表示名は二重引用符で囲みます。
dmarc-from-no-domain = From アドレス "{ $value }" には DMARC で評価できるドメインがありません。{ $reason ->
        [address-literal] [192.0.2.1] のようなアドレスリテラルはドメインを示しません
        [single-label] localhost のような単一ラベルの名前は登録ドメインではありません
        [numeric-tld] トップレベルのラベルが数字だけです（RFC 3696 §2）
        [idna] 国際化ドメイン名を A ラベルに変換できません（RFC 5890）
        [too-long] DNS で扱える長さを超えています
       *[other] このドメインは使えません
    }。他の作成者ドメインは引き続き評価します。
    .fix = 登録済みドメインのアドレスを From に使ってください。
dmarc-from-too-many-domains = From に { $count } 個の異なるドメインがあります。評価するのは最初の { $limit } 個だけで、残りは DNS に問い合わせません（サービス妨害への対策、RFC 9989 §11.5）。そのため評価は不完全です。
    .fix = From には作成者のアドレスを 1 つだけ書いてください。
dmarc-from-skipped = ヘッダーより前にあるため読み飛ばした { $line } 行目は From フィールドのように読め、ヘッダーの From にない { $from } を示しています。これを送信者と受け取る読み手がいるおそれがあるため、DMARC は作成者ドメインを 1 つに決められません。
    .fix = ウェブページから貼り付けた場合は、そのページがこのメールのものか確かめるか、メールのソースそのものを保存してください（Gmail では「元のメッセージをダウンロード」）。メール自体がこのテキストで始まっている場合は、誤認させるために作られたものです。なりすましとして扱ってください。
dmarc-from-local-policy = 作成者ドメインを確定できないため、この部分の DMARC 結果は permerror となり、ローカルポリシーにより { $disposition } を適用します（RFC 7489 §6.6.1: From がない、From が複数ある、作成者アドレスが複数あるメールは通常拒否されます）。
    .fix = 上に示した From の問題を直し、作成者ドメインが 1 つに決まるようにしてください。
dmarc-from-idn = From ドメイン { $value } は国際化ドメイン名です。DNS には A ラベル形式の { $domain } で問い合わせます。
dmarc-from-multiple-domains = From に { $count } 個のドメインのアドレスがあります（{ $domains }）。ドメインごとに評価し、失敗したものの中で最も厳しいポリシーを適用します（RFC 7489 §6.6.1、RFC 9989 §11.5）。{ $domain ->
        [none] From の問題により { $result }、{ $disposition } となります。
       *[other] { $domain } により { $result }、{ $disposition } となります。
    }このようなメールを拒否する受信側もあります。
    .fix = From には作成者のアドレスを 1 つだけ書いてください。
dmarc-lint-unknown-tag = { $domain } の DMARC レコードに不明なタグ "{ $tag }" があります。受信側は無視します。
    .fix = "{ $tag }" を削除するか、タグ名を修正してください。
dmarc-lint-unknown-tag-suggest = { $domain } の DMARC レコードに不明なタグ "{ $tag }" があります。{ $suggestion }= の誤りではありませんか。受信側は "{ $tag }" を無視します。
    .fix = "{ $tag }" を { $suggestion }= に直してください。
dmarc-lint-unknown-tag-removed = { $domain } の DMARC レコードに不明なタグ "{ $tag }" があります。{ $suggestion }= の誤りではありませんか。なお { $suggestion }= は RFC 9989 で廃止されました。ポリシーを試すには t=y を使います。
    .fix = "{ $tag }" を削除してください。より厳しいポリシーを試すには、レポートで問題がなくなるまで、そのポリシーを t=y 付きで公開してください。
dmarc-lint-removed-tag = { $domain } の DMARC レコードは RFC 9989 で廃止された { $tag }={ $value } を使っています。RFC 9989 に従う受信側は無視します。
    .fix = { $tag }= を削除してください。ポリシーのテスト中は pct= の代わりに t=y を使ってください。rf= と ri= には代わりになるタグはありません。
dmarc-lint-duplicate-tag = { $domain } の DMARC レコードにタグ { $tag }= が 2 回出現します。受信側はレコード全体を拒否するか、どちらか一方の値を使う可能性があります。
    .fix = { $tag }= は 1 つだけにしてください。
dmarc-lint-case = { $domain } の DMARC レコードの { $tag }={ $value } には大文字が含まれています。タグ名と値は大文字・小文字を区別しない決まりですが、区別して比較する受信側もあります。
    .fix = タグ名と値は小文字で書いてください。
dmarc-lint-invalid-value = { $domain } の DMARC レコードの { $tag }={ $value } は不正な値です（使える値: { $allowed }）。
    .fix = { $tag }= を次のいずれかにしてください: { $allowed }。
dmarc-lint-invalid-value-suggest = { $domain } の DMARC レコードの { $tag }={ $value } は不正な値です。{ $tag }={ $suggestion } の誤りではありませんか。
    .fix = { $tag }={ $suggestion } と書いてください（使える値: { $allowed }）。
dmarc-lint-separator = { $domain } の DMARC レコードの { $tag }= の値が "{ $value }" になっています。タグはセミコロンで区切る必要があり、受信側はこれ全体を 1 つの不正な値として解釈します。
    .fix = "v=DMARC1; p=none; rua=mailto:…" のように各タグを ";" で区切ってください。
dmarc-lint-p-missing = { $domain } の DMARC レコードに p= がありません（{ $mode ->
        [rfc7489] RFC 7489 では、有効な rua= があれば p=none と同じ扱い、なければポリシーなしになります
       *[rfc9989] RFC 9989 では p=none と同じ扱いです。RFC 7489 では、有効な rua= がなければポリシーなしになります
    }）。
    .fix = "v=DMARC1; p=none; rua=mailto:…" のように v=DMARC1 の直後に p= を書いてください。
dmarc-lint-no-policy = { $domain } の DMARC レコードからポリシーが得られません。受信側はこのドメインのメールに DMARC を一切適用しません。
    .fix = 有効な p=（none、quarantine、reject）と有効な rua=mailto: アドレスを指定してください。
dmarc-lint-invalid-uri = { $domain } の DMARC レコードの { $tag }= の宛先 "{ $uri }" は有効な URI ではなく、レポートを送れません。
    .fix = mailto:アドレス@ドメイン の形で書いてください（"mailto:" が必要です）。
dmarc-lint-no-rua = { $domain } の DMARC レコードに有効な rua= がないため、集計レポートが届かず、誰が { $domain } として送信しているか分かりません。
    .fix = rua=mailto:dmarc-reports@{ $domain }（またはレポートサービスのアドレス）を追加してください。
dmarc-lint-policy-none = { $domain } の DMARC レコードは p=none です。監視のみのため、なりすましメールも通常どおり配送されます。
    .fix = 集計レポートで全送信元の pass を確認したら p=quarantine、次に p=reject に進めてください。
dmarc-lint-pct = { $domain } の DMARC レコードは pct={ $pct } です。失敗したメールの { $pct }% にだけポリシーが適用されます（RFC 7489 モード）。
    .fix = レポートで問題がなければ pct= を 100 にしてください（RFC 9989 では pct= は廃止され、テスト中は t=y を使います）。
dmarc-lint-sp-weaker = { $domain } の DMARC レコードの sp={ $sp } は p={ $p } より緩いため、どのサブドメインでもなりすましが可能です。
    .fix = sp= を { $p } にしてください（または sp= を削除して、サブドメインにも p= が適用されるようにしてください）。
dmarc-lint-not-record = { $name } に "{ $record }" があります。DMARC レコードのように見えますが、受信側は DMARC レコードとして認識しません（レコードは v=DMARC1 で始まり、直後に ";" が続く必要があります）。
    .fix = "v=DMARC1; " で始め、タグの間をセミコロンで区切って書き直してください。
dmarc-lint-external-unauthorized = { $tag }= の宛先 { $uri } は { $domain } の外部にありますが、{ $target } は { $domain } のレポートの受信を許可していません（{ $name } に TXT レコードがありません）。このため受信側はレポートを送信しません。
    .fix = { $target } の運用者に、{ $name } に TXT レコード "v=DMARC1;" を公開するよう依頼してください（レポートサービスでは通常、ドメインを登録するとこの設定が行われます）。
dmarc-lint-external-authorized = { $tag }= の宛先 { $uri } は { $domain } の外部ですが、{ $name } で許可されています。
dmarc-lint-too-many-destinations = { $domain } の DMARC レコードは外部のレポート宛先を { $count } 件指定しています。許可レコードを確認したのは最初の { $limit } 件だけで、残りは問い合わせていません。
    .fix = レポートの宛先は 1～2 件にしてください。レポートサービスを使う場合、すべてのドメインの宛先は 1 件で済みます。
check-dkim-key = { $name } に DKIM 鍵が公開されています（{ $algorithm }、{ $bits } ビット）。
check-dkim-no-key = 試したセレクター（{ $selectors }）に { $domain } の DKIM 鍵が見つかりません。DKIM がないと転送時に認証が失われます。ドコモや Gmail も DKIM を求めています。
    .fix = "domainauth dkim keygen --domain { $domain } --selector <名前>" で鍵を作り、表示される TXT レコードを公開して署名してください。別のセレクターで署名済みなら --selector で指定してください。
check-dkim-parent-key = 試したセレクター（{ $selectors }）に { $domain } 自身の DKIM 鍵はありませんが、組織ドメイン { $org } の鍵が { $selector } にあります。d={ $org } で署名した { $domain } のメールは、DMARC の緩やかな一致（adkim=r、既定値）で一致と見なされます。{ $domain } 自身の鍵が必要なのは adkim=s の場合だけです。
check-no-address = { $domain } には A/AAAA レコードも MX レコードもありません。ドコモなどの受信側はこのようなドメインからのメールを拒否します。
    .fix = { $domain } に MX レコード（または A レコード）を公開してください。
dns-deadline = { $domain } の DNS 問い合わせが制限時間の { $limit } ミリ秒を過ぎたため、{ $elapsed } ミリ秒で打ち切りました（問い合わせ { $queries } 件）。結果は不完全で、その後に DNS が必要だった項目は確認していません。
    .fix = ネームサーバーの応答が遅いか、応答がありません。{ $domain } とそのレコードが指すドメインのネームサーバーがすぐに応答するか確かめてから、もう一度実行してください。
check-dns-timeout = { $name } の { $rtype } レコードの問い合わせがタイムアウトしました。これに依存する項目は確認していないため、このレポートは不完全です（タイムアウトはレコードがないという意味ではありません）。
    .fix = { $name } のネームサーバーが { $rtype } の問い合わせにすぐ応答するか確かめてから（dig { $rtype } { $name }）、もう一度実行してください。
check-dns-failure = { $name } の { $rtype } レコードの問い合わせに失敗しました（{ $error }）。これに依存する項目は確認していないため、このレポートは不完全です。
    .fix = { $name } のネームサーバーが { $rtype } の問い合わせに応答するか確かめてください（dig { $rtype } { $name }）。一時的な障害のこともあるため、時間をおいてもう一度実行してください。
check-null-mx = { $domain } は null MX（"MX 0 ."）を公開しており、メールを受信しないと宣言しています（RFC 7505）。{ $sends ->
        [yes] それなのに送信用の SPF や DKIM を公開しています。返信を受け取れないドメインからのメールは受信側に拒否されることがあり、このドメイン宛てのエラーメールや DMARC レポートも届きません。
       *[no] このドメインから送ったメールは拒否されることがあり、このドメイン宛てのエラーメールや DMARC レポートも届きません。
    }
    .fix = { $sends ->
        [yes] { $domain } からメールを送るなら、null MX を削除し、メールを受信するサーバーの MX レコードを公開してください（エラーメールや返信の受け取りに必要です）。
       *[other] { $domain } からメールを送らないなら、null MX はそのままにし、"v=spf1 -all" と p=reject の DMARC レコードも公開して、なりすましを防いでください。
    }
check-null-mx-mixed = { $domain } は null MX（"MX 0 ."）と、ほかの MX レコード { $count } 件を同時に公開しています。RFC 7505 §3 はこれを禁止しており、送信側はこのドメインがメールを受信するのか判断できません。
    .fix = { $domain } でメールを受信するなら "MX 0 ." を削除し、受信しないならほかの MX レコードを削除してください。
check-mta-sts-missing = { $domain } は MTA-STS レコード（{ $name } の TXT）を公開していません。送信サーバーが TLS なしで、または偽の MX に配送しても気付けません（RFC 8461）。
    .fix = { $domain } 宛てのメールに TLS を求めるなら、https://mta-sts.{ $domain }/.well-known/mta-sts.txt にポリシーファイル（"version: STSv1"、"mode: testing"、MX ホストごとに "mx:" の行、"max_age: 86400"）を置いてから、{ $name } に TXT "v=STSv1; id=<日付と番号>" を公開してください。
check-mta-sts-invalid = { $name } の MTA-STS レコードは使えません（{ $problem ->
        [several] "v=STSv1" で始まるレコードが { $count } 件あります。1 件だけにする必要があります
        [no-id] id= がありません
        [bad-id] id "{ $value }" が 1〜32 文字の英数字ではありません
       *[syntax] "{ $value }" が name=value の形ではありません
    }）。送信サーバーは { $domain } に MTA-STS ポリシーがないものとして扱います。
    .fix = { $name } に "v=STSv1; id=20260101T000000" の形の TXT レコードを 1 件だけ公開してください。id は 1〜32 文字の英数字で、ポリシーファイルを変えるたびに変更します。
check-mta-sts-not-fetched = { $name } に MTA-STS レコードがあります（id={ $value }）。ポリシーファイルは取得していません: オフラインです。https://mta-sts.{ $domain }/.well-known/mta-sts.txt が正しく公開されているかは確認していません。
check-mta-sts-fetch-failed = { $name } の MTA-STS レコードはポリシーを示していますが、{ $uri } を取得できませんでした（{ $error }）。取得できない送信サーバーは、ポリシーがないものとして送信します。
    .fix = { $uri } のポリシーファイルを、mta-sts.{ $domain } の正しい証明書を使った HTTPS で、text/plain として公開してください（RFC 8461 §3.3）。
check-mta-sts-policy-invalid = MTA-STS ポリシーファイル { $uri } は使えません（{ $problem ->
        [version] "version: STSv1" の行がありません
        [mode] mode "{ $value }" が enforce、testing、none のどれでもありません
        [max-age] max_age "{ $value }" が 31557600 以下の秒数ではありません
        [no-mx] mode が enforce と testing のときに必要な "mx:" の行がありません
       *[syntax] 行 "{ $value }" が "key: value" の形ではありません
    }）。送信サーバーはこのポリシーを無視します。
    .fix = "key: value" の行でポリシーファイルを書いてください: "version: STSv1"、"mode: enforce"（または testing、none）、MX ホストごとに "mx: <ホスト名または *.ドメイン>"、"max_age: <秒数>"（RFC 8461 §3.2）。
check-mta-sts-policy = { $domain } の MTA-STS ポリシー: mode { $mode }、max_age { $value } 秒、MX のパターン { $mx }。
check-mta-sts-mx-not-covered = { $domain } の MX ホスト { $name } は、MTA-STS ポリシーの mx のパターン（{ $mx }）のどれにも一致しません。ポリシー（{ $mode }）を適用する送信サーバーは、{ $mode ->
        [enforce] このホストに配送しません。
       *[other] このホストへの配送を失敗として報告します。
    }
    .fix = ポリシーファイルに "mx: { $name }"（またはこのホストを含む "*.ドメイン" のパターン）を追加して _mta-sts.{ $domain } の TXT レコードの id= を変更するか、このホストがもうメールを受信しないなら MX レコードを削除してください。
check-tls-rpt-missing = { $domain } は TLS-RPT レコード（{ $name } の TXT）を公開していません。MX ホストへの TLS が失敗しても、送信サーバーから知らせを受け取れません（RFC 8460）。
    .fix = { $name } に TXT "v=TLSRPTv1; rua=mailto:tls-reports@{ $domain }" を公開してください。アドレスはレポートを受け取れるものにしてください。
check-tls-rpt-invalid = { $name } の TLS-RPT レコードは使えません（{ $problem ->
        [several] "v=TLSRPTv1" で始まるレコードが { $count } 件あります。1 件だけにする必要があります
        [no-rua] rua= がありません
        [bad-uri] レポートの送り先 "{ $value }" が、mailto: のアドレスでも、ドメイン名を含む https: の URL でもありません（空白、制御文字、半角の英数字と記号以外の文字は使えません）
       *[syntax] "{ $value }" が name=value の形ではありません
    }）。送信サーバーは TLS レポートを送りません。
    .fix = { $name } に "v=TLSRPTv1; rua=mailto:tls-reports@{ $domain }" の形の TXT レコードを 1 件だけ公開してください（"rua=" には mailto: と https: の URI をコンマで区切って複数書けます。RFC 8460 §3）。
check-bimi-invalid = { $name } の BIMI レコードは使えません（{ $problem ->
        [several] "v=BIMI1" で始まるレコードが { $count } 件あります。1 件だけにする必要があります
        [no-logo] l= がありません
        [not-https] "{ $value }" が https: の URL ではありません
        [not-svg] ロゴ "{ $value }" が SVG ファイル（.svg）ではありません
        [bad-url] "{ $value }" は使える URL ではありません（ホストがドメイン名でないか、空白、制御文字、半角の英数字と記号以外の文字を含んでいます）
       *[syntax] "{ $value }" が name=value の形ではありません
    }）。受信側はロゴを表示しません。
    .fix = { $name } に "v=BIMI1; l=https://{ $domain }/logo.svg; a=https://{ $domain }/vmc.pem" の形の TXT レコードを 1 件公開してください。ロゴは https で公開した SVG Tiny PS、a= は Gmail などが求める認証マーク証明書です。
check-bimi-dmarc-weak = { $domain } は BIMI レコードを公開していますが、DMARC ポリシー（{ $policy }）が強制になっていません。受信側が BIMI のロゴを表示するのは、すべてのメールに p=quarantine か p=reject が適用される場合だけです。
    .fix = レポートですべての正規のメールが合格するようになったら、_dmarc.{ $domain } の DMARC レコードを p=quarantine か p=reject にし、pct= を削除（または pct=100）してください。
check-dnssec = { $domain } の DNSSEC: { $state ->
        [signed] ゾーンは署名されています（{ $domain } に DNSKEY レコードがあります）。
        [unsigned] ゾーンは署名されていません（{ $domain } に DNSKEY レコードがありません）。
       *[unknown] 不明です（リゾルバーが判断できないか、{ $domain } がゾーンの頂点ではありません）。
    }
check-ptr-missing = 送信元 IP アドレス { $ip } に PTR（逆引き）レコードがありません。Gmail、Yahoo など多くの受信側が PTR レコードを求めています。
    .fix = { $ip } の管理者（プロバイダー）に依頼して、メールサーバーのホスト名を返す PTR レコードを設定してください。そのホスト名の A/AAAA レコードは { $ip } を指している必要があります。
check-fcrdns-mismatch = { $ip } の PTR 名（{ $name }）を正引きしても { $ip } になりません（正引きと逆引きの不一致、FCrDNS）。
    .fix = { $name } に { $ip } を指す A/AAAA レコードを追加するか、PTR を正引きが一致する名前に変えてください。
verify-envelope-inferred = エンベロープをメールから取得しました（{ $source }）: 接続元 IP { $ip }、HELO { $helo }、MAIL FROM { $mailfrom }。
verify-no-envelope = { $why ->
        [no-mail-from] 信頼できる Received フィールドに接続元 IP { $ip } は記録されていますが、MAIL FROM を記録したフィールド（Return-Path や envelope-from）がないため、SPF は評価していません。
       *[other] エンベロープ（接続元 IP と MAIL FROM）が指定されず、信頼できる受信サーバーが書いたフィールドにも記録がないため、SPF は評価していません。
    }
    .fix = { $why ->
        [no-mail-from] --mail-from（と --ip { $ip }）を指定するか、最終の受信サーバーが付ける Return-Path を含む、配送されたままのメールを入力してください。
       *[other] --ip、--helo、--mail-from を指定するか、受信したままのメール全体（Received と Return-Path を含む）を入力し、--trust-authserv-id で受信サーバーの authserv-id を指定してください。
    }
verify-dns-query-limit = このメールの DNS 問い合わせが上限の { $limit } 件に達したため、打ち切りました（{ $elapsed } ミリ秒で { $queries } 件）。その後に DNS が必要だった結果はすべて temperror です。
    .fix = 正規のメールでこれほど多くの問い合わせが必要になることはありません。SPF レコードの include の連鎖（"domainauth spf record" で確認できます）と、メールの From のドメインや DKIM 署名の数を見直してください。受信サーバーも同じように打ち切ります。
verify-dns-deadline = このメールの DNS 問い合わせが制限時間の { $limit } ミリ秒を過ぎたため、{ $elapsed } ミリ秒で打ち切りました（問い合わせ { $queries } 件）。その後に DNS が必要だった結果はすべて temperror です。
    .fix = ネームサーバーの応答が遅いか、応答がありません。関係するドメインのネームサーバーがすぐに応答するか確認してください。RFC 7208 では、受信側は SPF の評価を 20 秒で打ち切ってよいとされています。
verify-trace-ignored = { $name }（上から { $pos } 番目のヘッダーフィールド）はエンベロープに使っていません。{ $reason ->
        [below-trusted-hop] 信頼する受信サーバーへのホップの Received より下にあり、送信者が書き込めた位置だからです。
        [no-trusted-hop] 信頼する受信サーバー（--trust-authserv-id）を示す Received がないため、どのトレースフィールドも信用できないからです。
        [no-receiver] 書いたサーバーを示す receiver= がなく（RFC 7208 §9.1）、信頼する受信サーバーが書いたものと確認できないからです。
        [untrusted-writer] 書いたのは { $authserv } で、信頼する受信サーバー（--trust-authserv-id）ではないからです。
        [ip-mismatch] 接続元 IP を { $value } としていますが、信頼する受信サーバーの Received には { $ip } と記録されているからです。
       *[unreadable] 読み取れなかったからです（{ $error }）。
    }
verify-trace-capped = 使われなかったトレースフィールドは最初の { $limit } 件だけを示しています。それ以上はメールを調べていません。
arc-pass = ARC チェーンの検証に成功しました。ARC セットは { $count } 個で、{ $sealers } がシールしています。{ $oldest ->
        [0] すべてのホップのメッセージ署名がまだ検証に成功するため、メールは最初の転送サーバーが送り出したときのままです。
       *[other] メッセージ署名はホップ i={ $oldest } 以降のものだけが検証に成功します。{ $before ->
            [key] その前のホップの署名は、シールした転送サーバーの鍵が見つからないか使えないため、検証できませんでした。
           *[other] メールはそのホップがシールする前に変更されています。
        }
    }各ホップの記録（下記）が意味を持つのは、信頼する転送サーバーのものだけです。自分のドメインでシールすることは誰にでもできます。
arc-fail = ARC チェーンが{ $instance ->
        [none] {""}
       *[other] {" "}i={ $instance } で
    }破損しています: { $reason }。誰がシールしたものであっても、記録された結果は使えません。
    .fix = このチェーンの転送サーバーやリストの運用者であれば、セレクターに公開した鍵でシールし、シールした後でメールを変更しないでください。それ以外の場合は何もする必要はありません。破損したチェーンは判定を変えず、偽造されたチェーンもこうして見抜かれます。
arc-hop = ARC ホップ i={ $instance }: { $sealer } がシールしました（cv={ $cv }、シール: { $seal ->
        [yes] 検証成功
        [no] 検証失敗
       *[other] 未検証
    }、メッセージ署名: { $ams ->
        [yes] 検証成功
        [no] 現在は検証失敗
        [key] 未検証（鍵が見つからないか使えません）
       *[other] 未検証
    }）。{ $authserv } の記録: { $results }。
arc-trusted-sealer = { $from } の DMARC は失敗していますが、信頼する転送サーバー（--trusted-sealer）の { $sealer } が ARC ホップ i={ $instance } で { $recorded } を記録しており、そこからメールを受け取ったホップまでのすべてのホップを信頼する転送サーバーがシールしています。ローカルポリシーにより { $policy } の処置を適用せず、メールを配送します（集計レポートに記録される理由は { $override }）。DMARC の結果は fail のままです。
arc-not-trusted = ARC チェーンの検証に成功し、{ $sealer } がホップ i={ $instance } で { $from } について { $recorded } を記録していますが、そのホップの後でメールを転送した { $trust } は信頼する転送サーバーではありません。ARC によって判定は変わらず、{ $policy } の処置がそのまま適用されます。
    .fix = { $trust } が知っている転送サーバーやリスト（大学の転送、自分のリストサーバー）であれば、"domainauth verify … --trusted-sealer { $trust }" で信頼してください。転送サーバーを信頼するとは、それが転送するものすべて（記録した結果、変更や追加した内容、受け取ったと主張するチェーン）を信頼することです。知らない転送サーバーのチェーンは何も証明しません。シールは誰にでもできます。
mail-preamble-skipped = 先頭の { $count } 行はメールの一部ではない（Gmail の「メッセージのソースを表示」など、ウェブメールがソースの上に表示する概要）ため、読み飛ばしました。ヘッダーは { $line } 行目から始まります。
mail-bare-lf = このメールの改行は LF のみです。SMTP で送られるときと同じく CRLF として読み取りました。
mail-no-separator = ヘッダーと本文の間に空行がないため、全体をヘッダーとして読みました。
    .fix = Gmail の「メッセージのソースを表示」などで表示される内容を、ヘッダー・空行・本文を含めてそのまま保存してください。
mail-header-line-ignored = ヘッダーの { $line } 行目はヘッダーフィールドではない（コロンがない、またはフィールド名が不正）ため、無視しました。
    .fix = メールを作成したプログラムを修正してください。ヘッダーの各行は「名前: 値」の形か、スペースまたはタブで始まる継続行でなければなりません。
mail-header-unreadable = ヘッダーを読み取れなかった（{ $error }）ため、作成者のドメインを取り出せません。ヘッダーフィールドのないメールとして評価し、DMARC は permerror とし、作成者を特定できないメールに対するローカルポリシーを適用します。
    .fix = 正規のメールはこれらの上限を大きく下回ります。自分のメールであれば、ヘッダーを作成したプログラムを確認してください。受信サーバーはこのようなメールを拒否します。
authres-seen = { $authserv } の記録: { $summary }。
authres-spf-not-aligned = { $authserv }: spf=pass smtp.mailfrom={ $domain } は header.from={ $from } とアライメントが取れていません。
    .fix = { $domain } が自社の配信サービスのドメインであれば、{ $from } 配下の独自エンベロープ From を使うか、d={ $from } で DKIM 署名してください。自社のものでなければ、このメールは自社から送られたものではありません。
authres-dkim-not-aligned = { $authserv }: dkim=pass header.d={ $domain } は header.from={ $from } とアライメントが取れていません。
    .fix = { $domain } が自社の配信サービスのドメインであれば、d={ $from } の署名も付けてもらってください。自社のものでなければ、このメールは自社から送られたものではありません。
authres-dmarc-fail = { $authserv } は header.from={ $from } について dmarc=fail を記録しました（ポリシー { $policy }）。
    .fix = 変更すべき点は上の DMARC の診断に示しています。{ $policy ->
        [reject] p=reject のため、受信側はこのようなメールを拒否します。
        [quarantine] p=quarantine のため、受信側はこのようなメールを迷惑メールにします。
       *[other] p={ $policy } のため、受信側はこのようなメールを通常どおり配信し、レポートで報告します。
    }
authres-unreadable = Authentication-Results ヘッダーを読み取れませんでした: { $error }。
    .fix = このフィールドは無視され、判定には影響しません。自社の受信サーバーが書いたものであれば、書き込むソフトウェアの設定を直してください。
authres-capped = ほかに Authentication-Results ヘッダー { $fields } 件と識別子 { $identifiers } 件は説明していません（1 通につき最大 { $max_fields } ヘッダー、組織ドメインの問い合わせ { $max_lookups } 件まで）。
profile-pass = { $profile } プロファイルの { $count } 項目すべてを満たしています。
profile-spf-not-pass = { $profile }: { $cause ->
        [domain] { $result ->
            [none] { $domain } には送信元 IP アドレスを記載した SPF レコードが必要ですが、公開されていません。
            [permerror] { $domain } の SPF レコードが壊れているため、どの IP アドレスでも SPF は permerror になります。
           *[other] { $domain } の SPF レコードは送信元 IP アドレス { $ip } で pass する必要がありますが、結果は { $result } です。
        }
       *[other] SPF の pass が必要ですが、{ $domain } の結果は { $result } です。
    }
    .fix = { $cause ->
        [domain] { $result ->
            [none] { $domain } のメールを送信するすべてのサーバーとサービスを記載した SPF レコードを { $domain } に 1 つ公開してください（IP アドレスを --ip で指定すると、--records が公開するレコードを表示します）。
            [permerror] まず { $domain } の SPF レコードを直してください。原因は上の SPF の診断に示しています（DNS ルックアップが 10 回を超える場合は、--records がフラット化したレコードを表示します）。
            [temperror] { $domain } のネームサーバーが応答するか確認してください。レコード自体は正しい可能性があります。
           *[other] { $ip } が自社のサーバー、または { $domain } 配下のリターンパス（エンベロープ From）で送信する配信サービスであれば、{ $domain } の SPF レコードに追加してください（--records が、既存の項目をすべて残して統合したレコードを表示します。配信サービスの場合は、サービスが案内する include: でそのすべてのアドレスを含められます）。配信サービスが自社のリターンパスで送信している場合、SPF はサービス自身のドメインで pass し、{ $domain } とは一致しません。その場合は d={ $domain } で DKIM 署名するか、サービスで { $domain } 配下のカスタムリターンパスを設定してください。
        }
        [refused] { $result ->
            [neutral] { $domain } の SPF レコード（またはその redirect 先のレコード）には、末尾の既定の指定ではなく { $ip } を意図して neutral にする項目があります（{ $ip } の SPF の診断に示しています）。{ $ip } が現在自社のものであれば、その項目を pass になるよう（? の修飾子を外して）書き換えてください。--records はこの指定を打ち消すレコードを提案しません。
           *[other] { $domain } の SPF レコード（またはその redirect 先のレコード）には、末尾の既定の指定ではなく { $ip } を意図して拒否する項目があります（{ $ip } の SPF の診断に示しています）。{ $ip } が現在自社のものであれば、その項目を削除するか範囲を狭めてください。--records はこの拒否を打ち消すレコードを提案しません。
        }
        [forwarded] { $ip } はこのメールを中継したサーバーです（上の転送の診断を参照）。この結果は自社の送信について何も示しません。自社サーバーから直接届いたメールで確認してください。リストや転送サーバーの運用者であれば、From をリスト自身のアドレスに書き換え、リスト自身の SPF と DKIM が使われるようにしてください。
       *[other] { $result ->
            [permerror] { $domain } の SPF レコードを直してください。レコードが壊れており（原因の項目は上の SPF の診断を参照）、直るまでは { $ip } を記載しても効果がありません。
            [temperror] { $domain } のネームサーバーが応答するか確認してください。レコード自体は正しい可能性があります。
            [none] { $domain } のメールを送信するすべてのサーバー（{ $ip } が自社のものであれば、それも含めて）を記載した SPF レコードを { $domain } に公開してください。
           *[other] { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードに記載してください。そうでなければ、このメールは自社から送られたものではなく、なりすましの可能性があります。何も変更しないでください。
        }
    }
profile-dkim-not-pass = { $profile }: { $cause ->
        [no-key] { $domain } の DKIM 鍵が必要です（受信側はドメインによる DKIM 署名を求めています）が、試したセレクター（{ $selectors }）に使える鍵が見つかりません。
       *[other] 有効な DKIM 署名が必要ですが、検証できた署名がありません。
    }
    .fix = { $cause ->
        [forwarded] { $domain } の署名は途中で壊れました（上の転送の診断を参照）。この結果は自社の送信について何も示しません。自社サーバーから直接届いたメールで確認してください。リストや転送サーバーの運用者であれば、メールを変更しないか、リスト自身のドメインで署名してください。
        [broken] メールは署名されていますが、検証できた署名がありません。原因と対処は上の DKIM の診断に示しています。
       *[other] d={ $domain } で DKIM 署名してください（"domainauth dkim keygen --domain { $domain } --selector <名前>"）。
    }
profile-dmarc-record = { $profile }: From ドメイン { $domain } に DMARC レコードが必要ですが、見つかりません。
    .fix = _dmarc.{ $domain } に "v=DMARC1; p=none; rua=mailto:dmarc-reports@{ $domain }" を公開してください。
profile-dmarc-not-pass = { $profile }: { $domain } の DMARC は pass が必要ですが、結果は { $result } です。DMARC が pass しないと、ドコモは「このメールは送信ドメイン認証が行われておりません」と表示するか、メールを届けません。
    .fix = { $cause ->
        [forwarded] メールが転送されたため DMARC が失敗しました（上の転送の診断を参照）。この結果は自社の送信について何も示しません。自社サーバーから直接届いたメールで確認してください。
        [none] { $domain } は DMARC レコードを公開していないため、DMARC は pass できません。レコードを公開してください（上の DMARC の診断に示しています）。
       *[other] 原因と変更すべき点は、上の { $domain } の DMARC の診断に示しています。d={ $domain } の DKIM 署名が最も確実に pass する方法です。
    }
profile-from-not-aligned = { $profile }: { $cause ->
        [domain] From ドメイン { $domain } は SPF または DKIM のドメインとアライメントが取れている必要がありますが、公開されている内容ではアライメントの取れた pass ができません。{ $domain } の使える DKIM 鍵が見つからず、SPF レコードも送信元 IP アドレスを含んでいません。
       *[other] From ドメイン { $domain } は SPF または DKIM のドメインとアライメントが取れている必要がありますが、どちらとも取れていません。
    }
    .fix = { $cause ->
        [forwarded] どちらの識別子も { $domain } 自身のものですが、転送後はどちらも pass しませんでした（上の転送の診断を参照）。自社サーバーから直接届いたメールで確認してください。
       *[other] d={ $domain } で署名するか、{ $domain } 配下のエンベロープ From で送信してください。
    }
profile-list-unsubscribe-missing = { $profile }: 一括送信メールには List-Unsubscribe と "List-Unsubscribe-Post: List-Unsubscribe=One-Click"（RFC 8058）が必要です。不足: { $missing }。
    .fix = POST で配信停止できる HTTPS URI の "List-Unsubscribe: <https://…>" と "List-Unsubscribe-Post: List-Unsubscribe=One-Click" を追加してください。
profile-list-unsubscribe-unsigned = { $profile }: List-Unsubscribe と List-Unsubscribe-Post は有効な DKIM 署名の対象に含まれている必要がありますが（RFC 8058 §4）、含まれていません。
    .fix = 両方のヘッダーを署名対象ヘッダー（h=）に加えてください。
profile-ptr-missing = { $profile }: 送信元 IP アドレス { $ip } に PTR（逆引き）レコードがありません。
    .fix = { $cause ->
        [forwarded] { $ip } はこのメールを中継したサーバーで、自社のものではありません（上の転送の診断を参照）。自社サーバーから直接届いたメールで確認してください。
       *[other] { $ip } が自社のサーバーであれば、管理者（プロバイダー）に依頼して、メールサーバーのホスト名を返す PTR レコードを設定してください。そのホスト名の A/AAAA レコードは { $ip } を指している必要があります。
    }
profile-fcrdns-mismatch = { $profile }: { $ip } の PTR 名（{ $name }）を正引きしても { $ip } になりません。
    .fix = { $cause ->
        [forwarded] { $ip } はこのメールを中継したサーバーで、自社のものではありません（上の転送の診断を参照）。自社サーバーから直接届いたメールで確認してください。
       *[other] { $ip } が自社のサーバーであれば、{ $name } に { $ip } を指す A/AAAA レコードを追加するか、PTR を正引きが一致する名前に変えてください。
    }
profile-header-from-spf = { $profile }: From ドメイン { $domain } の SPF レコードで { $ip } を評価すると { $result } になります。ドコモはエンベロープ From だけでなく From ドメインでも SPF を確認します。
    .fix = { $cause ->
        [forwarded] { $ip } はこのメールを中継したサーバーです（上の転送の診断を参照）。{ $domain } の SPF レコードに追加しないでください。自社サーバーから直接届いたメールで確認してください。
        [refused] { $result ->
            [neutral] { $domain } の SPF レコード（またはその redirect 先のレコード）には、末尾の既定の指定ではなく { $ip } を意図して neutral にする項目があります（{ $ip } の SPF の診断に示しています）。{ $ip } が現在自社のものであれば、その項目を pass になるよう（? の修飾子を外して）書き換えてください。--records はこの指定を打ち消すレコードを提案しません。
           *[other] { $domain } の SPF レコード（またはその redirect 先のレコード）には、末尾の既定の指定ではなく { $ip } を意図して拒否する項目があります（{ $ip } の SPF の診断に示しています）。{ $ip } が現在自社のものであれば、その項目を削除するか範囲を狭めてください。--records はこの拒否を打ち消すレコードを提案しません。
        }
        [domain] { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードに追加してください（ip4:/ip6: または配信サービスの include:）。--records が、既存の項目をすべて残して統合したレコードを表示します。
       *[other] { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードに追加してください（例: ip4:{ $ip } や配信サービスの include:）。そうでなければ、このメールは自社から送られたものではなく、なりすましの可能性があります。何も変更しないでください。
    }
profile-from-no-address = { $profile }: From ドメイン { $domain } に A レコードも MX レコードもありません。
    .fix = { $domain } に MX レコード（または A レコード）を公開してください。
profile-from-empty = { $profile }: From ヘッダーがないか空です。このようなメールは受信を拒否されます。
    .fix = 送信者のアドレスを含む From ヘッダーを付けてください。
profile-message-id-missing = { $profile }: Message-ID ヘッダーがありません。
    .fix = 送信ソフトウェアが Message-ID を付けるようにしてください。
profile-not-checked = { $profile }: { $check ->
        [spf] SPF
        [ptr] PTR（逆引き）
        [spf-header-from] From ドメインの SPF
        [dkim] DKIM
        [dmarc] DMARC
       *[other] { $check }
    } は確認できませんでした（{ $reason ->
        [no-client-ip] 接続元 IP が分からないため
        [no-ip-option] 送信元 IP アドレスが指定されていないため
        [dns-failure] DNS の問い合わせに失敗したため
        [no-from-domain] From ドメインがないため
       *[other] { $reason }
    }）。
    .fix = { $reason ->
        [no-from-domain] From フィールドを直してください（問題は上の From の診断に示しています）。
        [no-ip-option] メールを送信するすべての IP アドレスを --ip で指定してください（複数指定できます）。
        [dns-failure] ドメインのネームサーバーが応答するか確認してから、もう一度確認してください。
       *[other] エンベロープ（--ip、--helo、--mail-from）を指定するか、Received フィールドを含む受信したままのメールと --trust-authserv-id を指定してください。
    }
profile-not-checkable = { $profile }: { $requirement ->
        [tls] TLS は DNS からは確認できません。Gmail と Yahoo は自社サーバーが TLS（STARTTLS）で送信することを求めていますが、これはサーバーからの SMTP 接続でだけ分かり（受信側の Received フィールドの"with ESMTPS"）、どのレコードにも表れません。MTA-STS と TLS-RPT のレコードは受信するメールに関するものです。
        [one-click-unsubscribe] ワンクリック配信停止（RFC 8058）は一括送信メールごとの性質のため、ここでは確認できません。送信したメールで "domainauth verify --profile { $profile }" を実行してください。
        [spam-rate] 迷惑メール率（0.3% 未満）は受信側だけが測るため、ここでは確認できません。"Google Postmaster Tools" または "Yahoo Sender Hub" を参照してください。その他の項目は送信したメールで "domainauth verify --profile { $profile }" を実行すると確認できます。
        [from-present] 空でない From はメールごとの性質のため、ここでは確認できません。送信したメールで "domainauth verify --profile { $profile }" を実行してください。
        [message-id] Message-ID はメールごとの性質のため、ここでは確認できません。送信したメールで "domainauth verify --profile { $profile }" を実行してください。
       *[other] { $requirement } はここでは確認できません。送信したメールで "domainauth verify --profile { $profile }" を実行してください。
    }
report-source-unlisted = { $ip }（{ $ptr }）から { $from } として送られた { $messages } 通のメールが DMARC に失敗しています。{ $domain } の SPF は { $result } で、{ $from } の DKIM 署名で pass したものもありません。{ $ptr } は { $org } の名前で、正引きすると { $ip } に戻るため、SPF レコードに記載されていない自社のサーバーです。
    .fix = { $domain } の SPF レコードの all の前に { $suggest } を追加し、{ $dkim ->
        [fail] このサーバーの DKIM 署名を直してください。{ $from } の署名が失敗しています（セレクターが指す鍵が公開されているか確認してください）
       *[none] このサーバーのメールに { $from } の DKIM 署名を付けてください（"domainauth dkim keygen --domain { $from } --selector <名前>" で鍵を作り、表示される TXT レコードを公開してサーバーに設定します）
    }。{ $ptr } に心当たりがない場合は { $ip } を追加しないでください。代わりに { $ptr } を { $ip } に向けている DNS レコードを削除してください。
report-source-service = { $ip }{ $rdns ->
        [none] { " " }
        [unconfirmed] （逆引きの名前 { $ptr }。正引きしても { $ip } に戻りません）
       *[confirmed] （{ $ptr }）
    }から { $from } として送られた { $messages } 通のメールは、{ $services } に対しては pass していますが、{ $from } とはアライメントが取れていません。まず { $services } で送信するサービスを利用しているか確認してください。利用していなければ、他者が { $from } として送ったメールです。以下の対処は行わず、何も変更しないでください。利用していれば、そのサービスが作成者署名や独自ドメインのエンベロープ From なしで自社の名前で送信しています。以下の対処でアライメントが取れるようになります。
report-source-forwarded = { $evidence ->
        [reason] 受信側は { $ip }{ $rdns ->
            [none] { " " }
            [unconfirmed] （逆引きの名前 { $ptr }。正引きしても { $ip } に戻りません）
           *[confirmed] （{ $ptr }）
        }から { $from } として届いたメールに DMARC ポリシーを適用せず、理由として "{ $reasons }" を記録しています。このサーバーはメールを転送しているか、メーリングリストを運用しています。{ $messages } 通のメールが途中で DMARC に失敗していますが、転送されたメールではよくあることです。
       *[signature] { $ip }{ $rdns ->
            [none] { " " }
            [unconfirmed] （逆引きの名前 { $ptr }。正引きしても { $ip } に戻りません）
           *[confirmed] （{ $ptr }）
        }が { $from } として中継した { $messages } 通のメールが DMARC に失敗しています。{ $org } の外部のサーバーが送り直したため { $domain } の SPF が失敗し、途中でメールが変更された（件名へのタグ付け、フッターの追加）ため { $from } の DKIM 署名の検証にも失敗しています。転送またはメーリングリストを経由したと見られます。
    }
    .fix = { $domain } の SPF レコードに { $ip } を追加しないでください。転送サーバーは自社のサーバーではなく、この件でレコードを変更する必要はありません。転送サーバーの ARC シール（署名、RFC 8617）を信頼する受信側は、このメールを受け入れることができます。このリストや転送サーバーの運用者であれば、メールを変更しないか From をリスト自身のアドレスに書き換え、ARC シールを付けてください。心当たりのあるリストや転送サーバーを経由していない場合は、なりすましとして扱い、何も変更しないでください。
report-source-spoofed = { $ip } から { $from } として送られた { $messages } 通のメールが DMARC に失敗しています。{ $domain } の SPF は { $result } で、pass した DKIM 署名はなく、{ $rdns ->
        [none] 逆引きの名前もありません
       *[other] 逆引きの名前 { $ptr } は { $org } の外部です
    }。{ $from } との関係を示すものが何もないため、他者が自社ドメインになりすましてメールを送っています。
    .fix = { $domain } の SPF レコードに { $ip } を追加しないでください。このメールのために DMARC ポリシーを緩めないでください。（自社のサーバーであることが分かった場合は、{ $org } 内の逆引きの名前を設定して正引きでも { $ip } に戻るようにし、SPF レコードに記載して、DKIM で署名してください。）
report-source-unknown = { $ip }{ $rdns ->
        [none] { " " }
        [unconfirmed] （逆引きの名前 { $ptr }。正引きしても { $ip } に戻りません）
       *[confirmed] （{ $ptr }）
    }から { $from } として送られた { $messages } 通のメールが DMARC に失敗しています（{ $domain } の SPF は { $result }、{ $from } の DKIM 署名で pass したものはありません）。レポートからは、どこのサーバーか分かりません。
    .fix = { $result ->
        [permerror] { $domain } の SPF レコードが壊れている（permerror）ため、どのサーバーも pass できません。まず "domainauth check { $domain }" で確認してください。そのうえで { $ip } が自社のサーバーであれば SPF レコードに記載し、{ $from } の DKIM 署名を付けてください。そうでなければ何も変更しないでください。
       *[other] { $ip } が自社のサーバーまたは配信サービスであれば、{ $domain } の SPF レコードに { $suggest } を追加し、{ $from } の DKIM 署名を付けてください。利用しているメーリングリストや転送サーバーがメールを中継している場合は、変更は不要です。どちらでもなければ、他者が { $from } になりすまして送信しています。追加せず、何も変更しないでください。
    }
report-policy-tighten = { $domain } の DMARC ポリシーは p={ $policy } です。受信側は DMARC に失敗したメールを{ $policy ->
        [quarantine] 拒否せず迷惑メールとして扱います
       *[none] 通常どおり配送します
    }。他者が { $domain } になりすまして送ったメールも同じです。
    .fix = レポートで正規の送信元がすべて pass するようになったら、p= を段階的に厳しくしてください。{ $policy ->
        [quarantine] p=reject に進めてください。
       *[none] p=quarantine、次に p=reject に進めてください。
    }
report-policy-enforced = { $domain } の DMARC ポリシーは p=reject です。DMARC を適用する受信側はこのメールをすでに拒否しているため、変更は不要です。

ui-result = 結果
ui-identity = 検査対象
ui-domain = ドメイン
ui-client-ip = 接続元 IP
ui-record = レコード
ui-matched = 一致したメカニズム
ui-no-match = なし
ui-lookups = DNS ルックアップ { $used }/{ $limit } 回、結果が空の DNS ルックアップ { $void }/{ $void_limit } 回
ui-path = 評価の経過
ui-findings = 診断
ui-fix = 対処
ui-explanation = 説明（exp=）
ui-header = ヘッダー
ui-tree = include の構成
ui-tree-lookups = DNS ルックアップ { $count } 回
ui-tree-lookup = DNS ルックアップ 1 回
ui-no-findings = 問題は見つかりませんでした。
ui-query = { $rtype } { $name } → { $answer }
ui-term-match = { $term } → 一致
ui-term-nomatch = { $term } → 不一致
ui-redirect = redirect → { $target }
ui-record-of = { $domain } のレコード: { $record }
ui-signature = 署名
ui-key-bits = { $bits } ビット
ui-keygen-written = 秘密鍵を { $path } に書き込みました（{ $algorithm }、{ $bits } ビット、モード 0600）。署名に必要な鍵です。外部に漏れないよう厳重に管理してください。
ui-keygen-name = 次の名前で TXT レコードを公開してください:
ui-keygen-value = 値:
ui-keygen-zone = ゾーンファイルに記述する場合は次の行を使います（各文字列は 255 文字以下）:
ui-method = 方式
ui-auth = 認証結果
ui-aligned = From とのアライメント
ui-yes = あり
ui-no = なし
ui-dmarc-policy = p={ $policy }（{ $domain }）→ { $disposition }
ui-dmarc-override = { $detail }、ローカルポリシーにより { $disposition }（{ $reason }）
ui-dmarc-no-policy = 適用されるポリシーなし
ui-dmarc-author = · 作成者
ui-dmarc-from-problems = · From ヘッダー
ui-dmarc-local-policy = ローカルポリシー → { $disposition }
ui-more-addresses = …ほか { $count } 件
ui-envelope-given = エンベロープ: 接続元 IP { $ip }、HELO { $helo }、MAIL FROM { $mailfrom }
ui-envelope-inferred = エンベロープ（{ $source } から取得）: 接続元 IP { $ip }、HELO { $helo }、MAIL FROM { $mailfrom }
ui-envelope-missing = エンベロープ: 不明（--ip の指定がなく、メール中の記録も足りません）。SPF は評価していません
ui-verdict-title = 送信ドメイン認証の判定 — { $message }（DNS: { $dns }）
ui-header-from = ヘッダー From: { $from }
ui-profile = プロファイル { $profile }: { $checks } 項目中 { $failed } 項目が不適合
ui-authres-add = 追加する Authentication-Results:
ui-org-domain = 組織ドメイン
ui-dmarc-record = DMARC レコード
ui-check-title = { $domain } の公開内容（DNS: { $dns }）
ui-dns-zone = ゾーンファイル { $files }
ui-dns-server = DNS サーバー { $server }
ui-dns-system = システムのリゾルバー
ui-spf-check-title = SPF { $result } — { $ip } { $sender }（検査対象 { $identity ->
        [helo] HELO
       *[other] MAIL FROM
    }、DNS: { $dns }）
ui-term-of = { $term }（{ $domain }）
ui-spf-record-title = SPF { $domain }（DNS: { $dns }）
ui-tree-problem = （{ $problem }）
ui-tree-repeated = （上に表示済み。ここでも DNS ルックアップを数えます）
ui-dmarc-check-title = DMARC — { $domain }（DNS: { $dns }）
ui-dmarc-lint-title = DMARC — { $record }
ui-org-tree-walk = { $domain }（DNS ツリーウォーク）
ui-org-psl = { $domain }（PSL）
ui-stdin = 標準入力
ui-arc-verify-title = ARC — { $message }（DNS: { $dns }）
ui-arc-none = ARC セットはありません。途中の転送サーバーやリストはこのメールをシールしていません。
ui-dkim-verify-title = DKIM — { $message }（DNS: { $dns }）
ui-key = 鍵
ui-record-count = { $count } 件
ui-check-dkim-key = { $name }（{ $type }、{ $bits } ビット）
ui-check-dkim-parent-key = 組織ドメインの { $name }（{ $type }、{ $bits } ビット）
ui-profile-checklist = プロファイル { $profile }: { $missing ->
        [0] DNS で確認できる要件をすべて満たしています
       *[other] DNS で確認できる要件 { $checked } 項目のうち { $missing } 項目を満たしていません
    }
ui-checklist-not-checked = （未確認）
ui-checklist-not-checkable = （ここでは確認できません）
ui-requirement-from-present = 空でない From フィールド
ui-requirement-dmarc-pass = DMARC の pass（From ドメインの DMARC レコード）
ui-requirement-dmarc-record = DMARC レコード（少なくとも p=none）
ui-requirement-dkim = From ドメインの DKIM
ui-requirement-spf = 送信元 IP アドレスを含むドメインの SPF
ui-requirement-header-from-spf = ヘッダー From ドメインの SPF が送信元 IP アドレスを含む
ui-requirement-from-address = From ドメインの A レコードまたは MX レコード
ui-requirement-alignment = SPF または DKIM が From とアライメントを取れる
ui-requirement-reverse-dns = 送信元 IP アドレスの逆引き（PTR）と正引きの一致（FCrDNS）
ui-requirement-tls = TLS による送信
ui-requirement-one-click-unsubscribe = ワンクリック配信停止（一括送信メール）
ui-requirement-spam-rate = 迷惑メール率 0.3% 未満
ui-requirement-message-id = Message-ID フィールド
ui-records-title = 公開するレコード（ゾーンファイルの行）
ui-records-none = 確認した範囲では、公開すべきレコードはありません。
ui-record-dmarc = { $domain } の DMARC: 最初に公開するレコードです。集約レポートは dmarc-reports@{ $domain } に届きます。このメールボックスを作成するか、rua= を変更してください。すべての送信元が pass していることをレポートで確認できたら、p= を段階的に厳しくしてください（quarantine、次に reject）。
ui-record-dmarc-fix = { $domain } の DMARC: 公開中のレコード "{ $old }" は DMARC レコードとして読まれません（v=DMARC1 をこの表記で先頭に置き、タグを ";" で区切る必要があります）。同じポリシーを正しく書いたレコードです。古いレコードの代わりに公開してください。
ui-record-spf-add = { $domain } の SPF: { $ips } を記載した新しいレコードです。{ $domain } のメールを送信する他のサーバーやサービスも -all の前に追加してください。
ui-record-spf-merge = { $domain } の SPF: レコード "{ $old }" を置き換えます。既存の項目はすべてそのまま残し、先頭に { $ips } を加えています。古いレコードの代わりに公開してください。SPF レコードは 1 つのドメインに 1 つだけです。
ui-record-spf-flat = { $domain } の SPF（フラット化）: { $includes } が現在公開しているアドレスをそれらの include の代わりに記載し、DNS ルックアップを { $before } 回から { $after } 回に減らします（上限は 10 回、RFC 7208 §4.6.4）。"{ $old }" を置き換えます。
ui-record-spf-flat-caveat = 注意: 事業者はアドレスを予告なく変更します。変更のたびにフラット化したレコードを更新（"domainauth check" をもう一度実行して公開し直す）しないと、新しいアドレスからのメールは SPF に失敗します。長期的には、事業者により小さな include を求めるのが確実な対処です。
ui-record-spf-flat-long = このレコードは 450 オクテットを超えています。受信側の DNS 応答が UDP に収まらない場合があります（RFC 7208 §3.4）。
ui-record-dkim-keygen = { $domain } の DKIM: 使える鍵が分からないため、ここでは鍵を作りません。"domainauth dkim keygen --domain { $domain } --selector { $selector }" を実行し、表示される TXT レコードを { $selector }._domainkey.{ $domain } に公開して、書き出された秘密鍵で署名してください。
ui-check-unknown = 不明（問い合わせに失敗）
ui-check-invalid = { $record }（使えません）
ui-check-several = { $count } 件（使えません）
ui-check-policy-not-fetched = ポリシーファイルは取得していません: オフラインです
ui-check-policy-fetch-failed = ポリシーファイルを取得できませんでした
ui-check-policy-invalid = ポリシーファイルは使えません
ui-check-policy = ポリシー: mode { $mode }
ui-check-dnssec = { $state ->
        [signed] 署名あり
        [unsigned] 署名なし
       *[unknown] 不明
    }
ui-check-partial = 不完全なレポートです: タイムアウトまたは失敗した DNS 問い合わせがあります（指摘事項を参照してください）。
ui-check-many-title = { $count } 件のドメイン（DNS: { $dns }）
ui-check-many-domain = ドメイン
ui-check-many-spf = SPF の DNS ルックアップ
ui-check-many-dmarc = DMARC ポリシー
ui-check-many-dkim = DKIM 鍵
ui-check-many-worst = 最も重大な指摘
ui-check-many-profiles = プロファイル: 満たしていない要件の数
ui-check-many-counts = エラー / 警告
ui-check-many-line = { $line } 行目
ui-usage = 使い方: { $usage }
ui-usage-options = [オプション]
ui-usage-command = <コマンド>
ui-usage-help = 詳しくは --help を付けて実行してください。

## コマンドを止めるエラー（終了コード 2: 引数の誤り、3: 検査を実行できない）
ui-error-runtime = 非同期ランタイムを起動できません: { $error }
ui-error-invalid-domain = { $option ->
        [DOMAIN] 引数のドメイン
       *[other] { $option } に指定した
    } "{ $value }" はドメイン名として使えません: { $error }
ui-error-invalid-domain-in-list = 一覧のドメイン "{ $value }" はドメイン名として使えません: { $error }
ui-error-invalid-ip = { $option } に指定した "{ $value }" は IPv4 アドレスでも IPv6 アドレスでもありません
ui-error-invalid-selector = --selector に指定した "{ $value }" は DNS のラベルとして正しくありません
ui-error-not-dmarc-record = "{ $record }" は DMARC レコードではありません（v=DMARC1 で始まり、直後に ";" が続く必要があります）
ui-error-read-file = { $path } を読み取れません: { $error }
ui-error-read-stdin = 標準入力を読み取れません: { $error }
ui-error-file-too-large = { $path } は{ $what ->
        [message] メール
        [psl] { " " }Public Suffix List{ " " }
        [domains] ドメインの一覧
       *[key] 秘密鍵
    }として読み込める上限（{ $limit_mib } メガバイト）を超えています
ui-error-stdin-too-large = 標準入力が{ $what ->
        [message] メール
        [psl] { " " }Public Suffix List{ " " }
        [domains] ドメインの一覧
       *[key] 秘密鍵
    }として読み込める上限（{ $limit_mib } メガバイト）を超えています
ui-error-not-a-file = { $path } を読み取れません: デバイス、ソケット、/proc や /sys のファイルは読みません（読み込みが終わらないことがあるため）
ui-error-not-a-message = { $path } はメールとして読み取れません: { $error }
ui-error-stdin-not-a-message = 標準入力はメールとして読み取れません: { $error }
ui-error-read-key = 鍵ファイル { $path } を読み取れません: { $error }
ui-error-key-readable = 鍵ファイル { $path } はほかのユーザーも読み取れます（モード { $mode }）。chmod 600 を実行するか、--allow-readable-key を指定してください
ui-error-key-invalid = 鍵ファイル { $path } を使えません: { $error }
ui-error-expire-after-zero = --expire-after に 0 は指定できません。有効期限（x=）が署名時刻（t=）と同じになりますが、RFC 6376 の 3.5 節により x= は t= より後である必要があります。1 以上の秒数を指定してください
ui-error-seal-failed = シールできません: { $error }
ui-error-arc-no-results = 記録する認証結果がありません。--results "spf=pass smtp.mailfrom=…; dkim=…" を指定するか、authserv-id が { $authserv } の Authentication-Results フィールドがあるメールをシールしてください
ui-error-sign-failed = 署名できません: { $error }
ui-error-json-output = 結果の文書を書き出せません: { $error }
ui-error-write-stdout = 標準出力に書き込めません: { $error }
ui-error-keygen-failed = 鍵を作成できません: { $error }
ui-error-key-exists = { $path } はすでに存在します。置き換えるには --force を指定してください
ui-error-too-many-ips = --ip が { $count } 回指定されています。1 つのドメインについて確認する送信元 IP アドレスは { $limit } 個までです
ui-error-records-one-domain = --records は 1 つのドメインのレコードを表示します。ドメインを 1 つだけ指定するか、--json で各ドメインのレコードを出力してください
ui-error-too-many-domains = 確認するドメインが { $count } 件あります。1 回に確認できるのは { $limit } 件までです。一覧を分けてください
ui-error-no-domains = 確認するドメインがありません。--domains で指定した一覧が空です（空行とコメントだけです）
ui-error-write-file = { $path } に書き込めません: { $error }
ui-error-write-symlink = { $path } はシンボリックリンクのため、リンク先のファイルを上書きしないよう書き込みませんでした（リンクを削除するか、別の場所を指定してください）
ui-error-psl-invalid = { $path } を使えません: { $error }
ui-error-milter-config = ミルターの設定ファイル { $path } の { $line } 行 { $column } 列目に誤りがあります: { $error }
ui-error-milter-config-other = ミルターの設定ファイル { $path } に誤りがあります: { $error }
ui-error-milter-socket-mode = ミルターの設定ファイル { $path }: socket_mode { $mode } は使えません。モードは 0o を付けた 8 進数で書いてください（0o660 なら所有者とそのグループ）。その他のユーザーに権限を与えると、だれでもメールに署名させられます
ui-error-milter-limit-zero = ミルターの設定ファイル { $path }: limits.{ $name } = 0 は使えません。1 以上を指定してください
ui-error-milter-dns-both = ミルターの設定ファイル { $path }: [dns] に "server" と "zones" の両方があります。"zones" は DNS の代わりに応答するため、"server" には問い合わせません。どちらか一方にしてください
ui-error-milter-serve = ミルターを実行できません: { $error }
ui-error-milter-key-readable = 鍵ファイル { $path } のモードは { $mode } で、ほかのユーザーが読み取れるか、グループが変更できます。ミルターは、所有者だけが変更でき、所有者（とそのグループ）だけが読み取れる鍵でしか署名しません。chmod 600 { $path } を実行してください（ミルターのユーザーが属するグループに読ませるなら chmod 640）
ui-milter-key-matches = { $name }: 公開済みで、同じ鍵です
ui-milter-key-differs = { $name }: 別の鍵が公開されています。この鍵の署名は検証に失敗します（DKIM の結果が fail）。ここにこの鍵のレコード "{ $record }" を公開するか、公開済みの鍵を設定してください
ui-milter-key-missing = { $name }: 鍵のレコードがありません。ここにレコード "{ $record }" を公開するまで、この鍵の署名は DKIM の結果が permerror になります
ui-milter-key-missing-why = { $name }: 使える鍵のレコードがありません（{ $reason }）。ここにレコード "{ $record }" を公開するまで、この鍵の署名は DKIM の結果が permerror になります
ui-milter-key-lookup-failed = { $name }: DNS が応答しませんでした。鍵を確認できませんでした
ui-milter-key-lookup-failed-why = { $name }: DNS が応答しませんでした（{ $reason }）。鍵を確認できませんでした
ui-milter-config-valid = { $path }: 正しい設定です。待ち受け: { $listen }、署名鍵: { $keys } 個
ui-error-milter-config-missing = ミルターには "--config FILE"（または "import-opendkim" などのサブコマンド）が必要です
ui-error-milter-import-too-large = { $path } は 4 MiB を超えています。設定ファイルではありません
ui-error-milter-import-include-depth = { $path }: Include の入れ子が 8 段を超えています
ui-error-milter-import-no-value = { $path } の { $line } 行目: { $setting } に値がありません
ui-error-milter-import-boolean = { $path } の { $line } 行目: "{ $value }" は真偽値（"yes"、"no"、"true"、"false"、"1"、"0"）ではありません
ui-error-milter-import-socket = { $path } の { $line } 行目: "{ $value }" はソケットの指定（"inet:PORT@HOST"、"inet6:PORT@HOST"、"local:/PATH"）ではありません
ui-error-milter-import-key-table = { $path } の { $line } 行目: "{ $entry }" は KeyTable の行（"NAME DOMAIN:SELECTOR:KEYPATH"）ではありません
ui-error-milter-import-signing-table = { $path } の { $line } 行目: "{ $entry }" は SigningTable の行（"ADDRESS-OR-PATTERN KEYNAME"）ではありません
ui-error-milter-import-action = { $path } の { $line } 行目: "{ $value }" は動作（"accept"、"discard"、"quarantine"、"reject"、"tempfail"）ではありません
ui-error-milter-import-line = { $path } の { $line } 行目: { $error }
ui-error-milter-import-authserv-id = 取り込んだ AuthservID "{ $value }" は mx.example.net のようなホスト名ではありません。ファイルを直して、もう一度取り込んでください
ui-milter-import-written = { $path }: 書き出しました。そのまま引き継げなかった設定 { $notes } 件をファイルの先頭に記しています
ui-milter-import-unknown = { $program } の設定ではありません。引き継ぎません
ui-milter-import-unsupported = "{ $value }": 対応する設定がありません。引き継ぎません
ui-milter-import-service = プロセスの実行はここではサービスマネージャーが受け持ちます（docs/milter.md に "systemd" のユニットがあります）。引き継ぎません
ui-milter-import-builtin = このミルターは常にこの動作をします。引き継ぐものはありません
ui-milter-import-log-only = ログのメッセージを抑えるだけの設定です。引き継ぐものはありません
ui-milter-import-canonicalization = "{ $value }": このミルターは常に relaxed/relaxed（c=）で署名します
ui-milter-import-signature-algorithm = "{ $value }": アルゴリズムは鍵ごとに決まります（RSA は rsa-sha256、Ed25519 は ed25519-sha256）
ui-milter-import-host-name = "{ $host }" はホスト名です。internal_hosts にはアドレスとネットワークしか書けません。そのアドレスを追加してください
ui-milter-import-negation = "{ $entry }": 除外はここでは書けません。除外を除いたので、より広いネットワークが書かれていればそのホストも含まれます
ui-milter-import-dataset-type = 種類 "{ $kind }" のデータセットは読み取れません。表をファイルに書き出して、もう一度取り込んでください
ui-milter-import-percent-domain = "{ $name }": "%"（From ドメイン）はここでは書けません。ドメインごとに [[signing.keys]] を 1 つずつ追加してください
ui-milter-import-inline-key = 鍵 "{ $name }" は表の中に直接書かれています。所有者だけが読み取れるファイルに保存し、[[signing.keys]] を追加してください
ui-milter-import-unused-key = 鍵 "{ $name }" は KeyTable にありますが、SigningTable のどの行も使っていません。引き継ぎません
ui-milter-import-missing-key = SigningTable が指す鍵 "{ $name }" は KeyTable にありません。この行は引き継ぎません
ui-milter-import-identity = 署名者の識別子 "{ $identity }"（i=）は引き継ぎません。署名に i= は付きません
ui-milter-import-mode-sign-only = OpenDKIM は署名だけをしていました。このミルターは内部ホストでも認証済みの送信者でもないメールを検証もします
ui-milter-import-mode-verify-only = OpenDKIM は署名していませんでした。鍵は引き継ぎません
ui-milter-import-verdict = "{ $value }": ここでは DKIM の結果 1 つでメールの扱いを決めず、DMARC ポリシー（[policy]）で決めます
ui-milter-import-error-action = "{ $value }": エラーのとき、このミルターは受け入れるか再送を求める（errors.on_failure）だけです。受け入れのままにします
ui-milter-import-dns-error-default = 未設定: OpenDKIM は DNS のエラーでメールの再送を求めていました。ここでは受け入れます（元の動作にするには errors.on_failure = "tempfail"）
ui-milter-import-oversign-default = 未設定: OpenDKIM はどのフィールドも重ねて署名していませんでした。ここでは From を重ねて署名します（RFC 6376 §8.15）
ui-milter-import-relative-path = 相対パスを { $path } として読みました
ui-milter-import-authserv-default = 未設定: このホストの名前 "{ $value }" を使います
ui-milter-import-conflict = "{ $value }" はもう一方のファイルの値と違います。"{ $kept }" のままにします
ui-milter-import-ignore-hosts = これらのホストはここでは内部ホストです。そのメールは検証せず、鍵が合えば署名します
ui-milter-import-ignore-mail-from = これらの From ドメインも検証して記録します。DMARC ポリシーを適用しないだけです（policy.allow）
ui-milter-import-history = 引き継ぎません: このミルターは判定を 1 通ずつ "domainauth reports" が読むレポートの保存先に記録します（[history] の "db" に "SQLite" のファイルか postgres:// の URL）
ui-milter-import-no-dmarc-policy = OpenDMARC の設定は読み込んでいません: OpenDKIM は DMARC ポリシーを適用しないため、ここでも失敗は記録するだけにしました（[policy] の reject と quarantine は "none"）。送信者のポリシーを適用するには "reject" と "quarantine" にするか、opendmarc.conf も取り込んでください（--opendmarc）
ui-error-zone-file = { $error }
ui-error-resolver-setup = { $error }
ui-error-dns-failure = DNS の障害: { $error }
ui-error-dmarc-dns-failure = DMARC レコードの取得中に DNS の障害が発生しました: { $error }
ui-error-usage-invalid-value = { $argument } に "{ $value }" は指定できません（指定できる値: { $valid }）
ui-error-usage-missing-value = { $argument } に値を指定してください
ui-error-usage-bad-value = { $argument } に "{ $value }" は指定できません
ui-error-usage-unknown-argument = 不明な引数 "{ $argument }" があります
ui-error-usage-invalid-subcommand = 不明なサブコマンド "{ $subcommand }" です
ui-did-you-mean = 。もしかして "{ $suggested }" ですか？
ui-error-usage-no-equals = { $argument } の値は = の後に続けて指定してください（{ $argument }=値）
ui-error-usage-value-validation = { $argument } に指定した "{ $value }" は使えません。{ $hint ->
        [lang] "en" または "ja" を指定してください
        [resolver] IP:ポートの形で指定してください（例: 127.0.0.1:5353）
        [profile] { $profiles } のいずれかを指定してください
        [canonicalization] ヘッダーと本文の正規化方式を / で区切って指定してください（例: relaxed/relaxed）
        [mode] rfc9989 または rfc7489 を指定してください
        [number] 0 以上の整数を指定してください
        [seconds] 1 から 300 までの秒数を指定してください
        [concurrency] 1 から 256 までの数を指定してください
        [socket] Postfix の smtpd_milters と同じく inet:ホスト:ポート（または inet:ポート@ホスト）か unix:/パス の形で指定してください（例: inet:127.0.0.1:8891）
       *[other] 正しい値を指定してください
    }
ui-error-usage-number-of-values = { $argument } の値の数が正しくありません
ui-error-usage-argument-conflict = { $argument } と { $prior } は同時に指定できません
ui-error-usage-missing-argument = 必須の引数が指定されていません: { $arguments }
ui-error-usage-missing-subcommand = サブコマンドを指定してください（一覧は --help で表示されます）
ui-error-usage-invalid-utf8 = 引数が UTF-8 の文字列ではありません
ui-error-usage-other = 引数を解釈できません
ui-error-resolver-unreachable = { $source ->
        [system] システムのリゾルバー（{ $servers }）
       *[given] DNS サーバー { $servers }{ " " }
    }{ $cause ->
        [refused] はすべての問い合わせを拒否しました（そのアドレスとポートで応答するものがありません）
        [silent] は { $seconds } 秒以内にどの問い合わせにも応答しませんでした
       *[network] に到達できません（{ $reason }）
    }。DNS を一度も引けなかったため、何も検査していません。--resolver IP:ポート で応答するサーバーを指定する{ $source ->
        [system] （または /etc/resolv.conf を修正する）
       *[given] （または省略してシステムのリゾルバーを使う）
    }か、--zone ファイル でオフラインで検査してください。

## ARC のコマンドライン（arc seal、verify --trusted-sealer）
ui-error-arc-domain-ip = { $option } に指定した "{ $value }" は IP アドレスです。ドメイン名を指定してください
ui-error-arc-domain-chars = { $option } に指定した "{ $value }" はドメイン名ではありません。英字・数字・"-"・"_" のラベルをドットで区切って指定してください（ワイルドカードや空白は使えません）
ui-error-arc-domain-dot = { $option } に指定した "{ $value }" は末尾がドットです。d= にはドットを付けずに書きます
ui-error-arc-results-unreadable = --results に指定した "{ $value }" を読み取れません: { $error }
ui-error-arc-own-results-unreadable = { $authserv } の Authentication-Results フィールドを読み取れません: { $error }。--results を指定してください
ui-error-arc-chain-failed = このメールの最新の ARC-Seal はすでに cv=fail です。壊れたチェーンは延長しません（後からシールしても pass にはなりません）。壊れる前に受け取ったのであれば、そのときの状態を --cv で指定してください
ui-error-arc-instance-limit = シールできません: { $error }
ui-error-key-not-a-file = 鍵ファイル { $path } を読み取れません: 通常のファイルではありません（名前付きパイプやデバイスは読み込みが止まったり終わらなかったりするため）
ui-arc-seal-cv-fail = 警告: 書き込んだシールは cv=fail です: { $why }
ui-arc-seal-cv-fail-given = 警告: --cv fail の指定どおり、書き込んだシールは cv=fail です
