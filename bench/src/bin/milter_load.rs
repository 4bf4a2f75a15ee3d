//! Load for `bench/milter_vs_opendkim.sh`: the messages, the DNS server that
//! answers for them, and two drivers that time them through Postfix (SMTP)
//! or through milters directly (the milter protocol).
//!
//! usage:
//!   milter_load prepare OUTDIR COUNT
//!       writes OUTDIR/zone.txt (SPF, DKIM key, DMARC p=reject for
//!       shop.example), OUTDIR/key.pem and COUNT messages OUTDIR/msgs/N.eml:
//!       one in ten 100 KiB, the others 4 KiB; every even one DKIM-signed
//!       (so half of either size).
//!   milter_load dns ZONEFILE ADDR
//!       serves the zone (UDP and TCP) on ADDR, e.g. 127.0.0.1:53, until killed.
//!   milter_load smtp LABEL ADDR CONNS COUNT MSGDIR MAILDIR PER_CONN
//!       submits COUNT messages (the files cycled) over CONNS concurrent SMTP
//!       connections, PER_CONN per connection, each after XCLIENT claiming
//!       192.0.2.25 (in shop.example's SPF); waits until as many as were
//!       accepted are in MAILDIR/new (removing them as it counts).
//!   milter_load milter LABEL SOCKETS CONNS COUNT MSGDIR
//!       the same messages straight to milters, one connection per message
//!       (SOCKETS: unix:/PATH or HOST:PORT; several joined by `,` are called
//!       in turn, each seeing the fields the previous one added, as Postfix
//!       chains them).
//!
//! `smtp` and `milter` print one JSON line: messages, seconds, messages/s,
//! p50/p99 of the time per message (SMTP: MAIL FROM to the 250 after the
//! data; milter: connect to the answer at end of body), and how many
//! Authentication-Results said dkim=pass and dmarc=pass.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use domainauth::dkim::{Algorithm, Signer, SignerConfig, SigningKey};
use domainauth::dns::ZoneResolver;
use domainauth::mail::Message;
use domainauth_testkit::server::TestDnsServer;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

const CLIENT_IP: &str = "192.0.2.25";
const HELO: &str = "mx.shop.example";
const MAIL_FROM: &str = "bounce@shop.example";
const RCPT_TO: &str = "user@rcpt.example";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| usage());
    let num = |i: usize| arg(i).parse::<usize>().unwrap_or_else(|_| usage());
    match args.first().map(String::as_str) {
        Some("prepare") => prepare(Path::new(&arg(1)), num(2)),
        Some("dns") => dns(Path::new(&arg(1)), &arg(2)),
        Some("smtp") => runtime().block_on(smtp(
            arg(1),
            arg(2),
            num(3),
            num(4),
            load(Path::new(&arg(5))),
            PathBuf::from(arg(6)),
            num(7),
        )),
        Some("milter") => runtime().block_on(milter(
            arg(1),
            arg(2).split(',').map(str::to_string).collect(),
            num(3),
            num(4),
            load(Path::new(&arg(5))),
        )),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: see the comment at the top of bench/src/bin/milter_load.rs");
    std::process::exit(2)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn prepare(out: &Path, count: usize) {
    std::fs::create_dir_all(out.join("msgs")).expect("output folder");
    let key = SigningKey::generate(Algorithm::RsaSha256, 2048).expect("key");
    std::fs::write(out.join("key.pem"), key.to_pkcs8_pem().expect("pem")).expect("key.pem");
    let record = key.key_record().expect("record");
    let quoted: Vec<String> = record
        .as_bytes()
        .chunks(250)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    let zone = format!(
        "$ORIGIN shop.example.\n\
         @ 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n\
         @ 300 IN MX 10 mx.shop.example.\n\
         mx 300 IN A {CLIENT_IP}\n\
         _dmarc 300 IN TXT \"v=DMARC1; p=reject\"\n\
         bench._domainkey 300 IN TXT {}\n",
        quoted.join(" ")
    );
    let parsed = ZoneResolver::from_zone_text(&zone, None).expect("the zone parses");
    drop(parsed);
    std::fs::write(out.join("zone.txt"), zone).expect("zone.txt");
    let signer = Signer::new(key, SignerConfig::new("shop.example", "bench"));
    let line =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n";
    for n in 0..count {
        // One in ten large, half of those signed, as of the small ones.
        let size = if matches!(n % 20, 9 | 10) {
            100 * 1024
        } else {
            4 * 1024
        };
        let mut m = format!(
            "From: Shop <news@shop.example>\r\nTo: {RCPT_TO}\r\nSubject: benchmark {n}\r\n\
             Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nMessage-ID: <{n}@shop.example>\r\n\r\n"
        )
        .into_bytes();
        while m.len() < size {
            m.extend_from_slice(line.as_bytes());
        }
        if n % 2 == 0 {
            let field = signer.sign_message(&m).expect("sign");
            let mut signed = format!("{field}\r\n").into_bytes();
            signed.extend_from_slice(&m);
            m = signed;
        }
        std::fs::write(out.join(format!("msgs/{n:06}.eml")), m).expect("message");
    }
}

fn dns(zone_file: &Path, addr: &str) {
    let text = std::fs::read_to_string(zone_file).expect("zone file");
    let zone = ZoneResolver::from_zone_text(&text, None).expect("zone");
    let at = addr.parse().expect("ADDR");
    let server = TestDnsServer::start_on(&zone, Some(at)).expect("DNS server");
    eprintln!("milter_load dns: serving on {}", server.addr());
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn load(dir: &Path) -> Arc<Vec<Vec<u8>>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("message folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    Arc::new(
        files
            .iter()
            .map(|p| std::fs::read(p).expect("message"))
            .collect(),
    )
}

/// Milliseconds at the quantile `q` of sorted `v`.
fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v[((v.len() as f64 - 1.0) * q).round() as usize]
}

