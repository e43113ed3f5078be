//! Addresses on Instagram and Facebook: one verdict on whether a pasted link is a post on a
//! platform, and the one canonical address of a profile.
//!
//! The desktop workflow (marking a draft terbit), the fulfilment of a Diskominfo brief that
//! it records, and the hub receiving that fulfilment all ask [`post_link`]; the hub checks a
//! profile address sent with an official account or an impersonation report with
//! [`check_profile_url`], which accepts every address [`profile_url`] writes. So a link the
//! PC accepts is never refused by the hub, and the other way round.
//!
//! The rule for a post address:
//! - `https://`, any case. `http://` is refused: Meta serves every post over HTTPS, and a
//!   link the hub would store must not downgrade.
//! - the host is one of the platform's own (see [`platform_of_host`]); no user part, no
//!   port. `instagram.com.evil.example` and `evil.example@instagram.com` are not Instagram.
//! - something after the host: `https://www.instagram.com/` is not a post.
//! - printable ASCII without `\ " < >`, at most [`MAX_URL_CHARS`] characters.
//!
//! Surrounding spaces are trimmed; the scheme and host are written in lower case.

use crate::Platform;

/// The longest address either store keeps for a post or a profile.
pub const MAX_URL_CHARS: usize = 500;

/// A post address that passed every check, in the form both stores keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLink {
    pub platform: Platform,
    /// `https://` and the host in lower case; the path and query as pasted.
    pub url: String,
}

/// Why a text is not a usable address. [`LinkProblem::message`] says it in Indonesian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    Empty,
    TooLong,
    /// Spaces, characters outside printable ASCII, or one of `\ " < >`.
    BadCharacters,
    /// Not `https://` (`http://`, `ftp://`, no scheme at all).
    NotHttps,
    /// A user part (`user@host`) or a port (`host:8443`).
    UserOrPort,
    /// A host that is not Instagram's or Facebook's.
    UnknownHost,
    /// Only the host, nothing that points at a post (`https://www.instagram.com/`).
    NoPost,
    /// On a platform's host, but not the platform expected.
    OtherPlatform {
        expected: Platform,
        found: Platform,
    },
}

impl LinkProblem {
    /// What the admin or the officer reads.
    pub fn message(&self) -> String {
        match self {
            LinkProblem::Empty => "Tautan belum diisi.".to_owned(),
            LinkProblem::TooLong => {
                format!("Tautan terlalu panjang: paling banyak {MAX_URL_CHARS} karakter.")
            }
            LinkProblem::BadCharacters => {
                "Tautan berisi spasi atau karakter yang tidak sah. Salin ulang dari peramban atau aplikasi.".to_owned()
            }
            LinkProblem::NotHttps => "Tautan harus diawali https://.".to_owned(),
            LinkProblem::UserOrPort => {
                "Tautan tidak boleh memuat nama pengguna (…@) atau nomor port (:…).".to_owned()
            }
            LinkProblem::UnknownHost => {
                "Tautan harus alamat Instagram (instagram.com) atau Facebook (facebook.com, fb.watch).".to_owned()
            }
            LinkProblem::NoPost => {
                "Tautan itu hanya alamat situsnya; tempel alamat postingannya, misalnya https://www.instagram.com/p/ABC123/.".to_owned()
            }
            LinkProblem::OtherPlatform { expected, found } => format!(
                "Tautan itu alamat {}, bukan alamat {}.",
                found.label(),
                expected.label()
            ),
        }
    }
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The platform whose host `host` (lower case, no port) is, or `None`. Instagram:
/// `instagram.com` bare or with `www.` or `m.`. Facebook: `facebook.com` bare or with `www.`,
/// `m.`, `web.` or `mobile.`, `fb.com` bare or with `www.`, and `fb.watch` (videos).
pub fn platform_of_host(host: &str) -> Option<Platform> {
    match host {
        "instagram.com" | "www.instagram.com" | "m.instagram.com" => Some(Platform::Instagram),
        "facebook.com"
        | "www.facebook.com"
        | "m.facebook.com"
        | "web.facebook.com"
        | "mobile.facebook.com"
        | "fb.com"
        | "www.fb.com"
        | "fb.watch" => Some(Platform::Facebook),
        _ => None,
    }
}

/// A checked address split at its host: `(host in lower case, the rest from the first
/// `/`, `?` or `#`)`.
fn https_parts(input: &str) -> Result<(String, &str), LinkProblem> {
    if input.is_empty() {
        return Err(LinkProblem::Empty);
    }
    if input.chars().count() > MAX_URL_CHARS {
        return Err(LinkProblem::TooLong);
    }
    if !input.bytes().all(|b| b.is_ascii_graphic()) || input.contains(['\\', '"', '<', '>']) {
        return Err(LinkProblem::BadCharacters);
    }
    let rest = input
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &input[8..])
        .ok_or(LinkProblem::NotHttps)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(end);
    if host.contains(['@', ':']) {
        return Err(LinkProblem::UserOrPort);
    }
    Ok((host.to_ascii_lowercase(), tail))
}

