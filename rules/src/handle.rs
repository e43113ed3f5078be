//! Social media handles as people paste them, made comparable: one normal form for a handle
//! or a profile URL, a "skeleton" that folds characters that look alike, and the checks that
//! flag an account imitating an official one. Both the desktop (Cek akun) and the hub
//! (conflicting registrations) use these, so they agree on what "the same account" means.

use crate::Platform;

/// A handle in normal form: lower case, without `@`, for one platform. Facebook profiles
/// without a user name are written `id:<digits>` from `profile.php?id=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalHandle {
    pub platform: Option<Platform>,
    pub handle: String,
}

/// Why a pasted text is not a usable handle; `message` is for people (Indonesian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandleProblem {
    Empty,
    /// Spaces inside the handle.
    Spaces,
    /// Letters outside a-z 0-9 . _ that only look like them (e.g. Cyrillic "а"); `skeleton`
    /// is what the handle looks like, so it can still be compared with official ones.
    Homoglyph {
        skeleton: String,
    },
    /// Other characters no platform allows, or a wrong length.
    Invalid,
    /// A URL that is not a profile on Instagram or Facebook.
    NotAProfileUrl,
}

impl HandleProblem {
    pub fn message(&self) -> &'static str {
        match self {
            HandleProblem::Empty => "Isi nama akun atau alamat profil.",
            HandleProblem::Spaces => "Nama akun tidak boleh berisi spasi.",
            HandleProblem::Homoglyph { .. } => {
                "Nama akun berisi huruf yang hanya mirip huruf latin (mis. huruf Sirilik); akun resmi tidak memakainya."
            }
            HandleProblem::Invalid => {
                "Nama akun hanya boleh huruf a-z, angka, titik dan garis bawah (Instagram paling banyak 30, Facebook 5 sampai 50)."
            }
            HandleProblem::NotAProfileUrl => {
                "Alamat itu bukan profil Instagram atau Facebook (instagram.com/... atau facebook.com/...)."
            }
        }
    }
}

/// Reads a handle (`@DinkesCianjur`, `dinkescianjur`) or a profile URL
/// (`https://www.instagram.com/dinkescianjur/?hl=id`, `m.facebook.com/dinkescianjur`,
/// `web.facebook.com/profile.php?id=100064`) into its normal form. The platform comes from
/// the URL, else from `platform`.
pub fn normalize(input: &str, platform: Option<Platform>) -> Result<NormalHandle, HandleProblem> {
    let text = input.trim();
    if text.is_empty() {
        return Err(HandleProblem::Empty);
    }
    let (url_platform, raw) = match profile_from_url(text)? {
        Some((p, h)) => (Some(p), h),
        None => (None, text.trim_start_matches('@').to_owned()),
    };
    let platform = url_platform.or(platform);
    let raw = raw.trim().trim_end_matches('/');
    if raw.is_empty() {
        return Err(HandleProblem::Empty);
    }
    if raw.starts_with("id:") && raw[3..].bytes().all(|b| b.is_ascii_digit()) && raw.len() > 3 {
        return Ok(NormalHandle {
            platform,
            handle: raw.to_owned(),
        });
    }
    if raw.chars().any(char::is_whitespace) {
        return Err(HandleProblem::Spaces);
    }
    if !raw.is_ascii() {
        let folded = skeleton(raw);
        let latin_lookalike = folded
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        return Err(if latin_lookalike {
            HandleProblem::Homoglyph { skeleton: folded }
        } else {
            HandleProblem::Invalid
        });
    }
    let handle = raw.to_ascii_lowercase();
    let allowed = handle
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
    let length_ok = match platform {
        Some(Platform::Instagram) => (1..=30).contains(&handle.len()),
        Some(Platform::Facebook) => (5..=50).contains(&handle.len()),
        None => (1..=50).contains(&handle.len()),
    };
    if !allowed || !length_ok || handle.starts_with('.') || handle.ends_with('.') {
        return Err(HandleProblem::Invalid);
    }
    Ok(NormalHandle { platform, handle })
}

