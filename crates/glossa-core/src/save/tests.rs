use super::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A machine that has read an empty store.
fn loaded() -> Saver {
    let (mut s, _) = Saver::start();
    let out = s.step(Input::Read {
        rev: 0,
        blocked: None,
        changes: 0,
    });
    assert_eq!(
        out,
        vec![
            Effect::Adopt { reload: false },
            Effect::Status(Status::Saved)
        ]
    );
    s
}

#[test]
fn starts_by_reading_and_writes_nothing_before_the_work_is_read() {
    let (mut s, out) = Saver::start();
    assert_eq!(
        out,
        vec![
            Effect::Read { reload: false },
            Effect::Status(Status::Loading)
        ]
    );
    // A change cannot come before the read (the app refuses edits), but a
    // timer or a page being hidden can: nothing is written over unread work.
    assert_eq!(s.step(Input::TimerFired { changes: 0 }), vec![]);
    assert_eq!(s.step(Input::Leaving { changes: 0 }), vec![]);
}

#[test]
fn a_change_schedules_a_save_and_the_timer_writes_it() {
    let mut s = loaded();
    assert_eq!(
        s.step(Input::Changed { changes: 1 }),
        vec![Effect::ArmTimer, Effect::Status(Status::Saving)]
    );
    // Another change only re-arms the timer.
    assert_eq!(
        s.step(Input::Changed { changes: 2 }),
        vec![Effect::ArmTimer]
    );
    assert_eq!(
        s.step(Input::TimerFired { changes: 2 }),
        vec![Effect::Write {
            rev: 1,
            upto: 2,
            after: None
        }]
    );
    assert_eq!(
        s.step(Input::Wrote {
            rev: 1,
            upto: 2,
            result: Written::Ok,
            changes: 2
        }),
        vec![Effect::Announce { rev: 1 }, Effect::Status(Status::Saved)]
    );
    assert_eq!(s.rev(), 1);
    assert!(s.is_idle(2));
}

#[test]
fn a_flush_writes_a_change_it_was_not_told_of() {
    // The app counts changes in the session; a page hidden right after a
    // key (before the app told saving) still writes that key's change.
    let mut s = loaded();
    assert_eq!(
        s.step(Input::Leaving { changes: 1 }),
        vec![
            Effect::Write {
                rev: 1,
                upto: 1,
                after: None
            },
            Effect::Status(Status::Saving)
        ]
    );
}

#[test]
fn changes_during_a_write_follow_it() {
    let mut s = loaded();
    s.step(Input::Changed { changes: 1 });
    s.step(Input::TimerFired { changes: 1 });
    // A timer during the write does not start a second one...
    assert_eq!(
        s.step(Input::Changed { changes: 2 }),
        vec![Effect::ArmTimer]
    );
    assert_eq!(s.step(Input::TimerFired { changes: 2 }), vec![]);
    // ...the end of the first one schedules the rest.
    assert_eq!(
        s.step(Input::Wrote {
            rev: 1,
            upto: 1,
            result: Written::Ok,
            changes: 2
        }),
        vec![Effect::Announce { rev: 1 }, Effect::ArmTimer]
    );
    assert_eq!(s.status(), &Status::Saving);
    assert_eq!(
        s.step(Input::TimerFired { changes: 2 }),
        vec![Effect::Write {
            rev: 2,
            upto: 2,
            after: None
        }]
    );
}

#[test]
fn leaving_during_a_write_chains_a_write_after_it() {
    let mut s = loaded();
    s.step(Input::TimerFired { changes: 1 });
    assert_eq!(
        s.step(Input::Leaving { changes: 2 }),
        vec![Effect::Write {
            rev: 2,
            upto: 2,
            after: Some(1)
        }]
    );
    // The first one's end says nothing yet: the second is under way.
    assert_eq!(
        s.step(Input::Wrote {
            rev: 1,
            upto: 1,
            result: Written::Ok,
            changes: 2
        }),
        vec![Effect::Announce { rev: 1 }]
    );
    assert_eq!(
        s.step(Input::Wrote {
            rev: 2,
            upto: 2,
            result: Written::Ok,
            changes: 2
        }),
        vec![Effect::Announce { rev: 2 }, Effect::Status(Status::Saved)]
    );
}

