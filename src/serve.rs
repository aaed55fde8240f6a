//! The development server behind `briefing watch --serve`.
//!
//! Serves the output folder over HTTP: `index.html` for folders (`/dir`
//! redirects to `/dir/`), `404.html` with status 404 for anything missing,
//! never a folder listing and never a file outside the output folder (`..`
//! and encoded slashes are refused, symbolic links are followed only when
//! they stay inside). The file itself is sent by tower-http's `ServeFile`:
//! content type by extension (text types in UTF-8), byte ranges, `HEAD`,
//! `If-Modified-Since`; we add a weak ETag for `If-None-Match`.
//!
//! Live reload: every HTML response gets a `<script>` (served from
//! [`SCRIPT_PATH`]) that listens to Server-Sent Events at [`EVENTS_PATH`].
//! The watcher announces builds through a [`Hub`]: a good build sends
//! `reload`, a failed one sends `build-error` with the diagnostics as plain
//! text, which the script shows over the page until the next good build.
//! The script is added to responses only; the files on disk never change.
//!
//! Sub-paths: a site whose `base_url` has a path (`https://example.org/briefing/`)
//! is served under that path too (`http://127.0.0.1:1111/briefing/`), which
//! is the address announced, so the 404 page's links (absolute, from that
//! path) work as they will when deployed. Every other link is relative, so
//! the same files also answer at `/`. The path follows the last good build
//! (see [`Hub::set_base_url`]).
//!
//! This module does not build or watch anything (that is `watch`), and it is
//! a development tool: every response says `no-cache` (browsers revalidate,
//! and get 304 while a file is unchanged); no compression or TLS.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use tokio::sync::broadcast;
use tower_http::services::ServeFile;

/// Where the live-reload script is served. Root-relative on purpose: the
/// script is found the same way whatever sub-path the site is built for.
pub const SCRIPT_PATH: &str = "/__briefing/live.js";
/// The Server-Sent Events stream the script listens to.
pub const EVENTS_PATH: &str = "/__briefing/events";

/// How long open connections get to finish once shutdown starts.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

const LIVE_SCRIPT: &str = include_str!("serve/live.js");

/// What the watcher tells the browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// A build succeeded and its files are on disk.
    Reload,
    /// A build failed; the diagnostics as plain text.
    Failed(String),
    /// The server is shutting down: end every event stream.
    Closing,
}

/// Carries build outcomes from the watcher to every connected browser, and
/// remembers the current failure so a page opened meanwhile shows it too.
pub struct Hub {
    sender: broadcast::Sender<LiveEvent>,
    failure: Mutex<Option<String>>,
    /// The path of the site's `base_url`, as decoded segments (none: `/`).
    mount: Mutex<Vec<String>>,
}

impl Hub {
    pub fn new() -> Arc<Hub> {
        let (sender, _) = broadcast::channel(16);
        Arc::new(Hub {
            sender,
            failure: Mutex::new(None),
            mount: Mutex::new(Vec::new()),
        })
    }

    /// Serves the site under the path of `base_url` from now on (call after
    /// a good build, before announcing it).
    pub fn set_base_url(&self, base_url: Option<&str>) {
        *self.mount.lock().unwrap_or_else(PoisonError::into_inner) = mount_segments(base_url);
    }

    /// The path the site is served under: `/` or e.g. `/briefing/`.
    pub fn mount_path(&self) -> String {
        let segments = self.mount();
        RequestPath {
            segments,
            trailing_slash: true,
        }
        .encoded()
    }