/// `Some((platform, handle text))` when `text` is a URL (with or without scheme) on Instagram
/// or Facebook; `None` when it does not look like a URL at all.
fn profile_from_url(text: &str) -> Result<Option<(Platform, String)>, HandleProblem> {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let Some((host, path)) = rest.split_once('/').or_else(|| {
        // "instagram.com" alone, without a path.
        rest.contains('.').then_some((rest, ""))
    }) else {
        return Ok(None);
    };
    let host = host.split(':').next().unwrap_or(host);
    let host = ["www.", "m.", "web.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(host);
    let platform = match host {
        "instagram.com" | "instagr.am" => Platform::Instagram,
        "facebook.com" | "fb.com" => Platform::Facebook,
        _ if text.contains("://") => return Err(HandleProblem::NotAProfileUrl),
        // "dinkes.cianjur" is a handle with a dot, not a host.
        _ => return Ok(None),
    };
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or(path);
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let first = segments.next().unwrap_or("");
    if platform == Platform::Facebook && first == "profile.php" {
        let id = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("id="))
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(HandleProblem::NotAProfileUrl)?;
        return Ok(Some((platform, format!("id:{id}"))));
    }
    // Posts, reels, stories and pages that are not profiles.
    const NOT_PROFILES: &[&str] = &[
        "p",
        "reel",
        "reels",
        "stories",
        "explore",
        "tv",
        "accounts",
        "share",
        "watch",
        "groups",
        "events",
        "photo",
        "photo.php",
        "story.php",
        "permalink.php",
        "hashtag",
    ];
    // Facebook pages without a user name: /pages/<name>/<id>, /people/<name>/<id>,
    // /p/<name>-<id>/. The number is the page; the name part may change.
    if platform == Platform::Facebook && matches!(first, "pages" | "people" | "p") {
        let id = match first {
            "p" => segments
                .next()
                .and_then(|s| s.rsplit('-').next())
                .map(str::to_owned),
            _ => segments.nth(1).map(str::to_owned),
        }
        .filter(|id| id.len() >= 5 && id.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(HandleProblem::NotAProfileUrl)?;
        return Ok(Some((platform, format!("id:{id}"))));
    }
    if first.is_empty() || NOT_PROFILES.contains(&first) {
        return Err(HandleProblem::NotAProfileUrl);
    }
    Ok(Some((platform, first.to_owned())))
}

/// What a handle looks like to a reader: lower case, separators (. _ -) removed, and
/// characters that are easily mistaken for one another folded to one (l/1/I/| → i, 0 → o,
/// rn → m, vv → w, Cyrillic and Greek look-alikes → Latin). Two handles with the same
/// skeleton read the same at a glance.
pub fn skeleton(handle: &str) -> String {
    let mut out = String::with_capacity(handle.len());
    for c in handle.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            '.' | '_' | '-' | '@' => continue,
            'l' | '1' | '|' | 'ı' | 'í' | 'ì' | 'ï' | 'і' | 'ї' | 'ɩ' | 'ι' | '!' => 'i',
            '0' | 'о' | 'ο' | 'ө' | 'ó' | 'ò' | 'ö' => 'o',
            'а' | 'α' | 'á' | 'à' | 'ä' | '4' => 'a',
            'е' | 'ё' | 'є' | 'é' | 'è' | 'ë' | '3' => 'e',
            'с' | 'ϲ' | 'ç' => 'c',
            'р' | 'ρ' => 'p',
            'х' | 'χ' => 'x',
            'у' | 'γ' => 'y',
            'к' | 'κ' => 'k',
            'м' => 'm',
            'н' | 'η' => 'n',
            'т' | 'τ' | '7' => 't',
            'ѕ' | '5' | '$' => 's',
            'ј' => 'j',
            'ԁ' => 'd',
            'ԝ' | 'ѡ' => 'w',
            'в' => 'b',
            'ս' | 'υ' | 'ú' | 'ü' => 'u',
            other => other,
        };
        out.push(folded);
    }
    out.replace("rn", "m").replace("vv", "w")
}

/// Edits (insert, delete, substitute, swap of neighbours) between two strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// Why a handle resembles an official one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resemblance {
    /// Reads the same at a glance: same skeleton (dinkes.cianjur, dlnkescianjur, dinkescianjur_).
    LooksTheSame,
    /// Within this many edits (1 or 2) of the official handle or its skeleton.
    Edits(usize),
}

