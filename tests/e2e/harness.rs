//! The end-to-end harness: serves the Trunk-built `dist/` from inside the test
//! process, starts its own chromedriver, opens a fresh headless Chromium
//! (fresh profile, fresh download directory) and offers a [`Page`] that acts
//! as a person would (real WebDriver clicks and key presses) and reads the
//! page back as one [`Snapshot`].
//!
//! Every check waits with a deadline ([`WAIT`]) instead of sleeping; on
//! failure the page's text, the browser console and local storage keys are
//! printed before the panic is passed on.

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The repository root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// What `trunk build --release` writes.
pub const DIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/dist");
/// How long any one expected change may take to show.
pub const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(40);

/// At most two browsers at a time: the suite must stay quick on two cores
/// while other builds run.
pub static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
static SERIAL: AtomicU32 = AtomicU32::new(0);

/// `dist/`, or a clear failure when the app was not built.
pub fn dist_dir() -> PathBuf {
    let dist = PathBuf::from(DIST);
    assert!(
        dist.join("index.html").is_file(),
        "{}/index.html is missing: run scripts/test.sh (it installs the tools and builds the app \
         with trunk) before cargo test",
        dist.display()
    );
    dist
}

/// A fresh, empty directory `<parent>/<name>-<pid>-<serial>`.
fn fresh_dir(parent: &Path, name: &str) -> PathBuf {
    let n = SERIAL.fetch_add(1, Ordering::Relaxed);
    let dir = parent.join(format!("{name}-{}-{n}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .unwrap_or_else(|e| panic!("could not empty {}: {e}", dir.display()));
    }
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("could not create {}: {e}", dir.display()));
    dir
}

// ---------------------------------------------------------------------------
// Static file server
// ---------------------------------------------------------------------------

/// A static HTTP server for one directory, on 127.0.0.1 and a free port.
/// GET only; files inside the directory only; stops when dropped.
pub struct Server {
    pub base: String,
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// A handle that stops the server (see [`Page::stop_server`]).
    pub fn abort_handle(&self) -> tokio::task::AbortHandle {
        self.task.abort_handle()
    }
}

pub async fn serve(root: PathBuf) -> Server {
    serve_with(root, None).await
}

/// A team server behind the static server, at `/couchdb/` on the same
/// origin (how the README deploys it: the page's CSP stays
/// `connect-src 'self'`). `down` cuts it: connections to it are closed at
/// once, as a server that is gone answers nothing.
pub struct Upstream {
    /// The team server's host (127.0.0.1, or the host in `COUCHDB_URL`).
    pub host: String,
    pub port: u16,
    pub down: std::sync::atomic::AtomicBool,
}

pub async fn serve_with(root: PathBuf, upstream: Option<Arc<Upstream>>) -> Server {
    serve_full(root, upstream, None).await
}

/// Holds back the files whose path ends with `suffix` until [`Hold::release`]
/// (the app's wasm, to look at the page before the app has arrived).
pub struct Hold {
    pub suffix: &'static str,
    open: tokio::sync::watch::Sender<bool>,
}

impl Hold {
    pub fn new(suffix: &'static str) -> Arc<Hold> {
        Arc::new(Hold {
            suffix,
            open: tokio::sync::watch::channel(false).0,
        })
    }

    pub fn release(&self) {
        self.open.send_replace(true);
    }
}

/// A static server that holds back what `hold` names.
pub async fn serve_holding(root: PathBuf, hold: Arc<Hold>) -> Server {
    serve_full(root, None, Some(hold)).await
}

async fn serve_full(
    root: PathBuf,
    upstream: Option<Arc<Upstream>>,
    hold: Option<Arc<Hold>>,
) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the static server to 127.0.0.1:0");
    let port = listener.local_addr().expect("static server address").port();
    let root = Arc::new(root);
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let root = root.clone();
            let upstream = upstream.clone();
            let hold = hold.clone();
            tokio::spawn(async move {
                // A browser closing a connection early is not our failure.
                let _ = handle(stream, &root, upstream.as_deref(), hold.as_deref()).await;
            });
        }
    });
    Server {
        base: format!("http://127.0.0.1:{port}"),
        port,
        task,
    }
}