#[test]
fn a_lost_claim_is_a_conflict_and_nothing_more_is_written_until_a_choice() {
    let mut s = loaded();
    s.step(Input::TimerFired { changes: 1 });
    assert_eq!(
        s.step(Input::Wrote {
            rev: 1,
            upto: 1,
            result: Written::Taken,
            changes: 1
        }),
        vec![Effect::Status(Status::NotSaved(Problem::Conflict(
            Peer::Tab
        )))]
    );
    assert_eq!(
        s.step(Input::Changed { changes: 2 }),
        vec![Effect::ArmTimer]
    );
    assert_eq!(s.step(Input::TimerFired { changes: 2 }), vec![]);
    // Leaving in a conflict keeps this side's work aside, once.
    assert_eq!(s.step(Input::Leaving { changes: 2 }), vec![Effect::Backup]);
    assert_eq!(s.step(Input::Leaving { changes: 2 }), vec![]);
    // Keep mine: their work goes aside and mine is written over it.
    assert_eq!(
        s.step(Input::KeepMine { changes: 2 }),
        vec![Effect::Overwrite { upto: 2 }]
    );
    assert_eq!(
        s.step(Input::Overwrote {
            result: Ok(7),
            upto: 2,
            changes: 2
        }),
        vec![Effect::Announce { rev: 7 }, Effect::Status(Status::Saved)]
    );
    assert_eq!(s.rev(), 7);
}

#[test]
fn take_theirs_keeps_mine_aside_then_reads_theirs() {
    let mut s = loaded();
    s.step(Input::Changed { changes: 1 });
    assert_eq!(
        s.step(Input::Heard {
            peer: Peer::Tab,
            rev: 1,
            changes: 1
        }),
        vec![Effect::Status(Status::NotSaved(Problem::Conflict(
            Peer::Tab
        )))]
    );
    assert_eq!(
        s.step(Input::TakeTheirs { changes: 1 }),
        vec![Effect::KeepAside { upto: 1 }]
    );
    assert_eq!(
        s.step(Input::KeptAside {
            result: Ok(()),
            upto: 1
        }),
        vec![Effect::Read { reload: true }]
    );
    assert_eq!(
        s.step(Input::Read {
            rev: 1,
            blocked: None,
            changes: 1
        }),
        vec![
            Effect::Adopt { reload: true },
            Effect::Status(Status::Saved)
        ]
    );
    // Keeping mine aside failed: theirs is not loaded.
    let mut s = loaded();
    s.step(Input::Heard {
        peer: Peer::Server,
        rev: 3,
        changes: 1,
    });
    assert_eq!(
        s.status(),
        &Status::NotSaved(Problem::Conflict(Peer::Server))
    );
    s.step(Input::TakeTheirs { changes: 1 });
    let out = s.step(Input::KeptAside {
        result: Err("full".into()),
        upto: 1,
    });
    assert!(
        matches!(&out[..], [Effect::Status(Status::NotSaved(Problem::Failed(why)))] if why.contains("not loaded")),
        "{out:?}"
    );
}

#[test]
fn another_writer_is_followed_only_while_nothing_is_unsaved() {
    let mut s = loaded();
    assert_eq!(
        s.step(Input::Heard {
            peer: Peer::Tab,
            rev: 1,
            changes: 0
        }),
        vec![Effect::Read { reload: true }]
    );
    // Old news is ignored.
    assert_eq!(
        s.step(Input::Heard {
            peer: Peer::Tab,
            rev: 0,
            changes: 0
        }),
        vec![]
    );
    // A change made while their work was read: a conflict, not a reload.
    assert_eq!(
        s.step(Input::Read {
            rev: 1,
            blocked: None,
            changes: 1
        }),
        vec![Effect::Status(Status::NotSaved(Problem::Conflict(
            Peer::Tab
        )))]
    );
}

#[test]
fn unreadable_stored_work_is_never_written_over() {
    let (mut s, _) = Saver::start();
    s.step(Input::Read {
        rev: 4,
        blocked: Some("the saved work could not be read".into()),
        changes: 0,
    });
    assert_eq!(s.step(Input::Changed { changes: 1 }).len(), 2);
    let out = s.step(Input::TimerFired { changes: 1 });
    assert_eq!(
        out,
        vec![Effect::Status(Status::NotSaved(Problem::Failed(
            "the saved work could not be read".into()
        )))]
    );
    assert_eq!(s.step(Input::Leaving { changes: 1 }), vec![]);
}

#[test]
fn a_failed_save_is_tried_again_at_the_next_change() {
    let mut s = loaded();
    s.step(Input::TimerFired { changes: 1 });
    s.step(Input::Wrote {
        rev: 1,
        upto: 1,
        result: Written::Failed("full".into()),
        changes: 1,
    });
    assert_eq!(
        s.status(),
        &Status::NotSaved(Problem::Failed("full".into()))
    );
    assert_eq!(
        s.step(Input::Changed { changes: 2 }),
        vec![Effect::ArmTimer]
    );
    assert_eq!(
        s.step(Input::TimerFired { changes: 2 }),
        vec![Effect::Write {
            rev: 1,
            upto: 2,
            after: None
        }]
    );
    s.step(Input::Wrote {
        rev: 1,
        upto: 2,
        result: Written::Ok,
        changes: 2,
    });
    assert_eq!(s.status(), &Status::Saved);
}

