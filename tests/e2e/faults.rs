//! End-to-end: saved work under faults. A reload right after the last key,
//! a corrupt record in IndexedDB, a full quota, two tabs on one document,
//! and work saved in local storage by earlier versions.
//!
//! See `e2e/harness.rs` for how the browser is driven.

use crate::harness::files::read_json;
use crate::harness::{with_browser, Page, Snapshot};
use glossa_core::{parse_article, Document};
use serde_json::{json, Value};

const ARTICLE: &str = include_str!("../../assets/voa-counterespionage.txt");
const EXPORT_NAME: &str = "us-voices-concerns-over-chinas-counterespionage-push.glossa.json";

fn doc() -> Document {
    parse_article(ARTICLE)
}

fn legacy_key(doc: &Document) -> String {
    format!("glossa:v1:doc:{}", doc.text_sha256)
}

/// (sentence id, tag) of each annotation in a Glossa JSON value.
fn tags_in(file: &Value) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = file["annotations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|a| {
                    (
                        a["target"]["sentence_id"].as_str().unwrap_or("?").into(),
                        a["tag"].as_str().unwrap_or("?").into(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    tags.sort();
    tags
}

fn pairs(expected: &[(usize, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = expected
        .iter()
        .map(|(n, t)| (format!("s{n}"), t.to_string()))
        .collect();
    v.sort();
    v
}

/// The tags saved for the article, read from the snapshot (IndexedDB).
fn saved_tags(snap: &Snapshot, doc: &Document) -> Result<Vec<(String, String)>, String> {
    let raw = snap
        .storage
        .get(&legacy_key(doc))
        .ok_or("nothing saved yet")?;
    let file: Value =
        serde_json::from_str(raw).map_err(|e| format!("saved work is not JSON: {e}"))?;
    Ok(tags_in(&file))
}

async fn tag(page: &Page, n: usize, key: &str) {
    page.click_sentence(n).await;
    page.press(key).await;
}

async fn wait_tags(page: &Page, what: &str, expected: &[(usize, &str)]) -> Snapshot {
    page.wait_for(what, |s| s.expect_tags(expected)).await
}

async fn wait_saved(page: &Page, what: &str, expected: &[(usize, &str)]) -> Snapshot {
    let doc = doc();
    let want = pairs(expected);
    page.wait_for(what, |s| {
        let got = saved_tags(s, &doc)?;
        if got == want {
            Ok(())
        } else {
            Err(format!("saved {got:?}"))
        }
    })
    .await
}

async fn wait_alert(page: &Page, what: &str, needle: &str) -> Snapshot {
    page.wait_for(what, |s| {
        if s.alerts.iter().any(|a| a.contains(needle)) {
            Ok(())
        } else {
            Err(format!("alerts: {:?}", s.alerts))
        }
    })
    .await
}

/// Clicks a banner's button; the page is scrolled to the top first so the
/// sticky toolbar does not cover the banner.
async fn click_banner(page: &Page, text: &str) {
    page.js("window.scrollTo(0, 0);", vec![]).await;
    page.click_button_text(text).await;
}

async fn save_state(page: &Page) -> Option<String> {
    page.text_of(".save-state").await
}

#[tokio::test]
async fn reload_mid_work_restores_every_annotation() {
    with_browser(
        "reload_mid_work_restores_every_annotation",
        |page| async move {
            page.open().await;
            let tags = [
                (1, "claim"),
                (2, "denial"),
                (4, "quote"),
                (6, "claim"),
                (7, "quote"),
            ];
            for (n, t) in tags {
                tag(&page, n, &t[..1]).await;
            }
            wait_tags(&page, "five tags shown", &tags).await;
            // No wait for "Saved": the last changes are still pending when the
            // page goes away, and must be written as it does.
            page.reload().await;
            wait_tags(&page, "every tag back after the reload", &tags).await;
            wait_saved(&page, "the saved record holds them", &tags).await;
            assert_eq!(save_state(&page).await.as_deref(), Some("Saved"));
        },
    )
    .await;
}

#[tokio::test]
async fn changes_whose_save_never_lands_before_a_reload_are_restored() {
    with_browser(
        "changes_whose_save_never_lands_before_a_reload_are_restored",
        |page| async move {
            page.open().await;
            tag(&page, 1, "c").await;
            wait_saved(&page, "the first tag saved", &[(1, "claim")]).await;
            // From now on this page's writes to the browser's database never
            // land, as when the page is unloaded before they are carried out.
            page.js(
                "const open = IDBDatabase.prototype.transaction;
                 IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
                   if (mode === 'readwrite') throw new DOMException('the page went away first', 'AbortError');
                   return open.call(this, stores, mode, ...rest);
                 };",
                vec![],
            )
            .await;
            let tags = [(1, "claim"), (2, "denial"), (4, "quote")];
            tag(&page, 2, "d").await;
            tag(&page, 4, "q").await;
            wait_tags(&page, "three tags shown", &tags).await;
            // Past the save's delay, the record still holds only the first tag.
            tokio::time::sleep(std::time::Duration::from_millis(800)).await;
            wait_saved(&page, "the database missed the last two", &[(1, "claim")]).await;
            page.reload().await;
            wait_tags(&page, "every tag back after the reload", &tags).await;
            wait_alert(&page, "a word about what was restored", "restored").await;
            wait_saved(&page, "the restored work is in the database", &tags).await;
            let left = page
                .js(
                    "return Object.keys(localStorage).filter(k => k.includes(':leaving:'));",
                    vec![],
                )
                .await;
            assert_eq!(left, json!([]), "local storage is cleared once saved");
        },
    )
    .await;
}

#[tokio::test]
async fn corrupt_record_is_kept_aside_and_the_app_keeps_working() {
    with_browser(
        "corrupt_record_is_kept_aside_and_the_app_keeps_working",
        |page| async move {
            let doc = doc();
            page.open().await;
            tag(&page, 1, "c").await;
            wait_saved(&page, "the first tag saved", &[(1, "claim")]).await;
            let garbage =
                json!({ "id": doc.text_sha256, "rev": 7, "data": "{ \"format\": \"glossa-annot" });
            page.idb_put("work", garbage.clone()).await;
            page.reload().await;

            let snap =
                wait_alert(&page, "a banner about unreadable work", "could not be read").await;
            snap.expect_tags(&[])
                .expect("the app starts with no annotations");
            let backups = page.idb_records("backups").await;
            assert_eq!(backups.len(), 1, "one backup: {backups:?}");
            assert_eq!(
                backups[0]["data"], garbage,
                "the backup holds the record as it was"
            );
            let id = backups[0]["id"].as_str().unwrap_or_default().to_string();
            assert!(
                snap.alerts.iter().any(|a| a.contains(&id)),
                "the banner names the backup {id}: {:?}",
                snap.alerts
            );
            let work = page.idb_records("work").await;
            assert_eq!(
                work,
                vec![garbage.clone()],
                "nothing is overwritten before a change"
            );

            // The app works: new work is saved over the record, the backup stays.
            tag(&page, 3, "q").await;
            wait_saved(&page, "the new work saved", &[(3, "quote")]).await;
            assert_eq!(
                page.idb_records("backups").await,
                backups,
                "the backup is unchanged"
            );
            page.reload().await;
            let snap = wait_tags(&page, "the new work back", &[(3, "quote")]).await;
            assert!(snap.alerts.is_empty(), "no banner now: {:?}", snap.alerts);
        },
    )
    .await;
}

#[tokio::test]
async fn full_quota_is_reported_and_the_work_can_be_exported() {
    with_browser(
        "full_quota_is_reported_and_the_work_can_be_exported",
        |page| async move {
            // A one-byte quota for the app's origin, set before the app
            // opens its database so the browser applies it from the start.
            let origin = page.base.trim_end_matches('/').to_string();
            page.cdp(
                "Storage.overrideQuotaForOrigin",
                json!({ "origin": origin, "quotaSize": 1 }),
            )
            .await;
            page.open().await;
            tag(&page, 1, "c").await;
            tag(&page, 2, "d").await;
            tag(&page, 5, "q").await;
            let all = [(1, "claim"), (2, "denial"), (5, "quote")];
            let snap = wait_alert(
                &page,
                "a banner saying the work was not saved",
                "could not be saved",
            )
            .await;
            snap.expect_tags(&all)
                .expect("the work is still in the tab");
            assert_eq!(save_state(&page).await.as_deref(), Some("Not saved"));
            assert!(
                saved_tags(&snap, &doc()).is_err(),
                "nothing could be stored"
            );
            assert!(
                snap.alerts
                    .iter()
                    .any(|a| a.contains("storage for this site is full")),
                "the banner says why: {:?}",
                snap.alerts
            );
            click_banner(&page, "Export my work").await;
            let file = read_json(&page.wait_for_download(EXPORT_NAME).await);
            assert_eq!(
                tags_in(&file),
                pairs(&all),
                "the export holds all of the work"
            );

            // Space again: the next change saves everything, the banner goes.
            page.cdp(
                "Storage.overrideQuotaForOrigin",
                json!({ "origin": origin }),
            )
            .await;
            tag(&page, 7, "c").await;
            let all = [(1, "claim"), (2, "denial"), (5, "quote"), (7, "claim")];
            wait_saved(&page, "everything saved after the retry", &all).await;
            // The record can be read back a moment before the app hears
            // that its transaction completed; then the banner goes.
            page.wait_for("no banner after the retry", |snap| {
                if snap.alerts.is_empty() {
                    Ok(())
                } else {
                    Err(format!("banner still shown: {:?}", snap.alerts))
                }
            })
            .await;
        },
    )
    .await;
}

/// Holds a readwrite transaction on the saved-work store (in the current
/// tab) until [`release_saves`], so saves of both tabs queue behind it and
/// both tabs' edits are made before either is written.
async fn hold_saves(page: &Page) {
    let v = page
        .js_async(
            "const req = indexedDB.open('glossa-work');\n\
             req.onerror = () => done('open failed');\n\
             req.onsuccess = () => {\n\
               const db = req.result;\n\
               const tx = db.transaction('work', 'readwrite');\n\
               const store = tx.objectStore('work');\n\
               window.__holdSaves = true;\n\
               const spin = () => { if (window.__holdSaves) store.get('none').onsuccess = spin; };\n\
               spin();\n\
               tx.oncomplete = () => db.close();\n\
               done(null);\n\
             };",
            vec![],
        )
        .await;
    assert_eq!(v, Value::Null, "could not hold saves");
}

async fn release_saves(page: &Page) {
    page.js("window.__holdSaves = false;", vec![]).await;
}

const CONFLICT: &str = "changed and saved in another tab";

/// Both tabs edit while saves are held; returns which tab lost (shows the
/// conflict) as (loser, winner) handles, with their tags.
async fn make_conflict(
    page: &Page,
    a: &fantoccini::wd::WindowHandle,
    b: &fantoccini::wd::WindowHandle,
    a_tag: (usize, &str),
    b_tag: (usize, &str),
) -> (fantoccini::wd::WindowHandle, fantoccini::wd::WindowHandle) {
    page.client
        .switch_to_window(a.clone())
        .await
        .expect("tab a");
    hold_saves(page).await;
    tag(page, a_tag.0, &a_tag.1[..1]).await;
    page.client
        .switch_to_window(b.clone())
        .await
        .expect("tab b");
    tag(page, b_tag.0, &b_tag.1[..1]).await;
    page.client
        .switch_to_window(a.clone())
        .await
        .expect("tab a");
    release_saves(page).await;
    // Exactly one tab wins; look for the conflict in each.
    let deadline = std::time::Instant::now() + crate::harness::WAIT;
    loop {
        for (me, other) in [(a, b), (b, a)] {
            page.client.switch_to_window(me.clone()).await.expect("tab");
            let snap = page.snapshot().await.expect("snapshot");
            if snap.alerts.iter().any(|x| x.contains(CONFLICT)) {
                return (me.clone(), other.clone());
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no tab showed a conflict"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_tabs_never_overwrite_each_other_silently() {
    with_browser(
        "two_tabs_never_overwrite_each_other_silently",
        |page| async move {
            page.open().await;
            let a = page.open_second_tab().await;
            let b = page.client.window().await.expect("tab b");

            // A clean tab takes the other's save and says so.
            page.client
                .switch_to_window(a.clone())
                .await
                .expect("tab a");
            tag(&page, 1, "c").await;
            wait_saved(&page, "tab a saved", &[(1, "claim")]).await;
            page.client
                .switch_to_window(b.clone())
                .await
                .expect("tab b");
            let snap = wait_alert(&page, "tab b updated", "Updated from another tab").await;
            snap.expect_tags(&[(1, "claim")])
                .expect("tab b shows a's work");

            // Both changed: no overwrite; "Take theirs" keeps mine as a backup.
            let (loser, winner) = make_conflict(&page, &a, &b, (2, "denial"), (3, "quote")).await;
            let mine_tag = if loser == a {
                (2, "denial")
            } else {
                (3, "quote")
            };
            let theirs_tag = if loser == a {
                (3, "quote")
            } else {
                (2, "denial")
            };
            page.client
                .switch_to_window(loser.clone())
                .await
                .expect("loser");
            let snap = page.snapshot().await.expect("snapshot");
            snap.expect_tags(&[(1, "claim"), mine_tag])
                .expect("the loser keeps its work on screen");
            assert_eq!(
                saved_tags(&snap, &doc()).expect("saved"),
                pairs(&[(1, "claim"), theirs_tag]),
                "the stored work is the winner's, not overwritten"
            );
            click_banner(&page, "Export mine").await;
            let file = read_json(&page.wait_for_download(EXPORT_NAME).await);
            assert_eq!(
                tags_in(&file),
                pairs(&[(1, "claim"), mine_tag]),
                "the export is mine"
            );
            click_banner(&page, "Take theirs").await;
            wait_tags(&page, "the loser shows theirs", &[(1, "claim"), theirs_tag]).await;
            let backups = page.idb_records("backups").await;
            assert!(
                backups.iter().any(|b| b["data"].as_str().is_some_and(|d| {
                    serde_json::from_str::<Value>(d)
                        .is_ok_and(|f| tags_in(&f) == pairs(&[(1, "claim"), mine_tag]))
                })),
                "mine is kept as a backup: {backups:?}"
            );

            // Again, and this time "Keep mine": theirs goes to a backup, mine is
            // stored, and the other (clean) tab updates to it.
            let (loser, winner2) =
                make_conflict(&page, &winner, &loser, (5, "claim"), (6, "quote")).await;
            let base = [(1, "claim"), theirs_tag];
            let mine_tag = if loser == winner {
                (5, "claim")
            } else {
                (6, "quote")
            };
            let theirs_tag2 = if loser == winner {
                (6, "quote")
            } else {
                (5, "claim")
            };
            page.client
                .switch_to_window(loser.clone())
                .await
                .expect("loser");
            click_banner(&page, "Keep mine (overwrite theirs)").await;
            let mine = [base[0], base[1], mine_tag];
            wait_saved(&page, "mine stored", &mine).await;
            let backups = page.idb_records("backups").await;
            let theirs = [base[0], base[1], theirs_tag2];
            assert!(
                backups
                    .iter()
                    .any(|b| b["data"]["data"].as_str().is_some_and(|d| {
                        serde_json::from_str::<Value>(d)
                            .is_ok_and(|f| tags_in(&f) == pairs(&theirs))
                    })),
                "theirs is kept as a backup: {backups:?}"
            );
            page.client
                .switch_to_window(winner2.clone())
                .await
                .expect("other tab");
            wait_tags(&page, "the other tab shows the kept work", &mine).await;
        },
    )
    .await;
}

#[tokio::test]
async fn work_in_local_storage_is_moved_into_the_database() {
    with_browser(
        "work_in_local_storage_is_moved_into_the_database",
        |page| async move {
            let doc = doc();
            page.open().await;
            // Work as version 0.1 saved it: Glossa JSON under the local storage key.
            tag(&page, 2, "q").await;
            tag(&page, 4, "d").await;
            let expected = [(2, "quote"), (4, "denial")];
            let snap = wait_saved(&page, "saved", &expected).await;
            let json = snap.storage[&legacy_key(&doc)].clone();
            // Only the local storage entry is left: the database goes (the
            // app closes its connection when asked to).
            let deleted = page
                .js_async(
                    "const r = indexedDB.deleteDatabase('glossa-work'); r.onsuccess = () => done(null); r.onerror = () => done('failed');",
                    vec![],
                )
                .await;
            assert_eq!(deleted, Value::Null, "the database was deleted");
            assert!(page.idb_records("work").await.is_empty());
            page.set_storage(&legacy_key(&doc), &json).await;
            page.reload().await;
            wait_tags(&page, "the local storage work shown", &expected).await;
            let work = page.idb_records("work").await;
            assert_eq!(work.len(), 1, "moved into IndexedDB: {work:?}");
            assert_eq!(work[0]["data"].as_str(), Some(json.as_str()));
            let snap = page.snapshot().await.expect("snapshot");
            let legacy: Vec<String> = page
                .js("return Object.keys(localStorage).filter(k => k.startsWith('glossa:v1:doc:'));", vec![])
                .await
                .as_array()
                .map(|a| a.iter().filter_map(|k| k.as_str().map(String::from)).collect())
                .unwrap_or_default();
            assert!(legacy.is_empty(), "the local storage copy is removed: {legacy:?}");
            assert!(snap.alerts.is_empty(), "no banner: {:?}", snap.alerts);
        },
    )
    .await;
}
