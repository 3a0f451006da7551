//! The keyboard map, in one table: [`rows`] drives the key handler
//! ([`command_for`]), the Help dialog, the toolbar's and buttons' key hints
//! ([`shortcuts`]), and the README's key table is checked against it (the
//! test below). Kept apart from the DOM so it is easy to read and to test.

use glossa_core::{Action, Tag};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Core(Action),
    /// Accept every open suggestion with the tag of the focused one.
    AcceptAllLikeThis,
    Export,
    Open,
    Details,
    Search,
    Help,
    /// Close what is open (dialog, help), else drop a span selection.
    Escape,
    /// Go along a denial link of the selected annotation (denial → its
    /// claim; claim → its next denial).
    FollowLink,
    /// Adjudicating: go to the next (`1`) or previous (`-1`) disagreement.
    Disagreement(i32),
    /// Adjudicating: take annotator N's choice (0-based) on the current
    /// disagreement.
    Take(usize),
}

/// The parts of a key event the map looks at.
#[derive(Clone, Copy, Debug, Default)]
pub struct Key<'a> {
    pub key: &'a str,
    pub shift: bool,
    pub ctrl: bool,
    pub alt: bool,
    pub meta: bool,
}

/// Sentences moved by PageUp / PageDown.
pub const PAGE: i32 = 10;

/// One key (as `KeyboardEvent.key` names it) and what it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub key: &'static str,
    /// Whether Shift must be held (`Some(true)`), must not be
    /// (`Some(false)`), or does not matter (`None`).
    pub shift: Option<bool>,
    /// Ctrl (or ⌘) held.
    pub ctrl: bool,
    /// Alt (⌥) held.
    pub alt: bool,
    pub command: Command,
}

/// A line of the key table: the keys as shown, what they do, and the
/// bindings behind them.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub keys: &'static str,
    pub does: &'static str,
    pub bindings: Vec<Binding>,
}

fn plain(key: &'static str, command: Command) -> Binding {
    Binding {
        key,
        shift: None,
        ctrl: false,
        alt: false,
        command,
    }
}

fn shifted(key: &'static str, shift: bool, command: Command) -> Binding {
    Binding {
        key,
        shift: Some(shift),
        ctrl: false,
        alt: false,
        command,
    }
}

fn ctrl(key: &'static str, shift: bool, command: Command) -> Binding {
    Binding {
        key,
        shift: Some(shift),
        ctrl: true,
        alt: false,
        command,
    }
}

/// Alt + `key` (what the key gives with Alt on a Mac is bound too: `also`).
fn alt(key: &'static str, command: Command) -> Binding {
    Binding {
        key,
        shift: None,
        ctrl: false,
        alt: true,
        command,
    }
}

/// Alt+1 … Alt+9, and the characters ⌥1 … ⌥9 type on a US Mac keyboard.
const TAKE_KEYS: [(&str, &str); 9] = [
    ("1", "¡"),
    ("2", "™"),
    ("3", "£"),
    ("4", "¢"),
    ("5", "∞"),
    ("6", "§"),
    ("7", "¶"),
    ("8", "•"),
    ("9", "ª"),
];

fn core(action: Action) -> Command {
    Command::Core(action)
}

fn moves(by: i32, extend: bool) -> Command {
    core(Action::Move { by, extend })
}

/// The moves by sentence: `(key, by)`. Moves clamp at the ends, so a huge
/// step goes to the first or last sentence.
const MOVES: [(&str, i32); 8] = [
    ("j", 1),
    ("J", 1),
    ("ArrowDown", 1),
    ("k", -1),
    ("K", -1),
    ("ArrowUp", -1),
    ("Home", -i32::MAX),
    ("End", i32::MAX),
];
const PAGES: [(&str, i32); 2] = [("PageUp", -PAGE), ("PageDown", PAGE)];

/// The key table, in the order Help and the README show it (made once).
pub fn rows() -> &'static [Row] {
    static ROWS: std::sync::OnceLock<Vec<Row>> = std::sync::OnceLock::new();
    ROWS.get_or_init(make_rows)
}

