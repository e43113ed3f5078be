//! One backup file: a plain header that says whose it is and which phrase opens it, then a
//! tar archive of the store and `media/`, encrypted as a STREAM of XChaCha20-Poly1305 chunks
//! (each chunk authenticated with its position and the header's hash, the last one marked as
//! last). A flipped bit, a changed header, a chunk moved or a file cut short all fail to
//! decrypt, and the reader says which of those it was.

use super::phrase::PhraseKey;
use super::{problem, BackupProblem};
use crate::error::Result;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use ts_rs::TS;

/// The first bytes of every backup.
pub const MAGIC: &[u8; 16] = b"MEDSOSPD-CADANG\x01";
/// The file name ending of backups.
pub const EXTENSION: &str = "cadangan";
/// The format this build writes and the newest it reads.
pub const FORMAT: u32 = 1;
/// Plaintext bytes per chunk; each chunk grows by a 16-byte tag.
const CHUNK: usize = 1 << 20;
const TAG: usize = 16;
const MAX_HEADER: u32 = 64 * 1024;
/// XChaCha20's 24-byte nonce less STREAM's 5 bytes of counter and last-chunk flag.
const NONCE_PREFIX: usize = 19;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    Harian,
    Manual,
    SebelumMigrasi,
    SebelumPembaruan,
}

/// How much of each kind the backup holds; a restore checks them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupCounts {
    #[ts(type = "number")]
    pub drafts: i64,
    #[ts(type = "number")]
    pub complaints: i64,
    #[ts(type = "number")]
    pub slots: i64,
    #[ts(type = "number")]
    pub media: i64,
    #[ts(type = "number")]
    pub accounts: i64,
    /// Files under `media/`.
    #[ts(type = "number")]
    pub files: i64,
}

/// The plain header: enough to list a backup and to refuse it before asking for the phrase.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// UTC, stored form.
    pub created_at: String,
    pub reason: BackupReason,
    pub app_version: String,
    pub schema_version: i64,
    pub agency_name: Option<String>,
    pub agency_code: Option<String>,
    pub installation_id: String,
    pub phrase: PhraseKey,
    /// Base64 of the STREAM nonce prefix.
    pub nonce: String,
    pub counts: BackupCounts,
    pub store_bytes: u64,
    pub media_bytes: u64,
}

impl Header {
    pub fn agency_label(&self) -> String {
        match (&self.agency_name, &self.agency_code) {
            (Some(name), Some(code)) => format!("{name} ({code})"),
            (Some(name), None) => name.clone(),
            (None, Some(code)) => code.clone(),
            (None, None) => "instansi tanpa profil".into(),
        }
    }
}

pub fn new_nonce() -> Result<String> {
    let mut nonce = [0u8; NONCE_PREFIX];
    super::phrase::getrandom(&mut nonce)?;
    Ok(B64.encode(nonce))
}

/// Writes the magic and the header; returns the hash every chunk is bound to.
pub fn write_header(out: &mut impl Write, header: &Header) -> io::Result<[u8; 32]> {
    let json = serde_json::to_vec(header).map_err(io::Error::other)?;
    out.write_all(MAGIC)?;
    out.write_all(&(json.len() as u32).to_le_bytes())?;
    out.write_all(&json)?;
    Ok(Sha256::digest(&json).into())
}

/// Reads the magic and the header, refusing what is not a Medsos PD backup or is newer.
pub fn read_header(input: &mut impl Read) -> Result<(Header, [u8; 32])> {
    let foreign = || {
        problem(
            BackupProblem::Foreign,
            "Berkas ini bukan cadangan Medsos PD.",
        )
    };
    let truncated = || {
        problem(
            BackupProblem::Damaged,
            "Berkas cadangan terpotong: kepalanya pun tidak utuh. Pakai cadangan lain.",
        )
    };
    let mut magic = [0u8; 16];
    read_exact_or(input, &mut magic, foreign)?;
    if magic[..15] != MAGIC[..15] {
        return Err(foreign());
    }
    let mut len = [0u8; 4];
    read_exact_or(input, &mut len, truncated)?;
    let len = u32::from_le_bytes(len);
    if len == 0 || len > MAX_HEADER {
        return Err(problem(
            BackupProblem::Damaged,
            "Kepala berkas cadangan rusak.",
        ));
    }
    let mut json = vec![0u8; len as usize];
    read_exact_or(input, &mut json, truncated)?;
    let header: Header = serde_json::from_slice(&json)
        .map_err(|_| problem(BackupProblem::Damaged, "Kepala berkas cadangan rusak."))?;
    if header.format > FORMAT || magic[15] as u32 > FORMAT {
        return Err(problem(
            BackupProblem::TooNew,
            format!(
                "Cadangan ini dibuat oleh Medsos PD {} dengan format yang lebih baru. Perbarui \
                 aplikasi ini dulu, lalu pulihkan.",
                header.app_version
            ),
        ));
    }
    Ok((header, Sha256::digest(&json).into()))
}

