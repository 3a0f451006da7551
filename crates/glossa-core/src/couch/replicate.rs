//! The CouchDB replication protocol, one direction at a time, between a
//! replica this program holds ([`Replica`]) and a database on a server
//! ([`Remote`], carried out by the shell over HTTP):
//!
//! 1. read the checkpoint `_local/<replication id>` on both sides;
//! 2. list what changed since it (the replica's own log, or the server's
//!    `_changes?style=all_docs`);
//! 3. ask the receiving side which of those revisions it lacks
//!    (`_revs_diff`);
//! 4. copy those revisions with their history (`_bulk_get?revs=true` from
//!    the server, `_bulk_docs` with `new_edits: false` to it), so both sides
//!    keep every branch: conflicts are kept, never dropped;
//! 5. write the checkpoint on both sides.
//!
//! Everything here is plain data in, plain data out; the shell brings the
//! transport. Servers differ (CouchDB 3 and the PouchDB server used in
//! tests): `_bulk_get` may answer `{}` for a missing revision, and a
//! signed-in non-member may get 401 instead of 403 — both are handled.

use super::revs::{Rev, RevTree};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// An HTTP method the protocol uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

impl Method {
    /// The HTTP verb.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

/// A database on a server: `path` is relative to the database (`_changes?…`).
/// Asynchronous, so the browser's `fetch` can carry it; a blocking client
/// answers at once (see [`block_on`]).
pub trait Remote {
    /// Sends one request; `Err` only when no answer came (network down,
    /// server gone), with words for a person.
    fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> impl std::future::Future<Output = Result<(u16, Value), String>>;
}

/// Runs `future` to its end on this thread, for a [`Remote`] whose calls
/// block (the command line): such a future is ready the first time it is
/// polled.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::yield_now();
    }
}

/// Why a replication stopped. Nothing local is changed by a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// No answer: offline, or the server is down.
    Offline(String),
    /// 401: not signed in, the session expired, or (on some servers) not a member.
    Unauthorized,
    /// 403: signed in but not allowed.
    Forbidden(String),
    /// 404: the database does not exist (or is hidden).
    NotFound,
    /// Anything else the server said.
    Server(u16, String),
    /// An answer that is not what the protocol says.
    Malformed(String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Offline(why) => write!(f, "the server cannot be reached ({why})"),
            SyncError::Unauthorized => f.write_str(
                "the server did not accept the sign-in (wrong name or password, an expired session, or no access to this project)",
            ),
            SyncError::Forbidden(why) => write!(f, "the server refused: {why}"),
            SyncError::NotFound => f.write_str("the server has no such database (is the project set up?)"),
            SyncError::Server(status, why) => write!(f, "the server answered {status}: {why}"),
            SyncError::Malformed(why) => write!(f, "the server's answer makes no sense: {why}"),
        }
    }
}

/// What one replication did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Revisions copied.
    pub revisions: usize,
    /// Documents touched.
    pub docs: usize,
}

/// A database this program holds: revision trees, a change log and local
/// (non-replicated) documents. The app keeps one per work database in the
/// browser; the CLI fills one for a push or a pull.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Replica {
    docs: BTreeMap<String, RevTree>,
    /// (sequence, document id), one entry per change, in order.
    log: Vec<(u64, String)>,
    seq: u64,
    locals: BTreeMap<String, Value>,
    /// Documents changed since [`Replica::take_dirty`] (not stored).
    dirty: std::collections::BTreeSet<String>,
}

