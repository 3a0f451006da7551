//! `glossa-cli project …`: set up and look after a team project on a
//! CouchDB server (the databases and their security are the core's:
//! [`glossa_core::couch::project`]). An admin runs these; every step can be
//! run twice and the second run changes nothing.
//!
//! Credentials come from the environment (`GLOSSA_ADMIN_USER`,
//! `GLOSSA_ADMIN_PASSWORD`; `GLOSSA_MEMBER_PASSWORD` for a new member) or a
//! prompt — never from the command line, and they are never printed.

use super::{read_text, CliError, CmdResult};
use clap::{Args, Subcommand};
use glossa_core::couch::project::{self, Project, Role, PROJECT_DOC, WORK_DESIGN};
use glossa_core::couch::replicate::{self, Method, Remote, Replica, SyncError};
use glossa_core::{format, open, parse_article};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args, Debug)]
pub(crate) struct ProjectArgs {
    #[command(subcommand)]
    command: ProjectCommand,
}

/// Which server and project.
#[derive(Args, Debug)]
struct At {
    /// The CouchDB server, e.g. https://couch.example.org (or GLOSSA_SERVER).
    #[arg(long, env = "GLOSSA_SERVER", value_name = "URL")]
    server: String,
    /// The project's name: lowercase letters, digits and -.
    #[arg(long, value_name = "NAME")]
    project: String,
}

#[derive(Subcommand, Debug)]
enum ProjectCommand {
    /// Create the project's documents database and its record.
    Create {
        #[command(flatten)]
        at: At,
    },
    /// Add articles (.txt, .md, .html; globs allowed) to the project.
    AddDocs {
        #[command(flatten)]
        at: At,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// Add a member (creating the user if needed, with GLOSSA_MEMBER_PASSWORD
    /// or a prompt) and their work database.
    AddMember {
        #[command(flatten)]
        at: At,
        #[arg(value_name = "NAME")]
        name: String,
        /// annotator (sees only their own work) or curator (sees everyone's).
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Documents × members: how many annotations each has, and conflicts.
    Status {
        #[command(flatten)]
        at: At,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Everyone's work into a folder as Glossa JSON, one file per member
    /// and document (conflicting versions beside it).
    Pull {
        #[command(flatten)]
        at: At,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// A Glossa JSON file as a member's work (pre-annotations, migration).
    Push {
        #[command(flatten)]
        at: At,
        #[arg(value_name = "FILE.glossa.json")]
        file: String,
        /// The member whose work it becomes.
        #[arg(long = "as", value_name = "NAME")]
        member: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("`{s}` is not a role: annotator or curator"))
}

/// A CouchDB server, spoken to as an admin.
struct Server {
    base: String,
    auth: String,
    agent: ureq::Agent,
}

impl Server {
    fn new(base: &str) -> Result<Server, CliError> {
        let user = std::env::var("GLOSSA_ADMIN_USER")
            .ok()
            .filter(|s| !s.is_empty())
            .map(Ok)
            .unwrap_or_else(|| prompt_line("Admin name: "))?;
        let password = match std::env::var("GLOSSA_ADMIN_PASSWORD") {
            Ok(p) if !p.is_empty() => p,
            _ => rpassword::prompt_password(format!("Password for {user}: "))
                .map_err(|e| CliError::Runtime(format!("cannot read the password: {e}")))?,
        };
        Ok(Server {
            base: base.trim_end_matches('/').to_string(),
            auth: format!("Basic {}", base64(&format!("{user}:{password}"))),
            // No redirects: a redirected request loses its credentials, and
            // an answer in the wrong place should be an error, not a 401.
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(60))
                .redirects(0)
                .build(),
        })
    }

    /// One request; (status, JSON body) for any answer, Err when none came.
    fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        let verb = method.as_str();
        let request = self
            .agent
            .request(verb, &format!("{}/{path}", self.base))
            .set("Authorization", &self.auth)
            .set("Accept", "application/json");
        let result = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(ureq::Error::Transport(t)) => return Err(t.to_string()),
        };
        let status = response.status();
        let body = response.into_json::<Value>().unwrap_or(Value::Null);
        Ok((status, body))
    }

    fn db<'a>(&'a self, name: &str) -> Db<'a> {
        Db {
            server: self,
            name: name.to_string(),
        }
    }

    /// Whether this is the PouchDB server (no validation functions there:
    /// it drops replicated revisions in a database that has one).
    fn is_pouchdb_server(&self) -> Result<bool, CliError> {
        let (_, welcome) = self
            .call(Method::Get, "", None)
            .map_err(offline(&self.base))?;
        Ok(welcome.get("express-pouchdb").is_some())
    }
}

