//! A CouchDB server over the browser's `fetch`: the session (sign in with
//! name and password, which CouchDB answers with its `AuthSession` cookie;
//! who is signed in; sign out) and one database as the core's
//! [`Remote`], so the core's replication protocol runs over it.
//!
//! Every request sends cookies (`credentials: include`) and carries its own
//! deadline: a request with no answer in time is aborted and reported as
//! no answer (some servers ignore a longpoll's `timeout`). The password
//! goes into one request body and is never kept.

use glossa_core::couch::replicate::{Method, Remote};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCredentials, RequestInit, Response};

/// How long an ordinary request may take.
pub const DEADLINE_MS: u32 = 20_000;

/// The server's base URL as the person typed it: no trailing slash.
pub fn base_url(typed: &str) -> String {
    typed.trim().trim_end_matches('/').to_string()
}

/// Sends one request; `Ok((status, body))` when the server answered (a body
/// that is not JSON becomes a string), `Err` with words when it did not.
pub async fn request(
    url: &str,
    method: &str,
    body: Option<&Value>,
    deadline_ms: u32,
    abort: Option<&AbortController>,
) -> Result<(u16, Value), String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Include);
    let own = AbortController::new().map_err(|_| "the browser cannot make requests here")?;
    let controller = abort.unwrap_or(&own);
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    let request = Request::new_with_str_and_init(url, &init)
        .map_err(|_| format!("“{url}” is not an address the browser can reach"))?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let _deadline = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo::timers::callback::Timeout::new(deadline_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let answer = match JsFuture::from(window.fetch_with_request(&request)).await {
        Ok(answer) => answer,
        Err(_) if timed_out.get() => {
            return Err(format!("no answer within {} s", deadline_ms / 1000))
        }
        Err(e) => return Err(fetch_failure(&e)),
    };
    let response: Response = answer
        .dyn_into()
        .map_err(|_| "the browser gave no response".to_string())?;
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .map_err(|e| fetch_failure(&e))?
            .as_string()
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Ok((status, value))
}

fn fetch_failure(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "AbortError" {
        "the request was stopped".into()
    } else {
        // A refused connection, a DNS failure and a CSP block look alike
        // to a page; name the likely ones.
        "no connection (offline, the server is down, or this page may not connect to it)".into()
    }
}

/// Who the server says is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub roles: Vec<String>,
}

/// Why signing in did not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Name or password not accepted.
    Refused,
    /// No answer.
    Offline(String),
    /// Anything else the server said.
    Other(String),
}

impl std::fmt::Display for SignInError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignInError::Refused => f.write_str("the server did not accept this name and password"),
            SignInError::Offline(why) => write!(f, "the server cannot be reached: {why}"),
            SignInError::Other(why) => f.write_str(why),
        }
    }
}

fn user_of(ctx: &Value) -> Option<User> {
    let name = ctx["name"].as_str()?.to_string();
    let roles = ctx["roles"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    Some(User { name, roles })
}

/// Signs in: CouchDB sets its session cookie. The password is used for
/// this one request only.
pub async fn sign_in(base: &str, name: &str, password: &str) -> Result<User, SignInError> {
    let body = json!({"name": name, "password": password});
    let (status, answer) = request(
        &format!("{base}/_session"),
        "POST",
        Some(&body),
        DEADLINE_MS,
        None,
    )
    .await
    .map_err(SignInError::Offline)?;
    match status {
        200..=299 => {
            // The POST answers {ok, name, roles}; ask for the full context.
            match session(base).await {
                Ok(Some(user)) => Ok(user),
                Ok(None) => Err(SignInError::Other(
                    "the server accepted the sign-in but keeps no session for this page: its cookie may be blocked (serve Glossa and CouchDB from one origin, see the README)".into(),
                )),
                Err(e) => Err(e),
            }
        }
        401 => Err(SignInError::Refused),
        _ => Err(SignInError::Other(format!(
            "the server answered {status}: {}",
            reason(&answer)
        ))),
    }
}

/// Who is signed in (None: nobody, or the session expired).
pub async fn session(base: &str) -> Result<Option<User>, SignInError> {
    let (status, answer) = request(&format!("{base}/_session"), "GET", None, DEADLINE_MS, None)
        .await
        .map_err(SignInError::Offline)?;
    if !(200..=299).contains(&status) {
        return Err(SignInError::Other(format!(
            "the server answered {status}: {}",
            reason(&answer)
        )));
    }
    Ok(user_of(&answer["userCtx"]))
}

/// Ends the session (the server drops its cookie).
pub async fn sign_out(base: &str) -> Result<(), String> {
    request(
        &format!("{base}/_session"),
        "DELETE",
        None,
        DEADLINE_MS,
        None,
    )
    .await
    .map(|_| ())
}

/// What a server said, in a few words (never HTML).
pub fn reason(answer: &Value) -> String {
    let text = answer["reason"]
        .as_str()
        .or_else(|| answer["error"].as_str())
        .unwrap_or("no reason given");
    text.chars().take(200).collect()
}

/// One database on the server, for the core's replication protocol.
pub struct Db {
    pub url: String,
    /// Aborts a request under way (a longpoll the app no longer needs).
    pub abort: Option<AbortController>,
    /// The deadline of the next request.
    pub deadline_ms: u32,
}

impl Db {
    pub fn new(base: &str, name: &str) -> Db {
        Db {
            url: format!("{base}/{}", glossa_core::couch::replicate::percent(name)),
            abort: None,
            deadline_ms: DEADLINE_MS,
        }
    }
}

impl Remote for Db {
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        let method = method.as_str();
        // `_local/x` and `_changes?…` are paths under the database.
        let url = format!("{}/{path}", self.url);
        request(&url, method, body, self.deadline_ms, self.abort.as_ref()).await
    }
}