#[derive(Default)]
struct Tally {
    latencies_ms: Vec<f64>,
    accepted: usize,
    refused: usize,
    dkim_pass: usize,
    dmarc_pass: usize,
    errors: usize,
}

fn count_results(header: &[u8], tally: &mut Tally) {
    let text = String::from_utf8_lossy(header).to_ascii_lowercase();
    // Only within Authentication-Results fields (their continuation lines included).
    let mut in_ar = false;
    let (mut dkim, mut dmarc) = (false, false);
    for line in text.lines() {
        // A continuation line belongs to the field above.
        if !line.starts_with([' ', '\t']) {
            in_ar = line.starts_with("authentication-results:");
        }
        if in_ar {
            dkim |= line.contains("dkim=pass");
            dmarc |= line.contains("dmarc=pass");
        }
    }
    tally.dkim_pass += usize::from(dkim);
    tally.dmarc_pass += usize::from(dmarc);
}

fn print(label: &str, mode: &str, count: usize, seconds: f64, delivered: usize, tally: &Tally) {
    let mut l = tally.latencies_ms.clone();
    l.sort_by(f64::total_cmp);
    println!(
        "{{\"mode\":\"{mode}\",\"config\":\"{label}\",\"messages\":{count},\"accepted\":{},\"refused\":{},\"errors\":{},\"delivered\":{delivered},\"dkim_pass\":{},\"dmarc_pass\":{},\"seconds\":{seconds:.3},\"per_s\":{:.1},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"mean_ms\":{:.3}}}",
        tally.accepted,
        tally.refused,
        tally.errors,
        tally.dkim_pass,
        tally.dmarc_pass,
        delivered as f64 / seconds,
        quantile(&l, 0.5),
        quantile(&l, 0.99),
        l.iter().sum::<f64>() / l.len().max(1) as f64,
    );
}

// ---- SMTP through Postfix ----

