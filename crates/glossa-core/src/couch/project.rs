//! A team project on a CouchDB server: which databases hold what, and who
//! may read and write each, so that what the server enforces is what the
//! roles mean.
//!
//! CouchDB controls reading per database (a `_security` object: admins and
//! members, by name or role), not per document. So:
//!
//! - `glossa-<project>-docs` holds the articles (`doc:<text sha256>`) and the
//!   project record (`project`). Members: the roles
//!   `glossa-<project>-annotator` and `glossa-<project>-curator` (read);
//!   a design document's `validate_doc_update` lets only server admins
//!   write (the CLI adds documents), since CouchDB lets members write.
//! - `glossa-<project>-work-<user>` holds one person's work, one document
//!   `work:<text sha256>` per article. Members: that user by name, and the
//!   curator role. Nobody else can read it, so annotators work blind. A
//!   design document's `validate_doc_update` lets only the owner (and
//!   admins) write, so a curator reads everyone's work and writes only into
//!   their own database (the gold version).
//!
//! Users are CouchDB users (`_users`) whose roles carry the project role.

use serde_json::{json, Value};

/// What a member does in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Annotator,
    Curator,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Annotator => "annotator",
            Role::Curator => "curator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "annotator" => Some(Role::Annotator),
            "curator" => Some(Role::Curator),
            _ => None,
        }
    }
}

/// Why a name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameError(pub String);

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A project: a name that makes valid database names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    name: String,
}

/// The id of the project record in the documents database.
pub const PROJECT_DOC: &str = "project";
/// The id of the design document that guards a work database.
pub const WORK_DESIGN: &str = "_design/glossa";

impl Project {
    /// A project name: 1–40 characters, lowercase letters, digits and `-`,
    /// starting with a letter (so every database name derived is valid).
    pub fn new(name: &str) -> Result<Project, NameError> {
        let ok = !name.is_empty()
            && name.len() <= 40
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Project {
                name: name.to_string(),
            })
        } else {
            Err(NameError(format!(
                "“{name}” cannot name a project: use 1–40 lowercase letters, digits and -, starting with a letter"
            )))
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The database of the project's articles.
    pub fn docs_db(&self) -> String {
        format!("glossa-{}-docs", self.name)
    }

    /// The database of one member's work.
    pub fn work_db(&self, user: &str) -> String {
        format!("glossa-{}-work-{}", self.name, encode_user(user))
    }

    /// The CouchDB role a member of this project has.
    pub fn role(&self, role: Role) -> String {
        format!("glossa-{}-{}", self.name, role.name())
    }

    /// Whether `role` (a CouchDB role) is one of this project's roles.
    pub fn is_own_role(&self, role: &str) -> bool {
        [Role::Annotator, Role::Curator]
            .iter()
            .any(|r| self.role(*r) == role)
    }

    /// A user's CouchDB roles with this project's role set to `role`: any
    /// other role of this project is taken away (a curator made annotator
    /// no longer reads everyone's work), other projects' roles stay.
    pub fn roles_with(&self, roles: &[Value], role: Role) -> Vec<Value> {
        let mut out: Vec<Value> = roles
            .iter()
            .filter(|r| !r.as_str().is_some_and(|r| self.is_own_role(r)))
            .cloned()
            .collect();
        out.push(json!(self.role(role)));
        out
    }

    /// The design document of the documents database: only server admins
    /// may write there (CouchDB lets a database's members write).
    pub fn docs_design(&self) -> Value {
        json!({
            "_id": WORK_DESIGN,
            "validate_doc_update": "function (newDoc, oldDoc, userCtx) { \
                 if (userCtx.roles.indexOf('_admin') !== -1) return; \
                 throw({forbidden: 'Only the project\\'s admins change its documents.'}); }",
        })
    }

    /// `_security` of the documents database.
    pub fn docs_security(&self) -> Value {
        json!({
            "admins": {"names": [], "roles": []},
            "members": {"names": [], "roles": [self.role(Role::Annotator), self.role(Role::Curator)]},
        })
    }

    /// `_security` of `user`'s work database.
    pub fn work_security(&self, user: &str) -> Value {
        json!({
            "admins": {"names": [], "roles": []},
            "members": {"names": [user], "roles": [self.role(Role::Curator)]},
        })
    }

    /// The design document of `user`'s work database: only `user` (and
    /// server admins) may write there.
    pub fn work_design(&self, user: &str) -> Value {
        let user = serde_json::to_string(user).unwrap_or_else(|_| "\"\"".into());
        json!({
            "_id": WORK_DESIGN,
            "validate_doc_update": format!(
                "function (newDoc, oldDoc, userCtx) {{ \
                 if (userCtx.roles.indexOf('_admin') !== -1) return; \
                 if (userCtx.name !== {user}) throw({{forbidden: 'Only ' + {user} + ' writes this work.'}}); }}"
            ),
        })
    }
}

