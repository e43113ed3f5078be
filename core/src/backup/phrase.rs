//! The recovery phrase: twelve words the admin writes down once, from which every backup's
//! key is derived. Without the phrase a backup is noise; with it, any PC can restore.
//!
//! The words are BIP-39's English list (2,048 words, 128 bits of randomness plus a 4-bit
//! checksum), so a mistyped or misremembered word is caught before a slow key derivation is
//! even tried. The key is argon2id over the phrase with a salt drawn when the phrase is set,
//! costly on purpose: a finder who guesses phrases pays about a quarter of a second each.

use super::{problem, BackupProblem};
use crate::error::Result;
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How many words a phrase has.
pub const WORDS: usize = 12;
/// argon2id cost: 64 MiB, three passes, one lane (OWASP's first recommendation).
const M_KIB: u32 = 64 * 1024;
const T_COST: u32 = 3;
const P_COST: u32 = 1;

/// A phrase as typed or shown: the words, lower case, single spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryPhrase(String);

impl std::fmt::Debug for RecoveryPhrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryPhrase(…)")
    }
}

impl RecoveryPhrase {
    /// Twelve fresh words from the operating system's random source.
    pub fn generate() -> Result<RecoveryPhrase> {
        let mut entropy = [0u8; 16];
        getrandom(&mut entropy)?;
        let mnemonic = bip39::Mnemonic::from_entropy(&entropy)
            .map_err(|e| problem(BackupProblem::Phrase, format!("Frasa gagal dibuat: {e}")))?;
        Ok(RecoveryPhrase(mnemonic.to_string()))
    }

    /// Reads what the admin typed: any case, any spacing, numbered or not ("1. kata").
    pub fn parse(text: &str) -> Result<RecoveryPhrase> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map(|w| w.trim_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Err(problem(
                BackupProblem::Phrase,
                "Frasa pemulihan wajib diisi: 12 kata yang dicatat saat frasa dibuat.",
            ));
        }
        if words.len() != WORDS {
            return Err(problem(
                BackupProblem::Phrase,
                format!(
                    "Frasa pemulihan terdiri dari {WORDS} kata; yang diketik {} kata.",
                    words.len()
                ),
            ));
        }
        let joined = words.join(" ");
        match bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &joined) {
            Ok(m) => Ok(RecoveryPhrase(m.to_string())),
            Err(bip39::Error::UnknownWord(i)) => Err(problem(
                BackupProblem::Phrase,
                format!(
                    "Kata ke-{} (\"{}\") bukan kata frasa pemulihan. Periksa ejaannya.",
                    i + 1,
                    words.get(i).map(String::as_str).unwrap_or("")
                ),
            )),
            Err(_) => Err(problem(
                BackupProblem::Phrase,
                "Frasa pemulihan tidak cocok dengan daftar katanya: ada kata yang tertukar atau \
                 salah tulis.",
            )),
        }
    }

    pub fn words(&self) -> Vec<String> {
        self.0.split(' ').map(str::to_owned).collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key of a phrase with its salt and costs, as kept in the store's settings (so the daily
/// backup needs no typing) and, without the key, in every backup's header.
#[derive(Clone, Serialize, Deserialize)]
pub struct PhraseKey {
    /// Short, public id of the phrase: tells the admin which phrase a backup needs.
    pub id: String,
    /// When the phrase was set (UTC, stored form).
    pub set_at: String,
    pub kdf: KdfParams,
    /// The derived key, base64. Only ever in the store's settings, never in a backup.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
}

impl std::fmt::Debug for PhraseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhraseKey")
            .field("id", &self.id)
            .field("set_at", &self.set_at)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub salt: String,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl PhraseKey {
    /// Derives a new phrase's key with a fresh salt.
    pub fn new(phrase: &RecoveryPhrase, set_at: String) -> Result<PhraseKey> {
        let mut salt = [0u8; 16];
        getrandom(&mut salt)?;
        let kdf = KdfParams {
            salt: B64.encode(salt),
            m_kib: M_KIB,
            t: T_COST,
            p: P_COST,
        };
        let key = derive(phrase, &kdf)?;
        Ok(PhraseKey {
            id: key_id(&key),
            set_at,
            kdf,
            key: B64.encode(key),
        })
    }

    /// Derives the key a backup's header describes from a typed phrase; `None` when the phrase
    /// is not the one the backup was made with.
    pub fn unlock(phrase: &RecoveryPhrase, public: &PhraseKey) -> Result<Option<[u8; 32]>> {
        let key = derive(phrase, &public.kdf)?;
        Ok((key_id(&key) == public.id).then_some(key))
    }

    pub fn key_bytes(&self) -> Result<[u8; 32]> {
        let bytes = B64.decode(&self.key).unwrap_or_default();
        bytes.try_into().map_err(|_| {
            problem(
                BackupProblem::Phrase,
                "Kunci frasa pemulihan di penyimpanan rusak. Buat frasa baru di Pengaturan.",
            )
        })
    }

    /// The same, without the key: what a backup's header carries.
    pub fn public(&self) -> PhraseKey {
        PhraseKey {
            key: String::new(),
            ..self.clone()
        }
    }
}

fn derive(phrase: &RecoveryPhrase, kdf: &KdfParams) -> Result<[u8; 32]> {
    let bad = || {
        problem(
            BackupProblem::Damaged,
            "Parameter kunci di kepala berkas cadangan tidak sah: berkas rusak atau bukan buatan \
             Medsos PD.",
        )
    };
    let salt = B64.decode(&kdf.salt).map_err(|_| bad())?;
    // A header may not make the PC spend more than 1 GiB or a minute on one guess.
    if salt.len() < 8 || kdf.m_kib > 1024 * 1024 || kdf.t > 20 || kdf.p == 0 || kdf.p > 8 {
        return Err(bad());
    }
    let params = Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32)).map_err(|_| bad())?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(phrase.as_str().as_bytes(), &salt, &mut key)
        .map_err(|_| bad())?;
    Ok(key)
}

/// A public fingerprint of a key: 8 bytes of SHA-256 over a label and the key.
fn key_id(key: &[u8; 32]) -> String {
    let digest = Sha256::new()
        .chain_update(b"medsos-pd cadangan id v1")
        .chain_update(key)
        .finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn getrandom(buf: &mut [u8]) -> Result<()> {
    use chacha20poly1305::aead::rand_core::RngCore;
    chacha20poly1305::aead::OsRng
        .try_fill_bytes(buf)
        .map_err(|e| problem(BackupProblem::Io, format!("Sumber acak sistem gagal: {e}")))
}
