//! The local copy and the replica meeting again, on one device and on two
//! devices that sync through the same server (modelled by copying every
//! revision each side lacks, as push and pull do).

use super::*;
use proptest::prelude::*;

const SHA: &str = "abc";

fn glossa(n: u32) -> Value {
    json!({"format": "glossa", "exported_at": format!("t{n}"), "annotations": (0..n).collect::<Vec<_>>()})
}

/// Copies every revision one side has and the other lacks, both ways.
fn exchange(a: &mut Replica, b: &mut Replica) {
    let a_before = a.clone();
    copy(b, a);
    copy(&a_before, b);
}

fn copy(from: &Replica, to: &mut Replica) {
    {
        let ids: Vec<String> = from.ids().cloned().collect();
        for id in ids {
            let Some(tree) = from.tree(&id) else { continue };
            for leaf in tree.leaves() {
                if to
                    .tree(&id)
                    .is_some_and(|t| t.contains(&leaf) && t.body(&leaf).is_some())
                {
                    continue;
                }
                if let Some(doc) = from.replicated(&id, &leaf) {
                    to.graft(&doc).expect("a replicated revision fits");
                }
            }
        }
    }
}

/// A device: its local copy (revision, JSON) and its replica.
#[derive(Default, Clone)]
struct Device {
    local: Option<(u64, Value)>,
    replica: Replica,
}

impl Device {
    fn edit(&mut self, n: u32) {
        let rev = self.local.as_ref().map_or(1, |(r, _)| r + 1);
        self.local = Some((rev, glossa(n)));
    }

    /// Reconciles and carries out adoptions as the app does.
    fn sync(&mut self) -> Vec<Outcome> {
        let local = self.local.clone();
        let out = reconcile(
            &mut self.replica,
            SHA,
            "ana",
            local.as_ref().map(|(r, v)| (*r, v)),
        );
        for o in &out {
            if let Outcome::Adopt { rev, body, over } = o {
                assert_eq!(self.local.as_ref().map_or(0, |(r, _)| *r), *over);
                let next = over + 1;
                self.local = Some((next, glossa_of(body).expect("a work body")));
                adopted(&mut self.replica, SHA, rev, next);
            }
        }
        out
    }

    fn annotations(&self) -> usize {
        self.local
            .as_ref()
            .and_then(|(_, v)| v["annotations"].as_array().map(Vec::len))
            .unwrap_or(0)
    }
}

fn conflict(out: &[Outcome]) -> Option<(Rev, Vec<Rev>)> {
    out.iter().find_map(|o| match o {
        Outcome::Conflict { mine, others } => Some((mine.clone(), others.clone())),
        _ => None,
    })
}

#[test]
fn local_work_is_recorded_once_and_then_in_step() {
    let mut d = Device::default();
    d.edit(2);
    let out = d.sync();
    assert!(matches!(out.as_slice(), [Outcome::Recorded(_)]), "{out:?}");
    assert_eq!(d.sync(), vec![Outcome::InStep]);
    let (_, body) = d.replica.winner(&work_id(SHA)).expect("recorded");
    assert_eq!(body["annotator"], "ana");
    assert_eq!(body["document"], SHA);
    assert_eq!(glossa_of(body).expect("glossa")["annotator"], "ana");
    // The same work saved again (a new time only) makes no new revision.
    let (r, mut v) = d.local.clone().expect("local");
    v["exported_at"] = json!("later");
    d.local = Some((r + 1, v));
    assert_eq!(d.sync(), vec![Outcome::InStep]);
}

#[test]
fn newer_work_from_the_server_is_adopted() {
    let mut a = Device::default();
    let mut b = Device::default();
    a.edit(1);
    a.sync();
    exchange(&mut a.replica, &mut b.replica);
    let out = b.sync();
    assert!(
        matches!(out.as_slice(), [Outcome::Adopt { over: 0, .. }]),
        "{out:?}"
    );
    assert_eq!(b.annotations(), 1);
    b.edit(3);
    b.sync();
    exchange(&mut a.replica, &mut b.replica);
    let out = a.sync();
    assert!(matches!(out.as_slice(), [Outcome::Adopt { .. }]), "{out:?}");
    assert_eq!(a.annotations(), 3);
    assert_eq!(a.sync(), vec![Outcome::InStep]);
}

#[test]
fn offline_edits_on_two_devices_are_both_kept_and_resolved_by_choice() {
    let mut a = Device::default();
    let mut b = Device::default();
    a.edit(1);
    a.sync();
    exchange(&mut a.replica, &mut b.replica);
    b.sync();
    // Both offline: each edits.
    a.edit(2);
    b.edit(5);
    a.sync();
    b.sync();
    exchange(&mut a.replica, &mut b.replica);
    let (mine_a, others_a) = conflict(&a.sync()).expect("a sees the conflict");
    let (mine_b, others_b) = conflict(&b.sync()).expect("b sees the conflict");
    assert_eq!(others_a, vec![mine_b.clone()]);
    assert_eq!(others_b, vec![mine_a.clone()]);
    // Each device still shows its own version: nothing was overwritten.
    assert_eq!((a.annotations(), b.annotations()), (2, 5));
    let both = versions(&a.replica, SHA);
    assert_eq!(both.len(), 2);
    // a keeps b's version.
    let keep = resolve(&mut a.replica, SHA, &mine_b, None).expect("known");
    assert_eq!(keep, mine_b);
    let out = a.sync();
    assert!(matches!(out.as_slice(), [Outcome::Adopt { .. }]), "{out:?}");
    assert_eq!(a.annotations(), 5);
    exchange(&mut a.replica, &mut b.replica);
    assert_eq!(b.sync(), vec![Outcome::InStep]);
    assert_eq!(a.sync(), vec![Outcome::InStep]);
    // The dropped branch's work is still in the history (a deleted child).
    let tree = a.replica.tree(&work_id(SHA)).expect("tree");
    assert!(tree.contains(&mine_a));
    assert!(tree.conflicts().is_empty());
    // …and on a leaf, the deleted one, which compaction on CouchDB keeps:
    // on both devices, so it went through the replicated form too.
    let dropped = tree.body(&mine_a).cloned().expect("a made it");
    for replica in [&a.replica, &b.replica] {
        let tree = replica.tree(&work_id(SHA)).expect("tree");
        let gone: Vec<Rev> = tree
            .leaves()
            .into_iter()
            .filter(|r| tree.is_deleted(r))
            .collect();
        assert_eq!(gone.len(), 1, "{:?}", tree.leaves());
        assert_eq!(tree.body(&gone[0]), Some(&dropped));
        assert_eq!(tree.path(&gone[0]).get(1), Some(&mine_a));
    }
}

