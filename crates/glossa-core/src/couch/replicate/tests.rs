//! The protocol against a server made of a [`Replica`] that answers the
//! endpoints as CouchDB does (JSON shapes included), so two replicas that
//! sync through it can be compared.

use super::*;

/// A CouchDB database in memory, over the protocol's endpoints.
#[derive(Default)]
struct Server {
    db: Replica,
    locals: BTreeMap<String, (u64, Value)>,
    /// Answer every request with this status (a refusing server).
    refuse: Option<u16>,
    down: bool,
    /// Answer `{}` for a revision `_bulk_get` cannot find (PouchDB server).
    empty_for_missing: bool,
    /// A change `_changes` lists whose revision `_bulk_get` cannot give.
    phantom: Option<(String, String)>,
    requests: Vec<String>,
}

impl Remote for Server {
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        self.requests.push(format!("{method:?} {path}"));
        if self.down {
            return Err("connection refused".into());
        }
        if let Some(status) = self.refuse {
            return Ok((
                status,
                json!({"error": "forbidden", "reason": "not a member"}),
            ));
        }
        let body = body.cloned().unwrap_or(Value::Null);
        if let Some(id) = path.strip_prefix("_local/").map(|p| format!("_local/{p}")) {
            return Ok(match method {
                Method::Get => match self.locals.get(&id) {
                    Some((rev, v)) => {
                        let mut v = v.clone();
                        v["_rev"] = json!(format!("0-{rev}"));
                        (200, v)
                    }
                    None => (404, json!({"error": "not_found"})),
                },
                _ => {
                    let current = self.locals.get(&id).map(|(r, _)| format!("0-{r}"));
                    if body["_rev"].as_str().map(String::from) != current {
                        return Ok((409, json!({"error": "conflict"})));
                    }
                    let next = self.locals.get(&id).map_or(1, |(r, _)| r + 1);
                    self.locals.insert(id, (next, body));
                    (201, json!({"ok": true}))
                }
            });
        }
        if path == "_revs_diff" {
            let mut out = serde_json::Map::new();
            for (id, revs) in body.as_object().into_iter().flatten() {
                let revs: Vec<Rev> = revs
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str().and_then(Rev::parse))
                    .collect();
                let missing = self.db.missing(id, &revs);
                if !missing.is_empty() {
                    out.insert(
                        id.clone(),
                        json!({"missing": missing.iter().map(Rev::to_string).collect::<Vec<_>>()}),
                    );
                }
            }
            return Ok((200, Value::Object(out)));
        }
        if path == "_bulk_docs" {
            assert_eq!(body["new_edits"], json!(false));
            let mut rows = Vec::new();
            for doc in body["docs"].as_array().into_iter().flatten() {
                match self.db.graft(doc) {
                    Ok(()) => {}
                    Err(e) => rows.push(json!({"error": "bad_request", "reason": e})),
                }
            }
            return Ok((201, Value::Array(rows)));
        }
        if let Some(query) = path.strip_prefix("_changes?") {
            let since: u64 = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let limit: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("limit="))
                .and_then(|s| s.parse().ok())
                .unwrap_or(usize::MAX);
            let (changes, seq) = self.db.changes_since(since);
            let mut last = seq;
            let mut results: Vec<Value> = changes
                .iter()
                .take(limit)
                .map(|(id, revs)| json!({"id": id, "changes": revs.iter().map(|r| json!({"rev": r.to_string()})).collect::<Vec<_>>()}))
                .collect();
            if let Some((id, rev)) = &self.phantom {
                results.push(json!({"id": id, "changes": [{"rev": rev}]}));
            }
            if changes.len() > limit {
                // Sequences of the rows given: the log keeps one per document.
                last = self
                    .db
                    .log
                    .iter()
                    .filter(|(s, _)| *s > since)
                    .nth(limit - 1)
                    .map_or(seq, |(s, _)| *s);
            }
            return Ok((200, json!({"results": results, "last_seq": last})));
        }
        if path.starts_with("_bulk_get") {
            let mut results = Vec::new();
            for want in body["docs"].as_array().into_iter().flatten() {
                let id = want["id"].as_str().unwrap_or_default();
                let rev = want["rev"].as_str().and_then(Rev::parse);
                let doc = rev.and_then(|r| self.db.replicated(id, &r));
                let entry = match doc {
                    Some(d) => json!({"ok": d}),
                    None if self.empty_for_missing => json!({}),
                    None => json!({"error": {"id": id, "error": "not_found"}}),
                };
                results.push(json!({"id": id, "docs": [entry]}));
            }
            return Ok((200, json!({"results": results})));
        }
        Ok((400, json!({"error": "bad_request", "reason": path})))
    }
}

const A: &str = "a";
const B: &str = "b";

fn sync(replica: &mut Replica, server: &mut Server, name: &str) {
    block_on(push(replica, server, &replication_id(name, "s", true))).expect("push");
    block_on(pull(
        replica,
        server,
        &replication_id(name, "s", false),
        None,
    ))
    .expect("pull");
}

#[test]
fn an_edit_travels_and_a_second_sync_sends_nothing() {
    let mut server = Server::default();
    let (mut a, mut b) = (Replica::default(), Replica::default());
    a.put("work:1", None, json!({"tags": 1}));
    sync(&mut a, &mut server, A);
    sync(&mut b, &mut server, B);
    assert_eq!(
        b.winner("work:1").map(|(_, v)| v.clone()),
        Some(json!({"tags": 1}))
    );
    assert_eq!(a.tree("work:1"), b.tree("work:1"));
    server.requests.clear();
    let report = block_on(push(&mut a, &mut server, &replication_id(A, "s", true))).expect("push");
    assert_eq!(report, Report::default());
    assert!(
        !server
            .requests
            .iter()
            .any(|r| r.contains("_revs_diff") || r.contains("_bulk_docs")),
        "{:?}",
        server.requests
    );
    // Nor does it write the checkpoints again, either way.
    block_on(pull(
        &mut a,
        &mut server,
        &replication_id(A, "s", false),
        None,
    ))
    .expect("pull");
    assert!(
        !server.requests.iter().any(|r| r.starts_with("Put")),
        "{:?}",
        server.requests
    );
}