fn read_exact_or(
    input: &mut impl Read,
    buf: &mut [u8],
    on_eof: impl Fn() -> crate::Error,
) -> Result<()> {
    input.read_exact(buf).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            on_eof()
        } else {
            problem(
                BackupProblem::Io,
                format!("Berkas cadangan tidak terbaca: {e}"),
            )
        }
    })
}

fn nonce_bytes(header: &Header) -> io::Result<[u8; NONCE_PREFIX]> {
    B64.decode(&header.nonce)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "nonce"))
}

/// Encrypts what is written to it into chunks; [`EncryptWriter::finish`] writes the last.
pub struct EncryptWriter<W: Write> {
    inner: W,
    stream: Option<EncryptorBE32<XChaCha20Poly1305>>,
    buf: Vec<u8>,
    aad: [u8; 32],
}

impl<W: Write> EncryptWriter<W> {
    pub fn new(inner: W, key: &[u8; 32], header: &Header, aad: [u8; 32]) -> io::Result<Self> {
        let nonce = nonce_bytes(header)?;
        let aead = XChaCha20Poly1305::new(key.into());
        Ok(EncryptWriter {
            inner,
            stream: Some(EncryptorBE32::from_aead(aead, nonce.as_slice().into())),
            buf: Vec::with_capacity(CHUNK + 1),
            aad,
        })
    }

    fn seal_full_chunks(&mut self) -> io::Result<()> {
        // A chunk is sealed only once more follows, so the last one can be marked as last.
        while self.buf.len() > CHUNK {
            let stream = self.stream.as_mut().expect("open until finish");
            let sealed = stream
                .encrypt_next(Payload {
                    msg: &self.buf[..CHUNK],
                    aad: &self.aad,
                })
                .map_err(|_| io::Error::other("enkripsi gagal"))?;
            self.inner.write_all(&sealed)?;
            self.buf.drain(..CHUNK);
        }
        Ok(())
    }

    /// Seals the last chunk and hands back the file.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal_full_chunks()?;
        let stream = self.stream.take().expect("finish once");
        let sealed = stream
            .encrypt_last(Payload {
                msg: &self.buf,
                aad: &self.aad,
            })
            .map_err(|_| io::Error::other("enkripsi gagal"))?;
        self.inner.write_all(&sealed)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncryptWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        self.seal_full_chunks()?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What went wrong inside a [`DecryptReader`], kept so the caller can name it after the tar
/// reader has turned it into a plain I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadFault {
    /// A chunk did not authenticate: a changed byte, or the wrong key.
    Tampered,
    /// The file ends before the chunk marked last.
    Truncated,
}

/// Decrypts chunk by chunk, looking one chunk ahead to know which one is last.
pub struct DecryptReader<R: Read> {
    inner: R,
    stream: Option<DecryptorBE32<XChaCha20Poly1305>>,
    aad: [u8; 32],
    next: Option<Vec<u8>>,
    plain: Vec<u8>,
    pos: usize,
    done: bool,
    pub fault: Option<ReadFault>,
}

impl<R: Read> DecryptReader<R> {
    pub fn new(inner: R, key: &[u8; 32], header: &Header, aad: [u8; 32]) -> io::Result<Self> {
        let nonce = nonce_bytes(header)?;
        let aead = XChaCha20Poly1305::new(key.into());
        Ok(DecryptReader {
            inner,
            stream: Some(DecryptorBE32::from_aead(aead, nonce.as_slice().into())),
            aad,
            next: None,
            plain: Vec::new(),
            pos: 0,
            done: false,
            fault: None,
        })
    }