impl Replica {
    pub fn tree(&self, id: &str) -> Option<&RevTree> {
        self.docs.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &String> {
        self.docs.keys()
    }

    /// The winning revision's body of `id`.
    pub fn winner(&self, id: &str) -> Option<(Rev, &Value)> {
        let tree = self.docs.get(id)?;
        let rev = tree.winner()?;
        let body = tree.body(&rev)?;
        Some((rev, body))
    }

    /// Writes `body` as a new revision of `id` on top of its winner (or of
    /// `parent`); returns the new revision.
    pub fn put(&mut self, id: &str, parent: Option<&Rev>, body: Value) -> Rev {
        let tree = self.docs.entry(id.to_string()).or_default();
        let parent = parent.cloned().or_else(|| tree.winner());
        let rev = tree.edit(parent.as_ref(), body, false);
        self.touch(id);
        rev
    }

    /// Writes `body` as a child of exactly `parent` (None: a new root, even
    /// when the document has revisions: a second branch).
    pub fn put_at(&mut self, id: &str, parent: Option<&Rev>, body: Value) -> Rev {
        let tree = self.docs.entry(id.to_string()).or_default();
        let rev = tree.edit(parent, body, false);
        self.touch(id);
        rev
    }

    /// Ends the branch `rev` of `id` with a deletion (how CouchDB resolves a
    /// conflict: the losing leaf gets a deleted child). The deleted leaf
    /// carries the losing body: CouchDB's compaction drops the bodies of
    /// revisions that are not leaves, so this is where the other version
    /// stays readable (`open_revs=all`).
    pub fn delete(&mut self, id: &str, rev: &Rev) -> Option<Rev> {
        let tree = self.docs.get_mut(id)?;
        if !tree.contains(rev) {
            return None;
        }
        let body = tree.body(rev).cloned().unwrap_or_else(|| json!({}));
        let gone = tree.edit(Some(rev), body, true);
        self.touch(id);
        Some(gone)
    }

    fn touch(&mut self, id: &str) {
        self.seq += 1;
        self.log.retain(|(_, d)| d != id);
        self.log.push((self.seq, id.to_string()));
        self.dirty.insert(id.to_string());
    }

    /// The documents changed since the last call (what a shell that keeps
    /// the replica must store again), and whether the rest changed.
    pub fn take_dirty(&mut self) -> Vec<String> {
        std::mem::take(&mut self.dirty).into_iter().collect()
    }

    /// Everything but the documents, as stored: sequence, change log and
    /// local documents.
    pub fn meta_json(&self) -> Value {
        json!({
            "seq": self.seq,
            "log": self.log.iter().map(|(s, id)| json!([s, id])).collect::<Vec<_>>(),
            "locals": self.locals,
        })
    }

    /// One document's revision tree as stored (bodies of leaves only).
    pub fn tree_json(&self, id: &str) -> Option<Value> {
        Some(self.docs.get(id)?.to_json())
    }

    /// A replica read back from [`Replica::meta_json`] and its trees; trees
    /// that cannot be read are skipped and named.
    pub fn from_stored(
        meta: &Value,
        trees: impl IntoIterator<Item = (String, Value)>,
    ) -> (Replica, Vec<String>) {
        let mut replica = Replica {
            seq: meta["seq"].as_u64().unwrap_or(0),
            ..Replica::default()
        };
        for entry in meta["log"].as_array().into_iter().flatten() {
            if let (Some(s), Some(id)) = (entry[0].as_u64(), entry[1].as_str()) {
                replica.log.push((s, id.to_string()));
            }
        }
        if let Some(locals) = meta["locals"].as_object() {
            for (k, v) in locals {
                replica.locals.insert(k.clone(), v.clone());
            }
        }
        let mut bad = Vec::new();
        for (id, tree) in trees {
            match RevTree::from_json(&tree) {
                Some(t) => {
                    replica.docs.insert(id, t);
                }
                None => bad.push(id),
            }
        }
        (replica, bad)
    }

    /// Stores a replicated revision (`_rev`, `_revisions`, `_deleted` in the
    /// body), as `new_edits: false` does.
    pub fn graft(&mut self, doc: &Value) -> Result<(), String> {
        let id = doc["_id"].as_str().ok_or("a document without _id")?;
        let rev = doc["_rev"]
            .as_str()
            .and_then(Rev::parse)
            .ok_or_else(|| format!("{id}: no valid _rev"))?;
        let history: Vec<String> = match doc["_revisions"]["ids"].as_array() {
            Some(ids) => ids
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            None => vec![rev.hash.clone()],
        };
        let deleted = doc["_deleted"].as_bool().unwrap_or(false);
        let mut body = doc.clone();
        if let Some(o) = body.as_object_mut() {
            o.retain(|k, _| !k.starts_with('_'));
        }
        let known = self
            .docs
            .get(id)
            .is_some_and(|t| t.contains(&rev) && t.body(&rev).is_some());
        let tree = self.docs.entry(id.to_string()).or_default();
        if !tree.graft(&rev, &history, body, deleted) {
            return Err(format!("{id}: a revision history that does not fit {rev}"));
        }
        if !known {
            self.touch(id);
        }
        Ok(())
    }

    /// The revisions of `revs` this replica lacks.
    pub fn missing(&self, id: &str, revs: &[Rev]) -> Vec<Rev> {
        revs.iter()
            .filter(|r| !self.docs.get(id).is_some_and(|t| t.contains(r)))
            .cloned()
            .collect()
    }

    /// The document as a replicated write carries it: body, `_id`, `_rev`,
    /// `_revisions` (and `_deleted`).
    pub fn replicated(&self, id: &str, rev: &Rev) -> Option<Value> {
        let tree = self.docs.get(id)?;
        let mut doc = tree.body(rev)?.clone();
        let o = doc.as_object_mut()?;
        o.insert("_id".into(), json!(id));
        o.insert("_rev".into(), json!(rev.to_string()));
        o.insert("_revisions".into(), tree.revisions(rev));
        if tree.is_deleted(rev) {
            o.insert("_deleted".into(), json!(true));
        }
        Some(doc)
    }

    /// Documents changed after `since`, with their leaf revisions.
    pub fn changes_since(&self, since: u64) -> (Vec<(String, Vec<Rev>)>, u64) {
        let changes = self
            .log
            .iter()
            .filter(|(s, _)| *s > since)
            .filter_map(|(_, id)| Some((id.clone(), self.docs.get(id)?.leaves())))
            .collect();
        (changes, self.seq)
    }

    pub fn local(&self, id: &str) -> Option<&Value> {
        self.locals.get(id)
    }

    pub fn set_local(&mut self, id: &str, value: Value) {
        self.locals.insert(id.to_string(), value);
    }
}

/// The id of the checkpoint both sides keep for one replication: the same
/// replica, database and direction always give the same id.
pub fn replication_id(replica: &str, remote: &str, push: bool) -> String {
    let mut h = Sha256::new();
    h.update(format!("glossa replication 1\n{replica}\n{remote}\n{push}").as_bytes());
    let hex: String = h
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("_local/glossa-{hex}")
}

/// Turns a non-2xx answer into an error.
fn check(status: u16, body: &Value) -> Result<(), SyncError> {
    let reason = || {
        body["reason"]
            .as_str()
            .or_else(|| body["error"].as_str())
            .unwrap_or("no reason given")
            .to_string()
    };
    match status {
        200..=299 => Ok(()),
        401 => Err(SyncError::Unauthorized),
        403 => Err(SyncError::Forbidden(reason())),
        404 => Err(SyncError::NotFound),
        _ => Err(SyncError::Server(status, reason())),
    }
}

async fn call(
    remote: &mut impl Remote,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Value, SyncError> {
    let (status, answer) = remote
        .call(method, path, body)
        .await
        .map_err(SyncError::Offline)?;
    check(status, &answer)?;
    Ok(answer)
}

/// The server's checkpoint, or None (404 is "none yet").
async fn remote_checkpoint(remote: &mut impl Remote, id: &str) -> Result<Option<Value>, SyncError> {
    let (status, answer) = remote
        .call(Method::Get, id, None)
        .await
        .map_err(SyncError::Offline)?;
    if status == 404 {
        return Ok(None);
    }
    check(status, &answer)?;
    Ok(Some(answer))
}

/// The sequence both checkpoints agree on; none if they differ.
fn agreed(local: Option<&Value>, remote: Option<&Value>) -> Option<Value> {
    let (l, r) = (local?, remote?);
    (l["session"] == r["session"]).then(|| l["last_seq"].clone())
}

async fn save_checkpoint(
    replica: &mut Replica,
    remote: &mut impl Remote,
    id: &str,
    previous: Option<Value>,
    last_seq: Value,
    session: &str,
) -> Result<(), SyncError> {
    let mut doc = json!({"session": session, "last_seq": last_seq});
    if let Some(rev) = previous.as_ref().and_then(|p| p["_rev"].as_str()) {
        doc["_rev"] = json!(rev);
    }
    call(remote, Method::Put, id, Some(&doc)).await?;
    replica.set_local(id, json!({"session": session, "last_seq": last_seq}));
    Ok(())
}

/// A session id for a checkpoint: what was replicated, up to where.
fn session_of(id: &str, seq: &Value) -> String {
    let mut h = Sha256::new();
    h.update(format!("{id}\n{seq}").as_bytes());
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Copies to the server every revision the replica has and the server
/// lacks.
pub async fn push(
    replica: &mut Replica,
    remote: &mut impl Remote,
    rep_id: &str,
) -> Result<Report, SyncError> {
    let theirs = remote_checkpoint(remote, rep_id).await?;
    let agreed_seq = agreed(replica.local(rep_id), theirs.as_ref()).and_then(|v| v.as_u64());
    let since = agreed_seq.unwrap_or(0);
    let (changes, upto) = replica.changes_since(since);
    let mut report = Report::default();
    // Nothing new and both sides agree where they are: no checkpoint write.
    if changes.is_empty() && agreed_seq == Some(upto) {
        return Ok(report);
    }
    if !changes.is_empty() {
        let ask: serde_json::Map<String, Value> = changes
            .iter()
            .map(|(id, revs)| {
                (
                    id.clone(),
                    json!(revs.iter().map(Rev::to_string).collect::<Vec<_>>()),
                )
            })
            .collect();
        let diff = call(
            remote,
            Method::Post,
            "_revs_diff",
            Some(&Value::Object(ask)),
        )
        .await?;
        let diff = diff
            .as_object()
            .ok_or_else(|| SyncError::Malformed("_revs_diff is not an object".into()))?;
        let mut docs = Vec::new();
        for (id, entry) in diff {
            let missing = entry["missing"].as_array().cloned().unwrap_or_default();
            for rev in missing
                .iter()
                .filter_map(|r| r.as_str().and_then(Rev::parse))
            {
                if let Some(doc) = replica.replicated(id, &rev) {
                    docs.push(doc);
                }
            }
            report.docs += 1;
        }
        report.revisions = docs.len();
        if !docs.is_empty() {
            let answer = call(
                remote,
                Method::Post,
                "_bulk_docs",
                Some(&json!({"docs": docs, "new_edits": false})),
            )
            .await?;
            // With new_edits=false a refused document shows as an error row.
            if let Some(err) = answer
                .as_array()
                .and_then(|rows| rows.iter().find(|r| r.get("error").is_some()))
            {
                let why = err["reason"].as_str().unwrap_or("refused").to_string();
                return Err(match err["error"].as_str() {
                    Some("forbidden") => SyncError::Forbidden(why),
                    Some("unauthorized") => SyncError::Unauthorized,
                    _ => SyncError::Server(200, why),
                });
            }
        }
    }
    let seq = json!(upto);
    let session = session_of(rep_id, &seq);
    save_checkpoint(replica, remote, rep_id, theirs, seq, &session).await?;
    Ok(report)
}

/// How many changes a pull asks for at once.
pub const BATCH: usize = 200;

/// Copies from the server every revision the replica lacks. `timeout_ms`:
/// with Some, the first `_changes` request waits that long for a change
/// (`feed=longpoll`); the shell must also keep its own deadline, since some
/// servers ignore it.
pub async fn pull(
    replica: &mut Replica,
    remote: &mut impl Remote,
    rep_id: &str,
    timeout_ms: Option<u32>,
) -> Result<Report, SyncError> {
    let theirs = remote_checkpoint(remote, rep_id).await?;
    let start = agreed(replica.local(rep_id), theirs.as_ref());
    let (report, since) = fetch(
        replica,
        remote,
        start.clone().unwrap_or(json!(0)),
        timeout_ms,
    )
    .await?;
    // Nothing came and the checkpoint stands: no write.
    if start.as_ref() == Some(&since) {
        return Ok(report);
    }
    let session = session_of(rep_id, &since);
    save_checkpoint(replica, remote, rep_id, theirs, since, &session).await?;
    Ok(report)
}

/// Copies everything from the server into a replica that will not be
/// kept (the CLI's status and pull): the protocol's reading steps with no
/// checkpoint read or written, so reading changes nothing on the server.
pub async fn read_all(
    replica: &mut Replica,
    remote: &mut impl Remote,
) -> Result<Report, SyncError> {
    Ok(fetch(replica, remote, json!(0), None).await?.0)
}

/// `_changes` from `since` in batches, and `_bulk_get` of the revisions
/// the replica lacks; the report and the last sequence reached.
async fn fetch(
    replica: &mut Replica,
    remote: &mut impl Remote,
    mut since: Value,
    timeout_ms: Option<u32>,
) -> Result<(Report, Value), SyncError> {
    let mut report = Report::default();
    let mut wait = timeout_ms;
    loop {
        let mut path = format!(
            "_changes?style=all_docs&limit={BATCH}&since={}",
            percent(&seq_text(&since))
        );
        if let Some(ms) = wait.take() {
            path.push_str(&format!("&feed=longpoll&timeout={ms}"));
        }
        let changes = call(remote, Method::Get, &path, None).await?;
        let results = changes["results"]
            .as_array()
            .ok_or_else(|| SyncError::Malformed("_changes has no results".into()))?;
        let mut want: Vec<Value> = Vec::new();
        for row in results {
            let Some(id) = row["id"].as_str() else {
                continue;
            };
            if id.starts_with("_design/") {
                continue;
            }
            let revs: Vec<Rev> = row["changes"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .filter_map(|x| x["rev"].as_str().and_then(Rev::parse))
                        .collect()
                })
                .unwrap_or_default();
            for rev in replica.missing(id, &revs) {
                want.push(json!({"id": id, "rev": rev.to_string()}));
            }
        }
        if !want.is_empty() {
            let got = call(
                remote,
                Method::Post,
                "_bulk_get?revs=true",
                Some(&json!({"docs": want})),
            )
            .await?;
            let rows = got["results"]
                .as_array()
                .ok_or_else(|| SyncError::Malformed("_bulk_get has no results".into()))?;
            let mut ids = std::collections::BTreeSet::new();
            for row in rows {
                for d in row["docs"].as_array().into_iter().flatten() {
                    // `{"error": …}`, or `{}` on some servers: gone since.
                    let Some(doc) = d.get("ok") else { continue };
                    replica.graft(doc).map_err(SyncError::Malformed)?;
                    report.revisions += 1;
                    if let Some(id) = doc["_id"].as_str() {
                        ids.insert(id.to_string());
                    }
                }
            }
            report.docs += ids.len();
        }
        let last = changes["last_seq"].clone();
        if !last.is_null() {
            since = last;
        }
        if results.len() < BATCH {
            break;
        }
    }
    Ok((report, since))
}

/// A sequence as `since=` takes it (CouchDB 3 sequences are strings).
fn seq_text(seq: &Value) -> String {
    match seq {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes a query value.
pub fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
