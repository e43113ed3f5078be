//! The artifacts' files: kept in a folder `releases/` beside the hub's database (as the
//! secret key file is kept beside it), each as `<id>-<file_name>`. A file is copied in under
//! a temporary name, hashed on the way, and renamed into place only once its release is
//! stored, so no reader ever meets half a file and a refused release leaves nothing behind.

use crate::error::Error;
use rand::Rng;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The folder of the artifacts, when the hub has one (tests that serve no release have not).
#[derive(Debug, Clone, Default)]
pub struct ReleaseFiles(Option<PathBuf>);

impl ReleaseFiles {
    /// The folder `releases/` beside the database file `db`.
    pub fn beside(db: &Path) -> ReleaseFiles {
        ReleaseFiles(Some(db.with_file_name("releases")))
    }

    /// Where the artifact of release `id` named `file_name` lives.
    pub fn path(&self, id: i64, file_name: &str) -> Option<PathBuf> {
        self.0
            .as_ref()
            .map(|dir| dir.join(format!("{id}-{file_name}")))
    }

    fn dir(&self) -> Result<&Path, Error> {
        self.0
            .as_deref()
            .ok_or_else(|| Error::Store("no folder for release files".to_owned()))
    }

    /// Copies `source` into the folder under a temporary name, hashing it on the way.
    pub fn stage(&self, source: &Path) -> Result<Staged, Error> {
        let dir = self.dir()?;
        std::fs::create_dir_all(dir).map_err(|e| Error::FileRead {
            path: dir.to_path_buf(),
            detail: format!("folder rilis tidak dapat dibuat: {e}"),
        })?;
        let suffix: u64 = rand::rng().random();
        let temp = dir.join(format!(".masuk-{suffix:016x}.part"));
        let mut staged = Staged {
            temp,
            sha256: String::new(),
            size: 0,
        };
        // Made before the copy, so a copy that fails halfway is removed with it.
        (staged.sha256, staged.size) = copy_hashing(source, &staged.temp)?;
        Ok(staged)
    }
}

/// A copy waiting under a temporary name; removed when dropped unless [`Staged::place`]d.
#[derive(Debug)]
pub struct Staged {
    temp: PathBuf,
    pub sha256: String,
    pub size: u64,
}

impl Staged {
    /// Renames the copy to `target` (same folder), making it durable.
    pub fn place(self, target: &Path) -> Result<(), Error> {
        std::fs::rename(&self.temp, target).map_err(|e| Error::FileRead {
            path: target.to_path_buf(),
            detail: format!("berkas rilis tidak dapat disimpan: {e}"),
        })?;
        #[cfg(unix)]
        if let Some(dir) = target.parent() {
            // The rename itself survives a power cut only once the folder is written.
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // After `place` the temporary name is gone and this finds nothing.
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// Copies `source` to a new file `target`, flushed to disk; answers its SHA-256 (lowercase
/// hex) and size.
fn copy_hashing(source: &Path, target: &Path) -> Result<(String, u64), Error> {
    let read_error = |e: std::io::Error| Error::FileRead {
        path: source.to_path_buf(),
        detail: e.to_string(),
    };
    let write_error = |e: std::io::Error| Error::FileRead {
        path: target.to_path_buf(),
        detail: format!("salinan berkas rilis tidak dapat ditulis: {e}"),
    };
    let mut input = std::fs::File::open(source).map_err(read_error)?;
    let mut output = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(write_error)?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = input.read(&mut buffer).map_err(read_error)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        output.write_all(&buffer[..read]).map_err(write_error)?;
        size += read as u64;
    }
    output.sync_all().map_err(write_error)?;
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((sha256, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_copy_is_hashed_and_vanishes_unless_placed() {
        let dir = tempfile::tempdir().expect("dir");
        let source = dir.path().join("app.msi");
        std::fs::write(&source, b"abc").expect("write");
        let files = ReleaseFiles::beside(&dir.path().join("hub.sqlite3"));
        let staged = files.stage(&source).expect("staged");
        assert_eq!(
            staged.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(staged.size, 3);
        drop(staged);
        let releases = dir.path().join("releases");
        assert_eq!(std::fs::read_dir(&releases).expect("dir").count(), 0);

        let staged = files.stage(&source).expect("staged");
        let target = files.path(7, "app.msi").expect("path");
        staged.place(&target).expect("placed");
        assert_eq!(target, releases.join("7-app.msi"));
        assert_eq!(std::fs::read(&target).expect("read"), b"abc");
        assert_eq!(std::fs::read_dir(&releases).expect("dir").count(), 1);
    }
}