/// One database on the server.
struct Db<'a> {
    server: &'a Server,
    name: String,
}

impl Remote for Db<'_> {
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        self.server
            .call(method, &format!("{}/{}", self.name, path), body)
    }
}

impl Db<'_> {
    fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), CliError> {
        let path = if path.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.name, path)
        };
        self.server
            .call(method, &path, body)
            .map_err(offline(&self.server.base))
    }

    /// Creates the database; true if it was not there.
    fn ensure(&self) -> Result<bool, CliError> {
        let (status, body) = self.request(Method::Put, "", None)?;
        match status {
            201 | 202 => Ok(true),
            412 => Ok(false),
            _ => Err(refused(status, &body, &format!("create {}", self.name))),
        }
    }

    fn get(&self, id: &str) -> Result<Option<Value>, CliError> {
        let (status, body) = self.request(Method::Get, &doc_path(id), None)?;
        match status {
            200 => Ok(Some(body)),
            404 => Ok(None),
            _ => Err(refused(status, &body, &format!("read {id}"))),
        }
    }

    /// Writes `doc` under `id` unless it is already there with the same
    /// content; true if written.
    fn put_if_changed(&self, id: &str, mut doc: Value) -> Result<bool, CliError> {
        let path = doc_path(id);
        if let Some(old) = self.get(id)? {
            let mut bare = old.clone();
            if let Some(o) = bare.as_object_mut() {
                o.remove("_rev");
                o.remove("_id");
            }
            let mut new = doc.clone();
            if let Some(o) = new.as_object_mut() {
                o.remove("_id");
            }
            if bare == new {
                return Ok(false);
            }
            doc["_rev"] = old["_rev"].clone();
        }
        let (status, body) = self.request(Method::Put, &path, Some(&doc))?;
        match status {
            201 | 202 => Ok(true),
            _ => Err(refused(status, &body, &format!("write {id}"))),
        }
    }

    fn set_security(&self, security: &Value) -> Result<bool, CliError> {
        let (_, current) = self.request(Method::Get, "_security", None)?;
        if &current == security {
            return Ok(false);
        }
        let (status, body) = self.request(Method::Put, "_security", Some(security))?;
        match status {
            200 | 201 => Ok(true),
            _ => Err(refused(status, &body, &format!("secure {}", self.name))),
        }
    }

    fn all_docs(&self) -> Result<Vec<Value>, CliError> {
        let (status, body) = self.request(Method::Get, "_all_docs?include_docs=true", None)?;
        if status != 200 {
            return Err(refused(status, &body, &format!("list {}", self.name)));
        }
        Ok(body["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("doc").cloned())
            .collect())
    }
}

/// A document's path in its database: the id percent-encoded, but a
/// design document's `_design/` kept as it is (CouchDB answers a GET of
/// `_design%2F…` with a redirect).
fn doc_path(id: &str) -> String {
    match id.strip_prefix("_design/") {
        Some(name) => format!("_design/{}", replicate::percent(name)),
        None => replicate::percent(id),
    }
}

fn offline(base: &str) -> impl Fn(String) -> CliError + '_ {
    move |why| CliError::Runtime(format!("{base} cannot be reached: {why}"))
}

fn refused(status: u16, body: &Value, what: &str) -> CliError {
    let reason = body["reason"]
        .as_str()
        .or_else(|| body["error"].as_str())
        .unwrap_or("no reason given");
    let hint = match status {
        401 => " (check GLOSSA_ADMIN_USER and GLOSSA_ADMIN_PASSWORD: a server admin runs these)",
        403 => " (a server admin runs these)",
        _ => "",
    };
    CliError::Runtime(format!(
        "the server refused to {what}: {status} {reason}{hint}"
    ))
}

fn sync_error(e: SyncError) -> CliError {
    CliError::Runtime(e.to_string())
}

fn prompt_line(question: &str) -> Result<String, CliError> {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::Runtime(format!("cannot read an answer: {e}")))?;
    let line = line.trim().to_string();
    if line.is_empty() {
        return Err(CliError::Usage(format!(
            "no answer to “{}” (set the GLOSSA_ADMIN_* variables to run without prompts)",
            question.trim()
        )));
    }
    Ok(line)
}

