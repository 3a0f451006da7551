//! The browser, seen from the app: clock, random ids, storage, downloads.
//! Every call here can fail in a browser (private mode, full quota, blocked
//! APIs); failures come back as `Err(String)` for the app to show, never as
//! panics.

use glossa_core::{AnnotationId, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

pub fn now() -> Timestamp {
    Timestamp::from_millis(js_sys::Date::now() as i64)
}

/// A `performance.mark` named `glossa:<name>`: the stages of opening a
/// document show in the browser's profiler and the benchmark harness.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(&format!("glossa:{name}"));
    }
}

/// A fresh random annotation id from `crypto.getRandomValues`, falling back
/// to `Math.random` where the Crypto API is missing.
pub fn new_annotation_id() -> AnnotationId {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    AnnotationId::from_random_bytes(bytes)
}

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "the browser refused access to local storage".to_string())?
        .ok_or_else(|| "this browser has no local storage".to_string())
}

pub fn storage_get(key: &str) -> Result<Option<String>, String> {
    local_storage()?
        .get_item(key)
        .map_err(|_| "reading local storage failed".to_string())
}

pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?.set_item(key, value).map_err(|e| {
        let name = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.name()))
            .unwrap_or_default();
        if name.contains("Quota") {
            "the browser's storage for this site is full".to_string()
        } else {
            "the browser refused to save".to_string()
        }
    })
}

pub fn storage_remove(key: &str) -> Result<(), String> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| "removing from local storage failed".to_string())
}

/// Offers bytes as a file download named `file_name`.
pub fn download_bytes(file_name: &str, mime: &str, contents: &[u8]) -> Result<(), String> {
    download_part(file_name, mime, &js_sys::Uint8Array::from(contents))
}

fn download_part(file_name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let fail = |what: &str| format!("could not start the download ({what})");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into()
        .map_err(|_| fail("link"))?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// `performance.now()`, or 0 where there is none.
pub fn now_ms() -> f64 {
    performance()
        .and_then(|p| call(&p, "now", &[]))
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

fn performance() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok()
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: js_sys::Array = args.iter().collect();
    f.apply(target, &args).ok()
}

/// Records how long `name` took since `start` as a performance measure
/// (`glossa:load`, `glossa:save`, `glossa:agreement`), to profile large documents in DevTools.
pub fn measure(name: &str, start: f64) {
    measure_between(name, start, now_ms());
}

/// A performance measure `name` from `start` to `end` (`performance.now()` times).
pub fn measure_between(name: &str, start: f64, end: f64) {
    if let Some(p) = performance() {
        let options = super::store::record(name, &[("start", &start.into()), ("end", &end.into())]);
        let _ = call(&p, "measure", &[name.into(), options]);
    }
}

/// Resolves in a later task of the event loop, so that what waits
/// meanwhile (a key pressed, a frame due) runs first: a long job done in
/// slices awaits this between them. A message to a `MessageChannel` rather than
/// `setTimeout(0)`, which browsers stretch to 4 ms once timeouts nest five
/// deep, so a job of a hundred slices would spend as long waiting as
/// working.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        gloo::timers::future::TimeoutFuture::new(0).await;
        return;
    };
    let port = channel.port1();
    let arrived = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    if channel.port2().post_message(&JsValue::NULL).is_err() {
        gloo::timers::future::TimeoutFuture::new(0).await;
    } else {
        let _ = wasm_bindgen_futures::JsFuture::from(arrived).await;
    }
    port.set_onmessage(None);
    port.close();
    channel.port2().close();
}