/// Dot-stuffed DATA payload ending in CRLF . CRLF.
fn data_payload(m: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(m.len() + 8);
    let mut at_line_start = true;
    for &b in m {
        if at_line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        at_line_start = b == b'\n';
    }
    if !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

struct Smtp {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    line: String,
}

impl Smtp {
    /// Reads one (possibly multi-line) reply; its code.
    async fn reply(&mut self) -> std::io::Result<u16> {
        loop {
            self.line.clear();
            if self.reader.read_line(&mut self.line).await? == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            if self.line.len() < 4 || self.line.as_bytes()[3] != b'-' {
                return self
                    .line
                    .get(..3)
                    .and_then(|c| c.parse().ok())
                    .ok_or_else(|| std::io::Error::other(format!("bad reply {:?}", self.line)));
            }
        }
    }

    async fn command(&mut self, line: &str) -> std::io::Result<u16> {
        self.writer.write_all(line.as_bytes()).await?;
        self.writer.write_all(b"\r\n").await?;
        self.reply().await
    }

    async fn expect(&mut self, line: &str, want: u16) -> std::io::Result<()> {
        let code = self.command(line).await?;
        if code == want {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "{line}: {code} {}",
                self.line.trim_end()
            )))
        }
    }
}

async fn smtp_session(addr: &str) -> std::io::Result<Smtp> {
    let tcp = TcpStream::connect(addr).await?;
    tcp.set_nodelay(true)?;
    let (r, w) = tcp.into_split();
    let mut s = Smtp {
        reader: BufReader::new(r),
        writer: w,
        line: String::new(),
    };
    if s.reply().await? != 220 {
        return Err(std::io::Error::other("no greeting"));
    }
    s.expect("EHLO bench.local", 250).await?;
    s.expect(
        &format!("XCLIENT ADDR={CLIENT_IP} NAME={HELO} HELO={HELO}"),
        220,
    )
    .await?;
    s.expect(&format!("EHLO {HELO}"), 250).await?;
    Ok(s)
}

