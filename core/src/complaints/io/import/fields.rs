//! Reading one cell of a row into one field, each problem named for the admin. A problem is
//! pushed to `problems` and the field gets its empty value, so the rest of the row is still
//! read and every problem of a row is listed at once.

use super::api::{ImportDefaults, DEFAULT_CATEGORY};
use super::dates::parse_received;
use super::lookups::Lookups;
use crate::complaints::io::mapping::{brief_list, normalize, Field};
use crate::complaints::io::thousands::format_thousands;
use crate::complaints::model::{Channel, ComplaintKind, MAX_BODY_CHARS};

/// The problems of one row, by field, in the order the fields were read.
pub(super) type Problems = Vec<(Field, String)>;

/// The received time as "YYYY-MM-DDTHH:MM" (WIB); required.
pub(super) fn received_at(text: &str, month_first: bool, problems: &mut Problems) -> String {
    if text.is_empty() {
        problems.push((
            Field::ReceivedAt,
            "Waktu diterima kosong; kolom ini wajib diisi.".into(),
        ));
        return String::new();
    }
    match parse_received(text, month_first) {
        Some(at) => at,
        None => {
            problems.push((
                Field::ReceivedAt,
                format!(
                    "Waktu \"{}\" tidak dikenali. Tulis seperti 2026-11-20 08:15 atau 20/11/2026 08.15.",
                    shorten(text)
                ),
            ));
            String::new()
        }
    }
}

/// The channel by its everyday name; an empty cell takes the import's default channel.
pub(super) fn channel(
    text: &str,
    lookups: &Lookups,
    defaults: &ImportDefaults,
    problems: &mut Problems,
) -> Option<Channel> {
    if text.is_empty() {
        if defaults.channel.is_none() {
            problems.push((
                Field::Channel,
                "Kanal kosong dan tidak ada kanal bawaan. Isi kanalnya di berkas, atau sebutkan --channel untuk baris tanpa kanal.".into(),
            ));
        }
        return defaults.channel;
    }
    match lookups.channels.get(&normalize(text)) {
        Some(channel) => Some(*channel),
        None => {
            problems.push((
                Field::Channel,
                format!(
                    "Kanal \"{}\" tidak dikenal. Gunakan: IG, DM IG, FB, Messenger, WA, Telepon, Datang langsung, atau Lapor.",
                    shorten(text)
                ),
            ));
            None
        }
    }
}

/// The kind by its everyday name; an empty or unknown cell keeps the import's default kind.
pub(super) fn kind(
    text: &str,
    lookups: &Lookups,
    defaults: &ImportDefaults,
    problems: &mut Problems,
) -> ComplaintKind {
    if text.is_empty() {
        return defaults.kind;
    }
    match lookups.kinds.get(&normalize(text)) {
        Some(kind) => *kind,
        None => {
            problems.push((
                Field::Kind,
                format!(
                    "Jenis \"{}\" tidak dikenal. Gunakan: pengaduan, aspirasi, atau permintaan informasi.",
                    shorten(text)
                ),
            ));
            defaults.kind
        }
    }
}

/// The category as (id, name as stored); an empty cell takes [`DEFAULT_CATEGORY`].
pub(super) fn category(
    text: &str,
    lookups: &Lookups,
    problems: &mut Problems,
) -> Option<(i64, String)> {
    if text.is_empty() {
        return match &lookups.default_category {
            Some(found) => Some(found.clone()),
            None => {
                problems.push((
                    Field::Category,
                    format!(
                        "Kategori kosong dan kategori bawaan \"{DEFAULT_CATEGORY}\" tidak ada. Isi kategorinya atau pilih kategori bawaan."
                    ),
                ));
                None
            }
        };
    }
    match lookups.categories.get(&normalize(text)) {
        Some(found) => Some(found.clone()),
        None => {
            problems.push((
                Field::Category,
                format!(
                    "Kategori \"{}\" tidak dikenal. Pilih salah satu: {}; atau tambahkan dulu di daftar kategori.",
                    shorten(text),
                    brief_list(&lookups.category_names, 12)
                ),
            ));
            None
        }
    }
}

/// The kecamatan code by name or code; empty when the cell is.
pub(super) fn kecamatan(text: &str, lookups: &Lookups, problems: &mut Problems) -> String {
    if text.is_empty() {
        return String::new();
    }
    match lookups.kecamatan(text) {
        Some(code) => code,
        None => {
            problems.push((
                Field::Kecamatan,
                format!(
                    "Kecamatan \"{}\" tidak dikenal. Tulis nama kecamatan di Kabupaten Cianjur (misalnya Cugenang), kodenya (32.03.11), atau \"luar Cianjur\".",
                    shorten(text)
                ),
            ));
            String::new()
        }
    }
}

/// The complaint's text with its line breaks made "\n"; required, and at most
/// [`MAX_BODY_CHARS`].
pub(super) fn body(text: &str, problems: &mut Problems) -> String {
    let body = text.replace("\r\n", "\n").replace('\r', "\n");
    let body_chars = body.chars().count();
    if body.is_empty() {
        problems.push((
            Field::Body,
            "Isi aduan kosong; kolom ini wajib diisi.".into(),
        ));
    } else if body_chars > MAX_BODY_CHARS {
        problems.push((
            Field::Body,
            format!(
                "Isi aduan terlalu panjang: {} karakter, paling banyak {}. Ringkas atau pecah isinya.",
                format_thousands(body_chars),
                format_thousands(MAX_BODY_CHARS)
            ),
        ));
    }
    body
}

/// At most 60 characters of a cell, for quoting it in a message.
pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}
