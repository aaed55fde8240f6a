//! Live reload in a real browser: headless Chromium opens a page served by
//! `briefing watch --serve`, and the test watches that page through the
//! DevTools protocol (a bare websocket client over std `TcpStream`).
//!
//! What it proves: after a seed is edited on disk, the open page reloads by
//! itself (a JavaScript variable the test set on the page is gone, and the
//! page shows the new text) with nothing but the injected script to make it
//! do so; after a YAML file is broken, the page shows the error overlay with
//! the diagnostic, without reloading; after the fix, it reloads and the
//! overlay is gone.
//!
//! Skipped, with a note, when no Chromium is found (`$CHROMIUM`, else
//! `/usr/bin/chromium`); CI installs it.

use crate::dev_server;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use dev_server::{DEADLINE, Watching, http};

fn chromium() -> Option<PathBuf> {
    let candidate = std::env::var_os("CHROMIUM")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    candidate.is_file().then_some(candidate)
}

/// Headless Chromium with a throwaway profile; ended when dropped.
struct Browser {
    child: Child,
    profile: tempfile::TempDir,
}

impl Browser {
    fn open(binary: &PathBuf, url: &str) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        Browser { child, profile }
    }

    /// The DevTools port Chromium picked, from `DevToolsActivePort`.
    fn devtools_port(&self) -> u16 {
        let file = self.profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                return port;
            }
            thread::sleep(Duration::from_millis(100));
        }
        panic!("chromium did not open its DevTools port");
    }

    /// The websocket address of the tab showing a page of `server_port`.
    fn page_socket(&self, server_port: u16) -> String {
        let port = self.devtools_port();
        let wanted = format!("\"url\": \"http://127.0.0.1:{server_port}/");
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            let list = http(port, "GET", "/json/list").text();
            let found = list
                .split('}')
                .find(|target| target.contains(&wanted) && target.contains("\"type\": \"page\""))
                .and_then(|target| json_field(target, "webSocketDebuggerUrl"));
            if let Some(socket) = found {
                return socket;
            }
            thread::sleep(Duration::from_millis(100));
        }
        panic!("chromium has no tab on the dev server");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The string value of `"name": "value"` in a JSON fragment.
fn json_field(json: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\"");
    let rest = &json[json.find(&key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DevTools protocol session over a minimal websocket client.
struct DevTools {
    stream: TcpStream,
    next_id: u64,
}

impl DevTools {
    fn connect(socket_url: &str) -> DevTools {
        let rest = socket_url.strip_prefix("ws://").expect("ws:// address");
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let mut stream = TcpStream::connect(host).expect("connect to DevTools");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).expect("handshake");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).expect("handshake reply");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        DevTools { stream, next_id: 1 }
    }

    /// Evaluates `expression` in the page; its string value, or `None` while
    /// the page is between documents.
    fn evaluate(&mut self, expression: &str) -> Option<String> {
        let id = self.next_id;
        self.next_id += 1;
        let message = format!(
            "{{\"id\":{id},\"method\":\"Runtime.evaluate\",\"params\":{{\"expression\":{},\"returnByValue\":true}}}}",
            json_string(expression)
        );
        self.send(message.as_bytes());
        let marker = format!("\"id\":{id},");
        loop {
            let reply = self.receive();
            if reply.contains(&marker) {
                if reply.contains("\"exceptionDetails\"") || reply.contains("\"error\"") {
                    return None;
                }
                return json_field(&reply, "value");
            }
        }
    }

    fn send(&mut self, payload: &[u8]) {
        let mask = [0x37u8, 0xfa, 0x21, 0x3d];
        let mut frame = vec![0x81u8];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.write_all(&frame).expect("send to DevTools");
    }

    /// The next whole text message (continuation frames joined).
    fn receive(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.stream.read_exact(&mut head).expect("DevTools frame");
            let length = match head[1] & 0x7f {
                126 => {
                    let mut bytes = [0u8; 2];
                    self.stream.read_exact(&mut bytes).expect("length");
                    u64::from(u16::from_be_bytes(bytes))
                }
                127 => {
                    let mut bytes = [0u8; 8];
                    self.stream.read_exact(&mut bytes).expect("length");
                    u64::from_be_bytes(bytes)
                }
                n => u64::from(n),
            };
            let mut payload = vec![0u8; usize::try_from(length).expect("frame size")];
            self.stream.read_exact(&mut payload).expect("payload");
            let opcode = head[0] & 0x0f;
            assert_ne!(opcode, 0x8, "DevTools closed the connection");
            if opcode <= 0x2 {
                message.extend_from_slice(&payload);
                if head[0] & 0x80 != 0 {
                    return String::from_utf8_lossy(&message).into_owned();
                }
            }
        }
    }
}

