//! Why a store could not be opened, told to the admin in plain words.

use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};

/// A store that could not be opened. The file is never modified on any of these paths.
#[derive(Debug, thiserror::Error)]
pub enum StoreOpenError {
    #[error("Berkas {path} bukan berkas data Medsos PD (bukan basis data SQLite). Berkas itu tidak diubah. Pindahkan atau ganti namanya, lalu buka aplikasi lagi untuk memulai data baru, atau pulihkan dari cadangan.")]
    NotADatabase { path: PathBuf },
    #[error("Berkas {path} adalah basis data, tetapi bukan milik Medsos PD ({detail}). Berkas itu tidak diubah. Pindahkan atau ganti namanya, lalu buka aplikasi lagi.")]
    NotOurs { path: PathBuf, detail: String },
    #[error("Berkas data {path} rusak ({detail}). Berkas itu tidak diubah. Salin berkas tersebut untuk diperiksa petugas TI, lalu pulihkan dari cadangan terakhir.")]
    Damaged { path: PathBuf, detail: String },
    #[error("Berkas data {path} dibuat oleh versi Medsos PD yang lebih baru (skema {found}, aplikasi ini mengenal sampai {supported}). Berkas itu tidak diubah. Perbarui Medsos PD ke versi terbaru.")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: usize,
    },
    #[error("Folder data {path} tidak dapat dipakai: {source}. Periksa izin folder atau atur MEDSOS_DATA_DIR ke folder lain.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Berkas data {path} sedang dipakai program lain atau terkunci. Tutup program lain yang membukanya, lalu coba lagi.")]
    Busy { path: PathBuf },
    #[error("Pembaruan struktur data {path} gagal ({detail}). Berkas tidak berubah karena pembaruan dibatalkan seluruhnya. Hubungi petugas TI Diskominfo.")]
    Migration { path: PathBuf, detail: String },
    #[error("Berkas data {path} tidak dapat dibuka: {detail}.")]
    Other { path: PathBuf, detail: String },
    /// The store is encrypted and the credential store has no key for it (copied from
    /// another Windows user or PC, or the credential store was reset). Code
    /// `store.key_missing`: the screen offers the restore from a backup.
    #[error("Kunci penyimpanan tidak ditemukan di brankas kredensial pengguna ini, sehingga berkas data {path} yang terenkripsi tidak dapat dibuka. Berkas itu tidak diubah dan tidak ada data baru yang dibuat di atasnya. Masuklah sebagai pengguna yang biasa memakai Medsos PD di PC ini, atau pulihkan dari cadangan.")]
    KeyMissing { path: PathBuf },
    #[error("Berkas data {path} tidak dapat dibuka dengan kunci yang tersimpan di brankas kredensial PC ini: berkas itu dienkripsi dengan kunci lain, atau bukan berkas data Medsos PD. Berkas itu tidak diubah. Pulihkan dari cadangan, atau hubungi petugas TI Diskominfo.")]
    WrongKey { path: PathBuf },
    #[error("Brankas kredensial sistem (Windows Credential Manager atau Secret Service) tidak dapat dipakai, sehingga kunci berkas data {path} tidak dapat dibaca atau disimpan ({detail}). Berkas itu tidak diubah. Masuk kembali ke Windows/desktop lalu buka aplikasi lagi; bila tetap gagal, hubungi petugas TI Diskominfo.")]
    KeystoreUnavailable { path: PathBuf, detail: String },
    #[error("Berkas data {path} belum dapat dienkripsi ({detail}). Berkas lama tetap utuh dan tidak diubah. Pastikan ruang disk cukup, lalu buka aplikasi lagi.")]
    Encryption { path: PathBuf, detail: String },
}

impl StoreOpenError {
    /// Sorts a SQLite error raised while opening into what it means for the admin.
    pub(crate) fn classify(path: &Path, error: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreOpenError::NotADatabase { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreOpenError::Damaged {
                path,
                detail: error.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreOpenError::Busy { path }
            }
            Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
                StoreOpenError::Io {
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        error.to_string(),
                    ),
                    path,
                }
            }
            _ => StoreOpenError::Other {
                path,
                detail: error.to_string(),
            },
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            StoreOpenError::NotADatabase { .. } => "store.not_a_database",
            StoreOpenError::NotOurs { .. } => "store.not_ours",
            StoreOpenError::Damaged { .. } => "store.damaged",
            StoreOpenError::TooNew { .. } => "store.too_new",
            StoreOpenError::Io { .. } => "store.io",
            StoreOpenError::Busy { .. } => "store.busy",
            StoreOpenError::Migration { .. } => "store.migration",
            StoreOpenError::Other { .. } => "store.other",
            StoreOpenError::KeyMissing { .. } => "store.key_missing",
            StoreOpenError::WrongKey { .. } => "store.wrong_key",
            StoreOpenError::KeystoreUnavailable { .. } => "store.keystore_unavailable",
            StoreOpenError::Encryption { .. } => "store.encryption",
        }
    }

    pub fn payload(&self) -> crate::ErrorPayload {
        crate::ErrorPayload {
            code: self.code().into(),
            message: self.to_string(),
        }
    }
}