    fn mount(&self) -> Vec<String> {
        self.mount
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Announces a good build (call after its files are written).
    pub fn built(&self) {
        *self.lock_failure() = None;
        let _ = self.sender.send(LiveEvent::Reload);
    }

    /// Announces a failed build with its rendered diagnostics.
    pub fn failed(&self, diagnostics: &str) {
        let text = plain_text(diagnostics);
        *self.lock_failure() = Some(text.clone());
        let _ = self.sender.send(LiveEvent::Failed(text));
    }

    /// Ends every open event stream.
    pub fn close(&self) {
        let _ = self.sender.send(LiveEvent::Closing);
    }

    fn subscribe(&self) -> (broadcast::Receiver<LiveEvent>, Option<String>) {
        let receiver = self.sender.subscribe();
        (receiver, self.lock_failure().clone())
    }

    fn lock_failure(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.failure.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The decoded path segments of a base URL (`https://host/a/b/` → `a`, `b`);
/// none for no URL, a root URL, or a path that is not a plain one.
fn mount_segments(base_url: Option<&str>) -> Vec<String> {
    let path = base_url
        .and_then(|url| url.splitn(4, '/').nth(3))
        .map(|path| path.split(['?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    RequestPath::parse(&format!("/{path}")).map_or_else(|_| Vec::new(), |r| r.segments)
}

/// SSE data cannot hold carriage returns, and terminal colours mean nothing
/// in a browser.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    if chars.peek() == Some(&'[') {
        chars.next();
        for c in chars.by_ref() {
            if c.is_ascii_alphabetic() {
                break;
            }
        }
    }
}

struct Server {
    output: PathBuf,
    hub: Arc<Hub>,
}

/// Serves `output` on `listener` until `shutdown` completes, then ends the
/// event streams and gives open connections a moment to finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    output: PathBuf,
    hub: Arc<Hub>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let server = Arc::new(Server {
        output,
        hub: hub.clone(),
    });
    let app = Router::new()
        .route(SCRIPT_PATH, get(live_script))
        .route(EVENTS_PATH, get(live_events))
        .fallback(site_file)
        .with_state(server);
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        shutdown.await;
        hub.close();
        let _ = started_tx.send(());
    };
    let running = axum::serve(listener, app).with_graceful_shutdown(signal);
    let deadline = async move {
        if started_rx.await.is_ok() {
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    let running = std::pin::pin!(running.into_future());
    let deadline = std::pin::pin!(deadline);
    match futures_util::future::select(running, deadline).await {
        futures_util::future::Either::Left((result, _)) => result,
        futures_util::future::Either::Right(((), _)) => Ok(()),
    }
}

async fn live_script() -> Response {
    let mut response = LIVE_SCRIPT.into_response();
    set_header(
        &mut response,
        header::CONTENT_TYPE,
        "text/javascript; charset=utf-8",
    );
    set_header(&mut response, header::CACHE_CONTROL, "no-cache");
    response
}

async fn live_events(State(server): State<Arc<Server>>) -> Response {
    let (receiver, failure) = server.hub.subscribe();
    let mut response = Sse::new(live_stream(receiver, failure))
        .keep_alive(KeepAlive::default())
        .into_response();
    set_header(&mut response, header::CACHE_CONTROL, "no-cache");
    response
}

/// The events one browser receives: the current failure first, if any,
/// then every build outcome until the server closes.
fn live_stream(
    receiver: broadcast::Receiver<LiveEvent>,
    failure: Option<String>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold((receiver, failure), |(mut receiver, failure)| async move {
        if let Some(text) = failure {
            return Some((Ok(failure_event(&text)), (receiver, None)));
        }
        let event = match receiver.recv().await {
            Ok(LiveEvent::Reload) | Err(broadcast::error::RecvError::Lagged(_)) => reload_event(),
            Ok(LiveEvent::Failed(text)) => failure_event(&text),
            Ok(LiveEvent::Closing) | Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(event), (receiver, None)))
    })
}

fn reload_event() -> Event {
    Event::default().event("reload").data("reload")
}

fn failure_event(text: &str) -> Event {
    let text = if text.trim().is_empty() {
        "the build failed"
    } else {
        text
    };
    Event::default().event("build-error").data(text)
}

/// Any path other than the live-reload ones: a file of the built site.
async fn site_file(State(server): State<Arc<Server>>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        set_header(&mut response, header::ALLOW, "GET, HEAD");
        return response;
    }
    let path = match RequestPath::parse(request.uri().path()) {
        Ok(path) => path,
        Err(BadPath) => return plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    };
    let inside_site = path.under(&server.hub.mount());
    match locate(&server.output, &inside_site).await {
        Located::File(file) => serve_file(&file, request).await,
        Located::Folder => redirect_to_folder(&path, request.uri().query()),
        Located::Missing => not_found(&server.output, request).await,
    }
}

/// A request path, percent-decoded and split into segments.
#[derive(Debug, PartialEq, Eq)]
struct RequestPath {
    segments: Vec<String>,
    trailing_slash: bool,
}

/// A path that cannot name a file of the site.
#[derive(Debug, PartialEq, Eq)]
struct BadPath;

/// What a path segment keeps unencoded: RFC 3986 `pchar` less `:`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

impl RequestPath {
    /// Splits on `/` first and decodes each segment after, so an encoded
    /// slash can never act as one; refuses `.`/`..`, backslashes, NUL,
    /// broken escapes and anything that is not UTF-8 once decoded.
    fn parse(raw: &str) -> Result<RequestPath, BadPath> {
        let rest = raw.strip_prefix('/').ok_or(BadPath)?;
        let mut segments = Vec::new();
        for piece in rest.split('/').filter(|piece| !piece.is_empty()) {
            let segment = decode_segment(piece)?;
            let refused = segment == "."
                || segment == ".."
                || segment.contains(['/', '\\', '\0'])
                || segment.contains(':');
            if refused {
                return Err(BadPath);
            }
            segments.push(segment);
        }
        Ok(RequestPath {
            segments,
            trailing_slash: raw.ends_with('/'),
        })
    }

    /// The path inside a site served under `mount`: without those leading
    /// segments when it starts with them, otherwise as it is (relative links
    /// make the site work at `/` too).
    fn under(&self, mount: &[String]) -> RequestPath {
        let inside = !mount.is_empty() && self.segments.starts_with(mount);
        let skip = if inside { mount.len() } else { 0 };
        RequestPath {
            segments: self.segments[skip..].to_vec(),
            trailing_slash: self.trailing_slash,
        }
    }

    /// The same path, re-encoded, with one leading slash (never `//host`).
    fn encoded(&self) -> String {
        let mut out = String::from("/");
        for segment in &self.segments {
            out.extend(utf8_percent_encode(segment, SEGMENT));
            out.push('/');
        }
        out
    }
}

/// One percent-decoded segment. The decoder passes a `%` without two hex
/// digits through as it is; such a request is refused instead, as clients
/// never send one.
fn decode_segment(piece: &str) -> Result<String, BadPath> {
    let well_formed = piece.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(BadPath);
    }
    percent_decode_str(piece)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| BadPath)
}