/// What the test reads off the page: whether the variable it set survives
/// (`marked`) or the page was reloaded (`fresh`), whether the text contains
/// `needle`, whether the error overlay is up and names the broken file.
fn page_state(needle: &str) -> String {
    format!(
        "(function () {{\
           var text = document.body ? document.body.innerText : '';\
           var overlay = document.getElementById('__briefing-overlay');\
           return [\
             window.__briefingTestMark ? 'marked' : 'fresh',\
             text.indexOf({needle}) >= 0 ? 'new' : 'old',\
             overlay ? (overlay.textContent.indexOf('content/entities/moscow.yaml') >= 0 ? 'overlay-names-file' : 'overlay') : 'clean',\
             document.readyState\
           ].join('|');\
         }})()",
        needle = json_string(needle)
    )
}

fn wait_for_page(devtools: &mut DevTools, needle: &str, wanted: &[&str], what: &str) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < DEADLINE {
        if let Some(state) = devtools.evaluate(&page_state(needle)) {
            if wanted
                .iter()
                .all(|part| state.split('|').any(|s| s == *part))
            {
                return state;
            }
            last = state;
        }
        thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}; the page was `{last}`");
}

fn mark_page(devtools: &mut DevTools) {
    let state = devtools.evaluate("(window.__briefingTestMark = 'set')");
    assert_eq!(state.as_deref(), Some("set"));
}

#[test]
fn a_served_page_reloads_itself_and_shows_build_errors() {
    let Some(binary) = chromium() else {
        println!(
            "note: no Chromium ($CHROMIUM or /usr/bin/chromium): browser live-reload test skipped"
        );
        return;
    };
    let site = dev_server::site();
    let watching = Watching::start(&site);
    let page = format!(
        "http://127.0.0.1:{}/articles/second-article/",
        watching.port
    );
    let browser = Browser::open(&binary, &page);
    let mut devtools = DevTools::connect(&browser.page_socket(watching.port));
    wait_for_page(
        &mut devtools,
        "Moscow talks",
        &["new", "complete"],
        "the page to load",
    );

    // Edit the seed. The event stream may not be open yet when the first
    // edit lands, so each round edits again with a new word until the page
    // has reloaded by itself and shows it.
    let mut reloaded = None;
    for round in 1..=5 {
        mark_page(&mut devtools);
        let word = format!("Zebra{round}");
        site.write(
            "seeds/second.txt",
            &format!("Officials in Moscow discussed the plant again. [Citation: TASS]\n{word} crossing.\n"),
        );
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) && reloaded.is_none() {
            let state = devtools.evaluate(&page_state(&word)).unwrap_or_default();
            if state.starts_with("fresh|new|") {
                reloaded = Some(state);
            }
            thread::sleep(Duration::from_millis(100));
        }
        if reloaded.is_some() {
            break;
        }
    }
    let state = reloaded.unwrap_or_else(|| panic!("the page never reloaded\n{}", watching.log()));
    assert!(state.contains("|clean|"), "{state}");

    // Break a YAML file: the overlay appears, naming it, and the page does
    // not reload (the mark survives).
    wait_for_page(
        &mut devtools,
        "Zebra",
        &["fresh", "complete"],
        "the reloaded page",
    );
    mark_page(&mut devtools);
    site.write(
        "content/entities/moscow.yaml",
        "name: Moscow\nkind: [place\n",
    );
    let state = wait_for_page(
        &mut devtools,
        "Moscow",
        &["overlay-names-file"],
        "the error overlay",
    );
    assert!(state.starts_with("marked|"), "{state}");

    // Fix it: the page reloads and the overlay is gone.
    site.write(
        "content/entities/moscow.yaml",
        "name: Moscow\nkind: place\n",
    );
    wait_for_page(
        &mut devtools,
        "Moscow",
        &["fresh", "clean", "complete"],
        "the reload after the fix",
    );
    drop(browser);
}
