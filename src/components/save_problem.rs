use glossa_core::save::Problem;
use yew::prelude::*;

/// What the person can do about a saving problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Write this tab's work over the other's (theirs kept as a backup).
    KeepMine,
    /// Show the other's work (this tab's kept as a backup).
    TakeTheirs,
    /// Download this tab's work as Glossa JSON.
    Export,
}

#[derive(Properties, PartialEq)]
pub struct SaveProblemProps {
    pub problem: Problem,
    pub on_choice: Callback<Choice>,
}

/// The banner for a saving problem, with its choices. It stays until the
/// problem is solved: it cannot be dismissed.
#[function_component(SaveProblem)]
pub fn save_problem(props: &SaveProblemProps) -> Html {
    let act = |c: Choice| props.on_choice.reform(move |_: ()| c);
    let (text, actions) = match &props.problem {
        Problem::Failed(why) => (
            format!("Your latest changes could not be saved: {why}. Everything is still here in this tab, and Glossa tries again at your next change. Export your work now to keep a copy."),
            vec![(AttrValue::from("Export my work"), act(Choice::Export))],
        ),
        Problem::Conflict(peer) => (
            format!("This document was changed and saved in {} while you had unsaved changes here. Nothing was overwritten. Choose which work to keep; the other is kept as a backup.", peer.name()),
            vec![
                (AttrValue::from("Keep mine (overwrite theirs)"), act(Choice::KeepMine)),
                (AttrValue::from("Take theirs"), act(Choice::TakeTheirs)),
                (AttrValue::from("Export mine"), act(Choice::Export)),
            ],
        ),
    };
    html! {
        <super::Banner text={text} {actions} dismissable={false} on_dismiss={Callback::noop()} />
    }
}