/// Standard base64 (for the Basic authorization header).
fn base64(s: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn say(line: &str) {
    println!("{line}");
}

pub(crate) fn cmd_project(args: ProjectArgs) -> CmdResult {
    match args.command {
        ProjectCommand::Create { at } => {
            let (server, project) = open(&at)?;
            create(&server, &project)
        }
        ProjectCommand::AddDocs { at, files } => {
            let (server, project) = open(&at)?;
            add_docs(&server, &project, &files)
        }
        ProjectCommand::AddMember { at, name, role } => {
            let (server, project) = open(&at)?;
            add_member(&server, &project, &name, role)
        }
        ProjectCommand::Status { at, json } => {
            let (server, project) = open(&at)?;
            status(&server, &project, json)
        }
        ProjectCommand::Pull { at, out } => {
            let (server, project) = open(&at)?;
            pull(&server, &project, &out)
        }
        ProjectCommand::Push { at, file, member } => {
            let (server, project) = open(&at)?;
            push(&server, &project, &file, &member)
        }
    }
}

fn open(at: &At) -> Result<(Server, Project), CliError> {
    let project = Project::new(&at.project).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok((Server::new(&at.server)?, project))
}

fn create(server: &Server, project: &Project) -> CmdResult {
    let docs = server.db(&project.docs_db());
    let made = docs.ensure()?;
    say(&format!(
        "{} {}",
        docs.name,
        if made { "created" } else { "already there" }
    ));
    if docs.set_security(&project.docs_security())? {
        say(&format!("{}: members are the project's roles", docs.name));
    }
    // Only the CLI writes here, by plain writes: a validation function is
    // safe on the PouchDB server too (it drops only replicated revisions).
    let mut design = project.docs_design();
    if let Some(o) = design.as_object_mut() {
        o.remove("_id");
    }
    if docs.put_if_changed(WORK_DESIGN, design)? {
        say(&format!("{}: only admins write", docs.name));
    }
    // A fresh single-node CouchDB has no _users database until it is made.
    if server.db("_users").ensure()? {
        say("_users created");
    }
    if docs.get(PROJECT_DOC)?.is_none() {
        docs.put_if_changed(
            PROJECT_DOC,
            json!({"type": "project", "name": project.name(), "members": {}}),
        )?;
        say(&format!("project “{}” recorded", project.name()));
    }
    Ok(())
}

fn project_record(server: &Server, project: &Project) -> Result<Value, CliError> {
    server
        .db(&project.docs_db())
        .get(PROJECT_DOC)?
        .ok_or_else(|| {
            CliError::Runtime(format!(
                "there is no project “{}” on this server: run `glossa-cli project create` first",
                project.name()
            ))
        })
}

fn expand(patterns: &[String]) -> Result<Vec<String>, CliError> {
    let mut out = Vec::new();
    for p in patterns {
        if p.contains(['*', '?', '[']) {
            let paths = glob::glob(p).map_err(|e| CliError::Usage(format!("{p}: {e}")))?;
            let before = out.len();
            for path in paths.flatten() {
                out.push(path.to_string_lossy().into_owned());
            }
            if out.len() == before {
                return Err(CliError::Runtime(format!("{p}: no file matches")));
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn add_docs(server: &Server, project: &Project, files: &[String]) -> CmdResult {
    project_record(server, project)?;
    let docs = server.db(&project.docs_db());
    for file in expand(files)? {
        let bytes = std::fs::read(&file)
            .map_err(|e| CliError::Runtime(format!("{file}: cannot read: {e}")))?;
        let text = open::text_from_bytes(&file, &bytes)
            .map_err(|e| CliError::Runtime(format!("{file}: {e}")))?;
        let doc = parse_article(&text);
        let id = project::doc_id(&doc.text_sha256);
        let written = docs.put_if_changed(
            &id,
            json!({"type": "document", "title": doc.title, "text": doc.text, "chars": doc.len()}),
        )?;
        say(&format!(
            "{file}: “{}” {}",
            doc.title,
            if written { "added" } else { "already there" }
        ));
    }
    Ok(())
}

fn add_member(server: &Server, project: &Project, name: &str, role: Role) -> CmdResult {
    let mut record = project_record(server, project)?;
    let users = server.db("_users");
    users.ensure()?;
    let user_id = format!("org.couchdb.user:{name}");
    let role_name = project.role(role);
    let path = replicate::percent(&user_id);
    let mut password: Option<String> = None;
    // Another admin (or a second run) may write the same user between our
    // read and write: 409, read again.
    for attempt in 0..3 {
        let (mut user, new_user) = match users.get(&user_id)? {
            Some(u) => (u, false),
            None => {
                let pw = match password.take() {
                    Some(p) => p,
                    None => match std::env::var("GLOSSA_MEMBER_PASSWORD") {
                        Ok(p) if !p.is_empty() => p,
                        _ => rpassword::prompt_password(format!(
                            "Password for the new member {name}: "
                        ))
                        .map_err(|e| CliError::Runtime(format!("cannot read the password: {e}")))?,
                    },
                };
                password = Some(pw.clone());
                (
                    json!({"_id": user_id, "name": name, "type": "user", "roles": [], "password": pw}),
                    true,
                )
            }
        };
        let roles = user["roles"].as_array().cloned().unwrap_or_default();
        let own = roles
            .iter()
            .filter(|r| r.as_str().is_some_and(|r| project.is_own_role(r)))
            .count();
        if !new_user && own == 1 && roles.contains(&json!(role_name)) {
            break;
        }
        user["roles"] = json!(project.roles_with(&roles, role));
        let (status, body) = users.request(Method::Put, &path, Some(&user))?;
        if status == 409 && attempt < 2 {
            continue;
        }
        if !(200..300).contains(&status) {
            return Err(refused(
                status,
                &body,
                &format!("give {name} the role {role_name}"),
            ));
        }
        if new_user {
            say(&format!("user {name} created"));
        }
        say(&format!(
            "{name} is a {} of “{}”",
            role.name(),
            project.name()
        ));
        break;
    }
    let work = server.db(&project.work_db(name));
    if work.ensure()? {
        say(&format!("{} created", work.name));
    }
    work.set_security(&project.work_security(name))?;
    if server.is_pouchdb_server()? {
        // Documented: that server drops replicated revisions in a database
        // with a validation function; membership still keeps others out.
    } else {
        let mut design = project.work_design(name);
        if let Some(o) = design.as_object_mut() {
            o.remove("_id");
        }
        work.put_if_changed(WORK_DESIGN, design)?;
    }
    if record["members"][name] != json!(role.name()) {
        record["members"][name] = json!(role.name());
        let docs = server.db(&project.docs_db());
        let (status, body) = docs.request(Method::Put, PROJECT_DOC, Some(&record))?;
        if !(200..300).contains(&status) {
            return Err(refused(status, &body, "record the member"));
        }
    }
    Ok(())
}

/// The project's members and their roles.
fn members(record: &Value) -> Vec<(String, String)> {
    record["members"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// A member's work database replicated into memory (the protocol, as the
/// app speaks it).
fn pull_work(server: &Server, project: &Project, member: &str) -> Result<Replica, CliError> {
    let mut replica = Replica::default();
    let mut db = server.db(&project.work_db(member));
    replicate::block_on(replicate::read_all(&mut replica, &mut db)).map_err(sync_error)?;
    Ok(replica)
}

fn status(server: &Server, project: &Project, as_json: bool) -> CmdResult {
    let record = project_record(server, project)?;
    let docs: Vec<Value> = server
        .db(&project.docs_db())
        .all_docs()?
        .into_iter()
        .filter(|d| d["type"] == "document")
        .collect();
    let people = members(&record);
    let mut works = Vec::new();
    for (name, _) in &people {
        works.push(pull_work(server, project, name)?);
    }
    let mut rows = Vec::new();
    for d in &docs {
        let sha = d["_id"]
            .as_str()
            .and_then(|i| i.strip_prefix("doc:"))
            .unwrap_or("");
        let mut cells = serde_json::Map::new();
        for ((name, _), replica) in people.iter().zip(&works) {
            let id = project::work_id(sha);
            let cell = match replica.winner(&id) {
                Some((_, body)) => json!({
                    "annotations": body["glossa"]["annotations"].as_array().map_or(0, Vec::len),
                    "conflicts": replica.tree(&id).map_or(0, |t| t.conflicts().len()),
                }),
                None => Value::Null,
            };
            cells.insert(name.clone(), cell);
        }
        rows.push(json!({"document": sha, "title": d["title"], "work": cells}));
    }
    if as_json {
        let out = json!({
            "project": project.name(),
            "members": people.iter().map(|(n, r)| json!({"name": n, "role": r})).collect::<Vec<_>>(),
            "documents": rows,
        });
        say(&serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    say(&format!(
        "project “{}”: {} documents, {} members",
        project.name(),
        docs.len(),
        people.len()
    ));
    for (name, role) in &people {
        say(&format!("  {name} ({role})"));
    }
    for row in &rows {
        say(row["title"].as_str().unwrap_or("?"));
        for (name, _) in &people {
            let cell = &row["work"][name];
            let text = if cell.is_null() {
                "not started".to_string()
            } else {
                let n = cell["annotations"].as_u64().unwrap_or(0);
                let c = cell["conflicts"].as_u64().unwrap_or(0);
                if c > 0 {
                    format!("{n} annotations, {c} conflicting version(s) to resolve")
                } else {
                    format!("{n} annotations")
                }
            };
            say(&format!("  {name}: {text}"));
        }
    }
    Ok(())
}

fn pull(server: &Server, project: &Project, out: &std::path::Path) -> CmdResult {
    let record = project_record(server, project)?;
    std::fs::create_dir_all(out)
        .map_err(|e| CliError::Runtime(format!("{}: cannot create: {e}", out.display())))?;
    let mut written = 0;
    for (name, _) in members(&record) {
        let replica = pull_work(server, project, &name)?;
        for id in replica.ids() {
            let Some(tree) = replica.tree(id) else {
                continue;
            };
            let Some(winner) = tree.winner() else {
                continue;
            };
            let mut versions = vec![(winner, String::new())];
            for (i, rev) in tree.conflicts().into_iter().enumerate() {
                versions.push((rev, format!(".conflict-{}", i + 1)));
            }
            for (rev, suffix) in versions {
                let Some(body) = tree.body(&rev) else {
                    continue;
                };
                let mut file = body["glossa"].clone();
                if !file.is_object() {
                    continue;
                }
                file["annotator"] = json!(name);
                let title = file["document"]["title"].as_str().unwrap_or("document");
                let path = out.join(format!(
                    "{}.{}{suffix}.glossa.json",
                    glossa_core::article::slug(title),
                    project::encode_user(&name)
                ));
                let text = serde_json::to_string_pretty(&file).unwrap_or_default();
                std::fs::write(&path, text + "\n").map_err(|e| {
                    CliError::Runtime(format!("{}: cannot write: {e}", path.display()))
                })?;
                say(&format!("{} ({name}, {rev})", path.display()));
                written += 1;
            }
        }
    }
    say(&format!("{written} files"));
    Ok(())
}

fn push(server: &Server, project: &Project, file: &str, member: &str) -> CmdResult {
    let record = project_record(server, project)?;
    if record["members"].get(member).is_none() {
        return Err(CliError::Runtime(format!(
            "{member} is not a member of “{}”: add them with `glossa-cli project add-member`",
            project.name()
        )));
    }
    let json = read_text(file)?;
    let parsed = format::parse(&json).map_err(|e| CliError::Runtime(format!("{file}: {e}")))?;
    let sha = parsed.document.text_sha256.clone();
    let docs = server.db(&project.docs_db());
    if docs.get(&project::doc_id(&sha))?.is_none() {
        return Err(CliError::Runtime(format!(
            "{file}: its article “{}” is not in the project: add it with `glossa-cli project add-docs`",
            parsed.document.title
        )));
    }
    let mut glossa: Value =
        serde_json::from_str(&json).map_err(|e| CliError::Runtime(format!("{file}: {e}")))?;
    if let Some(o) = glossa.as_object_mut() {
        o.remove("annotator");
    }
    let body = json!({"type": "work", "annotator": member, "document": sha, "glossa": glossa});
    let mut replica = pull_work(server, project, member)?;
    let id = project::work_id(&sha);
    let same = |a: &Value, b: &Value| {
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(o) = v["glossa"].as_object_mut() {
                o.remove("exported_at");
            }
            v
        };
        strip(a) == strip(b)
    };
    if let Some((rev, current)) = replica.winner(&id) {
        if same(current, &body) {
            say(&format!(
                "{member}: “{}” unchanged ({rev})",
                parsed.document.title
            ));
            return Ok(());
        }
    }
    let rev = replica.put(&id, None, body);
    let mut db = server.db(&project.work_db(member));
    let rep = replicate::replication_id("glossa-cli", &db.name, true);
    replicate::block_on(replicate::push(&mut replica, &mut db, &rep)).map_err(sync_error)?;
    say(&format!(
        "{member}: “{}” written ({rev})",
        parsed.document.title
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            ("admin:sécret", "YWRtaW46c8OpY3JldA=="),
        ] {
            assert_eq!(base64(plain), coded);
        }
    }
}
