use super::*;
use crate::finding::Level;
use crate::FixedClock;
use time::macros::datetime;

use crate::test_support::store;

fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 01:00 UTC))
}

fn input(title: &str, body: &str) -> DraftInput {
    DraftInput {
        title: title.into(),
        body: body.into(),
        ..DraftInput::default()
    }
}

fn codes(findings: &[crate::finding::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn drafts_list_most_recently_edited_first() {
    let (_dir, store) = store();
    let clock = clock();
    let older = create(store.conn(), &clock, &input("Posyandu", "Kegiatan")).unwrap();
    clock.advance(time::Duration::minutes(1));
    create(store.conn(), &clock, &input("Bazar UMKM", "Isi")).unwrap();
    clock.advance(time::Duration::minutes(1));
    update(
        store.conn(),
        &clock,
        older.id,
        &input("Posyandu Cugenang", "Kegiatan\nbaru"),
    )
    .unwrap();

    let titles: Vec<_> = list(store.conn(), &DraftFilter::default(), 50, 0)
        .unwrap()
        .into_iter()
        .map(|d| (d.title, d.excerpt))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Posyandu Cugenang".to_string(), "Kegiatan baru".to_string()),
            ("Bazar UMKM".to_string(), "Isi".to_string())
        ]
    );
}

#[test]
fn emoji_and_mixed_scripts_survive_a_round_trip() {
    let (_dir, store) = store();
    let body = "Wilujeng sumping 🙏 di Cianjur — مرحبا — 你好 #CianjurManjur";
    let draft = create(store.conn(), &clock(), &input("Sapa warga 🎉", body)).unwrap();
    assert_eq!(get(store.conn(), draft.id).unwrap().body, body);
}

#[test]
fn a_100k_paste_is_refused_with_a_message_and_saved_text_is_kept() {
    let (_dir, store) = store();
    let draft = create(store.conn(), &clock(), &input("Rilis", "Teks aman")).unwrap();
    let huge = "a".repeat(MAX_BODY_CHARS + 1);
    let err = update(store.conn(), &clock(), draft.id, &input("Rilis", &huge)).unwrap_err();
    assert_eq!(err.code(), "invalid.body");
    assert!(err.to_string().contains("terlalu panjang"));
    assert_eq!(get(store.conn(), draft.id).unwrap().body, "Teks aman");
    // Exactly 100,000 characters is still accepted (a long Facebook note pasted whole).
    let max = "é".repeat(MAX_BODY_CHARS);
    update(store.conn(), &clock(), draft.id, &input("Rilis", &max)).unwrap();
}

