//! CouchDB revisions and revision trees, as the replication protocol needs
//! them: revision ids `N-hash`, the `_revisions` history a replicated write
//! carries, and the winning revision among conflicting leaves (chosen the
//! way CouchDB chooses it, so every replica shows the same one).

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A revision id: its generation and hash (`3-a1b2…`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rev {
    pub pos: u64,
    pub hash: String,
}

impl Rev {
    pub fn parse(s: &str) -> Option<Rev> {
        let (pos, hash) = s.split_once('-')?;
        let pos: u64 = pos.parse().ok()?;
        (pos > 0 && !hash.is_empty()).then(|| Rev {
            pos,
            hash: hash.to_string(),
        })
    }

    /// The revision after `prev` for `body` (deterministic: the same edit of
    /// the same revision gets the same id on every replica).
    pub fn next(prev: Option<&Rev>, body: &Value) -> Rev {
        let mut h = Sha256::new();
        h.update(prev.map(Rev::to_string).unwrap_or_default().as_bytes());
        h.update(b"\n");
        h.update(body.to_string().as_bytes());
        let hash: String = h
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Rev {
            pos: prev.map_or(1, |p| p.pos + 1),
            hash,
        }
    }
}

impl std::fmt::Display for Rev {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

/// One revision in a tree: its parent, and its body if this replica has it
/// (bodies of old revisions may be gone).
#[derive(Clone, Debug, PartialEq)]
struct Node {
    parent: Option<Rev>,
    body: Option<Value>,
    deleted: bool,
}

/// Every revision of one document this replica knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RevTree {
    nodes: BTreeMap<Rev, Node>,
}

impl RevTree {
    pub fn contains(&self, rev: &Rev) -> bool {
        self.nodes.contains_key(rev)
    }

    /// The revisions nothing descends from.
    pub fn leaves(&self) -> Vec<Rev> {
        let parents = crate::sort::btree_set(self.nodes.values().filter_map(|n| n.parent.as_ref()));
        self.nodes
            .keys()
            .filter(|r| !parents.contains(r))
            .cloned()
            .collect()
    }

    /// CouchDB's winner: among leaves, not deleted first, then the highest
    /// generation, then the highest hash.
    pub fn winner(&self) -> Option<Rev> {
        self.leaves().into_iter().max_by(|a, b| {
            let da = self.is_deleted(a);
            let db = self.is_deleted(b);
            db.cmp(&da)
                .then(a.pos.cmp(&b.pos))
                .then(a.hash.cmp(&b.hash))
        })
    }

    /// Leaves other than the winner that are not deleted: the conflicts.
    pub fn conflicts(&self) -> Vec<Rev> {
        let winner = self.winner();
        self.leaves()
            .into_iter()
            .filter(|r| Some(r) != winner.as_ref() && !self.is_deleted(r))
            .collect()
    }

    pub fn is_deleted(&self, rev: &Rev) -> bool {
        self.nodes.get(rev).is_some_and(|n| n.deleted)
    }

    pub fn body(&self, rev: &Rev) -> Option<&Value> {
        self.nodes.get(rev).and_then(|n| n.body.as_ref())
    }

    /// `rev` and its ancestors, newest first, as far as known.
    pub fn path(&self, rev: &Rev) -> Vec<Rev> {
        let mut out = Vec::new();
        let mut at = Some(rev.clone());
        while let Some(r) = at {
            let Some(node) = self.nodes.get(&r) else {
                break;
            };
            at = node.parent.clone();
            out.push(r);
        }
        out
    }

    /// The `_revisions` object of `rev`: `{start, ids}` (hashes, newest
    /// first, consecutive generations).
    pub fn revisions(&self, rev: &Rev) -> Value {
        let path = self.path(rev);
        json!({
            "start": rev.pos,
            "ids": path.iter().map(|r| r.hash.clone()).collect::<Vec<_>>(),
        })
    }

    /// The tree as stored: `[[rev, parent or null, deleted, body or null]…]`,
    /// with the bodies of leaves only (older bodies are what CouchDB
    /// compacts away; the leaves are what replication needs).
    pub fn to_json(&self) -> Value {
        let leaves = crate::sort::btree_set(self.leaves());
        Value::Array(
            self.nodes
                .iter()
                .map(|(rev, n)| {
                    json!([
                        rev.to_string(),
                        n.parent.as_ref().map(Rev::to_string),
                        n.deleted,
                        if leaves.contains(rev) {
                            n.body.clone()
                        } else {
                            None
                        },
                    ])
                })
                .collect(),
        )
    }

    /// A tree read back from [`RevTree::to_json`]; None if it is not one.
    pub fn from_json(value: &Value) -> Option<RevTree> {
        let mut nodes = BTreeMap::new();
        for row in value.as_array()? {
            let rev = Rev::parse(row[0].as_str()?)?;
            let parent = match &row[1] {
                Value::Null => None,
                v => Some(Rev::parse(v.as_str()?)?),
            };
            let body = (!row[3].is_null()).then(|| row[3].clone());
            nodes.insert(
                rev,
                Node {
                    parent,
                    body,
                    deleted: row[2].as_bool().unwrap_or(false),
                },
            );
        }
        Some(RevTree { nodes })
    }

    /// Whether `rev` is `ancestor` or descends from it.
    pub fn descends(&self, rev: &Rev, ancestor: &Rev) -> bool {
        self.path(rev).contains(ancestor)
    }

    /// Adds a local edit on top of `parent` (None: a new document).
    pub fn edit(&mut self, parent: Option<&Rev>, body: Value, deleted: bool) -> Rev {
        // A deletion carrying the parent's body must not share its id with
        // an edit that wrote the same body.
        let rev = if deleted {
            Rev::next(parent, &serde_json::json!({"_deleted": true, "doc": &body}))
        } else {
            Rev::next(parent, &body)
        };
        self.nodes.insert(
            rev.clone(),
            Node {
                parent: parent.cloned(),
                body: Some(body),
                deleted,
            },
        );
        rev
    }

    /// Adds a replicated revision with its history (`_revisions`), as
    /// `_bulk_docs` with `new_edits: false` does: nothing known is changed,
    /// missing ancestors are added without bodies. False if the history is
    /// malformed.
    pub fn graft(&mut self, rev: &Rev, history: &[String], body: Value, deleted: bool) -> bool {
        if history.first() != Some(&rev.hash) || (history.len() as u64) > rev.pos {
            return false;
        }
        let chain: Vec<Rev> = history
            .iter()
            .enumerate()
            .map(|(i, hash)| Rev {
                pos: rev.pos - i as u64,
                hash: hash.clone(),
            })
            .collect();
        for (i, r) in chain.iter().enumerate() {
            let parent = chain.get(i + 1).cloned();
            let node = self.nodes.entry(r.clone()).or_insert(Node {
                parent: parent.clone(),
                body: None,
                deleted: false,
            });
            if node.parent.is_none() {
                node.parent = parent;
            }
            if i == 0 && node.body.is_none() {
                // A revision known without its body (an old ancestor here)
                // gets it back when it is sent again.
                node.body = Some(body.clone());
                node.deleted = deleted;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_parse_and_print() {
        let r = Rev::parse("3-abc").expect("a rev");
        assert_eq!((r.pos, r.hash.as_str()), (3, "abc"));
        assert_eq!(r.to_string(), "3-abc");
        for bad in ["", "3", "0-a", "x-a", "3-"] {
            assert_eq!(Rev::parse(bad), None, "{bad}");
        }
        let a = Rev::next(None, &json!({"x": 1}));
        assert_eq!(a.pos, 1);
        assert_eq!(a.hash.len(), 32);
        assert_eq!(a, Rev::next(None, &json!({"x": 1})));
        assert_ne!(a, Rev::next(None, &json!({"x": 2})));
        assert_eq!(Rev::next(Some(&a), &json!({"x": 1})).pos, 2);
    }

    #[test]
    fn conflicts_keep_both_branches_and_pick_the_same_winner() {
        let mut t = RevTree::default();
        let r1 = t.edit(None, json!({"v": 1}), false);
        let a = t.edit(Some(&r1), json!({"v": "a"}), false);
        let b = t.edit(Some(&r1), json!({"v": "b"}), false);
        assert_eq!(t.leaves().len(), 2);
        let winner = t.winner().expect("a winner");
        assert_eq!(winner, a.clone().max(b.clone()));
        assert_eq!(t.conflicts().len(), 1);
        // A deleted leaf never wins over a live one.
        let gone = t.edit(Some(&winner), json!({}), true);
        assert_ne!(t.winner(), Some(gone));
        assert!(t.conflicts().is_empty());
        assert_eq!(t.revisions(&a)["ids"], json!([a.hash, r1.hash]));
    }

    #[test]
    fn grafting_a_history_links_it_and_refuses_nonsense() {
        let mut t = RevTree::default();
        let r3 = Rev::parse("3-c").expect("rev");
        assert!(t.graft(
            &r3,
            &["c".into(), "b".into(), "a".into()],
            json!({"x": 3}),
            false
        ));
        assert_eq!(t.path(&r3).len(), 3);
        assert_eq!(t.body(&r3), Some(&json!({"x": 3})));
        assert_eq!(t.body(&Rev::parse("1-a").expect("rev")), None);
        assert!(!t.graft(&r3, &["z".into()], json!({}), false));
        assert!(!t.graft(
            &Rev::parse("1-q").expect("rev"),
            &["q".into(), "p".into()],
            json!({}),
            false
        ));
    }

    proptest! {
        /// Two replicas that receive the same revisions in any order agree
        /// on the winner and the conflicts.
        #[test]
        fn the_winner_does_not_depend_on_arrival_order(edits in proptest::collection::vec((0usize..4, 0u8..5, any::<bool>()), 1..12)) {
            let mut source = RevTree::default();
            let mut made: Vec<Rev> = Vec::new();
            for (parent, v, deleted) in edits {
                let parent = made.get(parent % (made.len() + 1)).cloned();
                made.push(source.edit(parent.as_ref(), json!({"v": v}), deleted && parent.is_some()));
            }
            let leaves = source.leaves();
            let mut forward = RevTree::default();
            let mut backward = RevTree::default();
            for r in &leaves {
                let h: Vec<String> = source.path(r).iter().map(|x| x.hash.clone()).collect();
                forward.graft(r, &h, source.body(r).cloned().unwrap_or_default(), source.is_deleted(r));
            }
            for r in leaves.iter().rev() {
                let h: Vec<String> = source.path(r).iter().map(|x| x.hash.clone()).collect();
                backward.graft(r, &h, source.body(r).cloned().unwrap_or_default(), source.is_deleted(r));
            }
            prop_assert_eq!(forward.winner(), source.winner());
            prop_assert_eq!(backward.winner(), source.winner());
            prop_assert_eq!(forward.conflicts(), source.conflicts());
        }
    }
}
