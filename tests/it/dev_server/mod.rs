//! Shared by the watch-mode tests (with `tests/it/common`, which they include
//! too): the `watch` fixture site, the real `briefing watch --serve` process
//! (killed on drop), a bare HTTP/1.1 client and a Server-Sent Events reader,
//! both on std `TcpStream`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long any wait may take before the test fails. Generous: the machine
/// is shared; nothing here asserts on speed.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The watch tests' site, `tests/fixtures/watch/`: two entities, one
/// source, two articles with their seeds, and a `base_url` with a path.
pub type Site = crate::common::Fixture;

pub fn site() -> Site {
    Site::copy("watch")
}

/// `briefing watch --serve --port 0` on a site; killed when dropped.
pub struct Watching {
    child: Child,
    log: Arc<Mutex<String>>,
    pub port: u16,
    pub output: PathBuf,
}

impl Watching {
    /// Starts the watcher and waits until it serves.
    pub fn start(site: &Site) -> Watching {
        let output = site.path("public");
        let args = [
            "watch".as_ref(),
            "--root".as_ref(),
            site.root().as_os_str(),
            "--output".as_ref(),
            output.as_os_str(),
            "--serve".as_ref(),
            "--port".as_ref(),
            "0".as_ref(),
        ];
        Watching::start_with(site, &args, &[])
    }

    /// Runs `briefing ARGS` with `env` set and waits until it serves.
    pub fn start_with(
        site: &Site,
        args: &[&std::ffi::OsStr],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Watching {
        let mut watching = Watching::spawn(site, args, env);
        watching.eventually("the server to start", |w| w.served_port().is_some());
        watching.port = watching.served_port().unwrap_or(0);
        watching
    }

    /// Runs `briefing ARGS` with `env` set, without waiting for anything.
    pub fn spawn(
        site: &Site,
        args: &[&std::ffi::OsStr],
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Watching {
        let mut command = Command::new(env!("CARGO_BIN_EXE_briefing"));
        command
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start briefing");
        let log = Arc::new(Mutex::new(String::new()));
        if let Some(stdout) = child.stdout.take() {
            collect_lines(stdout, log.clone());
        }
        if let Some(stderr) = child.stderr.take() {
            collect_lines(stderr, log.clone());
        }
        Watching {
            child,
            log,
            port: 0,
            output: site.path("public"),
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    fn served_port(&self) -> Option<u16> {
        let log = self.log();
        let rest = log.split("serving http://").nth(1)?;
        let address = rest.split('/').next()?;
        address.rsplit(':').next()?.parse().ok()
    }

    /// Polls `check` until it holds; fails the test with the log after
    /// [`DEADLINE`].
    pub fn eventually(&self, what: &str, mut check: impl FnMut(&Watching) -> bool) {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if check(self) {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {what}\n--- briefing watch said ---\n{}",
            self.log()
        );
    }

    pub fn get(&self, path: &str) -> Response {
        http(self.port, "GET", path)
    }

    /// `GET path` with extra request headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.port
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        parse_response(&raw_exchange(self.port, request.as_bytes()))
    }

    pub fn output_file(&self, relative: &str) -> Option<String> {
        std::fs::read_to_string(self.output.join(relative)).ok()
    }

    pub fn events(&self) -> EventStream {
        EventStream::open(self.port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit by itself.
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!("briefing watch did not exit\n{}", self.log());
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<String>>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut log) = log.lock() {
                log.push_str(&line);
                log.push('\n');
            }
        }
    });
}

/// A response, read whole.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method path` as written (no normalisation) and reads the reply.
pub fn http(port: u16, method: &str, path: &str) -> Response {
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    parse_response(&raw_exchange(port, request.as_bytes()))
}

/// Sends raw bytes and returns everything the server answers.
pub fn raw_exchange(port: u16, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the dev server");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    stream.write_all(request).expect("send request");
    let mut reply = Vec::new();
    let mut chunk = [0u8; 8192];
    while !is_complete(&reply) {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&chunk[..n]),
        }
    }
    reply
}

/// Whether `reply` holds a whole response with a `Content-Length` (servers
/// that keep the connection open despite `Connection: close` are not waited
/// for); without one, the response ends when the connection does.
fn is_complete(reply: &[u8]) -> bool {
    let Some(end) = reply.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&reply[..end]).to_ascii_lowercase();
    head.lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .is_some_and(|length| reply.len() >= end + 4 + length)
}

pub fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub name: String,
    pub data: String,
}

/// The live-reload event stream, read over HTTP/1.0 so the body is plain.
pub struct EventStream {
    stream: TcpStream,
    buffer: Vec<u8>,
    headers_read: bool,
}

impl EventStream {
    pub fn open(port: u16) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect for events");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        stream
            .write_all(b"GET /__briefing/events HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n")
            .expect("request events");
        let mut events = EventStream {
            stream,
            buffer: Vec::new(),
            headers_read: false,
        };
        events.read_headers();
        events
    }

    fn read_headers(&mut self) {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                assert!(
                    head.starts_with("HTTP/1.") && head.contains(" 200 "),
                    "{head}"
                );
                assert!(
                    head.to_ascii_lowercase()
                        .contains("content-type: text/event-stream"),
                    "{head}"
                );
                self.buffer.drain(..end + 4);
                self.headers_read = true;
                return;
            }
            self.fill();
        }
        panic!("no response to the event stream request");
    }

    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk) {
            Ok(0) => false,
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                true
            }
            Err(_) => true,
        }
    }

    /// The next complete event, if one arrives before `deadline`; comments
    /// (keep-alives) are skipped. `None` also when the server closed.
    pub fn next_before(&mut self, deadline: Instant) -> Option<LiveEvent> {
        loop {
            if let Some(event) = self.take_event() {
                if event.name.is_empty() && event.data.is_empty() {
                    continue;
                }
                return Some(event);
            }
            if Instant::now() > deadline || !self.fill() {
                return None;
            }
        }
    }

    /// Skips events until one named `name` arrives.
    pub fn wait_for(&mut self, name: &str) -> LiveEvent {
        let deadline = Instant::now() + DEADLINE;
        while let Some(event) = self.next_before(deadline) {
            if event.name == name {
                return event;
            }
        }
        panic!("no `{name}` event arrived");
    }

    fn take_event(&mut self) -> Option<LiveEvent> {
        let end = self.buffer.windows(2).position(|w| w == b"\n\n")?;
        let block = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        self.buffer.drain(..end + 2);
        let mut event = LiveEvent {
            name: String::new(),
            data: String::new(),
        };
        let mut data_lines = Vec::new();
        for line in block.lines() {
            if let Some(name) = line.strip_prefix("event:") {
                event.name = name.trim_start().to_string();
            } else if let Some(data) = line.strip_prefix("data:") {
                data_lines.push(data.strip_prefix(' ').unwrap_or(data).to_string());
            }
        }
        event.data = data_lines.join("\n");
        Some(event)
    }
}

/// Every file under `dir`, by path relative to it.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect_tree(dir, dir, &mut files);
    files
}

fn collect_tree(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_tree(base, &path, files);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let relative = path.strip_prefix(base).unwrap_or(&path);
            files.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
}