#[test]
fn updating_a_missing_draft_says_not_found() {
    let (_dir, store) = store();
    let err = update(store.conn(), &clock(), 42, &input("x", "y")).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn hashtags_are_normalised_however_they_are_typed() {
    assert_eq!(
        normalise_hashtags("cianjurmanjur, #DinkesCianjur  #CianjurManjur;sehat"),
        "#cianjurmanjur #DinkesCianjur #sehat"
    );
}

#[test]
fn instagram_caption_uses_the_override_and_appends_hashtags() {
    let (_dir, store) = store();
    let mut i = input("Judul", "Narasi bersama");
    i.instagram_text = Some("Teks khusus IG".into());
    i.hashtags = "#CianjurManjur".into();
    let d = create(store.conn(), &clock(), &i).unwrap();
    assert_eq!(d.instagram_caption(), "Teks khusus IG\n\n#CianjurManjur");
    assert_eq!(d.facebook_caption(), "Narasi bersama\n\n#CianjurManjur");
}

#[test]
fn instagram_limits_are_reported_where_the_problem_is() {
    let (_dir, store) = store();
    let mut i = input("Panjang", &"x".repeat(2_195));
    i.hashtags = "#a #b #c #d #e #f".into();
    i.source = "Bidang P2P Dinkes".into();
    let d = create(store.conn(), &clock(), &i).unwrap();
    let found = findings(store.conn(), &d).unwrap();
    let too_long = found
        .iter()
        .find(|f| f.code == "instagram.too_long")
        .expect("too long");
    assert_eq!(
        (too_long.level, too_long.field.as_str()),
        (Level::Error, "body")
    );
    let tags = found
        .iter()
        .find(|f| f.code == "instagram.too_many_hashtags")
        .expect("tags");
    assert_eq!(tags.level, Level::Warning);
    // Facebook allows far more, so only Instagram complains.
    assert!(!codes(&found).contains(&"facebook.too_long"));
}

/// The findings of a draft created from `i`.
fn found_for(i: &DraftInput) -> Vec<crate::finding::Finding> {
    let (_dir, store) = store();
    let d = create(store.conn(), &clock(), i).unwrap();
    findings(store.conn(), &d).unwrap()
}

#[test]
fn more_than_20_mentions_is_an_error_and_20_is_not() {
    let names = |n: usize| {
        (0..n)
            .map(|k| format!("@dinas{k}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let at_limit = found_for(&input("Sebut", &format!("Terima kasih {}", names(20))));
    assert!(!codes(&at_limit).contains(&"instagram.too_many_mentions"));
    let over = found_for(&input("Sebut", &format!("Terima kasih {}", names(21))));
    let f = over
        .iter()
        .find(|f| f.code == "instagram.too_many_mentions")
        .expect("21 mentions refused");
    assert_eq!((f.level, f.field.as_str()), (Level::Error, "body"));
    assert!(f.message.contains("21"), "{}", f.message);
}

#[test]
fn more_than_30_hashtags_is_an_error_the_api_would_give_and_30_only_a_warning() {
    let tags = |n: usize| {
        (0..n)
            .map(|k| format!("#tagar{k}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut i = input("Tagar", "Isi");
    i.hashtags = tags(30);
    let at_limit = found_for(&i);
    assert!(!codes(&at_limit).contains(&"instagram.hashtags_api"));
    let warned = at_limit
        .iter()
        .find(|f| f.code == "instagram.too_many_hashtags")
        .expect("30 is above the default of 5");
    assert_eq!(warned.level, Level::Warning);

    i.hashtags = tags(31);
    let over = found_for(&i);
    let f = over
        .iter()
        .find(|f| f.code == "instagram.hashtags_api")
        .expect("31 hashtags refused");
    assert_eq!((f.level, f.field.as_str()), (Level::Error, "hashtags"));
    assert!(
        !codes(&over).contains(&"instagram.too_many_hashtags"),
        "one finding for one problem"
    );
}

#[test]
fn a_facebook_text_over_63206_characters_is_an_error_where_it_was_typed() {
    let facebook_only = |body: String, facebook_text: Option<String>| DraftInput {
        for_instagram: false,
        for_facebook: true,
        facebook_text,
        ..input("Facebook", &body)
    };
    // Characters, not bytes: "é" is two bytes in UTF-8.
    let at_limit = found_for(&facebook_only(
        "é".repeat(medsos_rules::limits::FACEBOOK.caption_chars),
        None,
    ));
    assert!(!codes(&at_limit).contains(&"facebook.too_long"));

    let over = found_for(&facebook_only(
        "é".repeat(medsos_rules::limits::FACEBOOK.caption_chars + 1),
        None,
    ));
    let f = over
        .iter()
        .find(|f| f.code == "facebook.too_long")
        .expect("63,207 characters refused");
    assert_eq!((f.level, f.field.as_str()), (Level::Error, "body"));
    assert!(f.message.contains("63207"), "{}", f.message);

    let own_text = found_for(&facebook_only(
        "Ringkas".into(),
        Some("x".repeat(medsos_rules::limits::FACEBOOK.caption_chars + 1)),
    ));
    let f = own_text
        .iter()
        .find(|f| f.code == "facebook.too_long")
        .expect("the Facebook text is checked");
    assert_eq!(f.field, "facebook_text");
}

#[test]
fn the_hashtag_limit_is_a_setting() {
    let (_dir, store) = store();
    let mut i = input("Tagar", "Isi");
    i.hashtags = "#a #b #c #d #e #f #g".into();
    let d = create(store.conn(), &clock(), &i).unwrap();
    assert!(codes(&findings(store.conn(), &d).unwrap()).contains(&"instagram.too_many_hashtags"));
    crate::settings::set_content(
        store.conn(),
        &crate::settings::ContentSettings {
            hashtag_limit: 10,
            agency_hashtag: String::new(),
        },
    )
    .unwrap();
    assert!(!codes(&findings(store.conn(), &d).unwrap()).contains(&"instagram.too_many_hashtags"));
}

#[test]
fn nik_phone_missing_source_and_missing_hashtags_are_caught() {
    let (_dir, store) = store();
    crate::settings::set_content(
        store.conn(),
        &crate::settings::ContentSettings {
            hashtag_limit: 5,
            agency_hashtag: "DinkesCianjur".into(),
        },
    )
    .unwrap();
    let mut i = input(
        "Aduan",
        "Warga atas nama Asep (NIK 3203012345678901) dapat dihubungi di 0812-3456-7890.",
    );
    i.programme_id = Some(1);
    let d = create(store.conn(), &clock(), &i).unwrap();
    let found = findings(store.conn(), &d).unwrap();
    let c = codes(&found);
    for wanted in [
        "rules.nik",
        "rules.phone",
        "rules.no_source",
        "rules.agency_hashtag_missing",
        "rules.programme_hashtag_missing",
    ] {
        assert!(c.contains(&wanted), "{wanted} missing in {c:?}");
    }
    assert_eq!(
        found.iter().find(|f| f.code == "rules.nik").unwrap().level,
        Level::Error
    );
}

#[test]
fn a_draft_reaches_disetujui_only_with_a_full_checklist_and_no_errors() {
    let (_dir, mut store) = store();
    let clock = clock();
    let mut i = input("Posyandu", "Kegiatan Posyandu di Cugenang. #CianjurManjur");
    i.source = "Puskesmas Cugenang".into();
    i.for_instagram = false;
    let d = create(store.conn(), &clock, &i).unwrap();

    // The step must exist.
    let err = transition(store.conn_mut(), &clock, d.id, Status::Terbit, "Siti", "").unwrap_err();
    assert_eq!(err.code(), "invalid.status");

    transition(
        store.conn_mut(),
        &clock,
        d.id,
        Status::MenungguPersetujuan,
        "Siti",
        "",
    )
    .unwrap();
    let err = transition(
        store.conn_mut(),
        &clock,
        d.id,
        Status::Disetujui,
        "Kabid",
        "",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.checklist");
    assert!(err.to_string().contains("8 butir"));

    for item in checklist::ITEMS {
        set_checked(store.conn(), &clock, d.id, item.0, true, "Siti").unwrap();
    }
    let approved = transition(
        store.conn_mut(),
        &clock,
        d.id,
        Status::Disetujui,
        "Kabid Humas",
        "OK",
    )
    .unwrap();
    assert_eq!(approved.status, Status::Disetujui);

    // Approved text is frozen until sent back to draf.
    let err = update(store.conn(), &clock, d.id, &input("Ubah", "Ubah")).unwrap_err();
    assert_eq!(err.code(), "invalid.status");

    let steps = transitions(store.conn(), d.id).unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(
        (steps[1].from, steps[1].to),
        (Status::MenungguPersetujuan, Status::Disetujui)
    );
    assert_eq!(steps[1].actor, "Kabid Humas");
}

#[test]
fn an_error_finding_blocks_approval() {
    let (_dir, mut store) = store();
    let clock = clock();
    let mut i = input("NIK", "NIK 3203012345678901");
    i.for_instagram = false;
    let d = create(store.conn(), &clock, &i).unwrap();
    transition(
        store.conn_mut(),
        &clock,
        d.id,
        Status::MenungguPersetujuan,
        "Siti",
        "",
    )
    .unwrap();
    for item in checklist::ITEMS {
        set_checked(store.conn(), &clock, d.id, item.0, true, "Siti").unwrap();
    }
    let err = transition(
        store.conn_mut(),
        &clock,
        d.id,
        Status::Disetujui,
        "Siti",
        "",
    )
    .unwrap_err();
    assert!(err.to_string().contains("kesalahan"), "{err}");
}

#[test]
fn publishing_needs_an_instagram_or_facebook_post_url() {
    for ok in [
        "https://www.instagram.com/p/DAbc123xyz/",
        "https://instagram.com/reel/C9xyz/",
        "https://m.facebook.com/dinkes.cianjur/posts/123456",
        "https://fb.watch/abcDEF/",
    ] {
        assert!(validate_post_url(ok).is_ok(), "{ok}");
    }
    for bad in [
        "instagram.com/p/x",
        "https://evil.example/instagram.com/p/x",
        "https://www.instagram.com/",
        "ftp://facebook.com/x",
        "",
    ] {
        assert_eq!(
            validate_post_url(bad).unwrap_err().code(),
            "invalid.published_url",
            "{bad}"
        );
    }
}

#[test]
fn search_finds_words_as_prefixes_and_filters_combine() {
    let (_dir, store) = store();
    let clock = clock();
    let mut a = input("Posyandu Cugenang", "Imunisasi balita di Desa Sukamaju");
    a.for_facebook = false;
    create(store.conn(), &clock, &a).unwrap();
    let mut b = input("Bazar UMKM", "Pameran produk lokal Cianjur");
    b.programme_id = Some(2);
    create(store.conn(), &clock, &b).unwrap();

    let find = |f: DraftFilter| -> Vec<String> {
        list(store.conn(), &f, 50, 0)
            .unwrap()
            .into_iter()
            .map(|d| d.title)
            .collect()
    };
    assert_eq!(
        find(DraftFilter {
            query: Some("imunis".into()),
            ..Default::default()
        }),
        vec!["Posyandu Cugenang"]
    );
    assert_eq!(
        find(DraftFilter {
            query: Some("\"OR balita".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        find(DraftFilter {
            platform: Some(Platform::Facebook),
            ..Default::default()
        }),
        vec!["Bazar UMKM"]
    );
    assert_eq!(
        find(DraftFilter {
            programme_id: Some(2),
            ..Default::default()
        }),
        vec!["Bazar UMKM"]
    );
    // 01:00 UTC is 08:00 WIB on 26 November.
    assert_eq!(
        find(DraftFilter {
            from: Some("2026-11-26".into()),
            to: Some("2026-11-26".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    assert!(find(DraftFilter {
        from: Some("2026-11-27".into()),
        ..Default::default()
    })
    .is_empty());
    // Edited text is found under its new words only.
    let id = list(store.conn(), &DraftFilter::default(), 1, 0).unwrap()[0].id;
    update(
        store.conn(),
        &clock,
        id,
        &input("Bazar", "Festival kuliner"),
    )
    .unwrap();
    assert!(find(DraftFilter {
        query: Some("pameran".into()),
        ..Default::default()
    })
    .is_empty());
    assert_eq!(
        find(DraftFilter {
            query: Some("kuliner".into()),
            ..Default::default()
        }),
        vec!["Bazar"]
    );
}

#[test]
fn edit_history_keeps_snapshots_and_restore_can_be_undone() {
    let (_dir, mut store) = store();
    let clock = clock();
    let d = create(store.conn(), &clock, &input("Versi", "Satu")).unwrap();
    clock.advance(time::Duration::seconds(1));
    update(store.conn(), &clock, d.id, &input("Versi", "Dua")).unwrap();
    // Within a few minutes, autosaves do not pile up snapshots.
    clock.advance(time::Duration::seconds(1));
    update(store.conn(), &clock, d.id, &input("Versi", "Dua lagi")).unwrap();
    assert_eq!(revisions(store.conn(), d.id).unwrap().len(), 1);
    clock.advance(time::Duration::minutes(5));
    update(store.conn(), &clock, d.id, &input("Versi", "Tiga")).unwrap();
    let revs = revisions(store.conn(), d.id).unwrap();
    assert_eq!(
        revs.iter().map(|r| r.body.as_str()).collect::<Vec<_>>(),
        vec!["Dua lagi", "Satu"]
    );

    let restored = restore_revision(store.conn_mut(), &clock, d.id, revs[1].id).unwrap();
    assert_eq!(restored.body, "Satu");
    assert_eq!(revisions(store.conn(), d.id).unwrap()[0].body, "Tiga");
}