fn make_rows() -> Vec<Row> {
    let tag_keys = |tag: Tag, digit: &'static str, letter: &'static str| {
        [
            plain(digit, core(Action::Toggle(tag))),
            plain(letter, core(Action::Toggle(tag))),
        ]
    };
    vec![
        Row {
            keys: "click · j / ↓ · k / ↑",
            does: "select a sentence · next · previous",
            bindings: MOVES[..6]
                .iter()
                .map(|&(key, by)| shifted(key, false, moves(by, false)))
                .collect(),
        },
        Row {
            keys: "Home · End · PgUp · PgDn",
            does: "first · last sentence · 10 back · 10 on",
            bindings: MOVES[6..]
                .iter()
                .chain(&PAGES)
                .map(|&(key, by)| shifted(key, false, moves(by, false)))
                .collect(),
        },
        Row {
            keys: "shift + click · shift + j/k/↓/↑/Home/End/PgUp/PgDn",
            does: "extend the selection over several sentences",
            bindings: MOVES
                .iter()
                .chain(&PAGES)
                .map(|&(key, by)| shifted(key, true, moves(by, true)))
                .collect(),
        },
        Row {
            keys: "← / → · shift + ← / →",
            does: "move the word caret · select words (a span) in the sentence",
            bindings: [("ArrowLeft", -1), ("ArrowRight", 1)]
                .into_iter()
                .flat_map(|(key, by)| {
                    [false, true]
                        .map(|extend| shifted(key, extend, core(Action::MoveWord { by, extend })))
                })
                .collect(),
        },
        Row {
            keys: "1 or c · 2 or d · 3 or q",
            does: "tag the selection Claim · Denial · Quote (the same tag again removes it)",
            bindings: [
                tag_keys(Tag::Claim, "1", "c"),
                tag_keys(Tag::Denial, "2", "d"),
                tag_keys(Tag::Quote, "3", "q"),
            ]
            .concat(),
        },
        Row {
            keys: "0 · Backspace · Delete",
            does: "clear the tags of the selection",
            bindings: ["0", "Backspace", "Delete"]
                .map(|k| plain(k, core(Action::Clear)))
                .to_vec(),
        },
        Row {
            keys: "u or Ctrl+Z · Ctrl+Shift+Z or Ctrl+Y",
            does: "undo · redo (every action, 1000 steps)",
            bindings: vec![
                plain("u", core(Action::Undo)),
                ctrl("z", false, core(Action::Undo)),
                ctrl("Z", false, core(Action::Undo)),
                ctrl("z", true, core(Action::Redo)),
                ctrl("Z", true, core(Action::Redo)),
                ctrl("y", false, core(Action::Redo)),
                ctrl("Y", false, core(Action::Redo)),
            ],
        },
        Row {
            keys: "Enter",
            does: "details of the selected annotation: note, speaker, cue, link",
            bindings: vec![plain("Enter", Command::Details)],
        },
        Row {
            keys: "l",
            does: "follow a denial link: from a denial to its claim, from a claim to its denials",
            bindings: vec![plain("l", Command::FollowLink)],
        },
        Row {
            keys: "a · x · shift + a",
            does: "accept · reject the suggestion · accept all suggestions of that tag",
            bindings: vec![
                plain("a", core(Action::Accept)),
                plain("x", core(Action::Reject)),
                plain("A", Command::AcceptAllLikeThis),
            ],
        },
        Row {
            keys: "/ · ? · Esc",
            does: "search annotations · keyboard help · close",
            bindings: vec![
                plain("/", Command::Search),
                plain("?", Command::Help),
                plain("Escape", Command::Escape),
            ],
        },
        Row {
            keys: "e · o",
            does: "export Glossa JSON · open a document",
            bindings: vec![plain("e", Command::Export), plain("o", Command::Open)],
        },
        Row {
            keys: "] · [",
            does: "adjudicating: next · previous disagreement",
            bindings: vec![
                plain("]", Command::Disagreement(1)),
                plain("[", Command::Disagreement(-1)),
            ],
        },
        Row {
            keys: "Alt+1 … Alt+9",
            does: "adjudicating: take annotator 1 … 9's choice (or tag it yourself)",
            bindings: TAKE_KEYS
                .iter()
                .enumerate()
                .flat_map(|(i, (digit, mac))| {
                    [alt(digit, Command::Take(i)), alt(mac, Command::Take(i))]
                })
                .collect(),
        },
    ]
}

/// Maps a key press to a command. Browser shortcuts with Alt or a modifier
/// the table does not use are left alone.
pub fn command_for(k: Key<'_>) -> Option<Command> {
    let ctrl = k.ctrl || k.meta;
    rows()
        .iter()
        .flat_map(|r| &r.bindings)
        .find(|b| {
            b.key == k.key
                && b.ctrl == ctrl
                && b.alt == k.alt
                && b.shift.is_none_or(|s| s == k.shift)
        })
        .map(|b| b.command.clone())
}

/// The keys bound to `command`, as `aria-keyshortcuts` names them
/// (`"1 c"`), for buttons and hints.
pub fn shortcuts(command: &Command) -> String {
    let mut keys: Vec<String> = Vec::new();
    for b in rows().iter().flat_map(|r| &r.bindings) {
        if &b.command != command {
            continue;
        }
        let name = match (b.ctrl, b.shift) {
            (true, Some(true)) => format!("Control+Shift+{}", b.key),
            (true, _) => format!("Control+{}", b.key),
            _ if b.alt => format!("Alt+{}", b.key),
            _ => b.key.to_string(),
        };
        if !keys.contains(&name) {
            keys.push(name);
        }
    }
    keys.join(" ")
}