async fn handle(
    mut stream: TcpStream,
    root: &Path,
    upstream: Option<&Upstream>,
    hold: Option<&Hold>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 32 * 1024 {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    if let Some(up) = upstream {
        let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
        let target = String::from_utf8_lossy(line)
            .split(' ')
            .nth(1)
            .unwrap_or_default()
            .to_string();
        if target == "/couchdb" || target.starts_with("/couchdb/") {
            return proxy(stream, head, up).await;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default();
    let target = request_line.next().unwrap_or_default();
    // A server that holds a request without answering (as a longpoll
    // whose timeout a server ignores): for the service worker's test.
    if target.starts_with("/__hang") {
        tokio::time::sleep(Duration::from_secs(120)).await;
        return Ok(());
    }

    if let Some(hold) = hold.filter(|h| target.split('?').next().unwrap_or("").ends_with(h.suffix))
    {
        let mut open = hold.open.subscribe();
        let _ = open.wait_for(|open| *open).await;
    }

    let (status, reason, content_type, body) = if method != "GET" {
        (
            405,
            "Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET only\n".to_vec(),
        )
    } else {
        match resolve(root, target) {
            Some(path) => match tokio::fs::read(&path).await {
                Ok(bytes) => (200, "OK", content_type(&path), bytes),
                Err(_) => not_found(),
            },
            None => not_found(),
        }
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    if status == 405 {
        response.push_str("Allow: GET\r\n");
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}

/// Passes one request under `/couchdb/` to the team server (one request per
/// connection: `Connection: close` both ways), or closes the connection
/// when the server is cut.
async fn proxy(mut client: TcpStream, mut raw: Vec<u8>, up: &Upstream) -> std::io::Result<()> {
    if up.down.load(Ordering::SeqCst) {
        return client.shutdown().await;
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len().saturating_sub(4));
    let rest = raw.split_off((split + 4).min(raw.len()));
    let head = String::from_utf8_lossy(&raw).to_string();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (method, target, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("HTTP/1.1"),
    );
    let target = match target.strip_prefix("/couchdb").unwrap_or(target) {
        "" => "/",
        t => t,
    };
    let mut out = format!("{method} {target} {version}\r\n");
    let mut length = 0usize;
    for line in lines.filter(|l| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("connection:") || lower.starts_with("keep-alive:") {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut body = rest;
    let mut chunk = [0u8; 8192];
    while body.len() < length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let Ok(mut server) = TcpStream::connect((up.host.as_str(), up.port)).await else {
        return client.shutdown().await;
    };
    server.write_all(out.as_bytes()).await?;
    server.write_all(&body).await?;
    // The answer's head with `Connection: close`, then everything to EOF.
    let mut answer = Vec::new();
    let split = loop {
        if let Some(i) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = server.read(&mut chunk).await?;
        if n == 0 {
            return client.shutdown().await;
        }
        answer.extend_from_slice(&chunk[..n]);
    };
    let tail = answer.split_off(split + 4);
    let head = String::from_utf8_lossy(&answer).to_string();
    let mut out = String::new();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("connection:") || lower.starts_with("keep-alive:") {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    client.write_all(out.as_bytes()).await?;
    client.write_all(&tail).await?;
    loop {
        if up.down.load(Ordering::SeqCst) {
            break;
        }
        // A longpoll may wait long; check the cut now and then.
        match tokio::time::timeout(Duration::from_millis(200), server.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => client.write_all(&chunk[..n]).await?,
            Err(_) => continue,
        }
    }
    client.shutdown().await
}

fn not_found() -> (u16, &'static str, &'static str, Vec<u8>) {
    (
        404,
        "Not Found",
        "text/plain; charset=utf-8",
        b"not found\n".to_vec(),
    )
}

/// The file a request target names, if it is a file inside `root`.
/// Refuses anything that could leave `root`: `..`, `.`, empty segments,
/// backslashes, percent-escapes, and symlinks pointing outside.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let rest = path.strip_prefix('/')?;
    if rest.contains(['\\', '%', '\0']) {
        return None;
    }
    let rest = if rest.is_empty() { "index.html" } else { rest };
    let mut full = root.to_path_buf();
    for segment in rest.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." {
            return None;
        }
        full.push(segment);
    }
    if !full.components().all(|c| {
        matches!(
            c,
            Component::Normal(_) | Component::RootDir | Component::Prefix(_)
        )
    }) {
        return None;
    }
    let real = full.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A minimal HTTP/1.1 request to 127.0.0.1:`port` (for chromedriver's
/// status and log endpoints, and for testing the static server).
/// Returns the status code, the headers (lowercased names) and the body.
pub async fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String, Vec<u8>), String> {
    let exchange = async {
        let mut stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| e.to_string())?;
        let body = body.unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open whatever we ask: read the
        // headers, then exactly Content-Length bytes (or chunks, or to EOF).
        let mut raw = Vec::new();
        let mut chunk = [0u8; 8192];
        let split = loop {
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!(
                    "connection closed before the end of headers: {:?}",
                    String::from_utf8_lossy(&raw)
                ));
            }
            raw.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line in {head:?}"))?;
        let header = |name: &str| {
            head.lines().skip(1).find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == name).then(|| v.trim().to_string())
            })
        };
        let mut payload = raw[split + 4..].to_vec();
        if let Some(len) = header("content-length") {
            let len: usize = len
                .parse()
                .map_err(|_| format!("bad content-length {len:?}"))?;
            while payload.len() < len {
                let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("connection closed before the end of the body".into());
                }
                payload.extend_from_slice(&chunk[..n]);
            }
            payload.truncate(len);
        } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
            while !payload.windows(5).any(|w| w == b"0\r\n\r\n") {
                let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                payload.extend_from_slice(&chunk[..n]);
            }
            payload = dechunk(&payload).ok_or("bad chunked body")?;
        } else {
            stream
                .read_to_end(&mut payload)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok((status, head, payload))
    };
    tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .map_err(|_| format!("{method} {path} on port {port} timed out"))?
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

// ---------------------------------------------------------------------------
// chromedriver
// ---------------------------------------------------------------------------

/// A chromedriver child process; killed when dropped.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 to find a free port");
    listener.local_addr().expect("local address").port()
}

/// Starts `$CHROMEDRIVER` (or `chromedriver` on PATH) on a free port and
/// waits until it says it is ready.
pub async fn start_driver(log: PathBuf) -> Driver {
    let bin = std::env::var("CHROMEDRIVER")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "chromedriver".into());
    let mut last = String::new();
    // The free port can be taken between finding and binding it: retry.
    for _ in 0..3 {
        let port = free_port();
        let child = Command::new(&bin)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start chromedriver `{bin}`: {e}. Run scripts/test.sh (it installs Chromium and chromedriver), or set CHROMEDRIVER.")
            });
        let mut driver = Driver {
            child,
            port,
            log: log.clone(),
        };
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = driver.child.try_wait() {
                last = format!("chromedriver exited with {status}");
                break;
            }
            match http(port, "GET", "/status", None).await {
                Ok((200, _, body)) => {
                    let status: Value = serde_json::from_slice(&body).unwrap_or_default();
                    if status["value"]["ready"] == json!(true) {
                        return driver;
                    }
                    last = format!("chromedriver not ready: {status}");
                }
                Ok((code, _, body)) => {
                    last = format!(
                        "chromedriver /status: {code} {}",
                        String::from_utf8_lossy(&body)
                    )
                }
                Err(e) => last = e,
            }
            tokio::time::sleep(POLL).await;
        }
    }
    panic!(
        "chromedriver `{bin}` did not become ready: {last} (log: {})",
        log.display()
    );
}

