//! The app at 1,366 x 768, the screen most office laptops have, in the real window under Xvfb:
//! no screen scrolls sideways, the calendar's month cells show a post's whole title (wrapped
//! under its time, not cut at the cell's edge), and every screen is photographed
//! (target/e2e-screenshots/1366-*.png).

mod support;

use std::path::Path;
use support::*;

/// Thursday 26 November 2026, 08:00 WIB.
const TEST_NOW: &str = "2026-11-26T01:00:00Z";

/// How far the page scrolls sideways, in CSS pixels (0 when it does not).
async fn sideways(client: &fantoccini::Client) -> f64 {
    client
        .execute(
            "const d = document.documentElement; return d.scrollWidth - d.clientWidth;",
            vec![],
        )
        .await
        .expect("scroll width")
        .as_f64()
        .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_1366_by_768_and_month_cells_show_whole_titles() {
    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start_with(data.path(), &[("MEDSOS_TEST_NOW", Path::new(TEST_NOW))]).await;
    let client = driver.launch().await;
    client
        .set_window_size(1366, 768)
        .await
        .expect("window resized");
    complete_first_run(&client).await;
    let width = client
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("width")
        .as_f64()
        .unwrap_or(0.0);
    assert!((1300.0..=1366.0).contains(&width), "inner width {width}");

    // One post on two days of this week.
    approved_facebook_draft(
        &client,
        "Posyandu Cugenang",
        "Posyandu balita di Desa Cugenang, Kecamatan Cugenang, Jumat pagi.",
        "#CianjurManjur",
        "Puskesmas Cugenang",
    )
    .await;
    schedule(&client, "facebook", "2026-11-27T09:00").await;
    wait_for_text(&client, "info", |t| t.contains("2026-11-27 09:00")).await;

    for screen in SCREENS {
        click(&client, &format!("nav-{screen}")).await;
        // The screen's code is in (it loads when first opened) and its lists have arrived.
        client
            .wait()
            .for_element(fantoccini::Locator::Css(&format!(
                "[data-testid=screen-{screen}][data-screen-loaded=true]"
            )))
            .await
            .unwrap_or_else(|e| panic!("{screen} did not load: {e}"));
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        let over = sideways(&client).await;
        assert!(
            over <= 1.0,
            "{screen} scrolls sideways by {over} px at 1366 x 768"
        );
        screenshot(&client, &format!("1366-{screen}")).await;
    }

    // Kalender's month: the post's title is shown whole, on lines of its own under the time.
    click(&client, "nav-kalender").await;
    wait_for_text(&client, "calendar", |t| {
        t.contains("[FB] Posyandu Cugenang")
    })
    .await;
    let shown = client
        .execute(
            "const title = document.querySelector('[data-testid^=event-] .medsos-title');
             if (!title) return 'no title element';
             const cell = title.closest('[role=gridcell]');
             const whole = title.scrollHeight <= title.clientHeight + 1
               && title.scrollWidth <= title.clientWidth + 1;
             const wide = cell ? title.clientWidth >= cell.clientWidth * 0.7 : false;
             return JSON.stringify({ text: title.textContent, whole, wide });",
            vec![],
        )
        .await
        .expect("title")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let shown: serde_json::Value =
        serde_json::from_str(&shown).unwrap_or_else(|_| panic!("{shown}"));
    assert_eq!(shown["text"], "[FB] Posyandu Cugenang", "{shown}");
    assert_eq!(shown["whole"], true, "the title is cut: {shown}");
    assert_eq!(
        shown["wide"], true,
        "the title is squeezed beside the time: {shown}"
    );
    screenshot(&client, "1366-kalender-bulan").await;
    let _ = client.close().await;
}
