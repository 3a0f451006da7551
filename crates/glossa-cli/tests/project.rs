//! `glossa-cli project` against a real server process started here on
//! 127.0.0.1 (the PouchDB server from npm, in memory; or the CouchDB ≥ 3.3
//! at `COUCHDB_URL`, given with admin credentials, when set), checked with
//! plain HTTP as each member and with PouchDB as the reference client.

#[path = "../../glossa-core/tests/interop_support/mod.rs"]
mod interop_support;

use glossa_core::{format, Timestamp};
use interop_support::{full_session, out_dir};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "../../../tests/support/couch3_shape.rs"]
mod couch3_shape;

const BIN: &str = env!("CARGO_BIN_EXE_glossa-cli");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// A server for one test: started and stopped here, or the one at
/// `COUCHDB_URL`.
struct Couch {
    /// Without credentials.
    url: String,
    admin: (String, String),
    child: Option<Child>,
    /// The CouchDB-3-shaped proxy in front of the server, when asked for
    /// (`tests/support/couch3-shape.mjs`).
    shape: Option<couch3_shape::Shape>,
}

impl Drop for Couch {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Couch {
    /// `couchdb3`: put the proxy that answers as CouchDB 3 in front of the
    /// server started here.
    fn start(couchdb3: bool) -> Couch {
        if let Ok(url) = std::env::var("COUCHDB_URL") {
            let parsed = url.split_once("://").and_then(|(scheme, rest)| {
                let (auth, host) = rest.split_once('@')?;
                let (user, password) = auth.split_once(':')?;
                Some((
                    format!("{scheme}://{host}"),
                    user.to_string(),
                    password.to_string(),
                ))
            });
            let Some((url, user, password)) = parsed else {
                panic!("COUCHDB_URL must be http://ADMIN:PASSWORD@host:port");
            };
            return Couch {
                url: url.trim_end_matches('/').to_string(),
                admin: (user, password),
                child: None,
                shape: None,
            };
        }
        let bin = Path::new(ROOT).join("node_modules/.bin/pouchdb-server");
        assert!(
            bin.exists(),
            "{} is missing: run scripts/test.sh (npm ci installs the PouchDB server)",
            bin.display()
        );
        let port = free_port();
        // It keeps its configuration (admins) in its working folder: a new
        // one per server, so each starts as new.
        let home = out_dir("project").join(format!("server-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).expect("server folder");
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
            url: format!("http://127.0.0.1:{port}"),
            admin: ("admin".into(), "s3cret-admin".into()),
            child: Some(child),
            shape: None,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while http(&couch.url, "GET", "", None, None).0 != 200 {
            assert!(
                Instant::now() < deadline,
                "the PouchDB server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Its admin party ends with a first admin.
        let (status, body) = http(
            &couch.url,
            "PUT",
            "_config/admins/admin",
            None,
            Some(&json!("s3cret-admin")),
        );
        assert!(status < 300, "{status} {body}");
        if couchdb3 {
            let shape = couch3_shape::Shape::start(Path::new(ROOT), port, &home);
            couch.url = format!("http://127.0.0.1:{}", shape.port);
            couch.shape = Some(shape);
        }
        couch
    }

    fn admin(&self) -> Option<(&str, &str)> {
        Some((&self.admin.0, &self.admin.1))
    }

    /// The URL with admin credentials, for PouchDB.
    fn admin_url(&self) -> String {
        let (scheme, host) = self.url.split_once("://").expect("a URL");
        format!("{scheme}://{}:{}@{host}", self.admin.0, self.admin.1)
    }

    fn cli(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("GLOSSA_SERVER", &self.url)
            .env("GLOSSA_ADMIN_USER", &self.admin.0)
            .env("GLOSSA_ADMIN_PASSWORD", &self.admin.1)
            .env("GLOSSA_MEMBER_PASSWORD", MEMBER_PASSWORD)
            .stdin(Stdio::null())
            .output()
            .expect("run glossa-cli")
    }
}

/// One request, with Basic credentials when given; (status, JSON).
fn http(
    base: &str,
    method: &str,
    path: &str,
    auth: Option<(&str, &str)>,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = ureq::request(method, &format!("{base}/{path}")).timeout(Duration::from_secs(20));
    if let Some((user, password)) = auth {
        let token = Command::new("python3")
            .args([
                "-c",
                "import base64,sys; print(base64.b64encode(sys.argv[1].encode()).decode())",
                &format!("{user}:{password}"),
            ])
            .output()
            .expect("python3 for base64");
        let token = String::from_utf8_lossy(&token.stdout).trim().to_string();
        req = req.set("Authorization", &format!("Basic {token}"));
    }
    let result = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            (status, r.into_json().unwrap_or(Value::Null))
        }
        Err(e) => (0, json!(e.to_string())),
    }
}

/// `glossa-cli project add-member` as the admin; its output.
fn add_member(couch: &Couch, project: &str, name: &str, role: &str) -> String {
    ok(&couch.cli(&[
        "project",
        "add-member",
        "--project",
        project,
        name,
        "--role",
        role,
    ]))
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn pouchdb(args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pouchdb_reference.js");
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

/// A Glossa file of the fully annotated seed article, with `keep` of its
/// annotations.
fn work_file(dir: &Path, name: &str, keep: usize) -> PathBuf {
    let s = full_session();
    let mut file = serde_json::to_value(format::export(&s, Timestamp(1_795_668_900_000), "0.1.0"))
        .expect("json");
    if let Some(a) = file["annotations"].as_array_mut() {
        a.truncate(keep);
    }
    let path = dir.join(format!("{name}-{}.glossa.json", std::process::id()));
    std::fs::write(&path, serde_json::to_string_pretty(&file).expect("json")).expect("write");
    path
}

/// The members' password; the end-to-end team tests use the same, so both
/// can run against one CouchDB, where the users stay between runs.
const MEMBER_PASSWORD: &str = "pw-member-1";

#[test]
fn a_project_is_set_up_enforced_pulled_and_read_by_pouchdb() {
    project_scenario(false);
}

#[test]
fn a_project_is_set_up_enforced_pulled_and_read_by_pouchdb_couchdb3_answers() {
    project_scenario(true);
}

fn project_scenario(couchdb3: bool) {
    let couch = Couch::start(couchdb3);
    let project = format!(
        "t{}{}",
        std::process::id(),
        if couchdb3 { "c3" } else { "" }
    );
    let p = project.as_str();
    let dir = out_dir("project").join(p);
    std::fs::create_dir_all(&dir).expect("dir");

    // Create, twice: the second run changes nothing.
    let first = ok(&couch.cli(&["project", "create", "--project", p]));
    assert!(first.contains("created"), "{first}");
    let again = ok(&couch.cli(&["project", "create", "--project", p]));
    assert_eq!(again.trim(), format!("glossa-{p}-docs already there"));

    // Documents, by name and by glob, twice.
    let second = dir.join("second.txt");
    std::fs::write(
        &second,
        "A second article\n\nThe mayor said the bridge is safe.",
    )
    .expect("w");
    let seed = Path::new(ROOT).join("assets/voa-counterespionage.txt");
    let glob = format!("{}/*.txt", dir.display());
    let added = ok(&couch.cli(&[
        "project",
        "add-docs",
        "--project",
        p,
        seed.to_str().expect("p"),
        &glob,
    ]));
    assert_eq!(added.matches(" added").count(), 2, "{added}");
    let added = ok(&couch.cli(&[
        "project",
        "add-docs",
        "--project",
        p,
        seed.to_str().expect("p"),
    ]));
    assert!(added.contains("already there"), "{added}");

    // Members, twice.
    for (name, role) in [
        ("ana", "annotator"),
        ("ben", "annotator"),
        ("cora", "curator"),
    ] {
        add_member(&couch, p, name, role);
    }
    let again = add_member(&couch, p, "ana", "annotator");
    assert_eq!(again.trim(), "", "a second add-member changes nothing");
    // A user of the server who is not in the project.
    let (status, _) = http(
        &couch.url,
        "PUT",
        "_users/org.couchdb.user:zed",
        couch.admin(),
        Some(&json!({"name": "zed", "password": MEMBER_PASSWORD, "roles": [], "type": "user"})),
    );
    // 409: made by an earlier run against the same CouchDB.
    assert!(status < 300 || status == 409, "{status}");

    // Work pushed as members; the same file again changes nothing.
    let ana_file = work_file(&dir, "ana", 22);
    let ben_file = work_file(&dir, "ben", 5);
    let out = ok(&couch.cli(&[
        "project",
        "push",
        "--project",
        p,
        ana_file.to_str().expect("p"),
        "--as",
        "ana",
    ]));
    assert!(out.contains("written (1-"), "{out}");
    let out = ok(&couch.cli(&[
        "project",
        "push",
        "--project",
        p,
        ana_file.to_str().expect("p"),
        "--as",
        "ana",
    ]));
    assert!(out.contains("unchanged (1-"), "{out}");
    ok(&couch.cli(&[
        "project",
        "push",
        "--project",
        p,
        ben_file.to_str().expect("p"),
        "--as",
        "ben",
    ]));
    // A second version of ana's work: revision 2 on top of 1.
    let ana_v2 = work_file(&dir, "ana-v2", 20);
    let out = ok(&couch.cli(&[
        "project",
        "push",
        "--project",
        p,
        ana_v2.to_str().expect("p"),
        "--as",
        "ana",
    ]));
    assert!(out.contains("written (2-"), "{out}");
    // Not a member; not a project article.
    let o = couch.cli(&[
        "project",
        "push",
        "--project",
        p,
        ana_file.to_str().expect("p"),
        "--as",
        "zed",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a member"));

    // What the server enforces, as each member.
    let docs = format!("glossa-{p}-docs");
    let work = |who: &str| format!("glossa-{p}-work-{who}");
    let as_ = |who: &'static str| Some((who, MEMBER_PASSWORD));
    let read = |db: &str, who: &'static str| {
        http(
            &couch.url,
            "GET",
            &format!("{db}/_all_docs"),
            as_(who),
            None,
        )
        .0
    };
    assert_eq!(read(&docs, "ana"), 200, "an annotator reads the documents");
    assert_eq!(read(&work("ana"), "ana"), 200, "…and their own work");
    let blind = read(&work("ben"), "ana");
    assert!(
        blind == 401 || blind == 403,
        "ana must not read ben's work: {blind}"
    );
    let (write, _) = http(
        &couch.url,
        "PUT",
        &format!("{}/sneaky", work("ben")),
        as_("ana"),
        Some(&json!({"x": 1})),
    );
    assert!(
        write == 401 || write == 403,
        "ana must not write ben's work: {write}"
    );
    // Members read the documents but do not change them.
    let (write, _) = http(
        &couch.url,
        "PUT",
        &format!("{docs}/planted"),
        as_("cora"),
        Some(&json!({"type": "document", "title": "planted"})),
    );
    assert!(
        write == 401 || write == 403,
        "cora wrote a document: {write}"
    );
    if std::env::var("COUCHDB_URL").is_ok() {
        // CouchDB runs the work databases' validation functions (the PouchDB
        // server has none there: see ARCHITECTURE.md): the curator reads
        // ana's work but cannot write it.
        let (write, body) = http(
            &couch.url,
            "PUT",
            &format!("{}/planted", work("ana")),
            as_("cora"),
            Some(&json!({"x": 1})),
        );
        assert_eq!(write, 403, "the curator wrote into ana's work: {body}");
    }
    assert_eq!(
        read(&work("ana"), "cora"),
        200,
        "the curator reads everyone's work"
    );
    assert_eq!(read(&work("ben"), "cora"), 200);
    let stranger = read(&docs, "zed");
    assert!(
        stranger == 401 || stranger == 403,
        "zed is not in the project: {stranger}"
    );
    let (wrong, _) = http(
        &couch.url,
        "GET",
        &format!("{docs}/_all_docs"),
        Some(("ana", "wrong")),
        None,
    );
    assert_eq!(wrong, 401, "a wrong password");

    // Status.
    let status: Value = serde_json::from_str(&ok(&couch.cli(&[
        "project",
        "status",
        "--project",
        p,
        "--json",
    ])))
    .expect("status JSON");
    assert_eq!(status["members"].as_array().map(Vec::len), Some(3));
    let seed_row = status["documents"]
        .as_array()
        .and_then(|d| {
            d.iter().find(|r| {
                r["title"]
                    .as_str()
                    .is_some_and(|t| t.contains("Counterespionage"))
            })
        })
        .cloned()
        .expect("the seed article");
    assert_eq!(seed_row["work"]["ana"]["annotations"], 20);
    assert_eq!(seed_row["work"]["ben"]["annotations"], 5);
    assert!(seed_row["work"]["cora"].is_null());

    // Another device of ana's wrote a conflicting version.
    let sha = seed_row["document"].as_str().expect("sha").to_string();
    pouchdb(&[
        "conflict",
        &couch.admin_url(),
        &work("ana"),
        &format!("work:{sha}"),
    ]);
    let text = ok(&couch.cli(&["project", "status", "--project", p]));
    assert!(
        text.contains("1 conflicting version(s) to resolve"),
        "{text}"
    );

    // Pull: one file per member and document, conflicting versions beside.
    let pulled = dir.join("pulled");
    let out = ok(&couch.cli(&[
        "project",
        "pull",
        "--project",
        p,
        "--out",
        pulled.to_str().expect("p"),
    ]));
    let mut names: Vec<String> = std::fs::read_dir(&pulled)
        .expect("pulled")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let slug = "us-voices-concerns-over-chinas-counterespionage-push";
    assert_eq!(
        names,
        [
            format!("{slug}.ana.conflict-1.glossa.json"),
            format!("{slug}.ana.glossa.json"),
            format!("{slug}.ben.glossa.json"),
        ],
        "{out}"
    );
    let read_back = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(pulled.join(name)).expect("read"))
            .expect("json")
    };
    let ben: Value = read_back(&format!("{slug}.ben.glossa.json"));
    assert_eq!(ben["annotations"].as_array().map(Vec::len), Some(5));
    assert_eq!(ben["annotator"], "ben");
    format::parse(&ben.to_string()).expect("a valid Glossa file");

    // PouchDB replicates ana's work and finds the same revisions Glossa
    // wrote and read: the same leaves, the same winner.
    let reference = pouchdb(&["replicate", &couch.admin_url(), &work("ana")]);
    let doc = &reference[format!("work:{sha}")];
    let leaves: Vec<String> = doc["leaves"]
        .as_array()
        .expect("leaves")
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    assert_eq!(leaves.len(), 2, "{doc}");
    for leaf in &leaves {
        assert!(
            out.contains(&format!("(ana, {leaf})")),
            "Glossa did not pull {leaf}: {out}"
        );
    }
    let winner_line = out
        .lines()
        .find(|l| l.contains(&format!("{slug}.ana.glossa.json")))
        .expect("ana's file");
    assert!(
        winner_line.contains(doc["winner"].as_str().expect("winner")),
        "PouchDB's winner {} vs Glossa's {winner_line}",
        doc["winner"]
    );
    assert_eq!(doc["revisions"]["start"], 2);
    assert_eq!(doc["revisions"]["ids"].as_array().map(Vec::len), Some(2));

    // A curator made an annotator: the curator role of this project goes,
    // so the server no longer lets her read everyone's work; twice changes
    // nothing.
    let out = add_member(&couch, p, "cora", "annotator");
    assert!(out.contains("cora is a annotator"), "{out}");
    let again = add_member(&couch, p, "cora", "annotator");
    assert_eq!(again.trim(), "", "a second add-member changes nothing");
    let demoted = read(&work("ben"), "cora");
    assert!(
        demoted == 401 || demoted == 403,
        "cora, now an annotator, still reads ben's work: {demoted}"
    );
    let (_, user) = http(
        &couch.url,
        "GET",
        "_users/org.couchdb.user:cora",
        couch.admin(),
        None,
    );
    let roles = user["roles"].as_array().cloned().unwrap_or_default();
    assert!(
        roles.contains(&json!(format!("glossa-{p}-annotator"))),
        "{user}"
    );
    assert!(
        !roles.contains(&json!(format!("glossa-{p}-curator"))),
        "{user}"
    );
    let status: Value = serde_json::from_str(&ok(&couch.cli(&[
        "project",
        "status",
        "--project",
        p,
        "--json",
    ])))
    .expect("status JSON");
    let cora = status["members"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["name"] == "cora")
        .cloned();
    assert_eq!(cora.map(|m| m["role"].clone()), Some(json!("annotator")));
    if let Some(shape) = &couch.shape {
        shape.assert_shaped(&["seq", "bulk_docs", "403"]);
    }
}

#[test]
fn bad_credentials_and_a_missing_project_are_said_clearly() {
    let couch = Couch::start(false);
    let o = Command::new(BIN)
        .args(["project", "status", "--project", "nothing-here"])
        .env("GLOSSA_SERVER", &couch.url)
        .env("GLOSSA_ADMIN_USER", "admin")
        .env("GLOSSA_ADMIN_PASSWORD", "Wr0ng-Pa55")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("401"), "{err}");
    assert!(
        !err.contains("Wr0ng-Pa55"),
        "the password is never printed: {err}"
    );
    let o = couch.cli(&["project", "status", "--project", "nothing-here"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("glossa-cli project create"));
    let o = couch.cli(&["project", "create", "--project", "Bad Name"]);
    assert_eq!(o.status.code(), Some(2));
    // No server there.
    let o = Command::new(BIN)
        .args([
            "project",
            "create",
            "--project",
            "x",
            "--server",
            &format!("http://127.0.0.1:{}", free_port()),
        ])
        .env("GLOSSA_ADMIN_USER", "admin")
        .env("GLOSSA_ADMIN_PASSWORD", "pw")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be reached"));
}