#[test]
fn a_retired_machine_writes_what_is_pending_and_reports_only_failures() {
    let mut s = loaded();
    s.step(Input::Changed { changes: 3 });
    assert_eq!(
        s.retire(3),
        vec![Effect::Write {
            rev: 1,
            upto: 3,
            after: None
        }]
    );
    assert_eq!(
        s.step(Input::Wrote {
            rev: 1,
            upto: 3,
            result: Written::Ok,
            changes: 3
        }),
        vec![Effect::Announce { rev: 1 }]
    );
    let mut s = loaded();
    s.retire(1);
    let out = s.step(Input::Wrote {
        rev: 1,
        upto: 1,
        result: Written::Taken,
        changes: 1,
    });
    assert_eq!(out[0], Effect::Backup);
    assert!(
        matches!(&out[1], Effect::Status(Status::NotSaved(Problem::Failed(why))) if why.starts_with("changes to the previous document were not saved") && why.contains("backup")),
        "{out:?}"
    );
    // News of the document it left is not acted on.
    assert_eq!(
        s.step(Input::Heard {
            peer: Peer::Tab,
            rev: 9,
            changes: 1
        }),
        vec![]
    );
}

// ---------------------------------------------------------------------
// Two tabs, one store: a model of the browser's database with the claim
// race, and a property that no change is lost or silently overwritten.
// ---------------------------------------------------------------------

type Content = BTreeSet<u32>;

/// The shared database: the stored work (a set of change ids), the claimed
/// revisions with their claimant, and backups.
#[derive(Debug, Default)]
struct Store {
    rev: Rev,
    content: Content,
    claims: BTreeMap<Rev, usize>,
    backups: Vec<Content>,
}

/// An operation issued by a tab and not ended yet, with the work as it was
/// when issued (the app serialises the session when it issues a write).
#[derive(Debug)]
enum Op {
    Read,
    Write {
        rev: Rev,
        upto: u64,
        after: Option<Rev>,
        snapshot: Content,
    },
    Overwrite {
        upto: u64,
        snapshot: Content,
    },
    KeepAside {
        upto: u64,
        snapshot: Content,
    },
}

#[derive(Debug)]
struct Tab {
    saver: Saver,
    session: Content,
    changes: u64,
    ops: VecDeque<Op>,
    inbox: VecDeque<Rev>,
    timer: bool,
    fail_next: bool,
}

#[derive(Debug)]
struct World {
    store: Store,
    tabs: Vec<Tab>,
    next_change: u32,
    made: Content,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Edit(usize),
    Timer(usize),
    Leave(usize),
    Complete(usize),
    Deliver(usize),
    KeepMine(usize),
    TakeTheirs(usize),
    Reload(usize),
    FailNextWrite(usize),
}

fn step_strategy() -> impl Strategy<Value = Step> {
    let tab = 0..2usize;
    prop_oneof![
        4 => tab.clone().prop_map(Step::Edit),
        3 => tab.clone().prop_map(Step::Timer),
        1 => tab.clone().prop_map(Step::Leave),
        5 => tab.clone().prop_map(Step::Complete),
        3 => tab.clone().prop_map(Step::Deliver),
        1 => tab.clone().prop_map(Step::KeepMine),
        1 => tab.clone().prop_map(Step::TakeTheirs),
        1 => tab.clone().prop_map(Step::Reload),
        1 => tab.prop_map(Step::FailNextWrite),
    ]
}

impl Tab {
    fn new() -> (Tab, Vec<Effect>) {
        let (saver, effects) = Saver::start();
        (
            Tab {
                saver,
                session: Content::new(),
                changes: 0,
                ops: VecDeque::new(),
                inbox: VecDeque::new(),
                timer: false,
                fail_next: false,
            },
            effects,
        )
    }
}

impl World {
    fn new() -> World {
        let mut w = World {
            store: Store::default(),
            tabs: Vec::new(),
            next_change: 0,
            made: Content::new(),
        };
        for _ in 0..2 {
            let (tab, effects) = Tab::new();
            w.tabs.push(tab);
            let t = w.tabs.len() - 1;
            w.carry_out(t, effects);
        }
        w
    }

