//! Which spreadsheet column feeds which complaint field: guessed from the headers an agency
//! sheet or a Google Form export carries, adjusted by the admin in the mapping step, or
//! loaded from a JSON file (`{"body": "Isi Aduan", ...}`) for the command line.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A complaint field an import column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ReceivedAt,
    Channel,
    Kind,
    Category,
    Kecamatan,
    CitizenName,
    CitizenContact,
    SourceUrl,
    Body,
    /// Where a historical sheet says the complaint stands ("Selesai ditangani").
    Status,
    /// When it was closed, for rows that are selesai or diarsipkan.
    ClosedAt,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::ReceivedAt,
        Field::Channel,
        Field::Kind,
        Field::Category,
        Field::Kecamatan,
        Field::CitizenName,
        Field::CitizenContact,
        Field::SourceUrl,
        Field::Body,
        Field::Status,
        Field::ClosedAt,
    ];

    /// The key in a mapping file.
    pub fn key(self) -> &'static str {
        match self {
            Field::ReceivedAt => "received_at",
            Field::Channel => "channel",
            Field::Kind => "kind",
            Field::Category => "category",
            Field::Kecamatan => "kecamatan",
            Field::CitizenName => "citizen_name",
            Field::CitizenContact => "citizen_contact",
            Field::SourceUrl => "source_url",
            Field::Body => "body",
            Field::Status => "status",
            Field::ClosedAt => "closed_at",
        }
    }

    /// What the mapping step calls the field.
    pub fn label(self) -> &'static str {
        match self {
            Field::ReceivedAt => "Waktu diterima",
            Field::Channel => "Kanal",
            Field::Kind => "Jenis",
            Field::Category => "Kategori",
            Field::Kecamatan => "Kecamatan",
            Field::CitizenName => "Nama warga",
            Field::CitizenContact => "Kontak",
            Field::SourceUrl => "Tautan sumber",
            Field::Body => "Isi aduan",
            Field::Status => "Status",
            Field::ClosedAt => "Waktu selesai",
        }
    }

    /// The field's position in [`Field::ALL`] (declaration order).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn parse(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Field -> column title. `None` leaves the field to its default (see `ImportDefaults`);
/// `body` and `received_at` must be mapped for an import to go ahead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Mapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kecamatan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
}

impl Mapping {
    /// The column title mapped to `field`; an empty title counts as unmapped.
    pub fn get(&self, field: Field) -> Option<&str> {
        let slot = match field {
            Field::ReceivedAt => &self.received_at,
            Field::Channel => &self.channel,
            Field::Kind => &self.kind,
            Field::Category => &self.category,
            Field::Kecamatan => &self.kecamatan,
            Field::CitizenName => &self.citizen_name,
            Field::CitizenContact => &self.citizen_contact,
            Field::SourceUrl => &self.source_url,
            Field::Body => &self.body,
            Field::Status => &self.status,
            Field::ClosedAt => &self.closed_at,
        };
        slot.as_deref().map(str::trim).filter(|h| !h.is_empty())
    }

    pub fn set(&mut self, field: Field, header: Option<String>) {
        let slot = match field {
            Field::ReceivedAt => &mut self.received_at,
            Field::Channel => &mut self.channel,
            Field::Kind => &mut self.kind,
            Field::Category => &mut self.category,
            Field::Kecamatan => &mut self.kecamatan,
            Field::CitizenName => &mut self.citizen_name,
            Field::CitizenContact => &mut self.citizen_contact,
            Field::SourceUrl => &mut self.source_url,
            Field::Body => &mut self.body,
            Field::Status => &mut self.status,
            Field::ClosedAt => &mut self.closed_at,
        };
        *slot = header;
    }
}

