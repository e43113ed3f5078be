//! The Cianjur world the tests share: Dinas Kesehatan's Page with its Instagram account, Dinas
//! Pendidikan's Page (no Instagram), a Page no agency owns, and photos to publish.

use crate::{IgAccount, Page, World};

/// The system-user token of Diskominfo's Business portfolio in these worlds.
pub const SYSTEM_TOKEN: &str = "EAAB-system-user-token-cianjur";
/// Dinas Kesehatan's Page and Instagram account.
pub const DINKES_PAGE: &str = "104000000000001";
pub const DINKES_IG: &str = "17841400000000001";
/// Dinas Pendidikan's Page.
pub const DISDIK_PAGE: &str = "104000000000002";
/// A Page no approved official account matches.
pub const OTHER_PAGE: &str = "104000000000009";

/// `dinkescianjur`, linked to the Instagram account `dinkes.cianjur`.
pub fn dinkes_page() -> Page {
    Page {
        id: DINKES_PAGE.to_owned(),
        name: "Dinas Kesehatan Kab. Cianjur".to_owned(),
        username: Some("dinkescianjur".to_owned()),
        access_token: "EAAB-page-dinkes".to_owned(),
        followers: 5400,
        instagram: Some(IgAccount {
            id: DINKES_IG.to_owned(),
            username: "dinkes.cianjur".to_owned(),
            followers_count: 12800,
        }),
    }
}

/// `disdikcianjur`, with no Instagram account.
pub fn disdik_page() -> Page {
    Page {
        id: DISDIK_PAGE.to_owned(),
        name: "Dinas Pendidikan Cianjur".to_owned(),
        username: Some("disdikcianjur".to_owned()),
        access_token: "EAAB-page-disdik".to_owned(),
        followers: 3100,
        instagram: None,
    }
}

/// A Page named `name` that no agency lists.
pub fn other_page(name: &str) -> Page {
    Page {
        id: OTHER_PAGE.to_owned(),
        name: name.to_owned(),
        username: Some("halamanlain".to_owned()),
        access_token: "EAAB-page-lain".to_owned(),
        followers: 10,
        instagram: None,
    }
}

/// Dinas Kesehatan alone; containers are ready at the second status read.
pub fn dinkes_world() -> World {
    let mut world = World::new(SYSTEM_TOKEN);
    world.add_page(dinkes_page());
    world.polls_until_finished = 1;
    world
}

/// Dinas Kesehatan, Dinas Pendidikan and a Page no agency owns.
pub fn cianjur_world() -> World {
    let mut world = dinkes_world();
    world.add_page(disdik_page());
    world.add_page(other_page("Halaman Lain"));
    world
}

/// A baseline JPEG of `width` × `height`, shaded so that different shades differ in content.
pub fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x % 250) as u8, (y % 250) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("a JPEG encodes");
    out.into_inner()
}