    /// Does what the machine asked, as the app's shell would.
    fn carry_out(&mut self, t: usize, effects: Vec<Effect>) {
        for effect in effects {
            let tab = &mut self.tabs[t];
            match effect {
                Effect::ArmTimer => tab.timer = true,
                Effect::Read { .. } => tab.ops.push_back(Op::Read),
                Effect::Adopt { .. } => unreachable!("adopting follows a read"),
                Effect::Write { rev, upto, after } => tab.ops.push_back(Op::Write {
                    rev,
                    upto,
                    after,
                    snapshot: tab.session.clone(),
                }),
                Effect::Overwrite { upto } => tab.ops.push_back(Op::Overwrite {
                    upto,
                    snapshot: tab.session.clone(),
                }),
                Effect::KeepAside { upto } => tab.ops.push_back(Op::KeepAside {
                    upto,
                    snapshot: tab.session.clone(),
                }),
                // Issued at once, in the same turn (the page may be going).
                Effect::Backup => self.store.backups.push(tab.session.clone()),
                Effect::Announce { rev } => {
                    for (i, other) in self.tabs.iter_mut().enumerate() {
                        if i != t {
                            other.inbox.push_back(rev);
                        }
                    }
                }
                Effect::Status(_) => {}
            }
        }
    }

    fn input(&mut self, t: usize, input: Input) {
        let effects = self.tabs[t].saver.step(input);
        self.carry_out(t, effects);
    }

    /// Ends tab `t`'s oldest operation against the store.
    fn complete(&mut self, t: usize) -> Result<(), TestCaseError> {
        let Some(op) = self.tabs[t].ops.pop_front() else {
            return Ok(());
        };
        let changes = self.tabs[t].changes;
        match op {
            Op::Read => {
                let (rev, content) = (self.store.rev, self.store.content.clone());
                let effects = self.tabs[t].saver.step(Input::Read {
                    rev,
                    blocked: None,
                    changes,
                });
                if effects.contains(&Effect::Adopt { reload: true })
                    || effects.contains(&Effect::Adopt { reload: false })
                {
                    let tab = &mut self.tabs[t];
                    // Adopting replaces the session: whatever it held must be
                    // in what replaces it or kept aside.
                    let kept = tab.session.is_subset(&content)
                        || self.store.backups.iter().any(|b| tab.session.is_subset(b));
                    prop_assert!(kept, "tab {t} dropped {:?} on adopting", tab.session);
                    tab.session = content;
                    tab.changes = 0;
                }
                let effects = effects
                    .into_iter()
                    .filter(|e| !matches!(e, Effect::Adopt { .. }))
                    .collect();
                self.carry_out(t, effects);
            }
            Op::Write {
                rev,
                upto,
                after,
                snapshot,
            } => {
                let result = if std::mem::take(&mut self.tabs[t].fail_next) {
                    Written::Failed("the disk is full".into())
                } else if self.store.claims.contains_key(&rev)
                    || after.is_some_and(|a| self.store.claims.get(&a) != Some(&t))
                {
                    Written::Taken
                } else {
                    prop_assert!(
                        self.store.content.is_subset(&snapshot),
                        "tab {t} wrote rev {rev} over {:?} with {:?}",
                        self.store.content,
                        snapshot
                    );
                    self.store.claims.insert(rev, t);
                    self.store.rev = rev;
                    self.store.content = snapshot;
                    Written::Ok
                };
                self.input(
                    t,
                    Input::Wrote {
                        rev,
                        upto,
                        result,
                        changes,
                    },
                );
            }
            Op::Overwrite { upto, snapshot } => {
                let rev = self.store.rev + 1;
                let result = if self.store.claims.contains_key(&rev) {
                    Err("another tab saved first".to_string())
                } else {
                    self.store.backups.push(self.store.content.clone());
                    self.store.claims.insert(rev, t);
                    self.store.rev = rev;
                    self.store.content = snapshot;
                    Ok(rev)
                };
                self.input(
                    t,
                    Input::Overwrote {
                        result,
                        upto,
                        changes,
                    },
                );
            }
            Op::KeepAside { upto, snapshot } => {
                self.store.backups.push(snapshot);
                self.input(
                    t,
                    Input::KeptAside {
                        result: Ok(()),
                        upto,
                    },
                );
            }
        }
        Ok(())
    }