/// Reads a pasted post address: on which platform it is, and the form to keep. See the
/// module's rule.
pub fn post_link(input: &str) -> Result<PostLink, LinkProblem> {
    let text = input.trim();
    let (host, tail) = https_parts(text)?;
    let platform = platform_of_host(&host).ok_or(LinkProblem::UnknownHost)?;
    let points_somewhere = tail.trim_start_matches('/').trim_start_matches(['?', '#']);
    if points_somewhere.is_empty() {
        return Err(LinkProblem::NoPost);
    }
    Ok(PostLink {
        platform,
        url: format!("https://{host}{tail}"),
    })
}

/// [`post_link`], and the post must be on `expected`.
pub fn post_link_on(expected: Platform, input: &str) -> Result<PostLink, LinkProblem> {
    let link = post_link(input)?;
    if link.platform != expected {
        return Err(LinkProblem::OtherPlatform {
            expected,
            found: link.platform,
        });
    }
    Ok(link)
}

/// The canonical public address of `handle` (normal form, see [`crate::handle::normalize`])
/// on `platform`; Facebook profiles without a user name (`id:<digits>`) use `profile.php`.
pub fn profile_url(platform: Platform, handle: &str) -> String {
    match (platform, handle.strip_prefix("id:")) {
        (Platform::Facebook, Some(id)) => format!("https://www.facebook.com/profile.php?id={id}"),
        (Platform::Facebook, None) => format!("https://www.facebook.com/{handle}"),
        (Platform::Instagram, _) => format!("https://www.instagram.com/{handle}/"),
    }
}

/// Checks an address sent as an account's profile on `platform`: `https://` on one of the
/// platform's hosts (as for posts), printable ASCII, no user or port, at most
/// [`MAX_URL_CHARS`]. Every address [`profile_url`] writes passes.
pub fn check_profile_url(platform: Platform, url: &str) -> Result<(), LinkProblem> {
    let (host, _) = https_parts(url)?;
    match platform_of_host(&host) {
        Some(found) if found == platform => Ok(()),
        Some(found) => Err(LinkProblem::OtherPlatform {
            expected: platform,
            found,
        }),
        None => Err(LinkProblem::UnknownHost),
    }
}

