//! The keyboard map: a key press becomes at most one [`Command`].
//! Kept apart from the DOM so the map is easy to read and to test.

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

/// Maps a key press to a command. Browser shortcuts with Alt or a modifier
/// we don't use are left alone.
pub fn command_for(k: Key<'_>) -> Option<Command> {
    use Command::Core;
    let ctrl = k.ctrl || k.meta;
    if k.alt {
        return None;
    }
    if ctrl {
        return match k.key {
            "z" | "Z" if k.shift => Some(Core(Action::Redo)),
            "z" | "Z" => Some(Core(Action::Undo)),
            "y" | "Y" => Some(Core(Action::Redo)),
            _ => None,
        };
    }
    let extend = k.shift;
    Some(match k.key {
        "j" | "J" | "ArrowDown" => Core(Action::Move { by: 1, extend }),
        "k" | "K" | "ArrowUp" => Core(Action::Move { by: -1, extend }),
        // Moves clamp at the ends, so a huge step goes to the first or
        // last sentence.
        "Home" => Core(Action::Move {
            by: -i32::MAX,
            extend,
        }),
        "End" => Core(Action::Move {
            by: i32::MAX,
            extend,
        }),
        "PageDown" => Core(Action::Move { by: PAGE, extend }),
        "PageUp" => Core(Action::Move { by: -PAGE, extend }),
        "ArrowRight" => Core(Action::MoveWord { by: 1, extend }),
        "ArrowLeft" => Core(Action::MoveWord { by: -1, extend }),
        "1" | "c" => Core(Action::Toggle(Tag::Claim)),
        "2" | "d" => Core(Action::Toggle(Tag::Denial)),
        "3" | "q" => Core(Action::Toggle(Tag::Quote)),
        "0" | "Backspace" | "Delete" => Core(Action::Clear),
        "u" => Core(Action::Undo),
        "a" => Core(Action::Accept),
        "A" => Command::AcceptAllLikeThis,
        "x" => Core(Action::Reject),
        "e" => Command::Export,
        "o" => Command::Open,
        "Enter" => Command::Details,
        "/" => Command::Search,
        "?" => Command::Help,
        "Escape" => Command::Escape,
        _ => return None,
    })
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
            command_for(key("PageUp")),
            Some(Command::Core(Action::Move {
                by: -PAGE,
                extend: false
            }))
        );
        assert_eq!(command_for(key("A")), Some(Command::AcceptAllLikeThis));
        assert_eq!(command_for(key("?")), Some(Command::Help));
        assert_eq!(
            command_for(Key {
                key: "1",
                alt: true,
                ..Key::default()
            }),
            None
        );
        assert_eq!(command_for(key("z")), None);
    }
}