/// Column titles as agencies and Google Forms write them, normalised (lower case, letters
/// and digits separated by single spaces). Matched whole first, in this field order.
const EXACT: &[(Field, &[&str])] = &[
    (
        Field::ReceivedAt,
        &[
            "timestamp",
            "cap waktu",
            "stempel waktu",
            "waktu",
            "tanggal",
            "tgl",
            "tanggal diterima",
            "waktu diterima",
            "tanggal dan waktu",
            "tanggal waktu",
            "tanggal aduan",
            "tanggal pengaduan",
            "tanggal laporan",
            "tanggal masuk",
            "waktu masuk",
            "waktu aduan",
            "diterima",
            "diterima wib",
            "received at",
            "received",
            "date",
            "datetime",
            "date time",
            "created at",
        ],
    ),
    (
        Field::Channel,
        &[
            "kanal",
            "saluran",
            "sumber",
            "media",
            "sumber aduan",
            "kanal aduan",
            "saluran aduan",
            "media aduan",
            "platform",
            "channel",
            "source",
            "via",
            "melalui",
        ],
    ),
    (
        Field::Kind,
        &[
            "jenis",
            "jenis aduan",
            "jenis laporan",
            "jenis pengaduan",
            "tipe",
            "tipe aduan",
            "klasifikasi",
            "kind",
            "type",
        ],
    ),
    (
        Field::Category,
        &[
            "kategori",
            "kategori aduan",
            "kategori laporan",
            "bidang",
            "topik",
            "category",
            "topic",
        ],
    ),
    (
        Field::Kecamatan,
        &[
            "kecamatan",
            "kec",
            "asal kecamatan",
            "lokasi kecamatan",
            "kecamatan lokasi",
            "lokasi",
            "wilayah",
            "district",
        ],
    ),
    (
        Field::CitizenName,
        &[
            "nama",
            "nama lengkap",
            "nama pelapor",
            "nama pengadu",
            "nama warga",
            "nama akun",
            "akun",
            "pelapor",
            "pengadu",
            "username",
            "handle",
            "name",
            "full name",
        ],
    ),
    (
        Field::CitizenContact,
        &[
            "nomor hp wa",
            "no hp wa",
            "nomor hp",
            "no hp",
            "nomor wa",
            "no wa",
            "nomor whatsapp",
            "no whatsapp",
            "nomor telepon",
            "no telepon",
            "no telp",
            "telepon",
            "hp",
            "kontak",
            "email",
            "e mail",
            "alamat email",
            "alamat e mail",
            "contact",
            "phone",
        ],
    ),
    (
        Field::SourceUrl,
        &[
            "tautan",
            "link",
            "url",
            "tautan sumber",
            "link sumber",
            "link postingan",
            "link komentar",
            "tautan komentar",
            "source url",
        ],
    ),
    (
        Field::Body,
        &[
            "isi aduan",
            "isi",
            "aduan",
            "isi pengaduan",
            "pengaduan",
            "isi laporan",
            "laporan",
            "keluhan",
            "isi keluhan",
            "pesan",
            "isi pesan",
            "komentar",
            "uraian",
            "uraian aduan",
            "deskripsi",
            "keterangan",
            "body",
            "text",
            "message",
            "complaint",
        ],
    ),
    (
        Field::Status,
        &[
            "status",
            "status aduan",
            "keterangan status",
            "status laporan",
            "status pengaduan",
            "status tindak lanjut",
            "status penanganan",
        ],
    ),
    (
        Field::ClosedAt,
        &[
            "tanggal selesai",
            "selesai pada",
            "tgl selesai",
            "waktu selesai",
            "diselesaikan",
            "tanggal diselesaikan",
            "tanggal ditutup",
            "closed at",
            "resolved at",
        ],
    ),
];

/// Single words that point at a field when no title matched whole, tried in this order
/// (so "Jenis aduan" is the kind and "Kategori aduan" the category, not the body).
const WORDS: &[(Field, &[&str])] = &[
    // Before the received time: "Tanggal selesai" is a date, but not the one received.
    (Field::ClosedAt, &["selesai", "ditutup"]),
    (Field::Status, &["status"]),
    (
        Field::ReceivedAt,
        &["timestamp", "waktu", "tanggal", "tgl", "date"],
    ),
    (Field::Kind, &["jenis", "tipe", "type"]),
    (Field::Category, &["kategori", "category", "bidang"]),
    (Field::Kecamatan, &["kecamatan", "kec"]),
    (Field::SourceUrl, &["tautan", "link", "url"]),
    (Field::Channel, &["kanal", "saluran", "platform", "channel"]),
    (
        Field::CitizenContact,
        &[
            "hp", "wa", "whatsapp", "telp", "telepon", "kontak", "email", "phone",
        ],
    ),
    (Field::CitizenName, &["nama", "name"]),
    (
        Field::Body,
        &[
            "isi",
            "aduan",
            "pengaduan",
            "keluhan",
            "pesan",
            "laporan",
            "komentar",
            "uraian",
            "complaint",
            "message",
        ],
    ),
];