// ---------------------------------------------------------------------------
// The browser session
// ---------------------------------------------------------------------------

fn capabilities(profile: &Path, downloads: &Path) -> fantoccini::wd::Capabilities {
    let mut chrome = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display()),
        ],
        "prefs": {
            "download.default_directory": downloads.display().to_string(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
        },
    });
    if Path::new("/usr/bin/chromium").exists() {
        chrome["binary"] = json!("/usr/bin/chromium");
    }
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": chrome,
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!("capabilities are an object"),
    }
}

/// Runs `body` against a fresh browser on a fresh server: fresh profile and
/// download directory, its own chromedriver. On failure prints what the page
/// showed; always closes the browser and stops chromedriver.
pub async fn with_browser<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dist = dist_dir();
    let _permit = BROWSERS
        .acquire()
        .await
        .expect("browser semaphore is never closed");
    let started = Instant::now();
    let server = serve(dist).await;
    let browser = open_browser(name, &server).await;
    let page = browser.page.clone();
    let result = tokio::spawn(body(page.clone())).await;
    if result.is_err() {
        eprintln!("---- {name}: diagnostics ----");
        eprintln!("{}", page.diagnostics().await);
        eprintln!("chromedriver log: {}", browser.driver.log.display());
        eprintln!("downloads: {}", browser.page.downloads.display());
    }
    let passed = result.is_ok();
    browser.close(passed).await;
    drop(server);
    match result {
        Ok(()) => {
            eprintln!("{name}: passed in {:.1} s", started.elapsed().as_secs_f64());
        }
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("{name}: the test task did not finish: {e}"),
    }
}

/// A browser of its own (profile, downloads, chromedriver) on `server`.
pub struct Browser {
    pub page: Page,
    pub driver: Driver,
    work: PathBuf,
}

impl Browser {
    /// Closes the browser and stops chromedriver; removes its folders when
    /// the test passed.
    pub async fn close(self, passed: bool) {
        let _ =
            tokio::time::timeout(Duration::from_secs(10), self.page.client.clone().close()).await;
        drop(self.driver);
        if passed {
            let _ = std::fs::remove_dir_all(&self.work);
            let _ = std::fs::remove_dir_all(&self.page.downloads);
        }
    }
}

/// Opens a fresh browser (fresh profile and download folder, its own
/// chromedriver) whose page is on `server`.
pub async fn open_browser(name: &str, server: &Server) -> Browser {
    let work = fresh_dir(&Path::new(ROOT).join("target/tmp"), &format!("e2e-{name}"));
    let profile = work.join("profile");
    let downloads = fresh_dir(&Path::new(ROOT).join("target/e2e-downloads"), name);
    let driver = start_driver(work.join("chromedriver.log")).await;
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(&profile, &downloads))
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "could not open a Chromium session through chromedriver: {e} (log: {})",
                driver.log.display()
            )
        });
    let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
    let page = Page {
        client,
        base: server.base.clone(),
        downloads,
        driver_port: driver.port,
        session_id,
        server_task: server.abort_handle(),
    };
    Browser { page, driver, work }
}

/// Holds every browser slot, for a test that runs several browsers at once.
pub async fn all_browsers() -> tokio::sync::SemaphorePermit<'static> {
    BROWSERS
        .acquire_many(2)
        .await
        .expect("browser semaphore is never closed")
}

/// One browser tab on the app, and what a person can do with it.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    pub base: String,
    pub downloads: PathBuf,
    driver_port: u16,
    session_id: String,
    server_task: tokio::task::AbortHandle,
}

/// One sentence as the page shows it.
#[derive(Debug, Clone, Deserialize)]
pub struct SentenceState {
    pub id: String,
    pub tag: Option<String>,
    pub aria_selected: Option<String>,
    pub classes: Vec<String>,
    pub text: String,
}

/// Everything the tests look at, read in one round trip.
#[derive(Debug, Clone, Deserialize)]
pub struct Snapshot {
    pub sentences: Vec<SentenceState>,
    /// Text of `[data-count=claim|denial|quote|tagged] .n`.
    pub counts: BTreeMap<String, Option<String>>,
    pub storage: BTreeMap<String, String>,
    pub alerts: Vec<String>,
    /// `data-sentence-id` of the focused element.
    pub active: Option<String>,
    /// Toolbar button (Claim, Denial, Quote, Clear) → enabled.
    pub buttons: BTreeMap<String, Option<bool>>,
    /// The prerendered first screen is still in the page (the app has not
    /// taken over yet).
    pub first_screen: bool,
}