async fn smtp(
    label: String,
    addr: String,
    conns: usize,
    count: usize,
    msgs: Arc<Vec<Vec<u8>>>,
    maildir: PathBuf,
    per_conn: usize,
) {
    let payloads: Arc<Vec<Vec<u8>>> = Arc::new(msgs.iter().map(|m| data_payload(m)).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (addr, next, tally, payloads) =
            (addr.clone(), next.clone(), tally.clone(), payloads.clone());
        tasks.push(tokio::spawn(async move {
            let mut local = Tally::default();
            'sessions: while next.load(Ordering::Relaxed) < count {
                let mut s = match smtp_session(&addr).await {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("smtp session: {e}");
                        local.errors += 1;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        if local.errors > 100 {
                            break;
                        }
                        continue;
                    }
                };
                for _ in 0..per_conn {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count {
                        let _ = s.command("QUIT").await;
                        break 'sessions;
                    }
                    let payload = &payloads[n % payloads.len()];
                    let t0 = Instant::now();
                    let r: std::io::Result<u16> = async {
                        s.expect(&format!("MAIL FROM:<{MAIL_FROM}>"), 250).await?;
                        s.expect(&format!("RCPT TO:<{RCPT_TO}>"), 250).await?;
                        s.expect("DATA", 354).await?;
                        s.writer.write_all(payload).await?;
                        s.reply().await
                    }
                    .await;
                    match r {
                        Ok(250) => {
                            local.accepted += 1;
                            local.latencies_ms.push(t0.elapsed().as_secs_f64() * 1e3);
                        }
                        Ok(_) => {
                            local.refused += 1;
                            let _ = s.command("RSET").await;
                        }
                        Err(e) => {
                            eprintln!("smtp message {n}: {e}");
                            local.errors += 1;
                            continue 'sessions;
                        }
                    }
                }
                let _ = s.command("QUIT").await;
            }
            let mut t = tally.lock().await;
            t.latencies_ms.extend(local.latencies_ms);
            t.accepted += local.accepted;
            t.refused += local.refused;
            t.errors += local.errors;
        }));
    }
    // Count deliveries while submitting; files are removed once counted.
    let mut delivered = 0usize;
    let mut tally_results = Tally::default();
    let mut last_delivery = start;
    let mut last_progress = Instant::now();
    let mut submitted_all = false;
    loop {
        let mut progressed = false;
        if let Ok(entries) = std::fs::read_dir(maildir.join("new")) {
            for e in entries.flatten() {
                let path = e.path();
                if let Ok(mut f) = std::fs::File::open(&path) {
                    use std::io::Read as _;
                    let mut head = vec![0u8; 8192];
                    let n = f.read(&mut head).unwrap_or(0);
                    head.truncate(n);
                    let end = head
                        .windows(2)
                        .position(|w| w == b"\n\n")
                        .unwrap_or(head.len());
                    count_results(&head[..end], &mut tally_results);
                }
                if std::fs::remove_file(&path).is_ok() {
                    delivered += 1;
                    progressed = true;
                }
            }
        }
        if progressed {
            last_delivery = Instant::now();
            last_progress = last_delivery;
        }
        if !submitted_all && tasks.iter().all(|t| t.is_finished()) {
            submitted_all = true;
        }
        if submitted_all {
            let accepted = tally.lock().await.accepted;
            if delivered >= accepted || last_progress.elapsed() > Duration::from_secs(60) {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for t in tasks {
        let _ = t.await;
    }
    let mut t = tally.lock().await;
    t.dkim_pass = tally_results.dkim_pass;
    t.dmarc_pass = tally_results.dmarc_pass;
    let seconds = (last_delivery - start).as_secs_f64();
    print(&label, "smtp", count, seconds, delivered, &t);
}

// ---- the milter protocol ----
//
// A small client of its own (as Postfix's milter8.c speaks it) rather than
// miltr-client 0.1, which does not know SMFIR_ACCEPT, the answer libmilter
// gives at the end of a message, and so loses the fields added before it.

/// Protocol flags (libmilter's mfapi.h): the steps a milter may ask not to
/// be sent (NO*) or not to answer (NR_*), the body skip, the leading space.
const SMFIP_SKIP: u32 = 0x400;
const SMFIP_HDR_LEADSPC: u32 = 0x10_0000;
/// What Postfix offers: every flag of version 6 (0x1FFFFF).
const OFFERED: u32 = 0x1F_FFFF;

/// (command, the NO* flag that drops it, the NR_* flag that drops its answer)
const CONNECT: (u8, u32, u32) = (b'C', 0x1, 0x1000);
const HELO_CMD: (u8, u32, u32) = (b'H', 0x2, 0x2000);
const MAIL: (u8, u32, u32) = (b'M', 0x4, 0x4000);
const RCPT: (u8, u32, u32) = (b'R', 0x8, 0x8000);
const DATA: (u8, u32, u32) = (b'T', 0x200, 0x1_0000);
const HEADER: (u8, u32, u32) = (b'L', 0x20, 0x80);
const EOH: (u8, u32, u32) = (b'N', 0x40, 0x4_0000);
const BODY: (u8, u32, u32) = (b'B', 0x10, 0x8_0000);

/// How a step ended.
enum Step {
    /// Go on.
    Continue,
    /// `s`: no more body chunks wanted.
    Skip,
    /// `a`: the milter needs nothing more of this message.
    Accept,
    /// `r`, `t`, `d`, `y`: refused, deferred or discarded.
    Refuse,
}

struct Raw<S> {
    stream: S,
    protocol: u32,
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> Raw<S> {
    async fn send(&mut self, code: u8, data: &[u8]) -> std::io::Result<()> {
        let mut packet = Vec::with_capacity(data.len() + 5);
        packet.extend_from_slice(&(data.len() as u32 + 1).to_be_bytes());
        packet.push(code);
        packet.extend_from_slice(data);
        self.stream.write_all(&packet).await
    }

    async fn recv(&mut self) -> std::io::Result<(u8, Vec<u8>)> {
        use tokio::io::AsyncReadExt as _;
        let mut len = [0u8; 4];
        self.stream.read_exact(&mut len).await?;
        let len = u32::from_be_bytes(len) as usize;
        if len == 0 || len > 1 << 20 {
            return Err(std::io::Error::other(format!("packet of {len} bytes")));
        }
        let mut packet = vec![0u8; len];
        self.stream.read_exact(&mut packet).await?;
        let data = packet.split_off(1);
        Ok((packet[0], data))
    }

    /// Reads answers up to an action; the fields added on the way.
    async fn answer(&mut self, added: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<Step> {
        loop {
            let (code, data) = self.recv().await?;
            match code {
                b'c' => return Ok(Step::Continue),
                b's' => return Ok(Step::Skip),
                b'a' => return Ok(Step::Accept),
                b'r' | b't' | b'd' | b'y' => return Ok(Step::Refuse),
                b'h' => added.push(name_value(&data)),
                b'i' if data.len() > 4 => added.push(name_value(&data[4..])),
                // Progress, other modifications: nothing to keep.
                _ => {}
            }
        }
    }

    /// One step: sent unless the milter asked not to see it, answered
    /// unless it asked not to answer.
    async fn step(&mut self, (code, no, nr): (u8, u32, u32), data: &[u8]) -> std::io::Result<Step> {
        if self.protocol & no != 0 {
            return Ok(Step::Continue);
        }
        self.send(code, data).await?;
        if self.protocol & nr != 0 {
            return Ok(Step::Continue);
        }
        self.answer(&mut Vec::new()).await
    }
}

fn name_value(data: &[u8]) -> (String, Vec<u8>) {
    let mut parts = data.split(|&b| b == 0);
    let name = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let value = parts.next().unwrap_or_default().to_vec();
    (name, value)
}

/// One message through one milter at `socket` (`unix:/PATH` or
/// `HOST:PORT`): whether it let the message go on, and the fields it added.
async fn milter_one(
    socket: &str,
    fields: &[(String, Vec<u8>)],
    body: &[u8],
) -> Result<(bool, Vec<(String, Vec<u8>)>), String> {
    if let Some(path) = socket.strip_prefix("unix:") {
        let stream = tokio::net::UnixStream::connect(path)
            .await
            .map_err(|e| e.to_string())?;
        milter_session(stream, fields, body).await
    } else {
        let tcp = TcpStream::connect(socket)
            .await
            .map_err(|e| e.to_string())?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        milter_session(tcp, fields, body).await
    }
}

async fn milter_session<S>(
    stream: S,
    fields: &[(String, Vec<u8>)],
    body: &[u8],
) -> Result<(bool, Vec<(String, Vec<u8>)>), String>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut m = Raw {
        stream,
        protocol: 0,
    };
    session(&mut m, fields, body)
        .await
        .map_err(|e| e.to_string())
}

async fn session<S>(
    m: &mut Raw<S>,
    fields: &[(String, Vec<u8>)],
    body: &[u8],
) -> std::io::Result<(bool, Vec<(String, Vec<u8>)>)>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    // Option negotiation: version 6, every action, the protocol flags.
    let mut optneg = Vec::new();
    for word in [6u32, 0x1FF, OFFERED] {
        optneg.extend_from_slice(&word.to_be_bytes());
    }
    m.send(b'O', &optneg).await?;
    let (code, data) = m.recv().await?;
    if code != b'O' || data.len() < 12 {
        return Err(std::io::Error::other("no option negotiation"));
    }
    m.protocol = u32::from_be_bytes([data[8], data[9], data[10], data[11]]) & OFFERED;
    let done = |step: Step| match step {
        Step::Continue | Step::Skip => None,
        Step::Accept => Some(true),
        Step::Refuse => Some(false),
    };
    let zero = |s: &str| {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    };
    let mut connect = zero(HELO);
    connect.push(b'4');
    connect.extend_from_slice(&25u16.to_be_bytes());
    connect.extend_from_slice(&zero(CLIENT_IP));
    let steps: [((u8, u32, u32), Vec<u8>); 5] = [
        (CONNECT, connect),
        (HELO_CMD, zero(HELO)),
        (MAIL, zero(&format!("<{MAIL_FROM}>"))),
        (RCPT, zero(&format!("<{RCPT_TO}>"))),
        (DATA, Vec::new()),
    ];
    for (cmd, data) in steps {
        if let Some(ok) = done(m.step(cmd, &data).await?) {
            return Ok((ok, Vec::new()));
        }
    }
    let leading_space = m.protocol & SMFIP_HDR_LEADSPC != 0;
    for (name, value) in fields {
        let value = if leading_space {
            &value[..]
        } else {
            // Without SMFIP_HDR_LEADSPC Postfix drops the space after the colon.
            value.strip_prefix(b" ").unwrap_or(value)
        };
        let mut data = zero(name);
        data.extend_from_slice(value);
        data.push(0);
        if let Some(ok) = done(m.step(HEADER, &data).await?) {
            return Ok((ok, Vec::new()));
        }
    }
    if let Some(ok) = done(m.step(EOH, &[]).await?) {
        return Ok((ok, Vec::new()));
    }
    for chunk in body.chunks(65535) {
        match m.step(BODY, chunk).await? {
            Step::Continue => {}
            Step::Skip if m.protocol & SMFIP_SKIP != 0 => break,
            Step::Skip => {}
            Step::Accept => return Ok((true, Vec::new())),
            Step::Refuse => return Ok((false, Vec::new())),
        }
    }
    m.send(b'E', &[]).await?;
    let mut added = Vec::new();
    let ok = match m.answer(&mut added).await? {
        Step::Continue | Step::Skip | Step::Accept => true,
        Step::Refuse => false,
    };
    m.send(b'Q', &[]).await?;
    Ok((ok, added))
}

/// Header fields as Postfix passes them: the value after the colon with its
/// leading space, CRLF inside folded values as LF, no final line end.
fn fields_of(raw: &[u8]) -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let message = Message::parse(raw).expect("message");
    let fields = message
        .fields()
        .map(|f| {
            let value: Vec<u8> = f.value.iter().copied().filter(|&b| b != b'\r').collect();
            let value = value.strip_suffix(b"\n").unwrap_or(&value).to_vec();
            (f.name.to_string(), value)
        })
        .collect();
    (fields, message.body().to_vec())
}

async fn milter(
    label: String,
    sockets: Vec<String>,
    conns: usize,
    count: usize,
    msgs: Arc<Vec<Vec<u8>>>,
) {
    let parsed: Arc<Vec<_>> = Arc::new(msgs.iter().map(|m| fields_of(m)).collect());
    let sockets = Arc::new(sockets);
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (next, tally, parsed, sockets) =
            (next.clone(), tally.clone(), parsed.clone(), sockets.clone());
        tasks.push(tokio::spawn(async move {
            let mut local = Tally::default();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count {
                    break;
                }
                let (fields, body) = &parsed[n % parsed.len()];
                let t0 = Instant::now();
                let mut seen = fields.clone();
                let mut all_added: Vec<(String, Vec<u8>)> = Vec::new();
                let mut accepted = true;
                for socket in sockets.iter() {
                    match milter_one(socket, &seen, body).await {
                        Ok((ok, added)) => {
                            accepted &= ok;
                            // Added fields go on top, as Postfix inserts them.
                            let mut next_seen = added.clone();
                            next_seen.extend(seen);
                            seen = next_seen;
                            all_added.extend(added);
                        }
                        Err(e) => {
                            eprintln!("milter {socket} message {n}: {e}");
                            local.errors += 1;
                            accepted = false;
                            break;
                        }
                    }
                }
                local.latencies_ms.push(t0.elapsed().as_secs_f64() * 1e3);
                if accepted {
                    local.accepted += 1;
                } else {
                    local.refused += 1;
                }
                let mut header = Vec::new();
                for (name, value) in &all_added {
                    header.extend_from_slice(name.as_bytes());
                    header.push(b':');
                    header.extend_from_slice(value);
                    header.push(b'\n');
                }
                count_results(&header, &mut local);
            }
            let mut t = tally.lock().await;
            t.latencies_ms.extend(local.latencies_ms);
            t.accepted += local.accepted;
            t.refused += local.refused;
            t.errors += local.errors;
            t.dkim_pass += local.dkim_pass;
            t.dmarc_pass += local.dmarc_pass;
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let seconds = start.elapsed().as_secs_f64();
    let t = tally.lock().await;
    print(&label, "milter", count, seconds, t.accepted, &t);
}
