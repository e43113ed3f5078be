//! A content brief (arahan konten): what Diskominfo asks every PD to post, from one day to
//! another (WIB, inclusive), the files attached to it, and the posts agencies report in
//! answer to it.

use crate::clock::{format_day, parse_day};
use crate::error::Error;
use medsos_protocol::{FulfilmentBatch, Platform, MAX_FULFILMENTS_PER_BATCH};
use medsos_rules::links::post_link_on;
use time::{Date, Duration};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBrief {
    pub title: String,
    pub body: String,
    pub programme: String,
    pub from_day: String,
    pub to_day: String,
}

impl NewBrief {
    /// Title 3 to 200 characters, body 1 to 5,000, programme at most 100, days `YYYY-MM-DD`
    /// with the first not after the last.
    pub fn parse(
        title: &str,
        body: &str,
        programme: &str,
        from_day: &str,
        to_day: &str,
    ) -> Result<Self, Error> {
        let invalid = |code, message| Error::Invalid { code, message };
        let title = title.trim();
        if !(3..=200).contains(&title.chars().count()) || title.chars().any(char::is_control) {
            return Err(invalid(
                "brief.invalid_title",
                "Judul arahan harus 3 sampai 200 karakter, tanpa baris baru.",
            ));
        }
        let body = body.trim();
        if !(1..=5000).contains(&body.chars().count()) {
            return Err(invalid(
                "brief.invalid_body",
                "Isi arahan harus 1 sampai 5.000 karakter.",
            ));
        }
        let programme = programme.trim();
        if programme.chars().count() > 100 || programme.chars().any(char::is_control) {
            return Err(invalid(
                "brief.invalid_programme",
                "Program paling banyak 100 karakter, tanpa baris baru.",
            ));
        }
        let (Some(from), Some(to)) = (parse_day(from_day.trim()), parse_day(to_day.trim())) else {
            return Err(invalid(
                "brief.invalid_day",
                "Tanggal mulai dan selesai harus berbentuk YYYY-MM-DD.",
            ));
        };
        if from > to {
            return Err(invalid(
                "brief.invalid_day",
                "Tanggal mulai tidak boleh setelah tanggal selesai.",
            ));
        }
        Ok(NewBrief {
            title: title.to_owned(),
            body: body.to_owned(),
            programme: programme.to_owned(),
            from_day: format_day(from),
            to_day: format_day(to),
        })
    }
}

/// At most this many files on one brief.
pub const MAX_ATTACHMENTS: usize = 5;
/// Each attachment at most this many bytes (5 MB).
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// A post's address at most this many characters (the shared rule's limit).
pub use medsos_rules::links::MAX_URL_CHARS;

/// The kinds of file a brief may carry, told by their first bytes, not by their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentKind {
    Png,
    Jpeg,
    Webp,
    Pdf,
    Mp4,
}

impl AttachmentKind {
    const ALL: [AttachmentKind; 5] = [
        AttachmentKind::Png,
        AttachmentKind::Jpeg,
        AttachmentKind::Webp,
        AttachmentKind::Pdf,
        AttachmentKind::Mp4,
    ];

    /// The kind `bytes` are, from their magic numbers; `None` for anything else.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(AttachmentKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(AttachmentKind::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(AttachmentKind::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(AttachmentKind::Pdf)
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            Some(AttachmentKind::Mp4)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Webp => "image/webp",
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Mp4 => "video/mp4",
        }
    }

    /// The kind a stored content type names; `None` for a type the hub does not serve as is.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            AttachmentKind::Png => &["png"],
            AttachmentKind::Jpeg => &["jpg", "jpeg"],
            AttachmentKind::Webp => &["webp"],
            AttachmentKind::Pdf => &["pdf"],
            AttachmentKind::Mp4 => &["mp4", "m4v"],
        }
    }
}

/// The content type an attachment is served with: the stored one when it is a kind the hub
/// accepts, otherwise an opaque download.
pub fn served_content_type(stored: &str) -> &'static str {
    AttachmentKind::from_content_type(stored)
        .map_or("application/octet-stream", AttachmentKind::content_type)
}

/// A file name as uploaded, made safe to store and to offer back: the last path component,
/// without control characters or characters Windows refuses, at most 100 characters, and
/// ending in an extension that matches what the bytes are.
pub fn sanitise_file_name(uploaded: &str, kind: AttachmentKind) -> String {
    let last = uploaded.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !"\"<>:|?*;".contains(*c))
        .collect();
    let mut name: String = cleaned
        .trim()
        .trim_matches('.')
        .trim()
        .chars()
        .take(100)
        .collect();
    if name.is_empty() {
        name = "lampiran".to_owned();
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    if !kind.extensions().contains(&extension.as_str()) {
        name.push('.');
        name.push_str(kind.extensions()[0]);
    }
    name
}