const SNAPSHOT_JS: &str = r#"
const q = (s) => document.querySelector(s);
const sentences = Array.from(
  document.querySelectorAll('#glossa div.sentences[role="listbox"] span.s[data-sentence-id]')
).map((e) => ({
  id: e.getAttribute('data-sentence-id'),
  tag: e.getAttribute('data-tag'),
  aria_selected: e.getAttribute('aria-selected'),
  classes: Array.from(e.classList),
  text: e.textContent,
}));
const counts = {};
for (const k of ['claim', 'denial', 'quote', 'tagged']) {
  const n = q(`#glossa [data-count="${k}"] .n`);
  counts[k] = n ? n.textContent.trim() : null;
}
const storage = {};
for (let i = 0; i < localStorage.length; i++) {
  const k = localStorage.key(i);
  storage[k] = localStorage.getItem(k);
}
const alerts = Array.from(document.querySelectorAll('[role="alert"]')).map((e) => e.textContent);
const a = document.activeElement;
const buttons = {};
for (const [l, css] of [['Claim', '.tag-btn.tag-claim'], ['Denial', '.tag-btn.tag-denial'], ['Quote', '.tag-btn.tag-quote'], ['Clear', '.clear-btn']]) {
  const b = q(`#glossa [role="toolbar"] button${css}`);
  buttons[l] = b ? !b.disabled : null;
}
const first_screen = !!q('div[data-first-screen]');
const snap = { sentences, counts, storage, alerts, active: a ? a.getAttribute('data-sentence-id') : null, buttons, first_screen };
// Saved work lives in IndexedDB ("glossa-work", store "work"); each record's
// Glossa JSON is shown under the local storage key older versions used, so
// checks read saved work the same way wherever it is kept.
const done = arguments[arguments.length - 1];
let req;
try { req = indexedDB.open('glossa-work'); } catch (e) { done(snap); return; }
// Never create the app's database from a test: abort if it does not exist.
req.onupgradeneeded = () => req.transaction.abort();
req.onerror = () => done(snap);
req.onblocked = () => done(snap);
req.onsuccess = () => {
  const db = req.result;
  if (!db.objectStoreNames.contains('work')) { db.close(); done(snap); return; }
  const all = db.transaction('work').objectStore('work').getAll();
  all.onsuccess = () => {
    for (const r of all.result) {
      if (typeof r.data === 'string') storage['glossa:v1:doc:' + r.id] = r.data;
    }
    db.close();
    done(snap);
  };
  all.onerror = () => { db.close(); done(snap); };
};
"#;

impl Snapshot {
    /// Tagged sentences must be exactly `expected` (sentence number, tag),
    /// shown both as `data-tag` and as the `tag-*` class.
    pub fn expect_tags(&self, expected: &[(usize, &str)]) -> Result<(), String> {
        for s in &self.sentences {
            let want = expected
                .iter()
                .find(|(n, _)| format!("s{n}") == s.id)
                .map(|(_, t)| *t);
            let tag_classes: Vec<&str> = s
                .classes
                .iter()
                .filter_map(|c| c.strip_prefix("tag-"))
                .collect();
            let ok =
                s.tag.as_deref() == want && tag_classes == want.into_iter().collect::<Vec<_>>();
            if !ok {
                return Err(format!(
                    "{}: want tag {want:?}, page shows data-tag={:?} classes={:?}",
                    s.id, s.tag, s.classes
                ));
            }
        }
        Ok(())
    }

    /// Selected sentences must be exactly `expected`: `aria-selected="true"`
    /// and class `selected`; every other one `aria-selected="false"`.
    pub fn expect_selected(&self, expected: &[usize]) -> Result<(), String> {
        for s in &self.sentences {
            let want = expected.iter().any(|n| format!("s{n}") == s.id);
            let aria = if want { "true" } else { "false" };
            let class = s.classes.iter().any(|c| c == "selected");
            if s.aria_selected.as_deref() != Some(aria) || class != want {
                return Err(format!(
                    "{}: want selected={want}, page shows aria-selected={:?} classes={:?}",
                    s.id, s.aria_selected, s.classes
                ));
            }
        }
        Ok(())
    }

    /// The numbers shown for claim, denial, quote and tagged.
    pub fn counts(&self) -> Result<[u32; 4], String> {
        let mut out = [0; 4];
        for (i, k) in ["claim", "denial", "quote", "tagged"].iter().enumerate() {
            let text = self
                .counts
                .get(*k)
                .cloned()
                .flatten()
                .ok_or_else(|| format!("no [data-count={k}] .n"))?;
            out[i] = text
                .parse()
                .map_err(|_| format!("[data-count={k}] .n is {text:?}, not a number"))?;
        }
        Ok(out)
    }

    pub fn expect_counts(
        &self,
        claim: u32,
        denial: u32,
        quote: u32,
        tagged: u32,
    ) -> Result<(), String> {
        let got = self.counts()?;
        if got != [claim, denial, quote, tagged] {
            return Err(format!(
                "counts claim/denial/quote/tagged: want {claim}/{denial}/{quote}/{tagged}, page shows {}/{}/{}/{}",
                got[0], got[1], got[2], got[3]
            ));
        }
        Ok(())
    }

    pub fn expect_focus(&self, n: usize) -> Result<(), String> {
        let want = format!("s{n}");
        if self.active.as_deref() != Some(want.as_str()) {
            return Err(format!(
                "keyboard focus: want {want}, page has it on {:?}",
                self.active
            ));
        }
        Ok(())
    }