    fn apply(&mut self, step: Step) -> Result<(), TestCaseError> {
        match step {
            Step::Edit(t) => {
                // The app takes no edit before the work is read.
                if self.tabs[t].saver.status() == &Status::Loading {
                    return Ok(());
                }
                let id = self.next_change;
                self.next_change += 1;
                self.made.insert(id);
                let tab = &mut self.tabs[t];
                tab.session.insert(id);
                tab.changes += 1;
                let changes = tab.changes;
                self.input(t, Input::Changed { changes });
            }
            Step::Timer(t) => {
                if std::mem::take(&mut self.tabs[t].timer) {
                    let changes = self.tabs[t].changes;
                    self.input(t, Input::TimerFired { changes });
                }
            }
            Step::Leave(t) => {
                let changes = self.tabs[t].changes;
                self.input(t, Input::Leaving { changes });
            }
            Step::Complete(t) => self.complete(t)?,
            Step::Deliver(t) => {
                if let Some(rev) = self.tabs[t].inbox.pop_front() {
                    let changes = self.tabs[t].changes;
                    self.input(
                        t,
                        Input::Heard {
                            peer: Peer::Tab,
                            rev,
                            changes,
                        },
                    );
                }
            }
            Step::KeepMine(t) => {
                let changes = self.tabs[t].changes;
                self.input(t, Input::KeepMine { changes });
            }
            Step::TakeTheirs(t) => {
                let changes = self.tabs[t].changes;
                self.input(t, Input::TakeTheirs { changes });
            }
            Step::Reload(t) => {
                // The page goes: what is pending is written, the writes end
                // (their results still reach the old page's machine), and
                // the page starts again from what is stored.
                let changes = self.tabs[t].changes;
                let effects = self.tabs[t].saver.retire(changes);
                self.carry_out(t, effects);
                while !self.tabs[t].ops.is_empty() {
                    self.complete(t)?;
                }
                let old = &self.tabs[t];
                let kept = old.session.is_subset(&self.store.content)
                    || self.store.backups.iter().any(|b| old.session.is_subset(b));
                prop_assert!(
                    kept || matches!(old.saver.status(), Status::NotSaved(Problem::Failed(_))),
                    "a reload lost {:?} (status {:?})",
                    old.session,
                    old.saver.status()
                );
                if !kept {
                    // A failed write (a full disk) on the way out: the
                    // person was told; the model drops those changes from
                    // what must survive.
                    let lost: Content = old.session.clone();
                    for id in lost {
                        if !self.store.content.contains(&id)
                            && !self.store.backups.iter().any(|b| b.contains(&id))
                        {
                            self.made.remove(&id);
                        }
                    }
                }
                let (tab, effects) = Tab::new();
                self.tabs[t] = tab;
                self.carry_out(t, effects);
            }
            Step::FailNextWrite(t) => self.tabs[t].fail_next = true,
        }
        Ok(())
    }

    /// Lets everything pending happen: operations end, messages arrive,
    /// timers fire, until nothing moves.
    fn settle(&mut self) -> Result<(), TestCaseError> {
        for _ in 0..1000 {
            let mut moved = false;
            for t in 0..self.tabs.len() {
                if !self.tabs[t].ops.is_empty() {
                    self.complete(t)?;
                    moved = true;
                }
                if !self.tabs[t].inbox.is_empty() {
                    self.apply(Step::Deliver(t))?;
                    moved = true;
                }
                if self.tabs[t].timer {
                    self.apply(Step::Timer(t))?;
                    moved = true;
                }
            }
            if !moved {
                return Ok(());
            }
        }
        prop_assert!(false, "saving never settled");
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Two tabs on one document, with interleaved changes, saves, lost
    /// claim races, messages, choices, failures and reloads: no write
    /// replaces stored work it had not seen (checked at every write, in
    /// `complete`), and once everything settles every change ever made is
    /// stored, kept as a backup, or still in a tab that says it is not
    /// saved; a tab that says "Saved" shows exactly what is stored.
    #[test]
    fn two_tabs_never_lose_or_silently_overwrite_a_change(
        steps in proptest::collection::vec(step_strategy(), 1..80)
    ) {
        let mut w = World::new();
        for step in steps {
            w.apply(step)?;
        }
        w.settle()?;
        for id in &w.made {
            let stored = w.store.content.contains(id)
                || w.store.backups.iter().any(|b| b.contains(id));
            let shown_unsaved = w.tabs.iter().any(|t| {
                t.session.contains(id) && matches!(t.saver.status(), Status::NotSaved(_))
            });
            prop_assert!(stored || shown_unsaved, "change {id} was lost: {w:?}");
        }
        for (i, t) in w.tabs.iter().enumerate() {
            if t.saver.status() == &Status::Saved {
                prop_assert_eq!(&t.session, &w.store.content, "tab {} says Saved", i);
            }
        }
    }
}
