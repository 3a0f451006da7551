//! Saving as a pure state machine: what to do when the work changes, a
//! timer fires, a write comes back, another writer stored the same
//! document, or the person chooses between two versions.
//!
//! [`Saver::step`] takes an [`Input`] and returns the [`Effect`]s to carry
//! out; the shell (IndexedDB in the web app) only carries them out and
//! feeds their results back as inputs. Nothing here reads a clock, a
//! database or a channel, so every decision is tested natively
//! (`save/tests.rs`, including a property test of two tabs racing).
//!
//! The stored copy of a document's work has a revision. A write claims the
//! next revision (`rev + 1`) and fails with [`Written::Taken`] if anybody
//! claimed it first, so two writers that both hold revision n never
//! overwrite each other unseen: the loser shows a conflict and keeps its
//! work. Another writer ([`Peer`]: another tab today, a server tomorrow)
//! is heard through [`Input::Heard`]; its newer work is read and shown only
//! while this side has nothing unsaved.
//!
//! Changes are counted by the session ([`crate::Session::changes`]); the
//! machine remembers the count it last wrote, so a flush that comes before
//! it was told of a change still writes that change.

/// A revision of the stored copy (0: nothing stored yet).
pub type Rev = u64;

/// Who else writes the stored copy of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// Another tab of this browser.
    Tab,
    /// A sync server.
    Server,
}

impl Peer {
    /// "another tab", "the server": for messages.
    pub fn name(self) -> &'static str {
        match self {
            Peer::Tab => "another tab",
            Peer::Server => "the server",
        }
    }
}

/// A saving problem that needs the person's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A save failed (quota, refused, unsafe): the work is only in memory.
    Failed(String),
    /// `Peer` stored this document while this side had unsaved changes.
    Conflict(Peer),
}

/// What the app shows about saving. The one source of it is the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The stored work is being read; nothing to save yet.
    Loading,
    Saved,
    /// Changes wait to be written (a save is scheduled or under way).
    Saving,
    NotSaved(Problem),
}

impl Status {
    /// The toolbar's words.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Loading => "Loading…",
            Status::Saved => "Saved",
            Status::Saving => "Saving…",
            Status::NotSaved(_) => "Not saved",
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Status::NotSaved(p) => Some(p),
            _ => None,
        }
    }
}

/// How a write ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    Ok,
    /// Somebody else claimed the revision first.
    Taken,
    Failed(String),
}

/// Something that happened, fed to [`Saver::step`]. `changes` is always the
/// session's change counter at that moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The work changed.
    Changed { changes: u64 },
    /// The debounce timer went off.
    TimerFired { changes: u64 },
    /// The page is being hidden or unloaded, or the document is being left:
    /// write now, even while another write is under way.
    Leaving { changes: u64 },
    /// A [`Effect::Read`] finished. `rev`: the stored revision (0: none);
    /// `blocked`: why writing over what is stored would be unsafe (it could
    /// not be read nor kept aside).
    Read {
        rev: Rev,
        blocked: Option<String>,
        changes: u64,
    },
    /// A [`Effect::Write`] ended.
    Wrote {
        rev: Rev,
        upto: u64,
        result: Written,
        changes: u64,
    },
    /// `peer` stored revision `rev` of this document.
    Heard { peer: Peer, rev: Rev, changes: u64 },
    /// Conflict resolved as "keep mine": write this work over theirs.
    KeepMine { changes: u64 },
    /// A [`Effect::Overwrite`] ended with the revision written, or why not.
    Overwrote {
        result: Result<Rev, String>,
        upto: u64,
        changes: u64,
    },
    /// Conflict resolved as "take theirs".
    TakeTheirs { changes: u64 },
    /// A [`Effect::KeepAside`] ended.
    KeptAside {
        result: Result<(), String>,
        upto: u64,
    },
}

/// What the shell must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// (Re)start the debounce timer; when it fires, send `TimerFired`.
    ArmTimer,
    /// Read the stored work (then send `Read`). `reload`: it replaces work
    /// already shown.
    Read { reload: bool },
    /// Show the work just read in place of the session (its change counter
    /// starts again at 0).
    Adopt { reload: bool },
    /// Claim revision `rev` and write the session as it is now, which holds
    /// changes up to `upto`. `after`: a write of `after` is still under way;
    /// this one may only go ahead if that one was this side's (it claimed
    /// `after`).
    Write {
        rev: Rev,
        upto: u64,
        after: Option<Rev>,
    },
    /// Keep what is stored aside (a backup), then write the session over it
    /// at the stored revision + 1 (then send `Overwrote`).
    Overwrite { upto: u64 },
    /// Keep this side's work aside (a backup; it holds changes up to
    /// `upto`), then send `KeptAside`.
    KeepAside { upto: u64 },
    /// Keep this side's work aside as a backup; nothing follows. Issued when
    /// work that cannot be written is being left (a conflict while the page
    /// goes away or the document is switched).
    Backup,
    /// Tell the other writers that revision `rev` is stored.
    Announce { rev: Rev },
    /// The status shown changed.
    Status(Status),
}