/// Lower case; every run of other characters becomes one space ("Nomor HP/WA" -> "nomor hp wa").
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// Proposes a column for each field from the titles; each column feeds at most one field.
/// The admin confirms or changes it in the mapping step.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut mapping = Mapping::default();

    for (field, names) in EXACT {
        // The earliest synonym wins over column order: "Isi aduan" beats "Keterangan".
        let found = names.iter().find_map(|name| {
            normalized
                .iter()
                .enumerate()
                .position(|(i, h)| !used[i] && h == name)
        });
        if let Some(i) = found {
            used[i] = true;
            mapping.set(*field, Some(headers[i].clone()));
        }
    }
    for (field, words) in WORDS {
        if mapping.get(*field).is_some() {
            continue;
        }
        let found = normalized
            .iter()
            .enumerate()
            .position(|(i, h)| !used[i] && h.split(' ').any(|token| words.contains(&token)));
        if let Some(i) = found {
            used[i] = true;
            mapping.set(*field, Some(headers[i].clone()));
        }
    }
    mapping
}

/// Reads a mapping file: a JSON object from field key to column title, for example
/// `{"body": "Isi Aduan", "received_at": "Timestamp"}`.
pub fn mapping_from_json(bytes: &[u8]) -> Result<Mapping> {
    const FIELD: &str = "mapping";
    if bytes.len() > 64 * 1024 {
        return Err(Error::invalid(
            FIELD,
            "Berkas pemetaan kolom terlalu besar.",
        ));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::invalid(FIELD, "Berkas pemetaan kolom harus teks UTF-8."))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            FIELD,
            format!(
                "Berkas pemetaan kolom bukan JSON yang valid (baris {}, kolom {}). Contoh: {{\"body\": \"Isi Aduan\", \"received_at\": \"Timestamp\"}}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let serde_json::Value::Object(object) = value else {
        return Err(Error::invalid(
            FIELD,
            "Berkas pemetaan kolom harus berupa objek JSON, misalnya {\"body\": \"Isi Aduan\"}.",
        ));
    };
    let keys = || {
        Field::ALL
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut mapping = Mapping::default();
    for (key, value) in object {
        let Some(field) = Field::parse(key.trim()) else {
            return Err(Error::invalid(
                FIELD,
                format!(
                    "Kunci \"{key}\" di berkas pemetaan tidak dikenal. Gunakan: {}.",
                    keys()
                ),
            ));
        };
        match value {
            serde_json::Value::String(header) => {
                let header = header.trim().to_string();
                mapping.set(field, (!header.is_empty()).then_some(header));
            }
            serde_json::Value::Null => mapping.set(field, None),
            _ => {
                return Err(Error::invalid(
                    FIELD,
                    format!("Nilai \"{key}\" di berkas pemetaan harus judul kolom (teks)."),
                ))
            }
        }
    }
    Ok(mapping)
}

/// Checks a mapping against a table's titles: every mapped title exists, no column feeds
/// two fields, and the required fields are mapped. Returns the column index per field.
pub fn resolve(mapping: &Mapping, headers: &[String]) -> Result<[Option<usize>; Field::ALL.len()]> {
    const FIELD: &str = "mapping";
    let mut columns = [None; Field::ALL.len()];
    let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    for (slot, field) in columns.iter_mut().zip(Field::ALL) {
        let Some(header) = mapping.get(field) else {
            continue;
        };
        let wanted = header.to_lowercase();
        let index = headers
            .iter()
            .position(|h| h.trim() == header)
            .or_else(|| lower.iter().position(|h| *h == wanted))
            .ok_or_else(|| {
                Error::invalid(
                    FIELD,
                    format!(
                        "Kolom \"{header}\" untuk {} tidak ada di berkas. Kolom yang ada: {}.",
                        field.label(),
                        brief_list(headers, 12)
                    ),
                )
            })?;
        *slot = Some(index);
    }
    for (a, field_a) in Field::ALL.iter().enumerate() {
        for (b, field_b) in Field::ALL.iter().enumerate().skip(a + 1) {
            if let (Some(x), Some(y)) = (columns[a], columns[b]) {
                if x == y {
                    return Err(Error::invalid(
                        FIELD,
                        format!(
                            "Kolom \"{}\" dipetakan ke {} dan {} sekaligus. Pilih satu.",
                            headers[x],
                            field_a.label(),
                            field_b.label()
                        ),
                    ));
                }
            }
        }
    }
    for required in [Field::Body, Field::ReceivedAt] {
        if columns[required.index()].is_none() {
            return Err(Error::invalid(
                FIELD,
                format!(
                    "Pilih kolom untuk {}; kolom ini wajib. Kolom yang ada: {}.",
                    required.label(),
                    brief_list(headers, 12)
                ),
            ));
        }
    }
    Ok(columns)
}

/// "a, b, c, dan 4 lainnya".
pub(crate) fn brief_list(items: &[String], max: usize) -> String {
    let mut out = items
        .iter()
        .take(max)
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        out.push_str(&format!(", dan {} lainnya", items.len() - max));
    }
    out
}
