//! Starting `tests/support/couch3-shape.mjs` (a proxy that answers as
//! CouchDB 3 does where the PouchDB server differs) and reading what it
//! changed. Shared by the CLI's project tests and the end-to-end team tests.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The proxy, in front of the server on 127.0.0.1:`upstream`; its log goes
/// into `dir`.
pub struct Shape {
    pub child: Child,
    pub port: u16,
    log: PathBuf,
}

impl Shape {
    pub fn start(root: &Path, upstream: u16, dir: &Path) -> Shape {
        let script = root.join("tests/support/couch3-shape.mjs");
        let log = dir.join("shape.log");
        let file = std::fs::File::create(&log).expect("shape log");
        let mut child = Command::new("node")
            .arg(&script)
            .args([
                "--upstream",
                &format!("127.0.0.1:{upstream}"),
                "--port",
                "0",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(file)
            .spawn()
            .expect("node runs the CouchDB-3-shaped proxy");
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = std::io::BufReader::new(out).read_line(&mut line);
        }
        let port = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            panic!(
                "the CouchDB-3-shaped proxy did not start: {line:?} (see {})",
                log.display()
            );
        };
        Shape { child, port, log }
    }

    /// Fails unless the proxy changed answers of each of `kinds` (so the
    /// run really met CouchDB 3's answers).
    pub fn assert_shaped(&self, kinds: &[&str]) {
        let said = std::fs::read_to_string(&self.log).unwrap_or_default();
        for kind in kinds {
            assert!(
                said.lines().any(|l| l == format!("shaped {kind}")),
                "the CouchDB-3-shaped proxy never changed a {kind} answer ({})",
                self.log.display()
            );
        }
    }
}

impl Drop for Shape {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
