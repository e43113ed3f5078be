//! The audit log: what admin officers changed on the hub, from the dashboard or from the
//! command line (agencies, enrolment codes, PCs, officers), who did it and when. Rows are
//! only ever added.

use time::OffsetDateTime;

/// Entries a page shows at most.
pub const PAGE: usize = 200;

/// One thing an admin did, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry<'a> {
    /// The officer's user name.
    pub officer: &'a str,
    /// What was done, a stable code such as `agency.add` (see [`label`]).
    pub action: &'a str,
    /// What it was done to: an agency code, a PC, a user name.
    pub target: &'a str,
    /// More, in words; never a secret (no enrolment code, no password).
    pub detail: &'a str,
}

/// One recorded entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub at: Option<OffsetDateTime>,
    pub officer: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// What an action code means, in Indonesian; an unknown code shows as itself.
pub fn label(action: &str) -> &str {
    match action {
        "agency.add" => "Menambah PD",
        "agency.code" => "Menerbitkan kode PC tambahan",
        "agency.rotate" => "Mencabut semua PC dan menerbitkan kode baru",
        "agency.revoke" => "Mencabut semua PC",
        "device.revoke" => "Mencabut PC",
        "user.add" => "Menambah petugas",
        "user.disable" => "Menonaktifkan petugas",
        "user.password" => "Mengganti kata sandi petugas",
        "user.role" => "Mengubah peran petugas",
        "user.scope" => "Mengubah wilayah petugas",
        other => other,
    }
}