/// One document's saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saver {
    /// The stored revision this side last read or wrote.
    rev: Rev,
    /// The stored work was read (or found missing): writing may start.
    loaded: bool,
    /// The change counter last written (or adopted: 0).
    saved: u64,
    /// The highest change counter seen.
    seen: u64,
    /// Writes issued and not ended, the last one's revision.
    writing: Vec<Rev>,
    /// Another writer stored newer work while this side had unsaved
    /// changes; nothing is written until the person chooses.
    conflict: Option<Peer>,
    /// Why writing is unsafe (stored work that could not be read).
    blocked: Option<String>,
    /// Left for another document: only failures are still reported.
    retired: bool,
    /// The change counter the last backup of this side's work held (during
    /// a conflict: changes past it are not kept anywhere yet).
    backed_up: u64,
    status: Status,
}

impl Default for Saver {
    fn default() -> Self {
        Saver {
            rev: 0,
            loaded: false,
            saved: 0,
            seen: 0,
            writing: Vec::new(),
            conflict: None,
            blocked: None,
            retired: false,
            backed_up: 0,
            status: Status::Loading,
        }
    }
}

impl Saver {
    /// A machine for a document just opened, and its first effects (read
    /// the stored work).
    pub fn start() -> (Saver, Vec<Effect>) {
        (
            Saver::default(),
            vec![
                Effect::Read { reload: false },
                Effect::Status(Status::Loading),
            ],
        )
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The stored revision this side holds.
    pub fn rev(&self) -> Rev {
        self.rev
    }

    /// Changes not yet written (as far as the machine knows).
    pub fn has_unsaved(&self, changes: u64) -> bool {
        changes.max(self.seen) > self.saved
    }

    /// Nothing is under way: no write, no unsaved change.
    pub fn is_idle(&self, changes: u64) -> bool {
        self.writing.is_empty() && !self.has_unsaved(changes)
    }

    pub fn is_retired(&self) -> bool {
        self.retired
    }

    /// The document is being left for another: write what is pending now;
    /// from here on only failures are reported (status changes are not).
    pub fn retire(&mut self, changes: u64) -> Vec<Effect> {
        let mut out = self.step(Input::Leaving { changes });
        self.retired = true;
        out.retain(|e| !matches!(e, Effect::Status(_) | Effect::Adopt { .. }));
        out
    }

    /// Takes one input; returns what to do.
    pub fn step(&mut self, input: Input) -> Vec<Effect> {
        let mut out = Vec::new();
        match input {
            Input::Changed { changes } => {
                self.see(changes);
                if self.has_unsaved(changes) {
                    out.push(Effect::ArmTimer);
                    if self.status == Status::Saved {
                        self.set(Status::Saving, &mut out);
                    }
                }
            }
            Input::TimerFired { changes } => self.flush(changes, false, &mut out),
            Input::Leaving { changes } => self.flush(changes, true, &mut out),
            Input::Read {
                rev,
                blocked,
                changes,
            } => {
                let reload = self.loaded;
                if reload && (self.has_unsaved(changes) || !self.writing.is_empty()) {
                    // Changed here while their work was being read.
                    self.conflict(Peer::Tab, &mut out);
                } else if !self.retired {
                    self.rev = rev;
                    self.loaded = true;
                    self.saved = 0;
                    self.seen = 0;
                    self.conflict = None;
                    self.blocked = blocked;
                    out.push(Effect::Adopt { reload });
                    self.set(Status::Saved, &mut out);
                }
            }
            Input::Wrote {
                rev,
                upto,
                result,
                changes,
            } => {
                self.writing.retain(|r| *r != rev);
                self.see(changes);
                match result {
                    Written::Ok => {
                        self.rev = self.rev.max(rev);
                        self.saved = self.saved.max(upto);
                        out.push(Effect::Announce { rev });
                        if self.conflict.is_some() || !self.writing.is_empty() {
                            // The conflict stays until the person chooses;
                            // the later write will say how it went.
                        } else if self.has_unsaved(changes) {
                            // Changes made while it was written follow.
                            out.push(Effect::ArmTimer);
                            self.set(Status::Saving, &mut out);
                        } else {
                            self.set(Status::Saved, &mut out);
                        }
                    }
                    Written::Taken => self.conflict(Peer::Tab, &mut out),
                    Written::Failed(why) => self.fail(why, &mut out),
                }
            }
            Input::Heard { peer, rev, changes } => {
                self.see(changes);
                if self.retired || !self.loaded || rev <= self.rev {
                    return out;
                }
                if self.conflict.is_none() && !self.has_unsaved(changes) && self.writing.is_empty()
                {
                    out.push(Effect::Read { reload: true });
                } else {
                    self.conflict(peer, &mut out);
                }
            }
            Input::KeepMine { changes } => {
                self.see(changes);
                if self.conflict.is_some() && !self.retired {
                    out.push(Effect::Overwrite { upto: self.seen });
                }
            }
            Input::Overwrote {
                result,
                upto,
                changes,
            } => {
                self.see(changes);
                match result {
                    Ok(rev) => {
                        self.rev = rev;
                        self.saved = self.saved.max(upto);
                        self.conflict = None;
                        out.push(Effect::Announce { rev });
                        if self.has_unsaved(changes) {
                            out.push(Effect::ArmTimer);
                            self.set(Status::Saving, &mut out);
                        } else {
                            self.set(Status::Saved, &mut out);
                        }
                    }
                    Err(why) => self.fail(why, &mut out),
                }
            }
            Input::TakeTheirs { changes } => {
                self.see(changes);
                if self.conflict.is_some() && !self.retired {
                    out.push(Effect::KeepAside { upto: self.seen });
                }
            }
            Input::KeptAside { result, upto } => match result {
                Ok(()) if self.retired => {}
                Ok(()) => {
                    // This side's work up to `upto` is in the backup: theirs
                    // may replace it (a change made since keeps the conflict).
                    self.saved = self.saved.max(upto);
                    self.conflict = None;
                    out.push(Effect::Read { reload: true });
                }
                Err(why) => self.fail(
                    format!("your work could not be kept aside, so theirs was not loaded ({why})"),
                    &mut out,
                ),
            },
        }
        out
    }

    fn see(&mut self, changes: u64) {
        self.seen = self.seen.max(changes);
    }

    /// Writes what is not written yet. `leaving`: do not wait for a write
    /// under way (chain after it instead).
    fn flush(&mut self, changes: u64, leaving: bool, out: &mut Vec<Effect>) {
        self.see(changes);
        let busy = !self.writing.is_empty();
        if leaving && self.conflict.is_some() {
            self.back_up(out);
        }
        if !self.loaded
            || !self.has_unsaved(changes)
            || self.conflict.is_some()
            || (busy && !leaving)
        {
            return;
        }
        if let Some(why) = self.blocked.clone() {
            self.fail(why, out);
            return;
        }
        let after = self.writing.last().copied();
        let rev = after.unwrap_or(self.rev) + 1;
        self.writing.push(rev);
        out.push(Effect::Write {
            rev,
            upto: self.seen,
            after,
        });
        if self.status == Status::Saved {
            self.set(Status::Saving, out);
        }
    }

    fn conflict(&mut self, peer: Peer, out: &mut Vec<Effect>) {
        if self.conflict.is_none() {
            self.backed_up = self.saved;
        }
        self.conflict = Some(peer);
        if self.retired {
            // Nobody is looking at this document any more: keep the work
            // aside and say so.
            self.back_up(out);
            self.fail(
                format!(
                    "{} saved it while your last changes were written; yours were kept as a backup",
                    peer.name()
                ),
                out,
            );
        } else {
            self.set(Status::NotSaved(Problem::Conflict(peer)), out);
        }
    }

    /// Keeps this side's work aside if it holds changes no backup holds.
    fn back_up(&mut self, out: &mut Vec<Effect>) {
        if self.seen > self.backed_up.max(self.saved) {
            self.backed_up = self.seen;
            out.push(Effect::Backup);
        }
    }

    fn fail(&mut self, why: String, out: &mut Vec<Effect>) {
        let why = if self.retired {
            format!("changes to the previous document were not saved ({why})")
        } else {
            why
        };
        let status = Status::NotSaved(Problem::Failed(why));
        // A retired machine reports failures even though its status is not
        // shown any more.
        if self.retired {
            self.status = status.clone();
            out.push(Effect::Status(status));
        } else {
            self.set(status, out);
        }
    }

    fn set(&mut self, status: Status, out: &mut Vec<Effect>) {
        if self.status != status {
            self.status = status.clone();
            if !self.retired {
                out.push(Effect::Status(status));
            }
        }
    }
}

#[cfg(test)]
mod tests;