/// How `candidate` resembles `official` (both in normal form), or `None` when it does not
/// or when they are the same handle. Handles shorter than 5 characters are only compared by
/// skeleton: two edits would make every short name look alike.
pub fn resemblance(candidate: &str, official: &str) -> Option<Resemblance> {
    if candidate == official {
        return None;
    }
    let (sc, so) = (skeleton(candidate), skeleton(official));
    if sc == so {
        return Some(Resemblance::LooksTheSame);
    }
    if official.chars().count() < 5 {
        return None;
    }
    // Agencies' handles share long parts ("...cianjur"), so two edits only count on long
    // handles: dinsoscianjur is two edits from dinkescianjur and is another agency.
    let limit = if official.chars().count() >= 16 { 2 } else { 1 };
    let edits = edit_distance(candidate, official).min(edit_distance(&sc, &so));
    (edits <= limit).then_some(Resemblance::Edits(edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(text: &str) -> String {
        normalize(text, Some(Platform::Instagram))
            .expect(text)
            .handle
    }

    #[test]
    fn pasted_handles_and_urls_reach_one_form() {
        for text in [
            "dinkescianjur",
            "@DinkesCianjur",
            " @dinkescianjur ",
            "https://www.instagram.com/dinkescianjur/",
            "https://instagram.com/DinkesCianjur?igsh=abc123",
            "instagram.com/dinkescianjur/",
            "http://m.instagram.com/dinkescianjur#top",
        ] {
            assert_eq!(handle(text), "dinkescianjur", "{text}");
        }
        let fb = normalize(
            "https://web.facebook.com/dinkes.cianjur/?ref=bookmarks",
            None,
        )
        .expect("fb");
        assert_eq!(fb.platform, Some(Platform::Facebook));
        assert_eq!(fb.handle, "dinkes.cianjur");
        let id = normalize(
            "https://m.facebook.com/profile.php?id=100064123456789&mibextid=x",
            None,
        )
        .expect("id");
        assert_eq!(id.handle, "id:100064123456789");
        assert_eq!(
            normalize(
                "https://www.instagram.com/dinkescianjur/",
                Some(Platform::Facebook)
            )
            .expect("url wins")
            .platform,
            Some(Platform::Instagram)
        );
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(normalize("  ", None), Err(HandleProblem::Empty));
        assert_eq!(
            normalize("dinkes cianjur", None),
            Err(HandleProblem::Spaces)
        );
        assert_eq!(
            normalize("https://www.instagram.com/p/C9xYz12AbCd/", None),
            Err(HandleProblem::NotAProfileUrl)
        );
        assert_eq!(
            normalize("https://tiktok.com/@dinkes", None),
            Err(HandleProblem::NotAProfileUrl)
        );
        assert_eq!(
            normalize("dinkes!cianjur", None),
            Err(HandleProblem::Invalid)
        );
        assert_eq!(normalize(".dinkes", None), Err(HandleProblem::Invalid));
        // Cyrillic "а" and "і" in place of Latin ones.
        assert_eq!(
            normalize("dinkesciаnjur", None),
            Err(HandleProblem::Homoglyph {
                skeleton: "dinkesciamjur".replace("m", "n")
            })
        );
        assert!(matches!(
            normalize("dіnkescianjur", None),
            Err(HandleProblem::Homoglyph { .. })
        ));
        assert_eq!(
            normalize("dinkes.cianjur", None).expect("dot").handle,
            "dinkes.cianjur"
        );
    }

    #[test]
    fn lookalikes_of_an_official_handle_are_flagged() {
        let official = "dinkescianjur";
        for lookalike in [
            "dinkes.cianjur",
            "dlnkescianjur",
            "dinkescianjur_",
            "d1nkescianjur",
            "dinkescianjurr",
            "dinkesclanjur",
            "dinkescainjur",
        ] {
            assert!(resemblance(lookalike, official).is_some(), "{lookalike}");
        }
        assert_eq!(
            resemblance("dinkes.cianjur", official),
            Some(Resemblance::LooksTheSame)
        );
        assert_eq!(
            resemblance("dinkescianjurr", official),
            Some(Resemblance::Edits(1))
        );
        assert_eq!(resemblance(official, official), None);
        for other in [
            "disdikcianjur",
            "bpbdcianjur",
            "dinkesgarut",
            "cianjurkab",
            "dinsoscianjur",
        ] {
            assert_eq!(resemblance(other, official), None, "{other}");
        }
        // Short handles: only a skeleton match counts.
        assert_eq!(resemblance("dpmd", "dpmk"), None);
        assert_eq!(resemblance("dprn", "dpm"), Some(Resemblance::LooksTheSame));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
