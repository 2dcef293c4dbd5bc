//! A real Kannel in front of whatever answers `post_url`: Debian's bearerbox and smsbox, and
//! kannel-extras' `fakesmsc` standing in for the phone network and its handsets.
//!
//! How fakesmsc shapes this harness (measured on Kannel 1.4.5): a `smsc = fake` link serves
//! one fakesmsc connection at a time, and a fakesmsc that has sent its message stays connected
//! until killed. So bearerbox gets two fake links under one smsc-id. To the inbound one, each
//! [`Kannel::send`] connects a fresh fakesmsc that sends one segment and is then stopped;
//! nothing is ever routed out through it (its `allowed-smsc-id` is a name no message carries).
//! To the handset one, a listening fakesmsc stays connected and prints every message the
//! gateway delivers. Replies keep the inbound message's smsc-id and so leave through the
//! handset link, as sendsms messages do. [`Kannel::hang_up`] drops the handset link; bearerbox
//! then queues what is sent and delivers it when [`Kannel::wait_for_sms`] connects a handset
//! again.
//!
//! Kannel runs as the example in `deploy/kannel.conf` says an operator should run it: log level
//! 4 in the log files and on the console (`-v 4`), no access log, so that neither numbers nor
//! texts are written anywhere ([`Kannel::logs`] lets tests check that).

#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Where Debian's `kannel` and `kannel-extras` put the boxes and the fake SMSC client
/// (`benches/sms.rs` checks they are there, and drives the inbound link with many messages
/// from one fakesmsc).
pub const BEARERBOX: &str = "/usr/sbin/bearerbox";
pub const SMSBOX: &str = "/usr/sbin/smsbox";
pub const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";

/// The sender of messages sent through sendsms (the `sendsms-user`'s `default-sender`): the
/// service's short code, as an operator would set it.
pub const SHORT_CODE: &str = "4545";

/// What smsbox sends the handset when the service cannot be reached or answers with an error
/// (`reply-couldnotfetch`, as in `deploy/kannel.conf`).
pub const COULD_NOT_FETCH: &str = "Not received. Please try again later.";

/// A message the gateway delivered to a handset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub from: String,
    pub to: String,
    /// Decoded text, the parts of a concatenated message joined.
    pub text: String,
    /// Sent with the UCS-2 data coding (as opposed to GSM 7-bit text).
    pub ucs2: bool,
    /// How many SMS it took (1, or the number of concatenated parts).
    pub parts: usize,
}

/// Lines the listening fakesmscs printed for received messages, across reconnections.
#[derive(Default)]
struct Received {
    lines: Vec<String>,
    last_at: Option<Instant>,
}

struct Handset {
    child: Child,
    reader: std::thread::JoinHandle<()>,
}

pub struct Kannel {
    dir: TempDir,
    admin_port: u16,
    sendsms_port: u16,
    inbound_port: u16,
    handset_port: u16,
    admin_password: String,
    sendsms_password: String,
    boxes: Mutex<Vec<Child>>,
    handset: Mutex<Option<Handset>>,
    received: Arc<Mutex<Received>>,
    /// Keys (index of the first line) of the messages [`Kannel::wait_for_sms`] already returned.
    returned: Mutex<HashSet<usize>>,
    /// One inbound fakesmsc at a time: the inbound link serves one connection.
    sending: tokio::sync::Mutex<u8>,
}

/// Where a Kannel under test listens and keeps its files, for the configuration.
pub struct Ports {
    pub dir: PathBuf,
    /// bearerbox's admin port (status page).
    pub admin: u16,
    /// bearerbox's port for smsbox.
    pub smsbox: u16,
    /// smsbox's sendsms port.
    pub sendsms: u16,
    /// The fake link inbound messages come in on.
    pub inbound: u16,
    /// The fake link the handset listens on.
    pub handset: u16,
    pub admin_password: String,
    pub sendsms_password: String,
}

impl Ports {
    /// The two fake links standing in for the operator (smsc-id `operator`), each group
    /// followed by a blank line: the handset's, and the inbound one, through which nothing is
    /// routed out (no message carries the smsc-id its `allowed-smsc-id` names).
    pub fn fake_links(&self) -> String {
        format!(
            r#"group = smsc
smsc = fake
smsc-id = operator
port = {handset}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"

group = smsc
smsc = fake
smsc-id = operator
port = {inbound}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"
allowed-smsc-id = "inbound-only"

"#,
            handset = self.handset,
            inbound = self.inbound,
        )
    }
}