#[test]
fn reading_everything_writes_nothing_to_the_server() {
    let mut server = Server::default();
    let mut a = Replica::default();
    a.put("work:1", None, json!({"tags": 1}));
    a.put("work:2", None, json!({"tags": 2}));
    sync(&mut a, &mut server, A);
    server.requests.clear();
    for _ in 0..2 {
        let mut fresh = Replica::default();
        let report = block_on(read_all(&mut fresh, &mut server)).expect("read");
        assert_eq!(report.revisions, 2);
        assert_eq!(fresh.tree("work:1"), a.tree("work:1"));
        assert_eq!(fresh.tree("work:2"), a.tree("work:2"));
    }
    assert!(
        server
            .requests
            .iter()
            .all(|r| r.starts_with("Get _changes") || r.starts_with("Post _bulk_get")),
        "{:?}",
        server.requests
    );
}

#[test]
fn concurrent_edits_keep_both_branches_everywhere() {
    let mut server = Server::default();
    let (mut a, mut b) = (Replica::default(), Replica::default());
    let r1 = a.put("work:1", None, json!({"v": 0}));
    sync(&mut a, &mut server, A);
    sync(&mut b, &mut server, B);
    // Both edit offline, then both sync (twice, so each sees the other).
    a.put("work:1", Some(&r1), json!({"v": "a"}));
    b.put("work:1", Some(&r1), json!({"v": "b"}));
    sync(&mut a, &mut server, A);
    sync(&mut b, &mut server, B);
    sync(&mut a, &mut server, A);
    for r in [&a, &b, &server.db] {
        let t = r.tree("work:1").expect("the doc");
        assert_eq!(t.leaves().len(), 2, "both branches kept");
        assert_eq!(t.conflicts().len(), 1);
    }
    assert_eq!(a.winner("work:1"), b.winner("work:1"));
    assert_eq!(a.tree("work:1"), b.tree("work:1"));
}

#[test]
fn pulls_go_in_batches_and_resume_from_the_checkpoint() {
    let mut server = Server::default();
    let mut a = Replica::default();
    for i in 0..(BATCH + 7) {
        a.put(&format!("work:{i}"), None, json!({"i": i}));
    }
    sync(&mut a, &mut server, A);
    let mut b = Replica::default();
    let report = block_on(pull(
        &mut b,
        &mut server,
        &replication_id(B, "s", false),
        None,
    ))
    .expect("pull");
    assert_eq!(report.docs, BATCH + 7);
    assert_eq!(b.ids().count(), BATCH + 7);
    let changes = server
        .requests
        .iter()
        .filter(|r| r.contains("_changes"))
        .count();
    assert!(changes >= 2, "{:?}", server.requests);
    a.put("work:new", None, json!({}));
    sync(&mut a, &mut server, A);
    let report = block_on(pull(
        &mut b,
        &mut server,
        &replication_id(B, "s", false),
        None,
    ))
    .expect("pull");
    assert_eq!(
        report,
        Report {
            revisions: 1,
            docs: 1
        }
    );
}

#[test]
fn failures_are_named_and_change_nothing_local() {
    let mut a = Replica::default();
    a.put("work:1", None, json!({"v": 1}));
    let before = a.clone();
    let id = replication_id(A, "s", true);
    let mut down = Server {
        down: true,
        ..Server::default()
    };
    assert!(matches!(
        block_on(push(&mut a, &mut down, &id)),
        Err(SyncError::Offline(_))
    ));
    for (status, expected) in [
        (401, SyncError::Unauthorized),
        (403, SyncError::Forbidden("not a member".into())),
        (404, SyncError::NotFound),
        (500, SyncError::Server(500, "not a member".into())),
    ] {
        let mut s = Server {
            refuse: Some(status),
            ..Server::default()
        };
        assert_eq!(block_on(pull(&mut a, &mut s, &id, Some(10))), Err(expected));
    }
    assert_eq!(a, before);
    assert!(SyncError::Unauthorized.to_string().contains("sign-in"));
}

#[test]
fn a_revision_gone_from_bulk_get_is_skipped() {
    let mut server = Server {
        empty_for_missing: true,
        ..Server::default()
    };
    let mut a = Replica::default();
    a.put("work:1", None, json!({"v": 1}));
    sync(&mut a, &mut server, A);
    // The server lists a revision it then cannot give.
    server.phantom = Some(("work:ghost".into(), "1-abc".into()));
    let mut b = Replica::default();
    let report = block_on(pull(
        &mut b,
        &mut server,
        &replication_id(B, "s", false),
        None,
    ))
    .expect("pull");
    assert_eq!(report.docs, 1);
    assert!(b.tree("work:ghost").is_none());
    assert!(server
        .requests
        .iter()
        .any(|r| r.starts_with("Post _bulk_get")));
}

#[test]
fn ids_and_sequences() {
    assert_eq!(replication_id(A, "s", true), replication_id(A, "s", true));
    assert_ne!(replication_id(A, "s", true), replication_id(A, "s", false));
    assert!(replication_id(A, "s", true).starts_with("_local/glossa-"));
    assert_eq!(percent("12-g1AAAA=="), "12-g1AAAA%3D%3D");
    assert_eq!(seq_text(&json!("3-abc")), "3-abc");
    assert_eq!(seq_text(&json!(3)), "3");
}