/// The agreed verdicts: every address here gets the same answer from [`post_link`], from the
/// desktop workflow that marks a draft terbit, from the brief fulfilment it records, and from
/// the hub receiving that fulfilment (the cross-crate test `tests/tests/link_agreement.rs`
/// runs each through all of them). `Ok(platform)` means accepted on that platform.
pub fn agreement_table() -> Vec<(&'static str, Result<Platform, LinkProblem>)> {
    use LinkProblem::*;
    use Platform::{Facebook as Fb, Instagram as Ig};
    vec![
        ("https://www.instagram.com/p/C9xYz12AbCd/", Ok(Ig)),
        ("https://instagram.com/reel/C9xyz/", Ok(Ig)),
        ("https://m.instagram.com/p/C9xyz/?igsh=abc", Ok(Ig)),
        ("  https://www.instagram.com/p/DAbc123xyz/  ", Ok(Ig)),
        ("HTTPS://WWW.INSTAGRAM.COM/p/DUpper1/", Ok(Ig)),
        ("https://www.facebook.com/dinkes.cianjur/posts/123", Ok(Fb)),
        ("https://m.facebook.com/story.php?story_fbid=1&id=2", Ok(Fb)),
        ("https://web.facebook.com/dinkes.cianjur/videos/99", Ok(Fb)),
        (
            "https://mobile.facebook.com/permalink.php?story_fbid=1",
            Ok(Fb),
        ),
        ("https://www.facebook.com/share/p/1AbCdEf/", Ok(Fb)),
        ("https://fb.com/dinkes.cianjur/posts/5", Ok(Fb)),
        ("https://fb.watch/abcDEF/", Ok(Fb)),
        ("http://www.instagram.com/p/C9xyz/", Err(NotHttps)),
        ("http://fb.com/dinkes/posts/1", Err(NotHttps)),
        ("instagram.com/p/C9xyz/", Err(NotHttps)),
        ("ftp://facebook.com/x", Err(NotHttps)),
        ("javascript:alert(1)//instagram.com/p/x", Err(NotHttps)),
        ("https://www.instagram.com/", Err(NoPost)),
        ("https://facebook.com", Err(NoPost)),
        ("https://instagram.com.evil.example/p/x", Err(UnknownHost)),
        ("https://evil.example/instagram.com/p/x", Err(UnknownHost)),
        ("https://www.tiktok.com/@dinkes/video/1", Err(UnknownHost)),
        ("https://evil.example@instagram.com/p/x", Err(UserOrPort)),
        ("https://instagram.com:8443/p/x", Err(UserOrPort)),
        ("https://instagram.com\\@evil.example/", Err(BadCharacters)),
        ("https://www.instagram.com/p/ x", Err(BadCharacters)),
        ("https://www.instagram.com/p/ünï/", Err(BadCharacters)),
        ("", Err(Empty)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agreed_table_is_what_post_link_answers() {
        for (input, verdict) in agreement_table() {
            assert_eq!(post_link(input).map(|l| l.platform), verdict, "{input:?}");
        }
        let long = format!("https://www.instagram.com/p/{}/", "a".repeat(480));
        assert_eq!(post_link(&long), Err(LinkProblem::TooLong));
    }

    #[test]
    fn the_kept_form_is_https_and_a_lower_case_host() {
        let link = post_link("  HTTPS://M.Facebook.COM/Dinkes/posts/1?Ref=X ").expect("ok");
        assert_eq!(link.url, "https://m.facebook.com/Dinkes/posts/1?Ref=X");
        assert_eq!(link.platform, Platform::Facebook);
        // Kept forms pass again unchanged, as the hub sees them.
        for (input, verdict) in agreement_table() {
            if let Ok(link) = post_link(input) {
                assert_eq!(post_link(&link.url), Ok(link.clone()), "{input}");
                assert!(verdict.is_ok());
            }
        }
    }

    #[test]
    fn a_post_must_be_on_the_expected_platform() {
        assert_eq!(
            post_link_on(Platform::Instagram, "https://www.facebook.com/x/posts/1"),
            Err(LinkProblem::OtherPlatform {
                expected: Platform::Instagram,
                found: Platform::Facebook
            })
        );
        assert!(post_link_on(Platform::Facebook, "https://fb.watch/x/").is_ok());
        assert!(LinkProblem::OtherPlatform {
            expected: Platform::Instagram,
            found: Platform::Facebook
        }
        .message()
        .contains("alamat Facebook, bukan alamat Instagram"));
    }

    #[test]
    fn every_profile_url_written_is_a_profile_url_accepted() {
        for (platform, handle) in [
            (Platform::Instagram, "dinkescianjur"),
            (Platform::Facebook, "dinkes.cianjur"),
            (Platform::Facebook, "id:100064123456789"),
        ] {
            let url = profile_url(platform, handle);
            assert_eq!(check_profile_url(platform, &url), Ok(()), "{url}");
            let back = crate::handle::normalize(&url, None).expect("reads back");
            assert_eq!(
                (back.platform, back.handle.as_str()),
                (Some(platform), handle)
            );
        }
        assert_eq!(
            profile_url(Platform::Facebook, "id:42"),
            "https://www.facebook.com/profile.php?id=42"
        );
        for bad in [
            "http://www.instagram.com/x/",
            "https://instagram.com.evil.example/x",
            "https://evil.example@instagram.com/x",
            "https://www.instagram.com:8443/x",
            "https://www.facebook.com/x",
            "https://www.instagram.com/a b",
            "",
        ] {
            assert!(
                check_profile_url(Platform::Instagram, bad).is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            check_profile_url(Platform::Instagram, "https://m.instagram.com/x"),
            Ok(())
        );
    }
}