    /// Local storage entries whose key starts with `prefix`.
    pub fn storage_with_prefix(&self, prefix: &str) -> Vec<(&str, &str)> {
        self.storage
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

impl Page {
    /// Opens the app and waits until its sentences are shown.
    pub async fn open(&self) {
        self.client
            .goto(&format!("{}/", self.base))
            .await
            .expect("navigate to the app");
        self.wait_for_app().await;
    }

    /// Reloads like the browser's reload button, then waits for the app.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload the page");
        self.wait_for_app().await;
    }

    pub async fn wait_for_app(&self) -> Snapshot {
        self.wait_for("the app to show its sentences", |s| {
            if s.first_screen {
                Err("the prerendered first screen is still in the page".into())
            } else if s.sentences.is_empty() {
                Err("no span.s[data-sentence-id] in div.sentences[role=listbox] yet".into())
            } else {
                Ok(())
            }
        })
        .await
    }

    pub async fn snapshot(&self) -> Result<Snapshot, String> {
        let value = self
            .client
            .execute_async(SNAPSHOT_JS, vec![])
            .await
            .map_err(|e| format!("execute: {e}"))?;
        serde_json::from_value(value.clone()).map_err(|e| format!("snapshot {value}: {e}"))
    }

    /// Polls the page until `check` passes (up to [`WAIT`]); panics with the
    /// last reason it did not.
    pub async fn wait_for(
        &self,
        what: &str,
        check: impl Fn(&Snapshot) -> Result<(), String>,
    ) -> Snapshot {
        let deadline = Instant::now() + WAIT;
        loop {
            let why = match self.snapshot().await {
                Ok(snap) => match check(&snap) {
                    Ok(()) => return snap,
                    Err(why) => why,
                },
                Err(why) => why,
            };
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for {what}: {why}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn sentence(&self, n: usize) -> Element {
        let css =
            format!(r#"#glossa div.sentences[role="listbox"] span.s[data-sentence-id="s{n}"]"#);
        self.client
            .find(Locator::Css(&css))
            .await
            .unwrap_or_else(|e| panic!("find sentence s{n}: {e}"))
    }

    /// A mouse click on sentence `n`.
    pub async fn click_sentence(&self, n: usize) {
        let el = self.sentence(n).await;
        // As a person would: the sentence is scrolled out from under the
        // sticky bars or the message area (WebDriver counts a sentence
        // under them as in view) when it is not plainly visible.
        self.client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); \
                 const top = document.querySelector('.topbar'); \
                 const below = top ? top.getBoundingClientRect().bottom + 60 : 0; \
                 const f = arguments[0].getClientRects()[0] || r; \
                 const at = document.elementFromPoint(f.left + f.width / 2, f.top + f.height / 2); \
                 const m = document.querySelector('.messages'); \
                 const mr = m && m.children.length ? m.getBoundingClientRect() : null; \
                 const covered = !at || !arguments[0].contains(at) || (mr && r.bottom > mr.top - 8); \
                 if (r.top < below || r.bottom > innerHeight || covered) arguments[0].scrollIntoView({block: 'center'});",
                vec![json!(el)],
            )
            .await
            .expect("scroll the sentence into view");
        // A message may have come up over it since (a save failing): like a
        // person, bring the sentence clear of it and click again.
        let mut tries = 0;
        loop {
            match el.clone().click().await {
                Ok(_) => break,
                Err(e) if tries < 3 && e.to_string().contains("intercepted") => {
                    tries += 1;
                    self.client
                        .execute(
                            "arguments[0].scrollIntoView({block: 'center'});",
                            vec![json!(el)],
                        )
                        .await
                        .expect("scroll the sentence into view");
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                Err(e) => panic!("click sentence s{n}: {e}"),
            }
        }
    }

    /// Holds Shift and clicks sentence `n`.
    pub async fn shift_click_sentence(&self, n: usize) {
        let el = self.sentence(n).await;
        // A pointer can only move to what is in view.
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![json!(el)],
            )
            .await
            .expect("scroll the sentence into view");
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Shift.into(),
            })
            .pause(Duration::ZERO)
            .pause(Duration::ZERO)
            .pause(Duration::ZERO)
            .then(KeyAction::Up {
                value: Key::Shift.into(),
            });
        let mouse = MouseActions::new("mouse".into())
            .pause(Duration::ZERO)
            .then(PointerAction::MoveToElement {
                element: el,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            })
            .pause(Duration::ZERO);
        self.client
            .perform_actions(fantoccini::actions::Actions::from(keys).and(mouse))
            .await
            .unwrap_or_else(|e| panic!("shift-click sentence s{n}: {e}"));
        self.client.release_actions().await.expect("release shift");
    }