/// What a request path points at inside the output folder.
#[derive(Debug, PartialEq, Eq)]
enum Located {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Folder,
    Missing,
}

async fn locate(output: &Path, request: &RequestPath) -> Located {
    let Ok(base) = tokio::fs::canonicalize(output).await else {
        return Located::Missing;
    };
    let candidate = request
        .segments
        .iter()
        .fold(base.clone(), |path, segment| path.join(segment));
    let Some((real, metadata)) = inside(&base, &candidate).await else {
        return Located::Missing;
    };
    if metadata.is_file() {
        return if request.trailing_slash {
            Located::Missing
        } else {
            Located::File(real)
        };
    }
    if !request.trailing_slash {
        return Located::Folder;
    }
    match inside(&base, &real.join("index.html")).await {
        Some((index, metadata)) if metadata.is_file() => Located::File(index),
        _ => Located::Missing,
    }
}

/// The real path of `candidate` and its metadata, if it exists and, with
/// every symbolic link followed, is still inside `base`.
async fn inside(base: &Path, candidate: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
    let real = tokio::fs::canonicalize(candidate).await.ok()?;
    if !real.starts_with(base) {
        return None;
    }
    let metadata = tokio::fs::metadata(&real).await.ok()?;
    Some((real, metadata))
}

/// Serves one file the guard above let through, with tower-http's
/// `ServeFile`: content type, `Range`, `If-Modified-Since`, `HEAD`. We add
/// the ETag, the charset of text types, and the live-reload script in HTML.
async fn serve_file(path: &Path, mut request: Request) -> Response {
    let etag = entity_tag(path).await;
    if let Some(etag) = &etag
        && none_match(request.headers(), etag)
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().insert(header::ETAG, etag.clone());
        return response;
    }
    // A tag that did not match outranks the date (RFC 9110, 13.1.3).
    if request.headers().contains_key(header::IF_NONE_MATCH) {
        request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let html = is_html(path);
    let request = if html {
        whole_document(request)
    } else {
        request
    };
    let mut response = match ServeFile::new(path).try_call(request).await {
        Ok(response) => response.map(Body::new),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "500 cannot read file\n"),
    };
    if let Some(etag) = etag
        && response.status().is_success()
    {
        response.headers_mut().insert(header::ETAG, etag);
    }
    say_utf8(&mut response);
    set_header(&mut response, header::CACHE_CONTROL, "no-cache");
    set_header(&mut response, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if html && response.status() == StatusCode::OK {
        with_live_reload(response).await
    } else {
        response
    }
}