/// Free loopback ports: bound together (so they differ), then released for Kannel to bind.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<std::net::TcpListener> = (0..N)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("free port"))
        .collect();
    let mut ports = [0u16; N];
    for (port, l) in ports.iter_mut().zip(&listeners) {
        *port = l.local_addr().expect("addr").port();
    }
    ports
}

fn random_hex() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A box's console output goes to a file in the temp dir, for [`Kannel::logs`].
fn spawn_box(binary: &str, dir: &Path, name: &str) -> Child {
    let out = std::fs::File::create(dir.join(format!("{name}.out"))).expect("console file");
    Command::new(binary)
        // Console verbosity: without it both boxes print DEBUG (numbers and texts) on stderr,
        // whatever the log-level in the configuration says.
        .args(["-v", "4"])
        .arg(dir.join("kannel.conf"))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("console file"))
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("{binary}: {e} (apt-get install kannel kannel-extras)"))
}

impl Kannel {
    /// bearerbox + smsbox on free loopback ports, config in a temp dir, an sms-service posting
    /// every inbound message to `post_url` (the Kannel contract of issue 25), a sendsms-user
    /// with a default sender. Waits until both boxes are ready and a handset is connected.
    /// Logs quiet (no numbers, no texts).
    pub async fn start(post_url: &str) -> Kannel {
        Self::start_with(|p| Self::config(p, post_url, 0)).await
    }

    /// As [`Kannel::start`], with smsbox posting a message once more, after a second, when the
    /// service failed to answer it (`http-request-retry = 1`): the same message, the same `%I`,
    /// delivered twice, as a gateway does after a timeout.
    pub async fn start_retrying(post_url: &str) -> Kannel {
        Self::start_with(|p| Self::config(p, post_url, 1)).await
    }

    /// The configuration [`Kannel::start`] runs: `retries` as smsbox's `http-request-retry`.
    pub fn config(p: &Ports, post_url: &str, retries: u32) -> String {
        assert!(!post_url.contains('"'), "post-url with a quote: {post_url}");
        let d = p.dir.display();
        // Kept in step with deploy/kannel.conf; what differs: ports, paths, the fake links.
        format!(
            r#"group = core
admin-port = {admin}
admin-interface = 127.0.0.1
admin-password = "{admin_password}"
status-password = "{admin_password}"
admin-allow-ip = "127.0.0.1"
smsbox-port = {smsbox}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "{d}/bearerbox.log"
log-level = 4
sms-combine-concatenated-mo = true

{links}
group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
log-file = "{d}/smsbox.log"
log-level = 4
reply-couldnotfetch = "{COULD_NOT_FETCH}"
http-request-retry = {retries}
http-queue-delay = 1

group = sms-service
keyword = default
post-url = "{post_url}"
send-sender = true
max-messages = 2
concatenation = true
omit-empty = true
accept-x-kannel-headers = true

group = sendsms-user
username = filimbi
password = "{sendsms_password}"
default-sender = {SHORT_CODE}
max-messages = 2
concatenation = true
"#,
            admin = p.admin,
            admin_password = p.admin_password,
            smsbox = p.smsbox,
            sendsms = p.sendsms,
            sendsms_password = p.sendsms_password,
            links = p.fake_links(),
        )
    }

