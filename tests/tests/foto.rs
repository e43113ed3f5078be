//! Foto through the real window: a draft's photos prepared as an Instagram carousel into one
//! folder, the photo library searched and a photo reused in a new draft, and complaint
//! screenshots kept apart from the photos for publishing.

mod support;

use fantoccini::Locator;
use std::path::Path;
use support::*;

fn photo(path: &Path, width: u32, height: u32) {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8])
    });
    img.save_with_format(path, image::ImageFormat::Jpeg)
        .expect("write photo");
}

async fn count(client: &fantoccini::Client, testid: &str) -> usize {
    client
        .find_all(Locator::Css(&by_testid(testid)))
        .await
        .map(|found| found.len())
        .unwrap_or(0)
}

async fn wait_for_count(client: &fantoccini::Client, testid: &str, expected: usize) {
    wait_until(
        client,
        &format!("{expected} × [data-testid={testid}]"),
        "return document.querySelectorAll(arguments[0]).length === arguments[1];",
        vec![by_testid(testid).into(), expected.into()],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_carousel_goes_to_one_folder_and_the_library_keeps_screenshots_apart() {
    let data = tempfile::tempdir().expect("data dir");
    let work = tempfile::tempdir().expect("work dir");
    let panggung = work.path().join("panggung-bazar.jpg");
    let pantai = work.path().join("pantai-jayanti.jpg");
    photo(&panggung, 1600, 1200);
    photo(&pantai, 900, 2000);
    let picks = std::env::join_paths([&panggung, &pantai]).expect("paths");
    let carousel = work.path().join("carousel");
    std::fs::create_dir_all(&carousel).expect("carousel dir");
    // Someone's file already there keeps its content.
    std::fs::write(carousel.join("01-panggung-bazar.jpg"), b"punya orang lain").expect("file");

    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_PICK_FILES", Path::new(&picks)),
            ("MEDSOS_TEST_PICK_FOLDER", &carousel),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    // A draft with both photos, prepared as one carousel.
    click(&client, "nav-konten").await;
    click(&client, "new-draft").await;
    fill(&client, "[data-testid=draft-title]", "Bazar UMKM Cianjur").await;
    click(&client, "media-add").await;
    wait_for_count(&client, "media-item", 2).await;
    click(&client, "carousel-prepare").await;
    let done = wait_for_text(&client, "carousel-prepared", |t| !t.is_empty()).await;
    assert!(done.contains("2 foto"), "{done}");
    assert!(done.contains(&carousel.display().to_string()), "{done}");
    let mut names: Vec<String> = std::fs::read_dir(&carousel)
        .expect("carousel folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "01-panggung-bazar-2.jpg",
            "01-panggung-bazar.jpg",
            "02-pantai-jayanti.jpg"
        ]
    );
    assert_eq!(
        std::fs::read(carousel.join("01-panggung-bazar.jpg")).expect("kept"),
        b"punya orang lain"
    );
    for (name, size) in [
        ("01-panggung-bazar-2.jpg", (1080, 810)),
        ("02-pantai-jayanti.jpg", (1080, 1350)),
    ] {
        let bytes = std::fs::read(carousel.join(name)).expect("prepared");
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{name} is a JPEG");
        let img = image::load_from_memory(&bytes).expect("decodes");
        assert_eq!((img.width(), img.height()), size, "{name}");
    }
    screenshot(&client, "60-foto-carousel").await;

    // The library lists both, each with the draft using it; search narrows by file name.
    click(&client, "nav-media").await;
    wait_for_count(&client, "media-photo", 2).await;
    let grid = find(&client, "media-library")
        .await
        .text()
        .await
        .expect("library text");
    assert!(grid.contains("Bazar UMKM Cianjur"), "{grid}");
    fill(&client, "[data-testid=media-search]", "PANTAI").await;
    wait_for_count(&client, "media-photo", 1).await;
    wait_for_text(&client, "media-photo", |t| t.contains("pantai-jayanti.jpg")).await;
    screenshot(&client, "61-foto-pustaka").await;
    let problems = axe_serious(&client).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Reused in a new draft: the editor opens on it with the photo attached.
    click(&client, "media-use-new-draft").await;
    find(&client, "konten").await;
    wait_for_count(&client, "media-item", 1).await;
    wait_for_text(&client, "media", |t| t.contains("pantai-jayanti.jpg")).await;

    // A screenshot of a complaint leaves the photos for publishing and is never a carousel.
    let category: String = invoke(&client, "complaint_meta", serde_json::json!({})).await;
    let category_id = serde_json::from_str::<serde_json::Value>(
        category
            .strip_prefix("ok ")
            .expect("complaint_meta answers"),
    )
    .expect("json")["categories"][0]["id"]
        .as_i64()
        .expect("a category");
    let created = invoke(
        &client,
        "complaint_create",
        serde_json::json!({
            "input": {
                "channel": "whatsapp",
                "source_url": "",
                "citizen_name": "Siti Aminah",
                "citizen_contact": "081234567890",
                "body": "Jalan rusak di Cugenang",
                "received_at_wib": "2026-07-10T10:00",
                "kind": "pengaduan",
                "category_id": category_id,
                "kecamatan": "32.03.11"
            },
            "actor": "Siti Nurhaliza"
        }),
    )
    .await;
    let complaint_id = serde_json::from_str::<serde_json::Value>(
        created
            .strip_prefix("ok ")
            .unwrap_or_else(|| panic!("{created}")),
    )
    .expect("json")["complaint"]["id"]
        .as_i64()
        .expect("complaint id");
    // The test's file picker answers both photos: both become evidence of the complaint.
    let attached = invoke(
        &client,
        "complaint_attach_pick",
        serde_json::json!({ "id": complaint_id, "actor": "Siti Nurhaliza" }),
    )
    .await;
    assert!(attached.starts_with("ok "), "{attached}");

    click(&client, "carousel-prepare").await;
    let refused = wait_for_text(&client, "media", |t| t.contains("tangkapan layar aduan")).await;
    assert!(refused.contains("tidak boleh"), "{refused}");

    click(&client, "nav-media").await;
    find(&client, "media-library").await;
    wait_for_count(&client, "media-photo", 0).await;
    find(&client, "media-empty").await;
    click(&client, "media-kind-screenshots").await;
    wait_for_count(&client, "media-photo", 2).await;
    find(&client, "media-screenshots-note").await;
    assert_eq!(count(&client, "media-use-new-draft").await, 0);
    assert_eq!(count(&client, "media-complaint-link").await, 2);
    screenshot(&client, "62-foto-tangkapan-layar").await;
    let problems = axe_serious(&client).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // A screenshot cannot be put in a draft, whatever the window asks.
    let shot_id: i64 = find(&client, "media-photo")
        .await
        .attr("data-media-id")
        .await
        .expect("attr")
        .expect("media id")
        .parse()
        .expect("number");
    let answer = invoke(
        &client,
        "media_new_draft_with",
        serde_json::json!({ "mediaId": shot_id }),
    )
    .await;
    assert!(answer.starts_with("error "), "{answer}");
    assert!(answer.contains("tangkapan layar aduan"), "{answer}");

    // The complaint link opens the complaint.
    click(&client, "media-complaint-link").await;
    find(&client, "screen-aduan").await;

    client.close().await.expect("close");
}