#[test]
fn a_combined_version_goes_on_top_and_reaches_the_other_device() {
    let mut a = Device::default();
    let mut b = Device::default();
    a.edit(1);
    b.edit(4);
    a.sync();
    b.sync();
    exchange(&mut a.replica, &mut b.replica);
    let (mine, _) = conflict(&a.sync()).expect("two roots are a conflict");
    let merged = work_body("ana", SHA, glossa(7));
    let rev = resolve(&mut a.replica, SHA, &mine, Some(merged)).expect("known");
    assert_eq!(rev.pos, mine.pos + 1);
    a.sync();
    exchange(&mut a.replica, &mut b.replica);
    b.sync();
    assert_eq!((a.annotations(), b.annotations()), (7, 7));
    assert!(conflict(&b.sync()).is_none());
}

proptest! {
    /// Any interleaving of edits and syncs on two devices: every version a
    /// device recorded is still in both replicas' histories once they have
    /// met, and when both are quiet and in step they show the same work or
    /// a conflict — never one silently replaced.
    #[test]
    fn nothing_recorded_is_ever_lost(steps in proptest::collection::vec((0u8..5, 1u32..9), 1..30)) {
        let mut devices = [Device::default(), Device::default()];
        let mut recorded: Vec<Rev> = Vec::new();
        for (op, n) in steps {
            match op {
                0 | 1 => devices[op as usize].edit(n),
                2 | 3 => {
                    for o in devices[op as usize - 2].sync() {
                        if let Outcome::Recorded(r) = o { recorded.push(r); }
                    }
                }
                _ => {
                    let [a, b] = &mut devices;
                    exchange(&mut a.replica, &mut b.replica);
                }
            }
        }
        for d in devices.iter_mut() {
            for o in d.sync() {
                if let Outcome::Recorded(r) = o { recorded.push(r); }
            }
        }
        let [a, b] = &mut devices;
        exchange(&mut a.replica, &mut b.replica);
        let oa = a.sync();
        let ob = b.sync();
        for r in &recorded {
            for d in [&*a, &*b] {
                prop_assert!(d.replica.tree(&work_id(SHA)).is_some_and(|t| t.contains(r)), "{r} lost");
            }
        }
        match (conflict(&oa), conflict(&ob)) {
            (None, None) => prop_assert_eq!(a.local.as_ref().map(|l| &l.1["annotations"]), b.local.as_ref().map(|l| &l.1["annotations"])),
            (Some(_), Some(_)) => {}
            other => prop_assert!(false, "one side sees a conflict, the other not: {other:?}"),
        }
    }
}

#[test]
fn a_stored_replica_reads_back_with_leaf_bodies_and_links() {
    let mut a = Device::default();
    let mut b = Device::default();
    a.edit(1);
    a.sync();
    a.edit(2);
    a.sync();
    b.edit(3);
    b.sync();
    exchange(&mut a.replica, &mut b.replica);
    a.sync();
    let dirty = a.replica.take_dirty();
    assert_eq!(dirty, vec![work_id(SHA)]);
    assert!(a.replica.take_dirty().is_empty());
    let trees: Vec<(String, Value)> = dirty
        .iter()
        .map(|id| (id.clone(), a.replica.tree_json(id).expect("a tree")))
        .collect();
    let mut trees_with_junk = trees.clone();
    trees_with_junk.push(("work:junk".into(), json!({"not": "a tree"})));
    let (back, bad) = Replica::from_stored(&a.replica.meta_json(), trees_with_junk);
    assert_eq!(bad, vec!["work:junk".to_string()]);
    assert_eq!(link(&back, SHA), link(&a.replica, SHA));
    assert_eq!(back.changes_since(0), a.replica.changes_since(0));
    let id = work_id(SHA);
    let (t0, t1) = (
        a.replica.tree(&id).expect("tree"),
        back.tree(&id).expect("tree"),
    );
    assert_eq!(t0.leaves(), t1.leaves());
    for leaf in t0.leaves() {
        assert_eq!(t0.body(&leaf), t1.body(&leaf));
        assert_eq!(t0.revisions(&leaf), t1.revisions(&leaf));
    }
    // Older bodies are not stored.
    let first = t0
        .path(&t0.winner().expect("winner"))
        .last()
        .cloned()
        .expect("root");
    assert!(t1.body(&first).is_none() || t1.leaves().contains(&first));
    let mut again = back.clone();
    assert_eq!(
        conflict(&reconcile(
            &mut again,
            SHA,
            "ana",
            a.local.as_ref().map(|(r, v)| (*r, v))
        ))
        .map(|c| c.1.len()),
        Some(1)
    );
}
