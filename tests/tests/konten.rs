//! Konten through the real window: a draft with a field photo, the limit warnings, the
//! approval workflow, and the Instagram image that leaves the PC without its EXIF.

mod support;

use fantoccini::Locator;
use std::path::Path;
use support::*;

/// A 1600×1200 JPEG (wider than Instagram keeps, so a warning) carrying an EXIF segment
/// with a GPS tag, like a phone photo from a field event.
fn field_photo(path: &Path) {
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&img)
        .expect("encode jpeg");
    // TIFF header (little endian) with one IFD entry: GPSInfo (0x8825) pointing nowhere useful;
    // its presence is what matters, as is the "Exif" marker Instagram-bound files must not keep.
    let mut tiff = vec![b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0];
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(b"GPS -6.8168,107.1425");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    assert!(has_exif(&out));
    std::fs::write(path, out).expect("write photo");
}

/// True when the JPEG has an APP1 "Exif" segment before the image data.
fn has_exif(jpeg: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        if marker == 0xE1 && jpeg[i + 4..].starts_with(b"Exif") {
            return true;
        }
        i += 2 + len;
    }
    false
}

async fn finding_codes(client: &fantoccini::Client, field: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let css = format!("[data-testid=\"findings-{field}\"] li");
    for li in client
        .find_all(Locator::Css(&css))
        .await
        .unwrap_or_default()
    {
        if let Ok(Some(code)) = li.attr("data-code").await {
            codes.push(code);
        }
    }
    codes
}

