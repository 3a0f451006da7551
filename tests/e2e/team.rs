//! Team sync end to end: a real server process started here (the PouchDB
//! server from npm, in memory; or the CouchDB ≥ 3.3 at `COUCHDB_URL`, with
//! admin credentials), set up with `glossa-cli project` as the README says,
//! behind the static server at `/couchdb/` (one origin, so the page's CSP
//! stays `connect-src 'self'`), and several browsers signed in as the
//! team's members.

#[path = "../support/couch3_shape.rs"]
mod couch3_shape;

use crate::harness::{self, all_browsers, open_browser, serve_with, Browser, Page, Upstream, ROOT};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Each run its own project, so runs against one CouchDB do not meet.
fn project_name(test: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("{test}-{}-{t}", std::process::id())
}
const PASSWORD: &str = "pw-member-1";
const ARTICLE_A: &str = "Council approves the budget\n\nThe council approved the budget on Monday. \"We will build three schools,\" the mayor said. The opposition denied that taxes would rise. Critics claimed the plan was rushed. The vote was seven to two. Residents will see the changes next year.\n";
const ARTICLE_B: &str = "Port reopens after storm\n\nThe port reopened on Friday. Officials said damage was light. Shipping firms claimed losses of millions. The harbour master denied any delay in warnings.\n";
/// How long sync may take to show something (a retry pause and a longpoll
/// round trip included).
const SYNC_WAIT: Duration = Duration::from_secs(40);

/// How the server started here answers: as the PouchDB server does, or,
/// through `tests/support/couch3-shape.mjs`, as CouchDB 3 does where the
/// two differ on the wire (string sequences, 403 for a signed-in
/// non-member, `[]` from `_bulk_docs`, error rows from `_bulk_get`, a
/// longpoll that keeps its timeout, `_design%2F` redirected). With
/// `COUCHDB_URL` both are that server.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Pouch,
    CouchDb3,
}

impl Shape {
    /// A name for this run's directories and browsers.
    fn name(self, base: &str) -> String {
        match self {
            Shape::Pouch => base.to_string(),
            Shape::CouchDb3 => format!("{base}-c3"),
        }
    }
}

/// The team server: started here, or the one at `COUCHDB_URL`.
struct Couch {
    /// The project's name.
    project: String,
    host: String,
    port: u16,
    admin: (String, String),
    child: Option<Child>,
    /// The CouchDB-3-shaped proxy in front of it, when asked for.
    shape: Option<couch3_shape::Shape>,
    /// The started server's output (requests and any crash).
    log: Option<PathBuf>,
}

