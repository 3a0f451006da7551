//! What the app shows about team sync: the status, the project's
//! documents and progress, conflicts to settle, and (for curators) every
//! member's work. Plain data, so the app's state holds it and the views
//! draw it; the sync service fills it.

use super::project::{Project, Role};
use std::collections::BTreeMap;

/// What is shown about syncing.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SyncStatus {
    /// Not signed in to a server.
    #[default]
    SignedOut,
    /// Signed in; no project chosen.
    NoProject,
    /// Catching up.
    Syncing,
    /// Everything saved here is on the server and the reverse.
    Synced,
    /// The server cannot be reached; work goes on and is sent later.
    Offline(String),
    /// The server refused (sign-in, permission, errors): why.
    Refused(String),
    /// Another tab of this browser syncs.
    Elsewhere,
}

impl SyncStatus {
    /// The short words in the top bar.
    pub fn label(&self) -> &'static str {
        match self {
            SyncStatus::SignedOut => "Team",
            SyncStatus::NoProject => "Choose a project",
            SyncStatus::Syncing => "Syncing…",
            SyncStatus::Synced => "Synced",
            SyncStatus::Offline(_) => "Offline",
            SyncStatus::Refused(_) => "Not synced",
            SyncStatus::Elsewhere => "Synced by another tab",
        }
    }

    /// A stable name for styles and tests.
    pub fn key(&self) -> &'static str {
        match self {
            SyncStatus::SignedOut => "signed-out",
            SyncStatus::NoProject => "no-project",
            SyncStatus::Syncing => "syncing",
            SyncStatus::Synced => "synced",
            SyncStatus::Offline(_) => "offline",
            SyncStatus::Refused(_) => "refused",
            SyncStatus::Elsewhere => "elsewhere",
        }
    }

    /// The sentence that explains it.
    pub fn detail(&self) -> String {
        match self {
            SyncStatus::SignedOut => "Not signed in: work is saved in this browser only.".into(),
            SyncStatus::NoProject => "Signed in: choose a project to sync.".into(),
            SyncStatus::Syncing => "Sending and receiving work…".into(),
            SyncStatus::Synced => "Your work is saved here and on the server.".into(),
            SyncStatus::Offline(why) => format!(
                "Offline: {why}. Your work is saved in this browser and will be sent when the server is back."
            ),
            SyncStatus::Refused(why) => format!(
                "Not synced: {why}. Your work is saved in this browser; nothing was lost."
            ),
            SyncStatus::Elsewhere => {
                "Another Glossa tab in this browser is syncing; this tab's saves go through it.".into()
            }
        }
    }
}

/// A project document as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectDoc {
    pub sha: String,
    pub title: String,
    pub chars: usize,
    /// Annotations in the person's own work (None: not started).
    pub annotations: Option<usize>,
    pub conflict: bool,
}

/// One version of a document's work in a conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub rev: String,
    pub annotations: usize,
    /// The version this device shows.
    pub mine: bool,
    /// When it was saved, as the work says.
    pub saved: String,
}

/// One member's work on one document, for the curator.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub member: String,
    pub annotations: Option<usize>,
    pub conflicts: usize,
}

/// Everything the views show about the team.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SyncView {
    pub status: SyncStatus,
    /// The server last used (kept, so signing in again is one step).
    pub server: String,
    pub user: Option<String>,
    /// Projects the signed-in person belongs to, with their role.
    pub projects: Vec<(String, Role)>,
    pub project: Option<String>,
    pub role: Option<Role>,
    pub docs: Vec<ProjectDoc>,
    /// Members and their roles.
    pub members: Vec<(String, String)>,
    /// For curators: document → each member's work.
    pub team: BTreeMap<String, Vec<Cell>>,
    /// Documents whose work has live versions in conflict.
    pub conflicts: BTreeMap<String, Vec<Version>>,
    /// A problem with one document (unreadable from the server…).
    pub warning: Option<String>,
    pub signing_in: bool,
    pub sign_in_error: Option<String>,
}

/// The projects a person's CouchDB roles make them a member of.
pub fn projects_of(roles: &[String]) -> Vec<(String, Role)> {
    let mut out: BTreeMap<String, Role> = BTreeMap::new();
    for r in roles {
        let Some(rest) = r.strip_prefix("glossa-") else {
            continue;
        };
        for role in [Role::Curator, Role::Annotator] {
            if let Some(p) = rest.strip_suffix(&format!("-{}", role.name())) {
                if Project::new(p).is_ok() {
                    let e = out.entry(p.to_string()).or_insert(role);
                    if role == Role::Curator {
                        *e = Role::Curator;
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}
