use glossa_core::couch::status::{SyncStatus, SyncView};
use std::rc::Rc;
use yew::prelude::*;

/// What the person asked of team sync.
#[derive(Clone, Debug, PartialEq)]
pub enum TeamRequest {
    /// Sign in (the password goes to the server once and is not kept).
    SignIn {
        server: String,
        name: String,
        password: String,
    },
    SignOut,
    Project(String),
    /// Open a project document (its text SHA-256).
    Open(String),
    DismissWarning,
    /// A curator asks for agreement over the whole project.
    ProjectAgreement,
}

#[derive(Properties, PartialEq)]
pub struct TeamProps {
    pub view: Rc<SyncView>,
    /// The server offered when none was used yet.
    pub default_server: AttrValue,
    pub on_request: Callback<TeamRequest>,
    pub on_close: Callback<()>,
}

fn value_of(node: &NodeRef) -> String {
    node.cast::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// The Team dialog: sign in to a CouchDB server, choose a project, see its
/// documents with your progress and (curators) everyone's.
#[function_component(TeamDialog)]
pub fn team_dialog(props: &TeamProps) -> Html {
    let server = use_node_ref();
    let name = use_node_ref();
    let password = use_node_ref();
    let first = use_node_ref();
    {
        // The name when signing in (the server is usually filled in), else
        // the first control.
        let (first, name) = (first.clone(), name.clone());
        use_effect_with((), move |_| {
            let el = name
                .cast::<web_sys::HtmlElement>()
                .or_else(|| first.cast::<web_sys::HtmlElement>());
            if let Some(el) = el {
                let _ = el.focus();
            }
        });
    }
    let view = &props.view;
    let onkeydown = super::close_on_escape(&props.on_close);
    let signed_out = view.user.is_none()
        || matches!(view.status, SyncStatus::SignedOut | SyncStatus::Refused(_));
    let onsubmit = {
        let (server, name, password) = (server.clone(), name.clone(), password.clone());
        let on_request = props.on_request.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = TeamRequest::SignIn {
                server: value_of(&server),
                name: value_of(&name),
                password: value_of(&password),
            };
            // The field is emptied at once: the password lives nowhere else.
            if let Some(p) = password.cast::<web_sys::HtmlInputElement>() {
                p.set_value("");
            }
            on_request.emit(request);
        })
    };
    let server_value = if view.server.is_empty() {
        props.default_server.to_string()
    } else {
        view.server.clone()
    };
    let sign_in = html! {
        <form class="sign-in" {onsubmit} aria-label="Sign in to a team server">
            <label>{ "Server" }
                <input ref={server} name="server" type="text" value={server_value}
                    autocomplete="url" spellcheck="false" required=true /></label>
            <label>{ "Name" }
                <input ref={name} name="name" type="text" value={view.user.clone().unwrap_or_default()}
                    autocomplete="username" spellcheck="false" required=true /></label>
            <label>{ "Password" }
                <input ref={password} name="password" type="password" autocomplete="current-password" required=true /></label>
            <button class="btn primary" type="submit" disabled={view.signing_in}>
                { if view.signing_in { "Signing in…" } else { "Sign in" } }</button>
            if let Some(e) = view.sign_in_error.clone() {
                <p class="form-error" role="alert">{ e }</p>
            }
        </form>
    };
    let account = view.user.clone().map(|user| {
        let sign_out = props
            .on_request
            .reform(|_: MouseEvent| TeamRequest::SignOut);
        html! {
            <p class="account">
                { format!("Signed in as {user} at {}", view.server) }
                { " " }
                <button class="btn" ref={first.clone()} onclick={sign_out}>{ "Sign out" }</button>
            </p>
        }
    });
    let projects = (!view.projects.is_empty()).then(|| {
        let items = view.projects.iter().map(|(p, role)| {
            let chosen = view.project.as_deref() == Some(p.as_str());
            let choose = {
                let p = p.clone();
                props.on_request.reform(move |_: MouseEvent| TeamRequest::Project(p.clone()))
            };
            html! {
                <li key={p.clone()}>
                    <button class={classes!("btn", chosen.then_some("current"))} data-project={p.clone()} aria-pressed={chosen.to_string()} onclick={choose}>
                        { format!("{p} ({})", role.name()) }</button>
                </li>
            }
        });
        html! { <><h3>{ "Projects" }</h3><ul class="projects">{ for items }</ul></> }
    });
    let docs = (!view.docs.is_empty()).then(|| {
        let members: Vec<String> = view.members.iter().map(|(m, _)| m.clone()).collect();
        let curator = !view.team.is_empty();
        let rows = view.docs.iter().map(|d| {
            let open = {
                let sha = d.sha.clone();
                props.on_request.reform(move |_: MouseEvent| TeamRequest::Open(sha.clone()))
            };
            let mine = match (d.annotations, d.conflict) {
                (_, true) => "two versions: choose one".to_string(),
                (Some(n), false) => format!("{n} annotations"),
                (None, false) => "not started".to_string(),
            };
            let cells = view.team.get(&d.sha).cloned().unwrap_or_default();
            html! {
                <tr key={d.sha.clone()} data-doc={d.sha.clone()}>
                    <th scope="row"><button class="link" onclick={open}>{ d.title.clone() }</button></th>
                    if curator {
                        { for cells.iter().map(|c| html! {
                            <td data-member={c.member.clone()}>{ match c.annotations {
                                Some(n) if c.conflicts > 0 => format!("{n} (+{} versions)", c.conflicts),
                                Some(n) => n.to_string(),
                                None => "—".to_string(),
                            } }</td>
                        }) }
                    } else {
                        <td class="mine">{ mine }</td>
                    }
                </tr>
            }
        });
        let agree = props.on_request.reform(|_: MouseEvent| TeamRequest::ProjectAgreement);
        html! {
            <>
                <h3>{ "Documents" }</h3>
                if curator {
                    <p><button class="btn" onclick={agree}>{ "Agreement over the project" }</button></p>
                }
                <table class="team-docs">
                    <thead><tr><th scope="col">{ "Document" }</th>
                        if curator {
                            { for members.iter().map(|m| html! { <th scope="col">{ m.clone() }</th> }) }
                        } else {
                            <th scope="col">{ "Your work" }</th>
                        }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </>
        }
    });
    let warning = view.warning.clone().map(|w| {
        let dismiss = props.on_request.reform(|_: MouseEvent| TeamRequest::DismissWarning);
        html! { <p class="form-error" role="alert">{ w }{ " " }<button class="btn" onclick={dismiss}>{ "Dismiss" }</button></p> }
    });
    html! {
        <div class="backdrop" onclick={props.on_close.reform(|_| ())}>
            <div class="dialog team" role="dialog" aria-modal="true" aria-labelledby="team-title" {onkeydown}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="team-title">{ "Team" }</h2>
                <p class="sync-detail" data-sync={view.status.key()}>{ view.status.detail() }</p>
                { for warning }
                if signed_out { { sign_in } }
                { for account }
                { for projects }
                { for docs }
                <div class="dialog-actions">
                    <button class="btn" onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