/// A user name as part of a database name: lowercase letters and digits
/// stay, every other byte becomes `$` and two hex digits (`Ana.B` →
/// `$41na$2e$42`). A name whose part would pass 120 characters becomes `$$`
/// and its SHA-256 instead (database names have at most 238). Different
/// names never give the same part (`$$` cannot come from the first form).
pub fn encode_user(user: &str) -> String {
    let mut out = String::new();
    for b in user.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("${b:02x}"));
        }
    }
    if out.len() > 120 {
        out = format!("$${}", crate::article::sha256_hex(user));
    }
    out
}

/// The id of an article's document in the documents database.
pub fn doc_id(text_sha256: &str) -> String {
    format!("doc:{text_sha256}")
}

/// The id of a member's work on an article in their work database.
pub fn work_id(text_sha256: &str) -> String {
    format!("work:{text_sha256}")
}

/// CouchDB's rule for database names.
pub fn is_valid_db_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c))
        && name.len() < 238
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_and_security() {
        let p = Project::new("climate-2026").expect("valid");
        assert_eq!(p.docs_db(), "glossa-climate-2026-docs");
        assert_eq!(p.work_db("ana"), "glossa-climate-2026-work-ana");
        assert_eq!(p.work_db("Ana.B"), "glossa-climate-2026-work-$41na$2e$42");
        assert_eq!(p.role(Role::Curator), "glossa-climate-2026-curator");
        assert_eq!(p.work_security("ana")["members"]["names"], json!(["ana"]));
        assert_eq!(
            p.work_security("ana")["members"]["roles"],
            json!(["glossa-climate-2026-curator"])
        );
        assert_eq!(
            p.docs_security()["members"]["roles"],
            json!([
                "glossa-climate-2026-annotator",
                "glossa-climate-2026-curator"
            ])
        );
        let vdu = p.work_design("o'neil \"x\"")["validate_doc_update"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(vdu.contains(r#""o'neil \"x\"""#), "{vdu}");
        for bad in ["", "Climate", "1st", "a b", "a_b", &"x".repeat(41)] {
            assert!(Project::new(bad).is_err(), "{bad}");
        }
        assert_eq!(Role::parse(" Curator "), Some(Role::Curator));
        assert_eq!(Role::parse("admin"), None);
    }

    /// Runs a validation function in Node as CouchDB calls it: "ok" or the
    /// `forbidden` reason.
    fn validate(vdu: &str, name: &str, roles: &[&str]) -> String {
        let script = format!(
            "const f = ({vdu}); try {{ f({{_id: 'x'}}, null, {{name: {}, roles: {}}}); \
             console.log('ok'); }} catch (e) {{ console.log(e.forbidden || ('other: ' + JSON.stringify(e))); }}",
            json!(name),
            json!(roles)
        );
        let out = std::process::Command::new("node")
            .args(["-e", &script])
            .output()
            .expect("node runs (scripts/setup.sh installs it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    #[test]
    fn the_validation_functions_let_through_only_who_may_write() {
        let p = Project::new("climate-2026").expect("valid");
        let curator = p.role(Role::Curator);
        let annotator = p.role(Role::Annotator);
        let work = p.work_design("o'neil \"x\"")["validate_doc_update"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(validate(&work, "o'neil \"x\"", &[&annotator]), "ok");
        assert_eq!(validate(&work, "root", &["_admin"]), "ok");
        for (name, role) in [
            ("cora", &curator),
            ("ben", &annotator),
            ("o'neil", &annotator),
        ] {
            let said = validate(&work, name, &[role]);
            assert!(
                said.starts_with("Only o'neil \"x\" writes"),
                "{name}: {said}"
            );
        }
        let docs = p.docs_design()["validate_doc_update"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(validate(&docs, "root", &["_admin"]), "ok");
        for (name, role) in [("cora", &curator), ("ben", &annotator)] {
            let said = validate(&docs, name, &[role]);
            assert_eq!(
                said, "Only the project's admins change its documents.",
                "{name}"
            );
        }
    }

    #[test]
    fn a_new_role_in_a_project_replaces_the_old_one_there_only() {
        let p = Project::new("p1").expect("valid");
        let roles = [
            json!("glossa-p1-curator"),
            json!("glossa-p2-curator"),
            json!("reader"),
        ];
        assert_eq!(
            p.roles_with(&roles, Role::Annotator),
            vec![
                json!("glossa-p2-curator"),
                json!("reader"),
                json!("glossa-p1-annotator")
            ]
        );
        let again = p.roles_with(&p.roles_with(&roles, Role::Annotator), Role::Annotator);
        assert_eq!(again, p.roles_with(&roles, Role::Annotator));
        assert!(!p.is_own_role("glossa-p1-reader"));
    }

    proptest! {
        #[test]
        fn any_user_gives_a_valid_and_distinct_database(a in ".{1,60}", b in ".{1,60}") {
            let p = Project::new("p").expect("valid");
            prop_assert!(is_valid_db_name(&p.work_db(&a)), "{}", p.work_db(&a));
            if a != b {
                prop_assert_ne!(p.work_db(&a), p.work_db(&b));
            }
        }
    }
}