    fn read_chunk(&mut self) -> io::Result<Vec<u8>> {
        let mut chunk = vec![0u8; CHUNK + TAG];
        let mut filled = 0;
        while filled < chunk.len() {
            match self.inner.read(&mut chunk[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        chunk.truncate(filled);
        Ok(chunk)
    }

    fn fail(&mut self, fault: ReadFault) -> io::Error {
        self.fault = Some(fault);
        io::Error::new(io::ErrorKind::InvalidData, "cadangan tidak sah")
    }

    fn refill(&mut self) -> io::Result<()> {
        let current = match self.next.take() {
            Some(chunk) => chunk,
            None => self.read_chunk()?,
        };
        if current.len() < TAG {
            return Err(self.fail(ReadFault::Truncated));
        }
        let following = self.read_chunk()?;
        let last = following.is_empty();
        let payload = Payload {
            msg: &current,
            aad: &self.aad,
        };
        let opened = if last {
            let stream = self.stream.take().expect("last once");
            self.done = true;
            stream.decrypt_last(payload)
        } else {
            self.stream
                .as_mut()
                .expect("open until last")
                .decrypt_next(payload)
        };
        match opened {
            Ok(plain) => {
                self.plain = plain;
                self.pos = 0;
                if !last {
                    self.next = Some(following);
                }
                Ok(())
            }
            // A full-size chunk that fails as last was not the last one: the file was cut at a
            // chunk boundary. Any other failure is a changed byte or a cut inside the last
            // chunk, which STREAM cannot tell apart; the key was checked before reading.
            Err(_) if last && current.len() == CHUNK + TAG => Err(self.fail(ReadFault::Truncated)),
            Err(_) => Err(self.fail(ReadFault::Tampered)),
        }
    }

    /// Reads to the end, so a cut or changed tail is found even when the archive reader
    /// stopped early (tar's end blocks come before the last chunk's end).
    pub fn drain(&mut self) -> io::Result<()> {
        let mut sink = [0u8; 64 * 1024];
        while self.read(&mut sink)? > 0 {}
        Ok(())
    }
}

impl<R: Read> Read for DecryptReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.fault.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "cadangan tidak sah",
            ));
        }
        while self.pos == self.plain.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = out.len().min(self.plain.len() - self.pos);
        out[..n].copy_from_slice(&self.plain[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::phrase::KdfParams;

    fn header() -> Header {
        Header {
            format: FORMAT,
            created_at: "2026-12-06T08:00:00.000Z".into(),
            reason: BackupReason::Manual,
            app_version: "0.1.0".into(),
            schema_version: 1,
            agency_name: Some("Dinas Kesehatan".into()),
            agency_code: Some("DINKES".into()),
            installation_id: "abc".into(),
            phrase: PhraseKey {
                id: "00".into(),
                set_at: "x".into(),
                kdf: KdfParams {
                    salt: "AAAAAAAAAAAAAAAAAAAAAA==".into(),
                    m_kib: 8,
                    t: 1,
                    p: 1,
                },
                key: String::new(),
            },
            nonce: new_nonce().unwrap(),
            counts: BackupCounts::default(),
            store_bytes: 0,
            media_bytes: 0,
        }
    }

    fn seal(plain: &[u8], key: &[u8; 32]) -> Vec<u8> {
        let h = header();
        let mut file = Vec::new();
        let aad = write_header(&mut file, &h).unwrap();
        let mut w = EncryptWriter::new(file, key, &h, aad).unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap()
    }

    fn open(file: &[u8], key: &[u8; 32]) -> (Vec<u8>, Option<ReadFault>) {
        let mut input = file;
        let (h, aad) = read_header(&mut input).unwrap();
        let mut r = DecryptReader::new(input, key, &h, aad).unwrap();
        let mut out = Vec::new();
        let res = r.read_to_end(&mut out);
        assert_eq!(res.is_err(), r.fault.is_some());
        (out, r.fault)
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        let key = [7u8; 32];
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 5] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let (out, fault) = open(&seal(&plain, &key), &key);
            assert_eq!(fault, None, "length {len}");
            assert_eq!(out, plain, "length {len}");
        }
    }

    #[test]
    fn a_cut_or_a_changed_byte_or_a_changed_header_is_refused() {
        let key = [9u8; 32];
        let plain = vec![42u8; 2 * CHUNK + 100];
        let file = seal(&plain, &key);
        // Cut at a chunk boundary: the middle chunk cannot pass as the last.
        let head = file.len() - (100 + TAG);
        assert_eq!(open(&file[..head], &key).1, Some(ReadFault::Truncated));
        // Cut inside the last chunk.
        assert!(open(&file[..file.len() - 3], &key).1.is_some());
        // A changed byte in the middle.
        let mut changed = file.clone();
        changed[head - 10] ^= 1;
        assert_eq!(open(&changed, &key).1, Some(ReadFault::Tampered));
        // A changed header (the agency's name) no longer matches the chunks.
        let text = String::from_utf8_lossy(&file[..200]).into_owned();
        let at = text.find("Dinas Kesehatan").unwrap();
        let mut renamed = file.clone();
        renamed[at] = b'X';
        assert_eq!(open(&renamed, &key).1, Some(ReadFault::Tampered));
        // Another key.
        assert_eq!(open(&file, &[1u8; 32]).1, Some(ReadFault::Tampered));
    }

    #[test]
    fn a_stranger_file_and_a_newer_format_are_named() {
        let err = read_header(&mut &b"SQLite format 3\0rest"[..]).unwrap_err();
        assert_eq!(err.code(), "backup.foreign");
        let mut file = seal(b"x", &[1u8; 32]);
        file[15] = 9;
        let err = read_header(&mut &file[..]).unwrap_err();
        assert_eq!(err.code(), "backup.too_new");
        let err = read_header(&mut &file[..18]).unwrap_err();
        assert_eq!(err.code(), "backup.damaged");
    }
}
