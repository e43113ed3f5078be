//! The app checked by an accessibility engine and used from the keyboard alone, in the real
//! window under Xvfb (tauri-driver and WebKitWebDriver):
//! - axe-core on every screen, the help panel and the history dialog, in the light and the
//!   dark theme: 0 serious or critical violations (contrast included); screenshots of each
//!   screen in both themes (target/e2e-screenshots/a11y-{terang,gelap}-*.png);
//! - a draft written, submitted, approved and scheduled, and a complaint recorded and
//!   answered, with keystrokes only: focus moves by Tab, buttons are pressed with Enter or
//!   Space, Ctrl+N opens a new draft and Ctrl+S saves.

mod support;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use support::*;

/// Presses `keys` together (modifiers first), then lets go of them in reverse.
async fn press(client: &Client, keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for key in keys {
        actions = actions.then(KeyAction::Down { value: *key });
    }
    for key in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: *key });
    }
    client
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("keys {keys:?}: {e}"));
    let _ = client.release_actions().await;
}

/// Types `text` into whatever has focus.
async fn type_text(client: &Client, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_owned());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    client.perform_actions(actions).await.expect("type");
}

/// The `data-testid` of the focused element (empty without one).
async fn focused(client: &Client) -> String {
    client
        .execute(
            "const el = document.activeElement; return el ? (el.getAttribute('data-testid') || '') : '';",
            vec![],
        )
        .await
        .expect("focused")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Presses Tab until the element with `testid` has focus (at most 150 times).
async fn tab_to(client: &Client, testid: &str) {
    for _ in 0..150 {
        if focused(client).await == testid {
            return;
        }
        press(client, &[Key::Tab.into()]).await;
    }
    panic!("Tab never reached {testid}");
}

async fn axe_on(client: &Client, place: &str, problems: &mut Vec<String>) {
    for line in axe_serious(client).await {
        problems.push(format!("{place}: {line}"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_both_themes_and_the_day_s_work_needs_only_the_keyboard() {
    let data = tempfile::tempdir().expect("temp data dir");
    let driver = Driver::start(data.path()).await;
    let client = driver.launch().await;
    complete_first_run(&client).await;
    let mut problems: Vec<String> = Vec::new();

    // ── Keyboard only ──
    beranda_loaded(&client).await;
    press(&client, &[Key::Control.into(), 'n']).await;
    find(&client, "screen-konten").await;
    wait_until(
        &client,
        "the new draft's title has focus",
        "return document.activeElement && document.activeElement.id === 'draft-title';",
        vec![],
    )
    .await;
    type_text(&client, "Vaksinasi HPV di SDN Cibeber 1").await;
    tab_to(&client, "draft-body").await;
    type_text(
        &client,
        "Dinas Kesehatan melaksanakan vaksinasi HPV bagi 120 siswi kelas 5 SDN Cibeber 1.",
    )
    .await;
    tab_to(&client, "draft-source").await;
    type_text(&client, "Puskesmas Cibeber").await;
    press(&client, &[Key::Control.into(), 's']).await;
    wait_for_text(&client, "save-status", |t| t == "Tersimpan").await;
    wait_for_text(&client, "announcer", |t| t.contains("Tersimpan")).await;

    tab_to(&client, "to-menunggu_persetujuan").await;
    press(&client, &[Key::Enter.into()]).await;
    wait_for_text(&client, "draft-status", |t| t == "Menunggu persetujuan").await;
    for item in [
        "sumber",
        "data_akurat",
        "bebas_hoaks_sara",
        "bukan_rahasia",
        "data_pribadi",
        "netral",
        "bahasa",
        "identitas",
    ] {
        tab_to(&client, &format!("check-{item}")).await;
        press(&client, &[' ']).await;
        wait_until(
            &client,
            &format!("checklist item {item} saved"),
            "const box = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
             return !!box && box.checked && !!box.closest('li').querySelector('span.muted');",
            vec![serde_json::Value::String(format!("check-{item}"))],
        )
        .await;
    }
    tab_to(&client, "to-disetujui").await;
    press(&client, &[Key::Enter.into()]).await;
    wait_for_text(&client, "draft-status", |t| t == "Disetujui").await;
    // The schedule's time starts at tomorrow 09:00 WIB: Enter on "Jadwalkan" is enough.
    tab_to(&client, "schedule-submit").await;
    press(&client, &[Key::Enter.into()]).await;
    wait_for_text(&client, "draft-slots", |t| t.contains("09:00")).await;
    screenshot(&client, "a11y-keyboard-draft").await;

    // The history dialog: Escape closes it and focus comes back.
    tab_to(&client, "history-open").await;
    press(&client, &[Key::Enter.into()]).await;
    find(&client, "history").await;
    axe_on(&client, "riwayat draf", &mut problems).await;
    press(&client, &[Key::Escape.into()]).await;
    wait_until(
        &client,
        "the history dialog closed",
        "return !document.querySelector('[data-testid=history]');",
        vec![],
    )
    .await;
    assert_eq!(
        focused(&client).await,
        "history-open",
        "focus returns to the button"
    );

    // A complaint recorded and answered.
    tab_to(&client, "nav-aduan").await;
    press(&client, &[Key::Enter.into()]).await;
    find(&client, "screen-aduan").await;
    tab_to(&client, "aduan-new").await;
    press(&client, &[Key::Enter.into()]).await;
    tab_to(&client, "c-body").await;
    type_text(
        &client,
        "Jalan di Desa Sukamaju berlubang dan membahayakan pengendara motor.",
    )
    .await;
    tab_to(&client, "c-name").await;
    type_text(&client, "@warga.sukamaju").await;
    tab_to(&client, "c-save").await;
    press(&client, &[Key::Enter.into()]).await;
    tab_to(&client, "reply-body").await;
    type_text(
        &client,
        "Terima kasih, laporan Anda kami teruskan ke Dinas PUPR.",
    )
    .await;
    tab_to(&client, "reply-save").await;
    press(&client, &[Key::Enter.into()]).await;
    wait_for_text(&client, "complaint-replies", |t| t.contains("Terima kasih")).await;
    screenshot(&client, "a11y-keyboard-aduan").await;

    // ── axe on every screen, both themes ──
    for (theme, name) in [("light", "terang"), ("dark", "gelap")] {
        click(&client, "nav-pengaturan").await;
        click(&client, &format!("theme-{theme}")).await;
        wait_until(
            &client,
            "theme applied",
            "return (document.documentElement.dataset.theme || '') === arguments[0];",
            vec![serde_json::Value::String(theme.into())],
        )
        .await;
        for screen in SCREENS {
            click(&client, &format!("nav-{screen}")).await;
            find(&client, &format!("screen-{screen}")).await;
            if *screen == "beranda" {
                beranda_loaded(&client).await;
            }
            // Let the screen's lists arrive before judging them.
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            axe_on(&client, &format!("{name}/{screen}"), &mut problems).await;
            screenshot(&client, &format!("a11y-{name}-{screen}")).await;
        }
        click(&client, "help-toggle").await;
        find(&client, "help-panel").await;
        axe_on(&client, &format!("{name}/bantuan"), &mut problems).await;
        screenshot(&client, &format!("a11y-{name}-bantuan")).await;
        press(&client, &[Key::Escape.into()]).await;
    }
    // The theme is kept per PC user, not per data folder: back to the system's for the
    // windows of later tests.
    click(&client, "nav-pengaturan").await;
    click(&client, "theme-system").await;
    client.close_window().await.ok();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