    /// As [`Kannel::start`], with the configuration `conf` writes for these ports and paths
    /// (it must have [`Ports::fake_links`] as its links, the admin and status passwords and a
    /// sendsms-user `filimbi` with the password given). Free ports are only free until someone
    /// binds them: if a box or the handset dies while starting, it starts again on new ones.
    pub async fn start_with(conf: impl Fn(&Ports) -> String) -> Kannel {
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Self::try_start(&conf).await {
                Ok(kannel) => return kannel,
                Err(e) => failures.push(e),
            }
        }
        panic!("Kannel did not start:\n{}", failures.join("\n---\n"));
    }

    async fn try_start(conf: &impl Fn(&Ports) -> String) -> Result<Kannel, String> {
        // The crate's reqwest has `rustls-no-provider` (the SMS sender brings its own ring
        // provider), so a plain `reqwest::get` (the status page here, sendsms in the tests)
        // panics unless a process-wide provider is installed. An error: one is already.
        filimbi::services::texting::install_tls_provider();
        let dir = tempfile::tempdir().expect("tempdir");
        let [admin, smsbox, sendsms, inbound, handset] = free_ports::<5>();
        let ports = Ports {
            dir: dir.path().to_path_buf(),
            admin,
            smsbox,
            sendsms,
            inbound,
            handset,
            admin_password: random_hex(),
            sendsms_password: random_hex(),
        };
        std::fs::write(dir.path().join("kannel.conf"), conf(&ports)).expect("kannel.conf");
        let bearerbox = spawn_box(BEARERBOX, dir.path(), "bearerbox");
        let kannel = Kannel {
            dir,
            admin_port: ports.admin,
            sendsms_port: ports.sendsms,
            inbound_port: ports.inbound,
            handset_port: ports.handset,
            admin_password: ports.admin_password,
            sendsms_password: ports.sendsms_password,
            boxes: Mutex::new(vec![bearerbox]),
            handset: Mutex::new(None),
            received: Arc::default(),
            returned: Mutex::default(),
            sending: tokio::sync::Mutex::new(0),
        };
        kannel
            .ready("bearerbox up", |s| s.contains("Status: running"))
            .await?;
        let smsbox = spawn_box(SMSBOX, kannel.dir.path(), "smsbox");
        kannel.boxes.lock().expect("boxes").push(smsbox);
        kannel
            .ready("smsbox connected", |s| s.contains("smsbox:"))
            .await?;
        // smsbox opens its sendsms port after connecting to bearerbox.
        let sendsms = format!("127.0.0.1:{}", kannel.sendsms_port);
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(&sendsms).await.is_err() {
            if Instant::now() > deadline {
                return Err(format!("sendsms port closed\n{}", kannel.logs()));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        kannel.spawn_handset();
        let port = kannel.handset_port;
        kannel
            .ready("handset connected", |s| {
                s.contains(&format!("FAKE:{port} (online"))
            })
            .await?;
        // A port taken by someone else: the box that wanted it is gone by now.
        kannel.ready("still up", |_| true).await?;
        Ok(kannel)
    }

    /// The whole sendsms URL with user and password, as an operator gives it to
    /// `--sms-send-url` (the caller appends `&to=…&text=…`).
    pub fn send_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/cgi-bin/sendsms?username=filimbi&password={}",
            self.sendsms_port, self.sendsms_password
        )
    }

    /// bearerbox's status page (text form).
    pub async fn status(&self) -> String {
        let url = format!(
            "http://127.0.0.1:{}/status.txt?password={}",
            self.admin_port, self.admin_password
        );
        filimbi::services::texting::install_tls_provider();
        match reqwest::get(&url).await {
            Ok(r) => r.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Polls the status page until `ready` holds; an error if a box or the handset exited, or
    /// after 30 s.
    async fn ready(&self, what: &str, ready: impl Fn(&str) -> bool) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(gone) = self.exited() {
                return Err(format!("{gone} exited ({what})\n{}", self.logs()));
            }
            let status = self.status().await;
            if ready(&status) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("not ready ({what}):\n{status}\n{}", self.logs()));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) {
        if let Err(e) = self.ready(what, ready).await {
            panic!("Kannel: {e}");
        }
    }

    /// Which process, if any, is no longer running.
    fn exited(&self) -> Option<&'static str> {
        let mut boxes = self.boxes.lock().expect("boxes");
        for (child, name) in boxes.iter_mut().zip(["bearerbox", "smsbox"]) {
            if !matches!(child.try_wait(), Ok(None)) {
                return Some(name);
            }
        }
        let mut handset = self.handset.lock().expect("handset");
        if let Some(h) = handset.as_mut() {
            if !matches!(h.child.try_wait(), Ok(None)) {
                return Some("the handset (fakesmsc)");
            }
        }
        None
    }

    /// A handset `from` sends `text` to `to`. Text in the GSM 7-bit alphabet goes as such;
    /// Arabic or any other text goes as UCS-2, and so does a text with a line break (fakesmsc
    /// reads one line per message, and only its UCS-2 form is URL-encoded). `segments > 1`
    /// splits it into that many concatenated parts with a concat UDH, which bearerbox joins
    /// before smsbox posts it (fakesmsc can send concatenated parts only as 7-bit text).
    pub async fn send(&self, from: &str, to: &str, text: &str, segments: usize) {
        assert!(segments >= 1);
        for n in [from, to] {
            assert!(
                !n.is_empty() && !n.contains(char::is_whitespace),
                "number {n:?}"
            );
        }
        let gsm = is_gsm7(text);
        let mut reference = self.sending.lock().await;
        let lines: Vec<String> = if segments == 1 {
            if gsm && !text.contains(['\n', '\r']) {
                vec![format!("{from} {to} text {text}")]
            } else {
                let ucs2: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
                vec![format!("{from} {to} ucs2 {}", percent_all(&ucs2))]
            }
        } else {
            assert!(
                gsm && !text.contains(['\n', '\r']),
                "fakesmsc sends concatenated parts only as one-line 7-bit text: {text:?}"
            );
            *reference = reference.wrapping_add(1);
            let chars: Vec<char> = text.chars().collect();
            let size = chars.len().div_ceil(segments);
            assert!(
                size > 0 && chars.len() > size * (segments - 1),
                "{} characters do not make {segments} segments",
                chars.len()
            );
            chars
                .chunks(size)
                .enumerate()
                .map(|(i, part)| {
                    let udh = [5, 0, 3, *reference, segments as u8, i as u8 + 1];
                    let part: String = part.iter().collect();
                    format!("{from} {to} udh-text {} {part}", percent_all(&udh))
                })
                .collect()
        };
        let port = self.inbound_port;
        tokio::task::spawn_blocking(move || {
            for line in lines {
                send_one(port, &line);
            }
        })
        .await
        .expect("fakesmsc");
    }

    /// Drops the handset link: what the gateway sends now is queued by bearerbox until a
    /// handset connects again (which [`Kannel::wait_for_sms`] does). Call it when nothing is on
    /// its way to the handset: what bearerbox already wrote to the link goes down with it.
    pub async fn hang_up(&self) {
        let handset = self.handset.lock().expect("handset").take();
        if let Some(mut h) = handset {
            let _ = h.child.kill();
            let _ = h.child.wait();
            let _ = h.reader.join();
        }
        let port = self.handset_port;
        self.wait_until("handset link down", |s| {
            !s.contains(&format!("FAKE:{port} (online"))
        })
        .await;
    }

    /// A listening fakesmsc on the handset link, unless one is running.
    fn spawn_handset(&self) {
        let mut handset = self.handset.lock().expect("handset");
        if handset.is_some() {
            return;
        }
        // -m 0: send nothing, print what arrives until killed (the message argument is
        // required but never sent).
        let mut child = Command::new(FAKESMSC)
            .args(["-H", "127.0.0.1", "-r", &self.handset_port.to_string()])
            .args(["-m", "0", "0 0 text unused"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{FAKESMSC}: {e} (apt-get install kannel-extras)"));
        let stderr = child.stderr.take().expect("stderr");
        let received = Arc::clone(&self.received);
        let reader = std::thread::spawn(move || {
            // Bytes, not `lines()`: one line that is not UTF-8 must not end the reading.
            let mut stderr = BufReader::new(stderr);
            let mut buf = Vec::new();
            while stderr.read_until(b'\n', &mut buf).unwrap_or(0) > 0 {
                let line = String::from_utf8_lossy(&buf)
                    .trim_end_matches('\n')
                    .to_string();
                buf.clear();
                if let Some(payload) = got_message(&line) {
                    let mut r = received.lock().expect("received");
                    r.lines.push(payload.to_string());
                    r.last_at = Some(Instant::now());
                }
            }
        });
        *handset = Some(Handset { child, reader });
    }

    async fn connect_handset(&self) {
        self.spawn_handset();
        let port = self.handset_port;
        self.wait_until("handset connected", |s| {
            s.contains(&format!("FAKE:{port} (online"))
        })
        .await;
    }

    /// The next message delivered to number `to` that was not returned before, decoded (parts
    /// of a concatenated message joined), or None after `timeout`. Connects a handset first if
    /// none is (after [`Kannel::hang_up`]), so queued messages arrive. (Not `wait_for`: that
    /// is the browser helper in `common.rs`, which the layering test keeps the only one.)
    pub async fn wait_for_sms(&self, to: &str, timeout: Duration) -> Option<Delivered> {
        self.connect_handset().await;
        let deadline = Instant::now() + timeout;
        loop {
            let found = {
                let r = self.received.lock().expect("received");
                // A 7-bit text with a line break reaches fakesmsc as several lines: a message
                // on the last line counts once no line came for a moment.
                let settled = r
                    .last_at
                    .is_some_and(|t| t.elapsed() > Duration::from_millis(100));
                let mut returned = self.returned.lock().expect("returned");
                parse(&r.lines, settled)
                    .into_iter()
                    .find(|(key, m)| m.to == to && !returned.contains(key))
                    .map(|(key, m)| {
                        returned.insert(key);
                        m
                    })
            };
            if found.is_some() {
                return found;
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Every message delivered to the handsets so far, decoded, in the order they came (for
    /// counting many replies at once, where [`Kannel::wait_for_sms`] takes one by number).
    pub fn delivered(&self) -> Vec<Delivered> {
        let r = self.received.lock().expect("received");
        parse(&r.lines, true).into_iter().map(|(_, m)| m).collect()
    }

    /// Everything bearerbox and smsbox wrote to their log files and their consoles.
    pub fn logs(&self) -> String {
        let mut all = String::new();
        for name in ["bearerbox.log", "smsbox.log", "bearerbox.out", "smsbox.out"] {
            let bytes = std::fs::read(self.dir.path().join(name)).unwrap_or_default();
            all.push_str(&String::from_utf8_lossy(&bytes));
        }
        all
    }

    /// The port of the fake link inbound messages come in on: one fakesmsc at a time may
    /// connect to it (`benches/sms.rs` sends its whole load through one).
    pub fn inbound_port(&self) -> u16 {
        self.inbound_port
    }

    /// The temporary directory Kannel runs in (its configuration and logs).
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

impl Drop for Kannel {
    fn drop(&mut self) {
        if let Some(mut h) = self.handset.lock().ok().and_then(|mut h| h.take()) {
            let _ = h.child.kill();
            let _ = h.child.wait();
        }
        // smsbox first, then bearerbox.
        let mut boxes = std::mem::take(self.boxes.get_mut().unwrap_or_else(|e| e.into_inner()));
        while let Some(mut child) = boxes.pop() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Connects a fakesmsc to the inbound link, has it send `line`, and stops it once sent.
fn send_one(port: u16, line: &str) {
    let mut child = Command::new(FAKESMSC)
        .args(["-H", "127.0.0.1", "-r", &port.to_string(), "-m", "1", line])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{FAKESMSC}: {e} (apt-get install kannel-extras)"));
    let stderr = child.stderr.take().expect("stderr");
    let mut output = String::new();
    let mut sent = false;
    for l in BufReader::new(stderr).lines() {
        let Ok(l) = l else { break };
        if l.contains("fakesmsc: sent message 1") {
            sent = true;
            break;
        }
        output.push_str(&l);
        output.push('\n');
    }
    // What it wrote is in the socket; closing it lets bearerbox read it, then the EOF.
    let _ = child.kill();
    let _ = child.wait();
    assert!(sent, "fakesmsc did not send:\n{output}");
}

/// The payload of a fakesmsc "Got message N: <…>" log line.
fn got_message(line: &str) -> Option<&str> {
    let start = line.find("Got message ")?;
    let rest = &line[start..];
    let open = rest.find(": <")?;
    rest[open + 3..].strip_suffix('>')
}

/// A received line that starts a message: `FROM TO KIND REST` with numbers for FROM and TO.
fn message_head(line: &str) -> Option<(&str, &str, &str, &str)> {
    let mut it = line.splitn(4, ' ');
    let (from, to, kind) = (it.next()?, it.next()?, it.next()?);
    let rest = it.next().unwrap_or("");
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '+');
    (number(from) && number(to) && ["text", "ucs-2", "data", "udh"].contains(&kind))
        .then_some((from, to, kind, rest))
}

/// The messages in `lines`, complete ones only, each keyed by the index of its first line, in
/// the order their first line came. `settled`: no more lines are on their way right now.
fn parse(lines: &[String], settled: bool) -> Vec<(usize, Delivered)> {
    let mut done: Vec<(usize, Delivered)> = Vec::new();
    // Concatenated parts by (from, to, reference, total): first line, parts by number, ucs2.
    type Parts = (usize, BTreeMap<u8, Vec<u8>>, bool);
    let mut partial: BTreeMap<(String, String, u16, u8), Parts> = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((from, to, kind, rest)) = message_head(&lines[i]) else {
            i += 1; // a stray continuation (its head was before a reconnection)
            continue;
        };
        let (from, to) = (from.to_string(), to.to_string());
        match kind {
            "text" => {
                let mut text = rest.to_string();
                let mut j = i + 1;
                while j < lines.len() && message_head(&lines[j]).is_none() {
                    text.push('\n');
                    text.push_str(&lines[j]);
                    j += 1;
                }
                if j < lines.len() || settled {
                    done.push((i, delivered(from, to, text, false, 1)));
                }
                i = j;
                continue;
            }
            "ucs-2" => {
                let text = utf16be(&percent_decode(rest));
                done.push((i, delivered(from, to, text, true, 1)));
            }
            "data" => {
                let text = String::from_utf8_lossy(&percent_decode(rest)).into_owned();
                done.push((i, delivered(from, to, text, false, 1)));
            }
            _ => {
                // "udh UDH data DATA"
                let (udh, data) = rest.split_once(" data ").unwrap_or((rest, ""));
                let (udh, data) = (percent_decode(udh), percent_decode(data));
                let ucs2 = looks_ucs2(&data);
                match concat_ie(&udh) {
                    Some((reference, total, seq)) if total > 1 => {
                        let key = (from.clone(), to.clone(), reference, total);
                        let entry =
                            partial
                                .entry(key.clone())
                                .or_insert((i, BTreeMap::new(), ucs2));
                        entry.1.insert(seq, data);
                        if entry.1.len() == usize::from(total) {
                            let (first, parts, ucs2) = partial.remove(&key).expect("entry");
                            let bytes: Vec<u8> = parts.into_values().flatten().collect();
                            let text = if ucs2 {
                                utf16be(&bytes)
                            } else {
                                String::from_utf8_lossy(&bytes).into_owned()
                            };
                            done.push((first, delivered(from, to, text, ucs2, usize::from(total))));
                        }
                    }
                    _ => {
                        let text = if ucs2 {
                            utf16be(&data)
                        } else {
                            String::from_utf8_lossy(&data).into_owned()
                        };
                        done.push((i, delivered(from, to, text, ucs2, 1)));
                    }
                }
            }
        }
        i += 1;
    }
    done.sort_by_key(|(first, _)| *first);
    done
}

fn delivered(from: String, to: String, text: String, ucs2: bool, parts: usize) -> Delivered {
    Delivered {
        from,
        to,
        text,
        ucs2,
        parts,
    }
}

/// (reference, total, sequence) of a concatenation information element (8- or 16-bit
/// reference) in a UDH.
fn concat_ie(udh: &[u8]) -> Option<(u16, u8, u8)> {
    let body = udh.get(1..)?;
    let mut i = 0;
    while i + 1 < body.len() {
        let (id, len) = (body[i], usize::from(body[i + 1]));
        let ie = body.get(i + 2..i + 2 + len)?;
        match (id, ie) {
            (0, [r, t, s]) => return Some((u16::from(*r), *t, *s)),
            (8, [r1, r2, t, s]) => return Some((u16::from_be_bytes([*r1, *r2]), *t, *s)),
            _ => i += 2 + len,
        }
    }
    None
}

/// fakesmsc does not print the coding of UDH parts. Kannel hands the fake link 7-bit text as
/// UTF-8, which never holds control characters but line breaks; UCS-2 (UTF-16BE) of ASCII or
/// Arabic always does (0x00, 0x06 high bytes). (Text wholly in other scripts would be missed.)
fn looks_ucs2(data: &[u8]) -> bool {
    std::str::from_utf8(data).is_err()
        || data
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r'))
}

fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Every byte as %XX: fakesmsc's URL decoding takes it whatever the byte.
fn percent_all(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

/// Kannel's URL encoding, undone (`+` is a space).
fn percent_decode(s: &str) -> Vec<u8> {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus).collect()
}

/// Whether `text` is in the GSM 03.38 default alphabet (with its extension table).
pub fn is_gsm7(text: &str) -> bool {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
        ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENSION: &str = "\u{c}^{}\\[~]|€";
    text.chars()
        .all(|c| BASIC.contains(c) || EXTENSION.contains(c))
}