/// `Content-Disposition` for a download: an ASCII fallback name and the exact name
/// percent-encoded as RFC 5987/6266 say, so no quote or line break in a name reaches a header.
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A stored attachment as a download: its checked content type, never sniffed, its name
/// percent-encoded in `Content-Disposition`, not cached. The API and the dashboard serve
/// files the same way.
pub fn download(file: crate::store::briefs::AttachmentFile) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    let disposition = HeaderValue::from_str(&content_disposition(&file.file_name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(served_content_type(&file.content_type)),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        file.bytes,
    )
        .into_response()
}

/// One reported post that passed the checks that need no store: platform and address,
/// day's form and not after tomorrow. Whether its brief exists and is for the agency, and
/// whether the day is within the brief, is checked against the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFulfilment {
    /// 1-based position in the batch, for messages.
    pub position: usize,
    pub brief_id: i64,
    pub platform: Platform,
    pub url: String,
    pub day: Date,
}

fn rejected(code: &'static str, message: String) -> Error {
    Error::Rejected { code, message }
}

/// Checks every item of `batch` as the hub's clock sees `today` (WIB); the first broken
/// rule refuses the whole batch.
pub fn check_fulfilments(
    batch: &FulfilmentBatch,
    today: Date,
) -> Result<Vec<CheckedFulfilment>, Error> {
    let items = &batch.fulfilments;
    if items.is_empty() {
        return Err(rejected(
            "fulfilment.none",
            "Kirim sedikitnya satu unggahan.".to_owned(),
        ));
    }
    if items.len() > MAX_FULFILMENTS_PER_BATCH {
        return Err(rejected(
            "fulfilment.too_many",
            format!(
                "Paling banyak {MAX_FULFILMENTS_PER_BATCH} unggahan dalam satu kiriman; ini {}.",
                items.len()
            ),
        ));
    }
    let latest = today.saturating_add(Duration::days(1));
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let position = index + 1;
            let url = check_post_url(item.platform, &item.url).map_err(|why| {
                rejected(
                    "fulfilment.invalid_url",
                    format!("Unggahan ke-{position}: {why}"),
                )
            })?;
            let day = parse_day(item.day.trim()).ok_or_else(|| {
                rejected(
                    "fulfilment.invalid_day",
                    format!("Unggahan ke-{position}: tanggal harus berbentuk YYYY-MM-DD."),
                )
            })?;
            if day > latest {
                return Err(rejected(
                    "fulfilment.day_out_of_range",
                    format!(
                        "Unggahan ke-{position}: tanggal {} belum tiba.",
                        format_day(day)
                    ),
                ));
            }
            Ok(CheckedFulfilment {
                position,
                brief_id: item.brief_id,
                platform: item.platform,
                url,
                day,
            })
        })
        .collect()
}

/// Why `url` is not an address of a post on `platform`, in the words the PC also uses: the
/// one rule of [`medsos_rules::links::post_link_on`] (`https://` on one of the platform's
/// hosts, a path, no user or port, printable ASCII, at most [`MAX_URL_CHARS`]). Gives the
/// form to keep.
pub fn check_post_url(platform: Platform, url: &str) -> Result<String, String> {
    post_link_on(platform, url)
        .map(|link| link.url)
        .map_err(|problem| problem.message())
}

#[cfg(test)]
mod tests {
    use super::*;

    use time::macros::date;

    fn batch(items: &[(i64, Platform, &str, &str)]) -> FulfilmentBatch {
        FulfilmentBatch {
            fulfilments: items
                .iter()
                .map(
                    |(brief_id, platform, url, day)| medsos_protocol::BriefFulfilment {
                        brief_id: *brief_id,
                        platform: *platform,
                        url: (*url).to_owned(),
                        day: (*day).to_owned(),
                    },
                )
                .collect(),
        }
    }

