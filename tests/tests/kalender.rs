//! Kalender through the real window: two Facebook posts scheduled from the editor, one dragged
//! to another day, a reminder falling due on a clock the test moves, one marked published and
//! counted against the weekly target on Beranda, and the calendar exported as .ics.

mod support;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::Duration;
use support::*;

/// 08:00 WIB on Thursday 26 November 2026.
const TEST_NOW: &str = "2026-11-26T01:00:00Z";

/// Moves the debug build's clock (the `debug_clock_set` command).
async fn set_clock(client: &Client, at: &str) {
    let answer = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('debug_clock_set', { at: arguments[0] })
               .then((v) => done('ok ' + v), (e) => done('error ' + JSON.stringify(e)));",
            vec![serde_json::Value::String(at.into())],
        )
        .await
        .expect("debug_clock_set");
    assert!(
        answer.as_str().unwrap_or_default().starts_with("ok"),
        "{answer}"
    );
}

/// The slot ids listed beside the calendar, in their order.
async fn listed_slots(client: &Client) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for item in client
        .find_all(Locator::Css("[data-testid^=slot-item-]"))
        .await
        .unwrap_or_default()
    {
        let id = item
            .attr("data-testid")
            .await
            .ok()
            .flatten()
            .and_then(|t| t.trim_start_matches("slot-item-").parse().ok())
            .unwrap_or(0);
        let text = item
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        out.push((id, text.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    out
}

async fn wait_for_slots(
    client: &Client,
    pred: impl Fn(&[(i64, String)]) -> bool,
) -> Vec<(i64, String)> {
    for _ in 0..100 {
        let slots = listed_slots(client).await;
        if pred(&slots) {
            return slots;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("slot list never matched: {:?}", listed_slots(client).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_posts_are_scheduled_moved_reminded_published_and_exported() {
    let data = tempfile::tempdir().expect("data dir");
    let out_dir = tempfile::tempdir().expect("out dir");
    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_NOW", Path::new(TEST_NOW)),
            ("MEDSOS_TEST_SAVE_DIR", out_dir.path()),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // A Facebook-only draft (no photo needed), approved with the checklist.
    approved_facebook_draft(
        &client,
        "Gebyar Imunisasi",
        "Gebyar imunisasi di Puskesmas Cipanas, Kecamatan Cipanas, Sabtu pagi.",
        "#CianjurManjur #DinkesCianjur",
        "Puskesmas Cipanas",
    )
    .await;

    // Two slots from the editor: Friday 09:00 and Saturday 10:00 WIB.
    schedule(&client, "facebook", "2026-11-27T09:00").await;
    wait_for_text(&client, "draft-status", |t| t == "Terjadwal").await;
    wait_for_text(&client, "info", |t| t.contains("2026-11-27 09:00")).await;
    set_value(&client, "schedule-at", "2026-11-28T10:00").await;
    click(&client, "schedule-submit").await;
    wait_for_text(&client, "info", |t| t.contains("2026-11-28 10:00")).await;
    wait_for_text(&client, "draft-slots", |t| {
        t.contains("2026-11-27 09:00") && t.contains("2026-11-28 10:00")
    })
    .await;
    screenshot(&client, "20-kalender-scheduled-in-editor").await;

    // Kalender shows both, in the month of the app's clock.
    click(&client, "nav-kalender").await;
    find(&client, "calendar").await;
    let slots = wait_for_slots(&client, |s| s.len() == 2).await;
    let (friday, saturday) = (slots[0].0, slots[1].0);
    assert!(slots[0].1.contains("[FB] Gebyar Imunisasi"), "{slots:?}");
    wait_for_text(&client, "calendar", |t| {
        t.contains("November 2026") && t.matches("[FB] Gebyar Imunisasi").count() >= 2
    })
    .await;
    screenshot(&client, "21-kalender-month").await;

    // Drag Saturday's post to Monday's cell in the month view; the time of day stays.
    let event = find(&client, &format!("event-{saturday}")).await;
    let monday_cell = client
        .find(Locator::Css(r#"[data-date="2026-11-30"]"#))
        .await
        .expect("Monday 30 November in the month grid");
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: event,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        // FullCalendar starts a drag only after the pointer travels a few pixels.
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x: 12.0,
            y: 0.0,
        })
        .then(PointerAction::MoveToElement {
            element: monday_cell,
            duration: Some(Duration::from_millis(400)),
            x: 0.0,
            y: 10.0,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(150),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.expect("drag the event");
    wait_for_slots(&client, |s| {
        s.iter()
            .any(|(id, text)| *id == saturday && text.starts_with("11-30 10:00"))
    })
    .await;

    // The panel moves a slot by date too (for keyboard users): Monday to Sunday and back.
    click(&client, &format!("slot-item-{saturday}")).await;
    find(&client, "slot-panel").await;
    set_value(&client, "slot-move-day", "2026-11-29").await;
    click(&client, "slot-move").await;
    wait_for_text(&client, "kalender-info", |t| t.contains("2026-11-29 10:00")).await;
    set_value(&client, "slot-move-day", "2026-11-30").await;
    click(&client, "slot-move").await;
    wait_for_text(&client, "kalender-info", |t| t.contains("2026-11-30 10:00")).await;
    screenshot(&client, "22-kalender-moved").await;

    // 08:45 WIB on Friday: the 09:00 post is within the 30-minute lead, so Beranda says so.
    set_clock(&client, "2026-11-27T01:45:00Z").await;
    click(&client, "nav-beranda").await;
    let reminder = wait_for_text(&client, &format!("reminder-{friday}"), |t| {
        t.contains("15 menit lagi")
    })
    .await;
    assert!(reminder.contains("Gebyar Imunisasi"), "{reminder}");
    assert!(
        client
            .find(Locator::Css(&by_testid(&format!("reminder-{saturday}"))))
            .await
            .is_err(),
        "the moved post is days away"
    );
    screenshot(&client, "23-beranda-pengingat").await;

    // Friday's post went out: marked published with its Facebook URL, the draft is terbit.
    click(&client, "nav-kalender").await;
    click(&client, &format!("slot-item-{friday}")).await;
    fill(
        &client,
        "[data-testid=slot-url]",
        "https://www.instagram.com/p/Cx1",
    )
    .await;
    click(&client, "slot-publish").await;
    let refused = wait_for_text(&client, "kalender-error", |t| !t.is_empty()).await;
    assert!(refused.contains("bukan alamat Facebook"), "{refused}");
    fill(
        &client,
        "[data-testid=slot-url]",
        "https://www.facebook.com/dinkescianjur/posts/1234567890",
    )
    .await;
    click(&client, "slot-publish").await;
    wait_for_text(&client, "slot-status", |t| t == "Terbit").await;
    screenshot(&client, "24-kalender-published").await;
    click(&client, "slot-open-draft").await;
    wait_for_text(&client, "draft-status", |t| t == "Terbit").await;

    // The weekly target is a setting; Beranda counts Friday's post against it.
    click(&client, "nav-pengaturan").await;
    set_value(&client, "fb-target", "4").await;
    click(&client, "calendar-settings-save").await;
    click(&client, "nav-beranda").await;
    wait_for_text(&client, "week-facebook-count", |t| t == "1 dari 4 terbit").await;
    wait_for_text(&client, "week-instagram-count", |t| t == "0 dari 3 terbit").await;
    screenshot(&client, "25-beranda-target-mingguan").await;

    // The visible range as .ics.
    click(&client, "nav-kalender").await;
    wait_for_slots(&client, |s| s.len() == 2).await;
    click(&client, "export-ics").await;
    let info = wait_for_text(&client, "kalender-info", |t| t.contains(".ics")).await;
    let path = info
        .split_whitespace()
        .find(|w| w.ends_with(".ics"))
        .expect("path in the message")
        .to_string();
    let ics = std::fs::read_to_string(&path).expect("ics written");
    assert!(
        path.starts_with(&out_dir.path().display().to_string()),
        "{path}"
    );
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(ics.contains("[Facebook] Gebyar Imunisasi"), "{ics}");
    screenshot(&client, "25-kalender-exported").await;
    client.close().await.expect("close");
}