async fn wait_for_finding(client: &fantoccini::Client, field: &str, code: &str) {
    for _ in 0..100 {
        if finding_codes(client, field).await.iter().any(|c| c == code) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("finding {code} never appeared beside {field}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_with_a_photo_is_checked_approved_and_its_instagram_image_has_no_exif() {
    let data = tempfile::tempdir().expect("data dir");
    let work = tempfile::tempdir().expect("work dir");
    let photo = work.path().join("foto-lapangan.jpg");
    field_photo(&photo);
    let out_dir = work.path().join("keluar");
    std::fs::create_dir_all(&out_dir).expect("out dir");

    let driver = Driver::start_with(
        data.path(),
        &[
            ("MEDSOS_TEST_PICK_FILES", &photo),
            ("MEDSOS_TEST_SAVE_DIR", &out_dir),
        ],
    )
    .await;
    let client = driver.launch().await;
    complete_first_run(&client).await;

    click(&client, "nav-konten").await;
    click(&client, "new-draft").await;
    fill(
        &client,
        "[data-testid=draft-title]",
        "Posyandu Desa Sukamaju",
    )
    .await;
    fill(
        &client,
        "[data-testid=draft-body]",
        "Kegiatan Posyandu di Desa Sukamaju, Kecamatan Cugenang, diikuti 48 balita.",
    )
    .await;
    fill(
        &client,
        "[data-testid=draft-hashtags]",
        "#CianjurManjur #DinkesCianjur #Posyandu #Cugenang #BalitaSehat #CianjurSehat",
    )
    .await;
    // Six hashtags: above the default limit of 5, a warning beside the field.
    wait_for_finding(&client, "hashtags", "instagram.too_many_hashtags").await;
    wait_for_finding(&client, "source", "rules.no_source").await;

    click(&client, "media-add").await;
    find(&client, "media-item").await;
    wait_for_text(&client, "media", |t| t.contains("foto-lapangan.jpg")).await;
    let media = find(&client, "media")
        .await
        .html(false)
        .await
        .expect("media html");
    assert!(
        media.contains("instagram.media_will_be_rescaled"),
        "width warning shown"
    );
    screenshot(&client, "10-konten-warnings").await;

    fill(&client, "[data-testid=draft-source]", "Puskesmas Cugenang").await;
    wait_for_text(&client, "save-status", |t| t == "Tersimpan").await;

    // The workflow offers only the steps that exist; approval needs the checklist.
    click(&client, "to-menunggu_persetujuan").await;
    wait_for_text(&client, "draft-status", |t| t == "Menunggu persetujuan").await;
    click(&client, "to-disetujui").await;
    let error = wait_for_text(&client, "action-error", |t| !t.is_empty()).await;
    assert!(error.contains("daftar periksa"), "{error}");
    tick_whole_checklist(&client).await;
    click(&client, "to-disetujui").await;
    wait_for_text(&client, "draft-status", |t| t == "Disetujui").await;
    let steps = find(&client, "transitions")
        .await
        .text()
        .await
        .expect("steps");
    assert!(steps.contains("Siti Nurhaliza"), "{steps}");
    screenshot(&client, "11-konten-disetujui").await;

    // "Siapkan untuk Instagram" in portrait 4:5.
    find(&client, "media-aspect")
        .await
        .select_by_value("portrait")
        .await
        .expect("aspect");
    click(&client, "media-prepare").await;
    find(&client, "media-prepared").await;
    let prepared = out_dir.join("foto-lapangan-instagram.jpg");
    let bytes = std::fs::read(&prepared).expect("prepared image written");
    assert!(!has_exif(&bytes), "the Instagram copy must carry no EXIF");
    assert!(bytes.len() <= 8 * 1024 * 1024);
    let img = image::load_from_memory(&bytes).expect("prepared image decodes");
    assert_eq!((img.width(), img.height()), (1080, 1350));
    assert!(
        has_exif(&std::fs::read(&photo).expect("original")),
        "the original is untouched"
    );

    // "Salin caption" puts the exact Instagram caption on the clipboard: the text, then the
    // hashtags, in place of what was there.
    set_clipboard_text("sebelum disalin");
    click(&client, "copy-instagram").await;
    wait_for_text(&client, "info", |t| {
        t.contains("Caption Instagram tersalin")
    })
    .await;
    let expected = "Kegiatan Posyandu di Desa Sukamaju, Kecamatan Cugenang, diikuti 48 balita.\n\n\
                    #CianjurManjur #DinkesCianjur #Posyandu #Cugenang #BalitaSehat #CianjurSehat";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut copied = clipboard_text();
    while copied != expected && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        copied = clipboard_text();
    }
    assert_eq!(copied, expected, "the caption on the clipboard");

    // The draft as a Word document for the written report.
    click(&client, "export-docx").await;
    wait_for_text(&client, "info", |t| t.contains(".docx")).await;
    let docx = std::fs::read(out_dir.join("naskah-konten-1.docx")).expect("docx written");
    assert!(docx.starts_with(b"PK"), "a .docx is a zip file");
    screenshot(&client, "12-konten-exported").await;

    // A second draft from the "Rilis kegiatan" template, then full-text search tells them apart.
    let pick = find(&client, "template-pick").await;
    let options = pick
        .find_all(Locator::Css("option"))
        .await
        .expect("template options");
    let mut rilis = None;
    for option in options {
        if option.text().await.unwrap_or_default() == "Rilis kegiatan" {
            rilis = option.attr("value").await.ok().flatten();
        }
    }
    pick.select_by_value(&rilis.expect("the Rilis kegiatan template exists"))
        .await
        .expect("choose template");
    fill(&client, "[data-testid=tpl-kegiatan]", "Vaksinasi HPV").await;
    fill(&client, "[data-testid=tpl-lokasi]", "SDN Cibeber 1").await;
    click(&client, "template-create").await;
    let body = find(&client, "draft-body").await;
    let text = body.prop("value").await.expect("value").unwrap_or_default();
    assert!(
        text.contains("Dinas Kesehatan Kabupaten Cianjur menggelar Vaksinasi HPV di SDN Cibeber 1"),
        "{text}"
    );
    assert!(
        text.contains("{peserta}"),
        "unfilled placeholders stay visible: {text}"
    );

    fill(&client, "[data-testid=draft-search]", "posyan").await;
    let mut rows = 0;
    for _ in 0..50 {
        rows = client
            .find_all(Locator::Css("[data-testid=draft-row]"))
            .await
            .map(|r| r.len())
            .unwrap_or(0);
        if rows == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(rows, 1, "only the Posyandu draft matches");
    screenshot(&client, "13-konten-search").await;
    client.close().await.expect("close");
}