/// The first key bound to `command`, to show on a button.
pub fn first_key(command: &Command) -> String {
    shortcuts(command)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> Key<'_> {
        Key {
            key,
            ..Key::default()
        }
    }

    #[test]
    fn tags_and_moves() {
        assert_eq!(
            command_for(key("1")),
            Some(Command::Core(Action::Toggle(Tag::Claim)))
        );
        assert_eq!(
            command_for(key("q")),
            Some(Command::Core(Action::Toggle(Tag::Quote)))
        );
        assert_eq!(
            command_for(Key {
                key: "ArrowDown",
                shift: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Move {
                by: 1,
                extend: true
            }))
        );
        assert_eq!(
            command_for(Key {
                key: "J",
                shift: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Move {
                by: 1,
                extend: true
            }))
        );
        assert_eq!(
            command_for(Key {
                key: "ArrowRight",
                shift: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::MoveWord {
                by: 1,
                extend: true
            }))
        );
        assert_eq!(
            command_for(key("ArrowLeft")),
            Some(Command::Core(Action::MoveWord {
                by: -1,
                extend: false
            }))
        );
        assert_eq!(
            command_for(Key {
                key: "c",
                ctrl: true,
                ..Key::default()
            }),
            None,
            "copy stays copy"
        );
        assert_eq!(
            command_for(Key {
                key: "Z",
                ctrl: true,
                shift: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Redo))
        );
        assert_eq!(
            command_for(Key {
                key: "z",
                meta: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Undo))
        );
        assert_eq!(
            command_for(Key {
                key: "y",
                ctrl: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Redo))
        );
        assert_eq!(command_for(key("a")), Some(Command::Core(Action::Accept)));
        assert_eq!(
            command_for(key("End")),
            Some(Command::Core(Action::Move {
                by: i32::MAX,
                extend: false
            }))
        );
        assert_eq!(
            command_for(Key {
                key: "PageDown",
                shift: true,
                ..Key::default()
            }),
            Some(Command::Core(Action::Move {
                by: PAGE,
                extend: true
            }))
        );
        assert_eq!(
            command_for(key("PageUp")),
            Some(Command::Core(Action::Move {
                by: -PAGE,
                extend: false
            }))
        );
        assert_eq!(command_for(key("A")), Some(Command::AcceptAllLikeThis));
        assert_eq!(command_for(key("?")), Some(Command::Help));
        assert_eq!(command_for(key("o")), Some(Command::Open));
        assert_eq!(command_for(key("]")), Some(Command::Disagreement(1)));
        let alt2 = Key {
            key: "2",
            alt: true,
            ..Key::default()
        };
        assert_eq!(command_for(alt2), Some(Command::Take(1)));
        let mac9 = Key {
            key: "ª",
            alt: true,
            ..Key::default()
        };
        assert_eq!(command_for(mac9), Some(Command::Take(8)));
        // Alt with a key the table does not bind is left to the browser,
        // and Alt does not change what a plain key does.
        let alt_o = Key {
            key: "o",
            alt: true,
            ..Key::default()
        };
        assert_eq!(command_for(alt_o), None);
        assert_eq!(shortcuts(&Command::Take(0)), "Alt+1 Alt+¡");
        assert_eq!(
            command_for(key("Delete")),
            Some(Command::Core(Action::Clear))
        );
        // Alt+1 is not 1: it takes annotator 1's choice.
        assert_eq!(
            command_for(Key {
                key: "1",
                alt: true,
                ..Key::default()
            }),
            Some(Command::Take(0))
        );
        assert_eq!(command_for(key("z")), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let all: Vec<&Binding> = rows().iter().flat_map(|r| &r.bindings).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let overlap = a.key == b.key
                    && a.ctrl == b.ctrl
                    && a.alt == b.alt
                    && (a.shift.is_none() || b.shift.is_none() || a.shift == b.shift);
                assert!(!overlap, "{a:?} and {b:?} take the same key");
            }
        }
    }

    #[test]
    fn hints_come_from_the_table() {
        assert_eq!(shortcuts(&Command::Core(Action::Toggle(Tag::Claim))), "1 c");
        assert_eq!(
            shortcuts(&Command::Core(Action::Clear)),
            "0 Backspace Delete"
        );
        assert_eq!(shortcuts(&Command::Open), "o");
        assert_eq!(first_key(&Command::Export), "e");
    }

    /// The README's key table is the table above, row for row.
    #[test]
    fn the_readme_key_table_matches() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("| keys | action |")
            .expect("README.md has a '| keys | action |' table");
        let lines: Vec<&str> = readme[start..]
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .collect();
        let expected: Vec<String> = rows()
            .iter()
            .map(|r| format!("| {} | {} |", r.keys, r.does))
            .collect();
        assert_eq!(
            lines, expected,
            "README.md's key table differs from src/keys.rs's rows()"
        );
    }
}