impl Drop for Couch {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            // A failed test says what the server went through: whether it
            // had stopped, and the last requests it answered.
            if std::thread::panicking() {
                let exited = child.try_wait().ok().flatten();
                let log = self
                    .log
                    .as_ref()
                    .and_then(|p| std::fs::read_to_string(p).ok())
                    .unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                eprintln!(
                    "the team server {}; its last lines:\n{}",
                    match exited {
                        Some(status) => format!("had stopped ({status})"),
                        None => "was still running".into(),
                    },
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn base64(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Couch {
    async fn start(name: &str, shape: Shape) -> Couch {
        if let Ok(url) = std::env::var("COUCHDB_URL") {
            let parsed = url.split_once("://").and_then(|(_, rest)| {
                let (auth, host) = rest.split_once('@')?;
                let (user, password) = auth.split_once(':')?;
                let (h, p) = host.trim_end_matches('/').split_once(':')?;
                Some((
                    h.to_string(),
                    p.parse().ok()?,
                    user.to_string(),
                    password.to_string(),
                ))
            });
            let Some((host, port, user, password)) = parsed else {
                panic!("COUCHDB_URL must be http://ADMIN:PASSWORD@host:port");
            };
            return Couch {
                project: project_name(name),
                host,
                port,
                admin: (user, password),
                child: None,
                shape: None,
                log: None,
            };
        }
        let bin = Path::new(ROOT).join("node_modules/.bin/pouchdb-server");
        assert!(
            bin.exists(),
            "{} is missing: run scripts/test.sh (npm ci installs the PouchDB server)",
            bin.display()
        );
        let home = harness::scratch(&format!("couch-{name}"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let log = std::fs::File::create(home.join("server.log")).expect("server log");
        let child = Command::new(&bin)
            .args([
                "--in-memory",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .current_dir(&home)
            // The PouchDB server crashes on an unhandled rejection when a
            // member loses access while a request of theirs is under way
            // (pouchdb-security's 401 thrown from a changes listener); a
            // CouchDB refuses and goes on, and so does this one then.
            .env("NODE_OPTIONS", "--unhandled-rejections=warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start the PouchDB server");
        let mut couch = Couch {
            project: project_name(name),
            host: "127.0.0.1".into(),
            port,
            admin: ("admin".into(), "s3cret-admin".into()),
            child: Some(child),
            shape: None,
            log: Some(home.join("server.log")),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while couch.call("GET", "/", None, None).await.0 != 200 {
            assert!(
                Instant::now() < deadline,
                "the PouchDB server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (status, body) = couch
            .call(
                "PUT",
                "/_config/admins/admin",
                None,
                Some(&json!("s3cret-admin")),
            )
            .await;
        assert!(status < 300, "{status} {body}");
        if shape == Shape::CouchDb3 {
            couch.put_shape_in_front(&home);
        }
        couch
    }

    /// Starts `tests/support/couch3-shape.mjs` in front of the server and
    /// points everything at it.
    fn put_shape_in_front(&mut self, home: &Path) {
        let shape = couch3_shape::Shape::start(Path::new(ROOT), self.port, home);
        self.port = shape.port;
        self.shape = Some(shape);
    }

    /// Fails unless the CouchDB-3-shaped proxy (when there is one) changed
    /// answers of each of `kinds`.
    fn assert_shaped(&self, kinds: &[&str]) {
        if let Some(shape) = &self.shape {
            shape.assert_shaped(kinds);
        }
    }

    fn url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    /// One request as `who` (Basic), or anonymous: (status, JSON).
    async fn call(
        &self,
        method: &str,
        path: &str,
        who: Option<(&str, &str)>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let exchange = async {
            let mut stream = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                .await
                .map_err(|e| e.to_string())?;
            let body = body.map(Value::to_string).unwrap_or_default();
            let auth = who
                .map(|(u, p)| format!("Authorization: Basic {}\r\n", base64(&format!("{u}:{p}"))))
                .unwrap_or_default();
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: {}:{}\r\n{auth}Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                self.host,
                self.port,
                body.len()
            );
            stream
                .write_all(request.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            let mut raw = Vec::new();
            stream
                .read_to_end(&mut raw)
                .await
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(raw)
        };
        let raw = match tokio::time::timeout(Duration::from_secs(10), exchange).await {
            Ok(Ok(raw)) => raw,
            _ => return (0, Value::Null),
        };
        let text = String::from_utf8_lossy(&raw).to_string();
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return (0, Value::Null);
        };
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        (
            status,
            serde_json::from_str(&body).unwrap_or(Value::String(body)),
        )
    }

    async fn admin(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let (u, p) = (self.admin.0.clone(), self.admin.1.clone());
        self.call(method, path, Some((&u, &p)), body).await
    }

    /// `glossa-cli project …` as the admin, as the README shows.
    fn cli(&self, args: &[&str]) -> String {
        let bin = Path::new(ROOT).join("target/debug/glossa-cli");
        assert!(
            bin.exists(),
            "{} is missing: `cargo test --workspace` builds it (scripts/test.sh)",
            bin.display()
        );
        let o = Command::new(&bin)
            .args(args)
            .env("GLOSSA_SERVER", self.url())
            .env("GLOSSA_ADMIN_USER", &self.admin.0)
            .env("GLOSSA_ADMIN_PASSWORD", &self.admin.1)
            .env("GLOSSA_MEMBER_PASSWORD", PASSWORD)
            .stdin(Stdio::null())
            .output()
            .expect("run glossa-cli");
        assert!(
            o.status.success(),
            "glossa-cli {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).to_string()
    }

    /// A project with two articles and the given members.
    fn project(&self, dir: &Path, members: &[(&str, &str)]) -> (String, String) {
        let a = dir.join("budget.txt");
        let b = dir.join("port.txt");
        std::fs::write(&a, ARTICLE_A).expect("write");
        std::fs::write(&b, ARTICLE_B).expect("write");
        self.cli(&["project", "create", "--project", &self.project]);
        self.cli(&[
            "project",
            "add-docs",
            "--project",
            &self.project,
            &a.display().to_string(),
            &b.display().to_string(),
        ]);
        for (name, role) in members {
            self.cli(&[
                "project",
                "add-member",
                "--project",
                &self.project,
                name,
                "--role",
                role,
            ]);
        }
        (sha_of(ARTICLE_A), sha_of(ARTICLE_B))
    }

    /// The annotations of `member`'s winning work on `sha` (None: none yet).
    async fn work(&self, member: &str, sha: &str) -> Option<Value> {
        let (status, body) = self
            .admin(
                "GET",
                &format!(
                    "/glossa-{}-work-{member}/work:{sha}?conflicts=true",
                    self.project
                ),
                None,
            )
            .await;
        (status == 200).then_some(body)
    }

    /// Waits until `member`'s work on `sha` on the server passes `check`.
    async fn wait_for_work(
        &self,
        what: &str,
        member: &str,
        sha: &str,
        check: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + SYNC_WAIT;
        loop {
            let work = self.work(member, sha).await;
            if let Some(w) = work.as_ref().filter(|w| check(w)) {
                return w.clone();
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {SYNC_WAIT:?} waiting on the server for {what}: {member}'s work is {work:?}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

fn dechunk(mut data: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = data.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        data = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn sha_of(text: &str) -> String {
    glossa_core::parse_article(text).text_sha256
}

fn count(work: &Value) -> usize {
    work["glossa"]["annotations"].as_array().map_or(0, Vec::len)
}

/// The sentences (1-based) a work's annotations are on, with their tags.
fn tags(work: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = work["glossa"]["annotations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["target"]["sentence_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                a["tag"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// (sentence, tag) pairs as [`tags`] gives them.
fn pairs(want: &[(usize, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = want
        .iter()
        .map(|(n, t)| (format!("s{n}"), t.to_string()))
        .collect();
    out.sort();
    out
}

/// Opens the app, signs in from the Team dialog and chooses `project`
/// (chosen already when it is the person's only one).
async fn sign_in_to(page: &Page, name: &str, password: &str, project: &str) {
    sign_in(page, name, password).await;
    let button = format!("ul.projects button[data-project='{project}']");
    wait_css(page, "the project among the person's projects", &button).await;
    if page
        .text_of(&format!("{button}[aria-pressed=true]"))
        .await
        .is_none()
    {
        page.click_css(&button).await;
    }
}

/// Opens the app, signs in from the Team dialog.
async fn sign_in(page: &Page, name: &str, password: &str) {
    page.open().await;
    page.click_css("button.sync-button").await;
    page.wait_for_text("the sign-in form", "form.sign-in").await;
    let field = |n: &str| format!("form.sign-in input[name={n}]");
    for (n, v) in [("name", name), ("password", password)] {
        let el = page
            .client
            .find(fantoccini::Locator::Css(&field(n)))
            .await
            .unwrap_or_else(|e| panic!("find {n}: {e}"));
        el.clear().await.expect("clear");
        el.send_keys(v).await.expect("type");
    }
    page.click_css("form.sign-in button[type=submit]").await;
}

/// Waits until `css` matches something (longer than the usual wait).
async fn wait_css(page: &Page, what: &str, css: &str) {
    let deadline = Instant::now() + SYNC_WAIT;
    while page.text_of(css).await.is_none() {
        if Instant::now() >= deadline {
            let status = page.text_of(".sync-detail").await;
            let button = page.js("const b = document.querySelector('button.sync-button'); return b ? b.title : null;", vec![]).await;
            panic!("timed out after {SYNC_WAIT:?} waiting for {what} ({css}); sync says {status:?} / {button}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_status(page: &Page, key: &str) {
    wait_css(
        page,
        &format!("sync status {key}"),
        &format!("button.sync-button[data-sync={key}]"),
    )
    .await;
}

/// From the Team dialog, opens the project document titled `title`.
async fn open_doc(page: &Page, title: &str) {
    if page.text_of("div.dialog.team").await.is_none() {
        page.click_css("button.sync-button").await;
    }
    wait_css(page, "the project's documents", "table.team-docs").await;
    page.click_xpath(&format!(
        "//table[contains(@class,'team-docs')]//button[normalize-space(.)='{title}']"
    ))
    .await;
    let deadline = Instant::now() + harness::WAIT;
    while page.title().await.as_deref() != Some(title) {
        assert!(
            Instant::now() < deadline,
            "the document “{title}” did not open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    page.wait_for_app().await;
}

async fn tag(page: &Page, sentence: usize, key: &str) {
    page.click_sentence(sentence).await;
    page.press(key).await;
}

/// The tags shown, as (sentence n, tag).
async fn shown(page: &Page) -> Vec<(usize, String)> {
    let s = page.snapshot().await.expect("snapshot");
    let mut out: Vec<(usize, String)> = s
        .sentences
        .iter()
        .filter_map(|x| Some((x.id.strip_prefix('s')?.parse().ok()?, x.tag.clone()?)))
        .collect();
    out.sort();
    out
}

async fn wait_shown(page: &Page, what: &str, want: &[(usize, &str)]) {
    let want: Vec<(usize, String)> = want.iter().map(|(n, t)| (*n, t.to_string())).collect();
    let deadline = Instant::now() + SYNC_WAIT;
    loop {
        let got = shown(page).await;
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the page shows {got:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs `body` with browsers for `names` on a static server that proxies
/// the team server; prints each page's diagnostics on failure.
async fn with_team<F, Fut>(name: &str, couch: &Couch, body: F)
where
    F: FnOnce(Arc<Upstream>, harness::Server) -> Fut,
    Fut: std::future::Future<Output = Vec<Browser>> + Send + 'static,
{
    let _permit = all_browsers().await;
    let upstream = Arc::new(Upstream {
        host: couch.host.clone(),
        port: couch.port,
        down: false.into(),
    });
    let server = serve_with(harness::dist_dir(), Some(upstream.clone())).await;
    let started = Instant::now();
    let result = tokio::spawn(body(upstream, server)).await;
    match result {
        Ok(browsers) => {
            for b in browsers {
                b.close(true).await;
            }
            eprintln!("{name}: passed in {:.1} s", started.elapsed().as_secs_f64());
        }
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("{name}: the test task did not finish: {e}"),
    }
}

fn dir(name: &str) -> PathBuf {
    harness::scratch(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_annotators_and_a_curator_sync_offline_and_settle_a_conflict() {
    team_scenario(Shape::Pouch).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_annotators_and_a_curator_sync_offline_and_settle_a_conflict_couchdb3_answers() {
    team_scenario(Shape::CouchDb3).await;
}

async fn team_scenario(shape: Shape) {
    let couch = Arc::new(Couch::start(&shape.name("team"), shape).await);
    let (sha, _) = couch.project(
        &dir(&shape.name("team-project")),
        &[
            ("ana", "annotator"),
            ("ben", "annotator"),
            ("cora", "curator"),
        ],
    );
    let c = couch.clone();
    with_team(
        &shape.name("team"),
        &couch,
        move |upstream, server| async move {
            let couch = c;
            let project = couch.project.clone();
            let title = "Council approves the budget";
            // Two annotators, each in a browser of their own.
            let ana = open_browser(&shape.name("team-ana"), &server).await;
            let ben = open_browser(&shape.name("team-ben"), &server).await;
            let (a, b) = (ana.page.clone(), ben.page.clone());
            sign_in_to(&a, "ana", PASSWORD, &project).await;
            open_doc(&a, title).await;
            tag(&a, 1, "1").await;
            couch
                .wait_for_work("ana's claim", "ana", &sha, |w| count(w) == 1)
                .await;
            wait_status(&a, "synced").await;
            sign_in_to(&b, "ben", PASSWORD, &project).await;
            open_doc(&b, title).await;
            // Blind: ben starts from nothing, not from ana's work.
            assert_eq!(shown(&b).await, vec![]);
            tag(&b, 2, "3").await;
            couch
                .wait_for_work("ben's quote", "ben", &sha, |w| count(w) == 1)
                .await;

            // The server keeps annotators apart: ana can neither read nor
            // write ben's work.
            let ana_auth = Some(("ana", PASSWORD));
            let (read, _) = couch
                .call(
                    "GET",
                    &format!("/glossa-{project}-work-ben/work:{sha}"),
                    ana_auth,
                    None,
                )
                .await;
            assert!(read == 401 || read == 403, "ana read ben's work: {read}");
            let (write, _) = couch
                .call(
                    "PUT",
                    &format!("/glossa-{project}-work-ben/planted"),
                    ana_auth,
                    Some(&json!({"x": 1})),
                )
                .await;
            assert!(
                write == 401 || write == 403,
                "ana wrote into ben's work: {write}"
            );
            assert!(
                couch
                    .admin("GET", &format!("/glossa-{project}-work-ben/planted"), None)
                    .await
                    .0
                    == 404
            );
            ben.close(true).await;

            // The curator sees both.
            let cora = open_browser(&shape.name("team-cora"), &server).await;
            let k = cora.page.clone();
            sign_in_to(&k, "cora", PASSWORD, &project).await;
            wait_css(
                &k,
                "ana's count in the curator's table",
                &format!("tr[data-doc='{sha}'] td[data-member=ana]"),
            )
            .await;
            let deadline = Instant::now() + SYNC_WAIT;
            loop {
                let ana_n = k
                    .text_of(&format!("tr[data-doc='{sha}'] td[data-member=ana]"))
                    .await;
                let ben_n = k
                    .text_of(&format!("tr[data-doc='{sha}'] td[data-member=ben]"))
                    .await;
                if ana_n.as_deref() == Some("1") && ben_n.as_deref() == Some("1") {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the curator sees ana {ana_n:?} and ben {ben_n:?}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            // The curator's view follows each change: ana tags s6, then clears it.
            let ana_cell = format!("tr[data-doc='{sha}'] td[data-member=ana]");
            for (key, want) in [("1", "2"), ("0", "1"), ("3", "2"), ("0", "1")] {
                tag(&a, 6, key).await;
                let deadline = Instant::now() + SYNC_WAIT;
                loop {
                    let got = k.text_of(&ana_cell).await;
                    if got.as_deref() == Some(want) {
                        break;
                    }
                    assert!(
                        Instant::now() < deadline,
                        "after ana pressed {key} on s6 the curator sees {got:?}, not {want}"
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            // Agreement over the project: two sentences differ on the budget
            // article (ana's claim on s1, ben's quote on s2).
            k.click_button_text("Agreement over the project").await;
            wait_css(&k, "the project's agreement", ".agreement-dialog").await;
            assert_eq!(
                k.text_of(&format!(".agreement-dialog tr[data-doc='{sha}'] td"))
                    .await
                    .as_deref(),
                Some("2")
            );
            // Adjudicate the document from the team's work: the gold version is
            // the curator's own work, synced like any.
            k.click_xpath(&format!(
                "//div[contains(@class,'agreement-dialog')]//button[normalize-space(.)='{title}']"
            ))
            .await;
            let deadline = Instant::now() + harness::WAIT;
            while k.title().await.as_deref() != Some(title) {
                assert!(
                    Instant::now() < deadline,
                    "the curator's document did not open"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            k.wait_for_app().await;
            k.click_button_text("Compare team").await;
            wait_css(&k, "the agreement panel", "aside.agreement").await;
            k.chord(&[fantoccini::key::Key::Alt], '1').await; // s1: ana's claim
            k.chord(&[fantoccini::key::Key::Alt], '2').await; // s2: ben's quote
            wait_shown(
                &k,
                "the curator's gold version",
                &[(1, "claim"), (2, "quote")],
            )
            .await;
            couch
                .wait_for_work("the curator's gold version", "cora", &sha, |w| {
                    tags(w) == pairs(&[(1, "claim"), (2, "quote")])
                })
                .await;
            // The gold version says whose it is.
            k.press("e").await;
            let path = k
                .wait_for_download("council-approves-the-budget.glossa.json")
                .await;
            let gold: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
            assert_eq!(gold["annotator"], json!("cora"));
            assert_eq!(gold["annotations"].as_array().map(Vec::len), Some(2));
            cora.close(true).await;

            // The server is cut: ana goes on; it arrives when the server is back.
            upstream.down.store(true, Ordering::SeqCst);
            tag(&a, 3, "2").await;
            wait_status(&a, "offline").await;
            assert_eq!(couch.work("ana", &sha).await.map(|w| count(&w)), Some(1));
            upstream.down.store(false, Ordering::SeqCst);
            couch
                .wait_for_work("ana's denial made offline", "ana", &sha, |w| count(w) == 2)
                .await;
            wait_status(&a, "synced").await;

            // A reload right after a change loses nothing.
            tag(&a, 4, "1").await;
            a.reload().await;
            wait_shown(
                &a,
                "after the reload",
                &[(1, "claim"), (3, "denial"), (4, "claim")],
            )
            .await;
            couch
                .wait_for_work("the change made before the reload", "ana", &sha, |w| {
                    count(w) == 3
                })
                .await;

            // ana on a second device gets her work.
            let ana2 = open_browser(&shape.name("team-ana2"), &server).await;
            let a2 = ana2.page.clone();
            sign_in_to(&a2, "ana", PASSWORD, &project).await;
            open_doc(&a2, title).await;
            wait_shown(
                &a2,
                "ana's work on her second device",
                &[(1, "claim"), (3, "denial"), (4, "claim")],
            )
            .await;
            wait_status(&a2, "synced").await;

            // Both devices edit while the server is away: both versions kept.
            upstream.down.store(true, Ordering::SeqCst);
            tag(&a, 5, "1").await;
            tag(&a2, 6, "3").await;
            wait_status(&a, "offline").await;
            wait_status(&a2, "offline").await;
            upstream.down.store(false, Ordering::SeqCst);
            wait_css(&a, "the conflict on the first device", ".sync-conflict").await;
            wait_css(&a2, "the conflict on the second device", ".sync-conflict").await;
            // Each still shows its own work: nothing was replaced.
            wait_shown(
                &a,
                "device 1 keeps its version",
                &[(1, "claim"), (3, "denial"), (4, "claim"), (5, "claim")],
            )
            .await;
            wait_shown(
                &a2,
                "device 2 keeps its version",
                &[(1, "claim"), (3, "denial"), (4, "claim"), (6, "quote")],
            )
            .await;
            let on_server = couch
                .wait_for_work("two versions", "ana", &sha, |w| {
                    w["_conflicts"].as_array().is_some_and(|c| c.len() == 1)
                })
                .await;
            assert_eq!(count(&on_server), 4);

            // Settled on device 1 by keeping the other version.
            a.click_xpath(
            "//div[contains(@class,'sync-conflict')]//button[normalize-space(.)='Keep the other']",
        )
        .await;
            wait_shown(
                &a,
                "device 1 now shows the version kept",
                &[(1, "claim"), (3, "denial"), (4, "claim"), (6, "quote")],
            )
            .await;
            let settled = couch
                .wait_for_work("the conflict settled", "ana", &sha, |w| {
                    w["_conflicts"].is_null()
                        && tags(w)
                            == pairs(&[(1, "claim"), (3, "denial"), (4, "claim"), (6, "quote")])
                })
                .await;
            assert_eq!(count(&settled), 4);
            let deadline = Instant::now() + SYNC_WAIT;
            while a.text_of(".sync-conflict").await.is_some()
                || a2.text_of(".sync-conflict").await.is_some()
            {
                assert!(
                    Instant::now() < deadline,
                    "the conflict is still shown after it was settled"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            // The version not kept is still in the server's history.
            let (status, revs) = couch
                .admin(
                    "GET",
                    &format!("/glossa-{project}-work-ana/work:{sha}?open_revs=all"),
                    None,
                )
                .await;
            assert_eq!(status, 200, "{revs}");
            let leaves = revs.as_array().map_or(0, Vec::len);
            assert_eq!(leaves, 2, "one live version and the ended branch: {revs}");
            // The ended branch is a leaf that carries the version not kept (a
            // leaf's body survives CouchDB's compaction).
            let ended = revs
                .as_array()
                .into_iter()
                .flatten()
                .find(|r| r["ok"]["_deleted"] == json!(true))
                .map(|r| r["ok"].clone())
                .unwrap_or(Value::Null);
            assert!(
                tags(&ended) == pairs(&[(1, "claim"), (3, "denial"), (4, "claim"), (5, "claim")]),
                "the ended branch lacks device 1's version: {revs}"
            );

            // PouchDB, the reference client, replicates ana's database and finds
            // the same revision tree.
            let url = couch.url().replacen(
                "://",
                &format!("://{}:{}@", couch.admin.0, couch.admin.1),
                1,
            );
            let reference = pouchdb(&["replicate", &url, &format!("glossa-{project}-work-ana")]);
            let doc = &reference[format!("work:{sha}")];
            assert_eq!(doc["winner"], settled["_rev"], "{reference}");
            assert_eq!(
                doc["leaves"].as_array().map(Vec::len),
                Some(1),
                "{reference}"
            );
            assert_eq!(doc["annotations"], json!(4));
            vec![ana, ana2]
        },
    )
    .await;
    couch.assert_shaped(&["seq", "bulk_docs"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_a_revoked_member_get_clear_messages_and_lose_nothing() {
    refused_scenario(Shape::Pouch).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_a_revoked_member_get_clear_messages_couchdb3_answers() {
    refused_scenario(Shape::CouchDb3).await;
}

async fn refused_scenario(shape: Shape) {
    let couch = Arc::new(Couch::start(&shape.name("team-refused"), shape).await);
    let (sha, _) = couch.project(
        &dir(&shape.name("team-refused-project")),
        &[("ben", "annotator")],
    );
    let c = couch.clone();
    with_team(&shape.name("team-refused"), &couch, move |_upstream, server| async move {
        let couch = c;
        let project = couch.project.clone();
        let ben = open_browser(&shape.name("team-refused-ben"), &server).await;
        let b = ben.page.clone();
        // Work before signing in stays.
        b.open().await;
        tag(&b, 2, "3").await;
        sign_in(&b, "ben", "not-his-password").await;
        wait_css(&b, "the sign-in refusal", "form.sign-in .form-error").await;
        let said = b.text_of("form.sign-in .form-error").await.unwrap_or_default();
        assert!(said.contains("Wrong name or password"), "{said}");
        assert_eq!(shown(&b).await, vec![(2, "quote".to_string())]);
        // The password is nowhere in the page or its storage.
        let stored = b
            .js("let s = JSON.stringify(Object.assign({}, localStorage)) + document.documentElement.outerHTML; return s.includes(arguments[0]);", vec![json!("not-his-password")])
            .await;
        assert_eq!(stored, json!(false));

        // Signed in properly. What the server sends is shown as text: a
        // document whose title is markup, and one whose text does not match
        // its name (refused, said).
        let hostile = "<img src=x onerror=\"window.__pwned=1\">Harbour <b>report</b>";
        let text = format!("{hostile}\n\nThe harbour reopened. Officials said so.\n");
        let doc = glossa_core::parse_article(&text);
        let (status, answer) = couch
            .admin(
                "PUT",
                &format!("/glossa-{project}-docs/doc:{}", doc.text_sha256),
                Some(&json!({"type": "document", "title": doc.title, "text": doc.text, "chars": 10})),
            )
            .await;
        assert!(status < 300, "{status} {answer}");
        let (status, answer) = couch
            .admin(
                "PUT",
                &format!("/glossa-{project}-docs/doc:{}", "0".repeat(64)),
                Some(&json!({"type": "document", "title": "Forged", "text": "Not what the name says.", "chars": 23})),
            )
            .await;
        assert!(status < 300, "{status} {answer}");
        b.press_key(fantoccini::key::Key::Escape).await;
        sign_in_to(&b, "ben", PASSWORD, &project).await;
        wait_css(&b, "the hostile title, as text", &format!("tr[data-doc='{}']", doc.text_sha256)).await;
        let row = b.text_of(&format!("tr[data-doc='{}'] th", doc.text_sha256)).await.unwrap_or_default();
        assert!(row.contains("<img src=x"), "{row}");
        let planted = b
            .js("return [document.querySelectorAll('.dialog.team img, .dialog.team b').length, typeof window.__pwned];", vec![])
            .await;
        assert_eq!(planted, json!([0, "undefined"]));
        let warned = b.wait_for_text("the refused document", ".dialog.team .form-error").await;
        assert!(warned.contains("does not match"), "{warned}");
        assert!(b.text_of(&format!("tr[data-doc='{}']", "0".repeat(64))).await.is_none());
        open_doc(&b, "Council approves the budget").await;
        tag(&b, 1, "1").await;
        couch.wait_for_work("ben's claim", "ben", &sha, |w| count(w) == 1).await;
        let (status, mut user) = couch.admin("GET", "/_users/org.couchdb.user:ben", None).await;
        assert_eq!(status, 200, "{user}");
        // Only this project's role goes (ben may be in others on a shared
        // CouchDB).
        let annotator = json!(format!("glossa-{project}-annotator"));
        let roles: Vec<Value> = user["roles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| **r != annotator)
            .cloned()
            .collect();
        user["roles"] = json!(roles);
        let (status, answer) = couch.admin("PUT", "/_users/org.couchdb.user:ben", Some(&user)).await;
        assert!(status < 300, "{status} {answer}");
        let security = json!({"admins": {"names": [], "roles": []}, "members": {"names": [], "roles": [format!("glossa-{project}-curator")]}});
        let (status, answer) = couch
            .admin("PUT", &format!("/glossa-{project}-work-ben/_security"), Some(&security))
            .await;
        assert!(status < 300, "{status} {answer}");
        tag(&b, 3, "2").await;
        wait_status(&b, "refused").await;
        b.click_css("button.sync-button").await;
        let said = b.wait_for_text("why sync stopped", ".sync-detail").await;
        assert!(
            said.contains("membership was removed") || said.contains("refused access"),
            "{said}"
        );
        assert!(said.contains("nothing was lost"), "{said}");
        // His work is still here, after a reload too.
        b.press_key(fantoccini::key::Key::Escape).await;
        b.reload().await;
        wait_shown(&b, "ben's work after the refusal", &[(1, "claim"), (3, "denial")]).await;
        vec![ben]
    })
    .await;
    couch.assert_shaped(&["seq", "bulk_docs", "403"]);
}

fn pouchdb(args: &[&str]) -> Value {
    let script = Path::new(ROOT).join("crates/glossa-cli/tests/support/pouchdb_reference.js");
    let o = Command::new("node")
        .arg(&script)
        .args(args)
        .env("NODE_PATH", Path::new(ROOT).join("node_modules"))
        .output()
        .expect("node for the PouchDB reference client");
    assert!(
        o.status.success(),
        "PouchDB failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("PouchDB's JSON")
}
