//! One person's work on a project's documents, kept two ways: the copy the
//! app saves locally (a Glossa JSON string and a local revision number, see
//! [`crate::save`]) and the document `work:<text sha256>` in the replica of
//! their work database, which the replication protocol carries to the
//! server. [`reconcile`] decides, for one article, what to do so that the
//! two meet again — without ever dropping a version:
//!
//! - local edits not yet in the replica become a new revision on top of
//!   the revision the local copy came from (its [`Link`]), so that work done
//!   on two devices from the same starting point becomes two branches (a
//!   conflict CouchDB keeps), never one overwriting the other;
//! - a newer revision from the server that descends from the local copy's
//!   is taken into the local copy ([`Outcome::Adopt`]);
//! - branches that are both alive are reported ([`Outcome::Conflict`]) and
//!   stay until the person chooses ([`resolve`]); the local copy keeps this
//!   device's branch meanwhile.
//!
//! The link lives in the replica's local (never replicated) documents, so
//! it is stored with the replica.

use super::project::work_id;
use super::replicate::Replica;
use super::revs::Rev;
use serde_json::{json, Value};

/// Which replica revision the local copy holds, and at which local
/// revision it held it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub rev: Rev,
    pub local: u64,
}

fn link_key(sha: &str) -> String {
    format!("glossa-link/{sha}")
}

/// The link of `sha`'s local copy, if it ever met the replica.
pub fn link(replica: &Replica, sha: &str) -> Option<Link> {
    let v = replica.local(&link_key(sha))?;
    Some(Link {
        rev: Rev::parse(v["rev"].as_str()?)?,
        local: v["local"].as_u64()?,
    })
}

fn set_link(replica: &mut Replica, sha: &str, link: &Link) {
    replica.set_local(
        &link_key(sha),
        json!({"rev": link.rev.to_string(), "local": link.local}),
    );
}

/// The body of a work document: who, which article, and the Glossa JSON.
pub fn work_body(annotator: &str, sha: &str, glossa: Value) -> Value {
    let mut glossa = glossa;
    if let Some(o) = glossa.as_object_mut() {
        o.remove("annotator");
    }
    json!({"type": "work", "annotator": annotator, "document": sha, "glossa": glossa})
}

/// Whether two work bodies hold the same work (the time of writing aside).
pub fn same_work(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v["glossa"].as_object_mut() {
            o.remove("exported_at");
            o.remove("annotator");
        }
        v
    };
    strip(a) == strip(b)
}

/// The Glossa JSON a work body holds, annotator named.
pub fn glossa_of(body: &Value) -> Option<Value> {
    let mut g = body.get("glossa")?.clone();
    let o = g.as_object_mut()?;
    if let Some(who) = body["annotator"].as_str() {
        o.insert("annotator".into(), json!(who));
    }
    Some(g)
}

/// What [`reconcile`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing to do: both hold the same work.
    InStep,
    /// Local edits were written into the replica as this revision (push
    /// it).
    Recorded(Rev),
    /// The replica holds newer work: write `body`'s Glossa JSON into the
    /// local copy over local revision `over` (only if it is still `over`),
    /// then call [`adopted`].
    Adopt { rev: Rev, body: Value, over: u64 },
    /// Two or more live branches: `mine` is the one the local copy holds.
    Conflict { mine: Rev, others: Vec<Rev> },
}

