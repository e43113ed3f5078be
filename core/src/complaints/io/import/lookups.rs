//! The names a row is read against: categories, kecamatan, channels and kinds, each by
//! its everyday spellings, built once per import.

use super::api::{ImportDefaults, DEFAULT_CATEGORY};
use crate::complaints::io::mapping::normalize;
use crate::complaints::model::{Channel, ComplaintKind, LUAR_CIANJUR};
use crate::error::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// The lookups a row is read against, built once per import.
pub(super) struct Lookups {
    /// Normalised name -> (id, name as stored).
    pub(super) categories: HashMap<String, (i64, String)>,
    pub(super) category_names: Vec<String>,
    pub(super) default_category: Option<(i64, String)>,
    /// Normalised name or digits of the code -> (code, name).
    pub(super) kecamatan: HashMap<String, (String, String)>,
    pub(super) kecamatan_names: HashMap<String, String>,
    pub(super) channels: HashMap<String, Channel>,
    pub(super) kinds: HashMap<String, ComplaintKind>,
}

impl Lookups {
    pub(super) fn load(conn: &Connection, defaults: &ImportDefaults) -> Result<Lookups> {
        let mut categories = HashMap::new();
        let mut category_names = Vec::new();
        let mut by_id = HashMap::new();
        {
            let mut stmt =
                conn.prepare("SELECT id, name FROM complaint_categories ORDER BY position, name")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, name) = row?;
                categories.insert(normalize(&name), (id, name.clone()));
                by_id.insert(id, name.clone());
                category_names.push(name);
            }
        }
        let default_category = match defaults.category_id {
            Some(id) => by_id.get(&id).map(|name| (id, name.clone())),
            None => categories.get(&normalize(DEFAULT_CATEGORY)).cloned(),
        };

        let mut kecamatan = HashMap::new();
        let mut kecamatan_names = HashMap::new();
        for k in crate::kecamatan::all() {
            let value = (k.kode.clone(), k.nama.clone());
            kecamatan.insert(squash(&k.nama), value.clone());
            kecamatan.insert(digits(&k.kode), value);
            kecamatan_names.insert(k.kode, k.nama);
        }
        kecamatan_names.insert(LUAR_CIANJUR.to_string(), "Luar Cianjur".to_string());

        let mut channels = HashMap::new();
        for channel in Channel::ALL {
            channels.insert(normalize(channel.as_str()), channel);
            channels.insert(normalize(channel.label()), channel);
        }
        for (names, channel) in CHANNEL_SYNONYMS {
            for name in *names {
                channels.insert(normalize(name), *channel);
            }
        }
        let mut kinds = HashMap::new();
        for kind in ComplaintKind::ALL {
            kinds.insert(normalize(kind.as_str()), kind);
            kinds.insert(normalize(kind.label()), kind);
        }
        for (names, kind) in KIND_SYNONYMS {
            for name in *names {
                kinds.insert(normalize(name), *kind);
            }
        }
        Ok(Lookups {
            categories,
            category_names,
            default_category,
            kecamatan,
            kecamatan_names,
            channels,
            kinds,
        })
    }

    pub(super) fn kecamatan(&self, text: &str) -> Option<String> {
        let words: Vec<String> = normalize(text).split(' ').map(str::to_string).collect();
        let mut rest: &[String] = &words;
        while let Some((first, tail)) = rest.split_first() {
            if matches!(first.as_str(), "kec" | "kecamatan") {
                rest = tail;
            } else {
                break;
            }
        }
        let joined = rest.concat();
        if joined.is_empty() || joined == "tidakdiketahui" {
            return Some(String::new());
        }
        if joined.starts_with("luar") {
            return Some(LUAR_CIANJUR.to_string());
        }
        self.kecamatan
            .get(&joined)
            .map(|(code, _)| code.clone())
            .or_else(|| {
                let d = digits(text);
                (d.len() == 6).then(|| self.kecamatan.get(&d).map(|(c, _)| c.clone()))?
            })
    }
}

const CHANNEL_SYNONYMS: &[(&[&str], Channel)] = &[
    (
        &[
            "ig",
            "instagram",
            "komentar ig",
            "ig komentar",
            "instagram komentar",
            "komen ig",
            "komentar di instagram",
            "instagram comment",
            "ig comment",
        ],
        Channel::InstagramKomentar,
    ),
    (
        &[
            "dm ig",
            "ig dm",
            "dm",
            "instagram dm",
            "direct message",
            "direct message instagram",
            "pesan instagram",
            "pesan ig",
        ],
        Channel::InstagramDm,
    ),
    (
        &[
            "fb",
            "facebook",
            "komentar fb",
            "fb komentar",
            "facebook komentar",
            "komen fb",
            "komentar di facebook",
            "facebook comment",
            "fb comment",
        ],
        Channel::FacebookKomentar,
    ),
    (
        &[
            "messenger",
            "fb messenger",
            "inbox fb",
            "inbox facebook",
            "pesan fb",
            "pesan facebook",
        ],
        Channel::FacebookMessenger,
    ),
    (
        &[
            "wa",
            "whats app",
            "whatsapp business",
            "wa business",
            "pesan wa",
        ],
        Channel::Whatsapp,
    ),
    (
        &[
            "telp",
            "telpon",
            "tlp",
            "phone",
            "call",
            "hotline",
            "call center",
            "sambungan telepon",
        ],
        Channel::Telepon,
    ),
    (
        &[
            "langsung",
            "datang",
            "tatap muka",
            "walk in",
            "loket",
            "kantor",
            "luring",
            "offline",
        ],
        Channel::DatangLangsung,
    ),
    (
        &[
            "lapor",
            "sp4n",
            "sp4n lapor",
            "lapor go id",
            "www lapor go id",
            "lapor!",
        ],
        Channel::Sp4nLapor,
    ),
];

const KIND_SYNONYMS: &[(&[&str], ComplaintKind)] = &[
    (
        &["aduan", "keluhan", "komplain", "complaint", "laporan"],
        ComplaintKind::Pengaduan,
    ),
    (
        &["saran", "usulan", "usul", "masukan", "suggestion"],
        ComplaintKind::Aspirasi,
    ),
    (
        &[
            "informasi",
            "info",
            "permintaan info",
            "permohonan informasi",
            "pertanyaan",
            "tanya",
            "question",
        ],
        ComplaintKind::PermintaanInformasi,
    ),
];

fn squash(text: &str) -> String {
    normalize(text).replace(' ', "")
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}