/// HTML pages are the files the MIME guess calls `text/html`.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// The script added to HTML changes its length, so byte ranges of the file
/// would not match what is sent: an HTML page is always sent whole (a `HEAD`
/// is answered as a `GET` whose body the server leaves out, so its length is
/// that of the page with the script).
fn whole_document(mut request: Request) -> Request {
    request.headers_mut().remove(header::RANGE);
    request.headers_mut().remove(header::IF_RANGE);
    *request.method_mut() = Method::GET;
    request
}

/// A weak validator from the file's length and modification time: enough to
/// tell a rebuilt file from the one a browser holds.
async fn entity_tag(path: &Path) -> Option<HeaderValue> {
    let metadata = tokio::fs::metadata(path).await.ok()?;
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let tag = format!("W/\"{:x}-{:x}\"", metadata.len(), modified.as_nanos());
    HeaderValue::from_str(&tag).ok()
}

/// Whether `If-None-Match` names `etag` (compared weakly, as RFC 9110 asks
/// for `GET`).
fn none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let Ok(ours) = etag.to_str() else {
        return false;
    };
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| tag.trim() == "*" || opaque(tag) == opaque(ours))
}

/// Text types say UTF-8, which every file we write is.
fn say_utf8(response: &mut Response) {
    let Some(value) = response.headers().get(header::CONTENT_TYPE) else {
        return;
    };
    let Ok(mime) = value.to_str() else {
        return;
    };
    if mime.contains("charset") || !is_text(mime) {
        return;
    }
    if let Ok(value) = HeaderValue::from_str(&format!("{mime}; charset=utf-8")) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
}

fn is_text(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.ends_with("+xml")
        || mime.ends_with("+json")
        || [
            "application/json",
            "application/javascript",
            "application/xml",
        ]
        .contains(&mime)
}

/// The response with the live-reload script in its body.
async fn with_live_reload(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "500 cannot read file\n");
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(inject_live_reload(&bytes)))
}

/// `404.html` with status 404, whatever the request's conditions and range
/// (they were about the page asked for, not this one).
async fn not_found(output: &Path, mut request: Request) -> Response {
    let page = match tokio::fs::canonicalize(output).await {
        Ok(base) => inside(&base, &base.join("404.html")).await,
        Err(_) => None,
    };
    let Some((path, _)) = page.filter(|(_, metadata)| metadata.is_file()) else {
        return plain(StatusCode::NOT_FOUND, "404 Not Found\n");
    };
    for name in [header::IF_MODIFIED_SINCE, header::IF_NONE_MATCH] {
        request.headers_mut().remove(name);
    }
    let mut response = serve_file(&path, request).await;
    if response.status().is_success() {
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().remove(header::ETAG);
        response.headers_mut().remove(header::LAST_MODIFIED);
    }
    response
}

