//! Live checks of a draft against each platform's limits and the content rules that code
//! can verify. The editor shows every finding inline, beside the field it concerns.

use super::Draft;
use crate::finding::Finding;
use medsos_rules::limits::{FACEBOOK, INSTAGRAM};
use regex::Regex;
use std::sync::LazyLock;

static HASHTAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#[\p{L}\p{N}_]+").expect("valid hashtag pattern"));
static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\p{N}_@.])@[A-Za-z0-9._]{1,30}").expect("valid mention pattern")
});
/// Indonesian mobile numbers in their usual spellings: 0812-3456-7890, +62 812 3456 7890.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+62|\b62|\b0)[\s-]?8\d{1,3}[\s-]?\d{3,4}[\s-]?\d{3,5}\b").expect("phone")
});
/// A NIK is 16 digits; a post must never carry one.
static NIK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{16}\b").expect("valid NIK pattern"));

/// What the checks need besides the draft.
#[derive(Debug, Clone)]
pub struct CheckContext<'a> {
    /// Hashtags per Instagram post before a warning (setting, default 5).
    pub hashtag_limit: usize,
    /// The agency's own hashtag, e.g. "#DinkesCianjur"; empty when not set.
    pub agency_hashtag: &'a str,
    /// The hashtag of the draft's programme, e.g. "#CianjurManjur".
    pub programme_hashtag: Option<&'a str>,
    pub media_count: usize,
}

pub fn hashtags_in(text: &str) -> Vec<String> {
    HASHTAG
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

pub fn mention_count(text: &str) -> usize {
    MENTION.find_iter(text).count()
}

fn contains_tag(tags: &[String], wanted: &str) -> bool {
    let wanted = wanted.trim().to_lowercase();
    !wanted.is_empty() && tags.iter().any(|t| t.to_lowercase() == wanted)
}

pub fn check(draft: &Draft, ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if draft.for_instagram {
        check_instagram(draft, ctx, &mut findings);
    }
    if draft.for_facebook {
        let text = draft.facebook_caption();
        let n = text.chars().count();
        let field = if draft.facebook_text.is_some() {
            "facebook_text"
        } else {
            "body"
        };
        let max = FACEBOOK.caption_chars;
        if n > max {
            findings.push(Finding::error(
                "facebook.too_long",
                field,
                format!("Teks Facebook {n} karakter, melebihi batas {max}."),
            ));
        }
    }
    if !draft.for_instagram && !draft.for_facebook {
        findings.push(Finding::error(
            "platform.none",
            "platforms",
            "Pilih minimal satu platform: Instagram atau Facebook.",
        ));
    }
    check_rules(draft, ctx, &mut findings);
    findings
}

fn check_instagram(draft: &Draft, ctx: &CheckContext<'_>, findings: &mut Vec<Finding>) {
    let caption = draft.instagram_caption();
    let field = if draft.instagram_text.is_some() {
        "instagram_text"
    } else {
        "body"
    };
    let n = caption.chars().count();
    let max = INSTAGRAM.caption_chars;
    if n > max {
        findings.push(Finding::error(
            "instagram.too_long",
            field,
            format!(
                "Caption Instagram {n} karakter, melebihi batas {max}. Pendekkan {} karakter atau tulis teks khusus Instagram.",
                n - max
            ),
        ));
    }
    let tags = hashtags_in(&caption).len();
    if tags > INSTAGRAM.hashtags {
        findings.push(Finding::error(
            "instagram.hashtags_api",
            "hashtags",
            format!(
                "Caption Instagram memuat {tags} tagar; Instagram menolak lebih dari {}.",
                INSTAGRAM.hashtags
            ),
        ));
    } else if tags > ctx.hashtag_limit {
        findings.push(Finding::warning(
            "instagram.too_many_hashtags",
            "hashtags",
            format!(
                "Caption Instagram memuat {tags} tagar; batas yang disarankan {}. Kurangi tagar agar jangkauan tidak dibatasi.",
                ctx.hashtag_limit
            ),
        ));
    }
    let mentions = mention_count(&caption);
    if mentions > INSTAGRAM.mentions {
        findings.push(Finding::error(
            "instagram.too_many_mentions",
            field,
            format!(
                "Caption Instagram menyebut {mentions} akun (@); batasnya {}.",
                INSTAGRAM.mentions
            ),
        ));
    }
    if ctx.media_count == 0 {
        findings.push(Finding::warning(
            "instagram.no_media",
            "media",
            "Postingan Instagram memerlukan minimal satu gambar.",
        ));
    }
    findings.extend(crate::media::carousel_findings(ctx.media_count));
}

fn check_rules(draft: &Draft, ctx: &CheckContext<'_>, findings: &mut Vec<Finding>) {
    let texts = [
        ("title", draft.title.as_str()),
        ("body", draft.body.as_str()),
        (
            "instagram_text",
            draft.instagram_text.as_deref().unwrap_or(""),
        ),
        (
            "facebook_text",
            draft.facebook_text.as_deref().unwrap_or(""),
        ),
        ("hashtags", draft.hashtags.as_str()),
    ];
    for (field, text) in texts {
        if let Some(m) = NIK.find(text) {
            findings.push(Finding::error(
                "rules.nik",
                field,
                format!(
                    "Teks memuat angka 16 digit ({}…) yang tampak seperti NIK. Data pribadi warga tidak boleh dipublikasikan.",
                    &m.as_str()[..6]
                ),
            ));
        }
        if let Some(m) = PHONE.find(text) {
            findings.push(Finding::warning(
                "rules.phone",
                field,
                format!(
                    "Teks memuat nomor telepon ({}). Pastikan itu nomor layanan resmi, bukan nomor pribadi warga.",
                    m.as_str().trim()
                ),
            ));
        }
    }
    if draft.source.trim().is_empty() {
        findings.push(Finding::warning(
            "rules.no_source",
            "source",
            "Sumber informasi belum diisi. Sebutkan sumber yang sudah diverifikasi.",
        ));
    }
    let all_tags = hashtags_in(&format!(
        "{} {} {} {}",
        draft.body,
        draft.instagram_text.as_deref().unwrap_or(""),
        draft.facebook_text.as_deref().unwrap_or(""),
        draft.hashtags
    ));
    if !ctx.agency_hashtag.trim().is_empty() && !contains_tag(&all_tags, ctx.agency_hashtag) {
        findings.push(Finding::warning(
            "rules.agency_hashtag_missing",
            "hashtags",
            format!("Tagar instansi {} belum ada.", ctx.agency_hashtag.trim()),
        ));
    }
    if let Some(tag) = ctx.programme_hashtag.filter(|t| !t.trim().is_empty()) {
        if !contains_tag(&all_tags, tag) {
            findings.push(Finding::warning(
                "rules.programme_hashtag_missing",
                "hashtags",
                format!("Tagar program {} belum ada.", tag.trim()),
            ));
        }
    }
}

/// True when nothing blocks approval.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|f| f.level == crate::finding::Level::Error)
}