    /// Presses the mouse on sentence `from`, moves it to sentence `to` and
    /// lets go, as a person dragging across the text.
    pub async fn drag_sentences(&self, from: usize, to: usize) {
        let a = self.sentence(from).await;
        let b = self.sentence(to).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![json!(a)],
            )
            .await
            .expect("scroll the first sentence into view");
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: a,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveToElement {
                element: b,
                duration: Some(Duration::from_millis(200)),
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|e| panic!("drag from s{from} to s{to}: {e}"));
    }

    /// A mouse click on the element `css` at `fy` (0 = top, 1 = bottom) of
    /// its height, in the middle of its width.
    pub async fn click_at_fraction(&self, css: &str, fy: f64) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        let height = self
            .js(
                "return arguments[0].getBoundingClientRect().height;",
                vec![serde_json::to_value(&el).expect("element as JSON")],
            )
            .await
            .as_f64()
            .unwrap_or(0.0);
        assert!(height > 0.0, "{css} has no height");
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: el,
                duration: None,
                x: 0.0,
                y: (fy - 0.5) * height,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|e| panic!("click {css} at {fy}: {e}"));
    }

    /// A mouse click on the toolbar button named `label` (its text).
    pub async fn click_button(&self, label: &str) {
        let xpath = format!("//*[@role='toolbar']//button[normalize-space(text())='{label}']");
        let button = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("find button {label:?}: {e}"));
        button
            .click()
            .await
            .unwrap_or_else(|e| panic!("click button {label:?}: {e}"));
    }

    /// A mouse click on the button whose text is exactly `text`.
    pub async fn click_button_text(&self, text: &str) {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        let button = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("find button {text:?}: {e}"));
        button
            .click()
            .await
            .unwrap_or_else(|e| panic!("click button {text:?}: {e}"));
    }

    /// Presses and releases each character of `keys` in turn, on whatever
    /// has keyboard focus.
    pub async fn press(&self, keys: &str) {
        for key in keys.chars() {
            self.chord(&[], key).await;
        }
    }

    /// Presses one special key (arrows, Backspace…).
    pub async fn press_key(&self, key: Key) {
        self.chord(&[], key.into()).await;
    }

    /// Holds `modifiers`, presses `key`, releases all.
    pub async fn chord(&self, modifiers: &[Key], key: char) {
        let mut seq = KeyActions::new("keyboard".into());
        for m in modifiers {
            seq = seq.then(KeyAction::Down { value: (*m).into() });
        }
        seq = seq
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in modifiers.iter().rev() {
            seq = seq.then(KeyAction::Up { value: (*m).into() });
        }
        self.client
            .perform_actions(seq)
            .await
            .unwrap_or_else(|e| panic!("press {modifiers:?} + {key:?}: {e}"));
    }

    /// Sets a local storage entry of the page's origin.
    pub async fn set_storage(&self, key: &str, value: &str) {
        self.client
            .execute(
                "localStorage.setItem(arguments[0], arguments[1]);",
                vec![json!(key), json!(value)],
            )
            .await
            .expect("set local storage");
    }

    /// Waits until `name` is completely downloaded (no partial files left,
    /// size stable) and returns its path.
    pub async fn wait_for_download(&self, name: &str) -> PathBuf {
        let path = self.downloads.join(name);
        let deadline = Instant::now() + WAIT;
        let mut last_size = None;
        loop {
            let entries: Vec<String> = std::fs::read_dir(&self.downloads)
                .map(|d| {
                    d.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let partial = entries
                .iter()
                .any(|e| e.ends_with(".crdownload") || e.starts_with(".com.google.Chrome"));
            let size = std::fs::metadata(&path).ok().map(|m| m.len());
            if !partial && size.is_some_and(|s| s > 0) && size == last_size {
                return path;
            }
            last_size = size;
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {WAIT:?} waiting for the download {} (directory holds {entries:?})",
                    path.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What the page shows, the browser console and the storage keys.
    pub async fn diagnostics(&self) -> String {
        let mut out = String::new();
        if let Ok(url) = self.client.current_url().await {
            out.push_str(&format!("url: {url}\n"));
        }
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : '(no body)';",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => {
                let excerpt: String = text.chars().take(1500).collect();
                out.push_str(&format!("page text (first 1500 chars):\n{excerpt}\n"));
            }
            Ok(other) => out.push_str(&format!("page text: {other}\n")),
            Err(e) => out.push_str(&format!("page text unavailable: {e}\n")),
        }
        match self.snapshot().await {
            Ok(s) => {
                let tagged: Vec<String> = s
                    .sentences
                    .iter()
                    .filter_map(|x| Some(format!("{}={}", x.id, x.tag.as_ref()?)))
                    .collect();
                let selected: Vec<&str> = s
                    .sentences
                    .iter()
                    .filter(|x| x.aria_selected.as_deref() == Some("true"))
                    .map(|x| x.id.as_str())
                    .collect();
                out.push_str(&format!(
                    "sentences: {}, tagged: {tagged:?}, selected: {selected:?}, focus: {:?}, counts: {:?}, alerts: {:?}, buttons: {:?}\nstorage keys: {:?}\n",
                    s.sentences.len(),
                    s.active,
                    s.counts,
                    s.alerts,
                    s.buttons,
                    s.storage.keys().collect::<Vec<_>>()
                ));
            }
            Err(e) => out.push_str(&format!("snapshot unavailable: {e}\n")),
        }
        let log_path = format!("/session/{}/se/log", self.session_id);
        match http(
            self.driver_port,
            "POST",
            &log_path,
            Some(r#"{"type":"browser"}"#),
        )
        .await
        {
            Ok((200, _, body)) => {
                let logs: Value = serde_json::from_slice(&body).unwrap_or_default();
                let lines: Vec<String> = logs["value"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|l| {
                                format!(
                                    "[{}] {}",
                                    l["level"].as_str().unwrap_or("?"),
                                    l["message"].as_str().unwrap_or("?")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "browser console ({} entries):\n{}\n",
                    lines.len(),
                    lines.join("\n")
                ));
            }
            Ok((code, _, body)) => out.push_str(&format!(
                "browser console unavailable: {code} {}\n",
                String::from_utf8_lossy(&body)
            )),
            Err(e) => out.push_str(&format!("browser console unavailable: {e}\n")),
        }
        out
    }
}

// ---------------------------------------------------------------------------
// More of what a person does and sees (documents, dialogs, files). Not every
// test file uses every helper, hence `allow(dead_code)`.
// ---------------------------------------------------------------------------

#[allow(dead_code)]
impl Page {
    /// Runs `js` (a function body) and returns what it returns.
    pub async fn js(&self, js: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(js, args)
            .await
            .unwrap_or_else(|e| panic!("execute {js:?}: {e}"))
    }

    /// Polls `js` (a function body returning a string with why not, or
    /// `null` when done) until it returns `null`; panics with the last why.
    pub async fn wait_js(&self, what: &str, js: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let why = match self.client.execute(js, vec![]).await {
                Ok(Value::Null) => return,
                Ok(Value::String(s)) => s,
                Ok(other) => other.to_string(),
                Err(e) => format!("execute: {e}"),
            };
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for {what}: {why}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The `id` (or tag name, or `data-sentence-id`) of the focused element.
    pub async fn active_element(&self) -> String {
        let v = self
            .js(
                "const a = document.activeElement; if (!a) return ''; \
                 return a.id ? '#' + a.id : (a.getAttribute('data-sentence-id') || a.tagName.toLowerCase());",
                vec![],
            )
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the focused element is `want` (as [`Page::active_element`] names it).
    pub async fn wait_for_focus_on(&self, want: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = self.active_element().await;
            if got == want {
                return;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for keyboard focus on {want}: it is on {got:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// `textContent` of the first element matching `css`, if any.
    pub async fn text_of(&self, css: &str) -> Option<String> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                vec![json!(css)],
            )
            .await;
        v.as_str().map(str::to_string)
    }

    /// `textContent` of every element matching `css`.
    pub async fn texts_of(&self, css: &str) -> Vec<String> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.textContent);",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Waits for an element matching `css` and returns its `textContent`.
    pub async fn wait_for_text(&self, what: &str, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(t) = self.text_of(css).await {
                return t;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for {what}: nothing matches {css}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// A mouse click on the element matching `css`.
    pub async fn click_css(&self, css: &str) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// A mouse click on the element matching `xpath`.
    pub async fn click_xpath(&self, xpath: &str) {
        let el = self
            .client
            .find(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("find {xpath}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {xpath}: {e}"));
    }

    /// Gives the file input matching `css` a file, as choosing it in the
    /// browser's file picker does.
    pub async fn choose_file(&self, css: &str, path: &Path) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find the file input {css}: {e}"));
        el.send_keys(&path.display().to_string())
            .await
            .unwrap_or_else(|e| panic!("choose {} in {css}: {e}", path.display()));
    }

    /// Chooses several files at once in the file input `css` (it must take
    /// `multiple`), as a person selecting them in the picker.
    pub async fn choose_files(&self, css: &str, paths: &[PathBuf]) {
        let el = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find the file input {css}: {e}"));
        let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        el.send_keys(&list.join("\n"))
            .await
            .unwrap_or_else(|e| panic!("choose {list:?} in {css}: {e}"));
    }

    /// Opens "Export ▾" and clicks "Whole library as `label`".
    pub async fn export_library_as(&self, label: &str) {
        self.click_css(r#"button[aria-haspopup="menu"]"#).await;
        self.click_xpath(&format!(
            "//*[@role='menu']//button[@data-library][.//*[contains(concat(' ', @class, ' '), ' menu-label ') and normalize-space(.)='{label}']]"
        ))
        .await;
    }

    /// Opens "Export ▾" and clicks the format whose label is `label`.
    pub async fn export_as(&self, label: &str) {
        self.click_css(r#"button[aria-haspopup="menu"]"#).await;
        let item = format!(
            "//*[@role='menu']//button[@role='menuitem'][.//*[contains(concat(' ', @class, ' '), ' menu-label ') and normalize-space(.)='{label}']]"
        );
        self.click_xpath(&item).await;
    }

    /// The names of the files in the download directory.
    pub fn downloaded(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.downloads)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The document's title as the page shows it (`h1.title`).
    pub async fn title(&self) -> Option<String> {
        self.text_of("h1.title").await
    }

    /// Waits until the page shows the document titled `title` with its sentences.
    pub async fn wait_for_document(&self, title: &str, sentences: usize) -> Snapshot {
        let deadline = Instant::now() + WAIT;
        loop {
            let shown = self.title().await;
            if shown.as_deref() == Some(title) {
                if let Ok(s) = self.snapshot().await {
                    if s.sentences.len() == sentences {
                        return s;
                    }
                }
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT:?} waiting for the document {title:?} ({sentences} sentences): the page shows {shown:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// An empty folder `target/tmp/{name}` (emptied if it was there).
pub fn scratch(name: &str) -> PathBuf {
    fresh_dir(&Path::new(ROOT).join("target/tmp"), name)
}

/// A scratch directory under `target/tmp` for one test's files, removed
/// when the test passes (kept to look at when it failed).
pub struct WorkDir(pub PathBuf);

#[allow(dead_code)]
impl WorkDir {
    pub fn new(name: &str) -> WorkDir {
        let dir = Path::new(ROOT)
            .join("target/tmp")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        WorkDir(dir)
    }

    /// Writes `name` in the directory; returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Helpers for reading the files the app writes.
#[allow(dead_code)]
pub mod files {
    use serde_json::Value;
    use std::path::Path;

    /// (sentence id, tag) of each annotation in a Glossa file, in file order.
    pub fn tags_in(file: &Value) -> Result<Vec<(String, String)>, String> {
        let anns = file["annotations"]
            .as_array()
            .ok_or("annotations is not an array")?;
        Ok(anns
            .iter()
            .map(|a| {
                (
                    a["target"]["sentence_id"]
                        .as_str()
                        .unwrap_or("?")
                        .to_string(),
                    a["tag"].as_str().unwrap_or("?").to_string(),
                )
            })
            .collect())
    }

    /// `text[start..end]` counted in code points.
    pub fn slice_cp(text: &str, start: usize, end: usize) -> String {
        text.chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect()
    }

    pub fn read_text(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn read_json(path: &Path) -> Value {
        let text = read_text(path);
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()))
    }

    /// Validates `file` against `docs/glossa-annotations.v<VERSION>.schema.json`.
    pub fn assert_schema_valid(file: &Value, what: &str) {
        let version = glossa_core::format::VERSION;
        let path = format!(
            "{}/docs/glossa-annotations.v{version}.schema.json",
            super::ROOT
        );
        let schema = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("the schema for format version {version} ({path}) is missing: {e}")
        });
        let schema: Value =
            serde_json::from_str(&schema).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{path} does not compile: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(file)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} does not match {path}:\n{}\n{file:#}",
            errors.join("\n")
        );
    }

    /// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line
    /// breaks; lines end in CRLF or LF).
    pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        let mut at_start = true;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if at_start => {
                    quoted = true;
                    at_start = false;
                }
                '"' => return Err(format!("a quote inside an unquoted field: {field:?}")),
                ',' => {
                    row.push(std::mem::take(&mut field));
                    at_start = true;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                    at_start = true;
                }
                _ => {
                    field.push(c);
                    at_start = false;
                }
            }
        }
        if quoted {
            return Err("the file ends inside a quoted field".into());
        }
        if !field.is_empty() || !row.is_empty() {
            row.push(field);
            rows.push(row);
        }
        Ok(rows)
    }

    /// Runs the W3C validator (`--strict`) on `file`; panics with its output
    /// unless it passes, and says what is missing when the validator is.
    pub fn assert_w3c_valid(file: &Path) {
        let script = Path::new(super::ROOT).join("../shared/tools/validate_w3c.py");
        assert!(
            script.is_file(),
            "{} is missing: the shared/ folder must sit beside the repository (CI lays it there)",
            script.display()
        );
        let python = std::env::var("GLOSSA_PYTHON")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "python3".into());
        let out = std::process::Command::new(&python)
            .arg(&script)
            .arg(file)
            .arg("--strict")
            .current_dir(super::ROOT)
            .output()
            .unwrap_or_else(|e| panic!("could not run {python} {}: {e}", script.display()));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "validate_w3c.py --strict {} failed ({}); with GLOSSA_PYTHON={python}:\n{text}",
            file.display(),
            out.status
        );
        println!("validate_w3c.py --strict {}: passed", file.display());
    }
}

// ---------------------------------------------------------------------------
// The browser beneath WebDriver (DevTools protocol), the network, saved
// work in IndexedDB and more tabs.
// ---------------------------------------------------------------------------

#[allow(dead_code)]
impl Page {
    /// Runs a Chrome DevTools Protocol command on the page through
    /// chromedriver (`POST /session/{id}/goog/cdp/execute`) and returns its
    /// result, or chromedriver's error.
    pub async fn try_cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        let path = format!("/session/{}/goog/cdp/execute", self.session_id);
        let body = json!({ "cmd": cmd, "params": params }).to_string();
        let (code, _, reply) = http(self.driver_port, "POST", &path, Some(&body)).await?;
        let reply: Value = serde_json::from_slice(&reply).map_err(|e| {
            format!(
                "{cmd}: chromedriver answered {code} with no JSON ({e}): {}",
                String::from_utf8_lossy(&reply)
            )
        })?;
        if code == 200 {
            Ok(reply["value"].clone())
        } else {
            Err(format!("{cmd}: chromedriver answered {code}: {reply}"))
        }
    }

    /// [`Page::try_cdp`], panicking on an error.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.try_cdp(cmd, params)
            .await
            .unwrap_or_else(|e| panic!("CDP {e}"))
    }

    /// Stops the test's static server for good and waits until its port
    /// refuses connections: from now on nothing can come from the network.
    pub async fn stop_server(&self) {
        self.server_task.abort();
        let port = self
            .base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse::<u16>().ok())
            .unwrap_or_else(|| panic!("no port in the server address {}", self.base));
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            if Instant::now() >= deadline {
                panic!("the static server on port {port} still accepts connections {WAIT:?} after being stopped");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Takes the page offline as Chromium's DevTools do (`navigator.onLine`
    /// becomes false and the page's requests fail).
    pub async fn emulate_offline(&self) {
        self.cdp("Network.enable", json!({})).await;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": true,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            }),
        )
        .await;
    }

    /// Waits until a service worker controls the page.
    pub async fn wait_for_service_worker(&self) {
        self.wait_js(
            "a service worker to control the page",
            "if (!('serviceWorker' in navigator)) return 'this browser has no service workers'; \
             return navigator.serviceWorker.controller ? null : 'no controlling service worker yet';",
        )
        .await;
    }

    /// Runs `js` (a function body that ends by calling `done(value)`) and
    /// returns the value; for promise-based page APIs such as IndexedDB.
    pub async fn js_async(&self, js: &str, args: Vec<Value>) -> Value {
        let body = format!("const done = arguments[arguments.length - 1];\n{js}");
        self.client
            .execute_async(&body, args)
            .await
            .unwrap_or_else(|e| panic!("execute_async {js:?}: {e}"))
    }

    /// Every record of one store of the app's saved-work database
    /// (`glossa-work`: `work`, `claims`, `backups`), as JSON; empty when
    /// the database or the store does not exist yet.
    pub async fn idb_records(&self, store: &str) -> Vec<Value> {
        let v = self
            .js_async(
                "const req = indexedDB.open('glossa-work');\n\
                 req.onupgradeneeded = () => req.transaction.abort();\n\
                 req.onerror = () => done([]);\n\
                 req.onsuccess = () => {\n\
                   const db = req.result;\n\
                   if (!db.objectStoreNames.contains(arguments[0])) { db.close(); done([]); return; }\n\
                   const all = db.transaction(arguments[0]).objectStore(arguments[0]).getAll();\n\
                   all.onsuccess = () => { db.close(); done(all.result); };\n\
                   all.onerror = () => { db.close(); done(null); };\n\
                 };",
                vec![json!(store)],
            )
            .await;
        match v {
            Value::Array(items) => items,
            other => panic!("reading IndexedDB store {store} failed: {other}"),
        }
    }

    /// Puts `record` (with its `id`) into a store of `glossa-work`.
    pub async fn idb_put(&self, store: &str, record: Value) {
        let v = self
            .js_async(
                "const req = indexedDB.open('glossa-work');\n\
                 req.onerror = () => done('open failed');\n\
                 req.onsuccess = () => {\n\
                   const db = req.result;\n\
                   const tx = db.transaction(arguments[0], 'readwrite');\n\
                   tx.objectStore(arguments[0]).put(arguments[1]);\n\
                   tx.oncomplete = () => { db.close(); done(null); };\n\
                   tx.onerror = () => { db.close(); done(String(tx.error)); };\n\
                 };",
                vec![json!(store), record],
            )
            .await;
        assert_eq!(v, Value::Null, "writing into IndexedDB failed");
    }

    /// Opens the app in a new tab of the same browser and switches to it;
    /// returns the handle of the tab that was current before.
    pub async fn open_second_tab(&self) -> fantoccini::wd::WindowHandle {
        let first = self.client.window().await.expect("current window");
        let new = self.client.new_window(true).await.expect("open a tab");
        self.client
            .switch_to_window(new.handle)
            .await
            .expect("switch to the new tab");
        self.open().await;
        first
    }
}