fn redirect_to_folder(request: &RequestPath, query: Option<&str>) -> Response {
    let mut location = request.encoded();
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    match HeaderValue::from_str(&location) {
        Ok(value) => {
            response.headers_mut().insert(header::LOCATION, value);
            response
        }
        Err(_) => plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    set_header(
        &mut response,
        header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    );
    response
}

fn set_header(response: &mut Response, name: header::HeaderName, value: &'static str) {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

/// Adds the live-reload script before the last `</body>` (or at the end).
fn inject_live_reload(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    let at = last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body>";
    html.windows(CLOSE.len())
        .rposition(|window| window.eq_ignore_ascii_case(CLOSE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Result<Vec<String>, BadPath> {
        RequestPath::parse(raw).map(|r| r.segments)
    }

    #[test]
    fn paths_are_decoded_per_segment() {
        assert_eq!(segments("/"), Ok(vec![]));
        assert_eq!(
            segments("/articles/a%20b/index.html"),
            Ok(vec!["articles".into(), "a b".into(), "index.html".into()])
        );
        assert_eq!(
            segments("//articles//x/"),
            Ok(vec!["articles".into(), "x".into()])
        );
        assert!(RequestPath::parse("/a/").is_ok_and(|r| r.trailing_slash));
        assert!(RequestPath::parse("/a").is_ok_and(|r| !r.trailing_slash));
    }

    #[test]
    fn escapes_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/",
            "/%2E%2E/Cargo.toml",
            "/..%2f",
            "/..%2fCargo.toml",
            "/a%2f..%2f..%2fb",
            "/..%5c..%5cCargo.toml",
            "/./index.html",
            "/%00",
            "/%zz",
            "/%e2%28",
            "/C:%5cwindows",
            "relative",
        ] {
            assert_eq!(RequestPath::parse(raw), Err(BadPath), "{raw}");
        }
    }

    #[test]
    fn redirects_never_leave_the_host() {
        let request = RequestPath::parse("//evil.example/x").unwrap_or_else(|_| panic!());
        assert_eq!(request.encoded(), "/evil.example/x/");
        let request = RequestPath::parse("/a%20b").unwrap_or_else(|_| panic!());
        assert_eq!(request.encoded(), "/a%20b/");
    }

    #[test]
    fn a_base_url_path_becomes_the_mount() {
        let mount = |url: &str| mount_segments(Some(url));
        assert_eq!(mount("https://example.org/"), Vec::<String>::new());
        assert_eq!(mount("https://example.org/a/b%20c/"), ["a", "b c"]);
        assert_eq!(mount("https://example.org/a/?x#y"), ["a"]);
        assert_eq!(mount("https://example.org/../"), Vec::<String>::new());
        assert_eq!(mount_segments(None), Vec::<String>::new());
        let hub = Hub::new();
        hub.set_base_url(Some("https://example.org/a%20b/c/"));
        assert_eq!(hub.mount_path(), "/a%20b/c/");
    }

    #[test]
    fn requests_under_the_mount_lose_its_segments() {
        let mount = vec!["briefing".to_string()];
        let under = |raw: &str| {
            RequestPath::parse(raw)
                .unwrap_or_else(|_| panic!())
                .under(&mount)
        };
        assert_eq!(under("/briefing/articles/").segments, ["articles"]);
        assert!(under("/briefing/").segments.is_empty());
        assert!(!under("/briefing").trailing_slash);
        assert_eq!(under("/articles/").segments, ["articles"]);
        assert_eq!(under("/briefingx/").segments, ["briefingx"]);
    }

    #[test]
    fn script_goes_before_the_last_body_close() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject_live_reload(html)).unwrap_or_default();
        assert_eq!(
            out,
            "<html><body><p>&lt;/body&gt;</p><script src=\"/__briefing/live.js\"></script>\n</BODY></html>"
        );
        let out = String::from_utf8(inject_live_reload(b"<p>no body</p>")).unwrap_or_default();
        assert!(out.ends_with("<script src=\"/__briefing/live.js\"></script>\n"));
    }

    #[test]
    fn text_types_say_utf8() {
        for mime in [
            "text/html",
            "text/css",
            "text/javascript",
            "text/xml",
            "image/svg+xml",
            "application/json",
            "application/atom+xml",
        ] {
            assert!(is_text(mime), "{mime}");
        }
        for mime in ["image/png", "application/wasm", "application/octet-stream"] {
            assert!(!is_text(mime), "{mime}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let etag = HeaderValue::from_static("W/\"1-2\"");
        let headers = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static(value));
            headers
        };
        assert!(none_match(&headers("\"1-2\""), &etag));
        assert!(none_match(&headers("\"x\", W/\"1-2\""), &etag));
        assert!(none_match(&headers("*"), &etag));
        assert!(!none_match(&headers("W/\"1-3\""), &etag));
        assert!(!none_match(&HeaderMap::new(), &etag));
    }

    #[test]
    fn failures_become_plain_text() {
        assert_eq!(
            plain_text("\u{1b}[1;31merror\u{1b}[0m: bad\r\n  |\rx"),
            "error: bad\n  |\nx"
        );
    }

    #[test]
    fn a_new_listener_first_sees_the_current_failure() {
        let hub = Hub::new();
        hub.failed("error: broken");
        let (receiver, failure) = hub.subscribe();
        assert_eq!(failure.as_deref(), Some("error: broken"));
        hub.built();
        let (_, failure) = hub.subscribe();
        assert_eq!(failure, None);
        drop(receiver);
    }
}