    #[test]
    fn posts_must_be_https_on_the_platform_host() {
        let ok = [
            (
                Platform::Instagram,
                "https://www.instagram.com/p/C9xYz12AbCd/",
            ),
            (Platform::Instagram, "https://instagram.com/reel/abc"),
            (
                Platform::Facebook,
                "https://www.facebook.com/dinkes/posts/1",
            ),
            (Platform::Facebook, "https://m.facebook.com/story.php?id=1"),
            (Platform::Facebook, "https://web.facebook.com/x"),
            (Platform::Facebook, "https://fb.watch/abc/"),
            (Platform::Facebook, "HTTPS://FACEBOOK.COM/x"),
        ];
        for (platform, url) in ok {
            assert!(check_post_url(platform, url).is_ok(), "{url}");
        }
        let bad = [
            (Platform::Instagram, "http://www.instagram.com/p/x/"),
            (Platform::Instagram, "https://www.facebook.com/x"),
            (Platform::Facebook, "https://www.instagram.com/p/x/"),
            (
                Platform::Instagram,
                "https://instagram.com.evil.example/p/x",
            ),
            (
                Platform::Instagram,
                "https://evil.example@instagram.com/p/x",
            ),
            (Platform::Instagram, "https://instagram.com:8443/p/x"),
            (Platform::Instagram, "https://instagram.com\\@evil.example/"),
            (Platform::Instagram, "javascript:alert(1)//instagram.com"),
            (Platform::Instagram, "https://www.instagram.com/p/ x"),
            (Platform::Instagram, "https://"),
        ];
        for (platform, url) in bad {
            assert!(check_post_url(platform, url).is_err(), "{url}");
        }
        let long = format!("https://www.instagram.com/p/{}", "a".repeat(480));
        assert!(check_post_url(Platform::Instagram, &long).is_err());
    }

    #[test]
    fn a_batch_is_checked_whole() {
        let today = date!(2026 - 07 - 12);
        let url = "https://www.instagram.com/p/a/";
        assert!(check_fulfilments(&batch(&[]), today).is_err());
        assert!(check_fulfilments(
            &batch(&[(1, Platform::Instagram, url, "2026-07-13")]),
            today
        )
        .is_ok());
        let err = check_fulfilments(
            &batch(&[
                (1, Platform::Instagram, url, "2026-07-12"),
                (1, Platform::Instagram, url, "2026-07-14"),
            ]),
            today,
        )
        .expect_err("the day after tomorrow");
        assert_eq!(err.code(), "fulfilment.day_out_of_range");
        assert!(err.to_string().contains("ke-2"), "{err}");
        let err = check_fulfilments(
            &batch(&[(1, Platform::Instagram, url, "12-07-2026")]),
            today,
        )
        .expect_err("bad day");
        assert_eq!(err.code(), "fulfilment.invalid_day");
    }

    #[test]
    fn attachments_are_told_by_their_bytes() {
        assert_eq!(
            AttachmentKind::detect(b"\x89PNG\r\n\x1a\n...."),
            Some(AttachmentKind::Png)
        );
        assert_eq!(
            AttachmentKind::detect(b"\xFF\xD8\xFF\xE0"),
            Some(AttachmentKind::Jpeg)
        );
        assert_eq!(
            AttachmentKind::detect(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(AttachmentKind::Webp)
        );
        assert_eq!(
            AttachmentKind::detect(b"%PDF-1.7"),
            Some(AttachmentKind::Pdf)
        );
        assert_eq!(
            AttachmentKind::detect(b"\0\0\0\x18ftypmp42"),
            Some(AttachmentKind::Mp4)
        );
        assert_eq!(AttachmentKind::detect(b"MZ\x90\0"), None);
        assert_eq!(AttachmentKind::detect(b"<svg onload=alert(1)>"), None);
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(
            sanitise_file_name("C:\\Users\\x\\twibbon hari-jadi.PNG", AttachmentKind::Png),
            "twibbon hari-jadi.PNG"
        );
        assert_eq!(
            sanitise_file_name("../../etc/passwd", AttachmentKind::Pdf),
            "passwd.pdf"
        );
        assert_eq!(
            sanitise_file_name("poster.exe", AttachmentKind::Jpeg),
            "poster.exe.jpg"
        );
        assert_eq!(
            sanitise_file_name("\"a\r\n<b>\".webp", AttachmentKind::Webp),
            "ab.webp"
        );
        assert_eq!(
            sanitise_file_name("...", AttachmentKind::Mp4),
            "lampiran.mp4"
        );
        assert_eq!(
            sanitise_file_name(&"é".repeat(300), AttachmentKind::Png)
                .chars()
                .count(),
            104
        );
    }

    #[test]
    fn content_disposition_encodes_every_unsafe_byte() {
        assert_eq!(
            content_disposition("poster \"hari\" jadi é.png"),
            "attachment; filename=\"poster _hari_ jadi _.png\"; filename*=UTF-8''poster%20%22hari%22%20jadi%20%C3%A9.png"
        );
        assert!(!content_disposition("a\r\nb").contains('\n'));
    }

    #[test]
    fn brief_days_must_be_in_order() {
        assert!(NewBrief::parse(
            "Hari Jadi",
            "Unggah ucapan.",
            "",
            "2026-07-10",
            "2026-07-12"
        )
        .is_ok());
        assert!(NewBrief::parse(
            "Hari Jadi",
            "Unggah ucapan.",
            "",
            "2026-07-12",
            "2026-07-10"
        )
        .is_err());
        assert!(NewBrief::parse("HJ", "Unggah ucapan.", "", "2026-07-10", "2026-07-12").is_err());
    }
}