/// Brings the replica and the local copy of `sha` together. `local`: the
/// local revision and its Glossa JSON, if there is a local copy. Returns
/// what was done and what the shell must do, in order.
pub fn reconcile(
    replica: &mut Replica,
    sha: &str,
    annotator: &str,
    local: Option<(u64, &Value)>,
) -> Vec<Outcome> {
    let id = work_id(sha);
    let mut out = Vec::new();
    let mut link = link(replica, sha);
    // 1. Local edits the replica has not seen.
    if let Some((local_rev, glossa)) = local {
        if link.as_ref().is_none_or(|l| l.local != local_rev) {
            let body = work_body(annotator, sha, glossa.clone());
            let tree = replica.tree(&id);
            let parent = link
                .as_ref()
                .map(|l| l.rev.clone())
                .filter(|r| tree.is_some_and(|t| t.contains(r)));
            // First meeting: the same work already in the replica is the same.
            let same_as = match &parent {
                Some(p) => tree
                    .and_then(|t| t.body(p))
                    .is_some_and(|b| same_work(b, &body))
                    .then(|| p.clone()),
                None => replica
                    .winner(&id)
                    .filter(|(_, b)| same_work(b, &body))
                    .map(|(r, _)| r),
            };
            let rev = match same_as {
                Some(r) => r,
                None => {
                    let r = replica.put_at(&id, parent.as_ref(), body);
                    out.push(Outcome::Recorded(r.clone()));
                    r
                }
            };
            let l = Link {
                rev,
                local: local_rev,
            };
            set_link(replica, sha, &l);
            link = Some(l);
        }
    }
    let Some(tree) = replica.tree(&id) else {
        if out.is_empty() {
            out.push(Outcome::InStep);
        }
        return out;
    };
    let live: Vec<Rev> = tree
        .leaves()
        .into_iter()
        .filter(|r| !tree.is_deleted(r))
        .collect();
    let Some(winner) = tree.winner() else {
        return out;
    };
    let over = local.map_or(0, |(r, _)| r);
    let adopt = |rev: &Rev| -> Option<Outcome> {
        let body = tree.body(rev)?.clone();
        Some(Outcome::Adopt {
            rev: rev.clone(),
            body,
            over,
        })
    };
    match &link {
        None => {
            if !tree.is_deleted(&winner) {
                out.extend(adopt(&winner));
            }
        }
        Some(l) => {
            let mine_is_live_leaf = live.contains(&l.rev);
            if !mine_is_live_leaf {
                // Someone built on this copy, or ended its branch (a
                // conflict resolved elsewhere): take the best live leaf
                // that descends from it, else the winner.
                let target = live
                    .iter()
                    .filter(|r| tree.descends(r, &l.rev))
                    .max_by(|a, b| a.pos.cmp(&b.pos).then(a.hash.cmp(&b.hash)))
                    .cloned()
                    .unwrap_or(winner.clone());
                if target != l.rev && !tree.is_deleted(&target) {
                    out.extend(adopt(&target));
                }
                let others: Vec<Rev> = live.iter().filter(|r| **r != target).cloned().collect();
                if !others.is_empty() {
                    out.push(Outcome::Conflict {
                        mine: target,
                        others,
                    });
                }
            } else if live.len() > 1 {
                out.push(Outcome::Conflict {
                    mine: l.rev.clone(),
                    others: live.iter().filter(|r| **r != l.rev).cloned().collect(),
                });
            }
        }
    }
    if out.is_empty() {
        out.push(Outcome::InStep);
    }
    out
}

/// The local copy now holds `rev` at local revision `local`.
pub fn adopted(replica: &mut Replica, sha: &str, rev: &Rev, local: u64) {
    set_link(
        replica,
        sha,
        &Link {
            rev: rev.clone(),
            local,
        },
    );
}

/// Settles a conflict: `keep`'s branch goes on (with `body` as a new
/// revision on top of it when given: a combination of the versions), every
/// other live branch ends with a deletion (its work stays in the history,
/// as CouchDB keeps it). Returns the revision the local copy must now hold
/// (adopt it), or None if `keep` is unknown.
pub fn resolve(replica: &mut Replica, sha: &str, keep: &Rev, body: Option<Value>) -> Option<Rev> {
    let id = work_id(sha);
    let tree = replica.tree(&id)?;
    if !tree.contains(keep) || tree.is_deleted(keep) {
        return None;
    }
    let others: Vec<Rev> = tree
        .leaves()
        .into_iter()
        .filter(|r| r != keep && !tree.is_deleted(r))
        .collect();
    for r in &others {
        replica.delete(&id, r);
    }
    Some(match body {
        Some(b) => replica.put_at(&id, Some(keep), b),
        None => keep.clone(),
    })
}

/// The live versions of `sha`'s work, winner first: revision and body.
pub fn versions(replica: &Replica, sha: &str) -> Vec<(Rev, Value)> {
    let id = work_id(sha);
    let Some(tree) = replica.tree(&id) else {
        return Vec::new();
    };
    let mut live: Vec<Rev> = tree
        .leaves()
        .into_iter()
        .filter(|r| !tree.is_deleted(r))
        .collect();
    let winner = tree.winner();
    crate::sort::sort_by_key(&mut live, |r| Some(r) != winner.as_ref());
    live.into_iter()
        .filter_map(|r| Some((r.clone(), tree.body(&r)?.clone())))
        .collect()
}

#[cfg(test)]
mod tests;
