//! Writing an exported file (a .docx, an .ics, a spreadsheet) so that it is either all there
//! or not there at all.

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// Writes the bytes to `path` so that the admin never finds a half-written report: they go
/// to a temporary file in the same folder, which then replaces `path` in one rename.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".medsos-ekspor-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|source| Error::Io {
            what: format!(
                "Gagal membuat berkas sementara di folder {}",
                folder.display()
            ),
            source,
        })?;
    // The messages still say "berkas Word" for every file type: unchanged on purpose in the
    // refactoring that gave this function its own module.
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|source| Error::Io {
            what: format!("Gagal menulis berkas Word {}", path.display()),
            source,
        })?;
    // On failure the temporary file is dropped with the error, which deletes it.
    temp.persist(path).map_err(|e| Error::Io {
        what: format!("Gagal menyimpan berkas Word ke {}", path.display()),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp_file() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("kalender.ics");
        std::fs::write(&path, b"versi lama").expect("seed an older export");
        let ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";

        write_file_atomically(&path, ics).expect("write succeeds");

        assert_eq!(std::fs::read(&path).expect("readable"), ics);
        let left: Vec<_> = std::fs::read_dir(folder.path())
            .expect("list folder")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("kalender.ics")]);
    }

    #[test]
    fn into_a_missing_folder_is_an_io_error() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("tidak-ada").join("naskah.docx");
        let err = write_file_atomically(&path, b"isi").expect_err("folder does not exist");
        assert_eq!(err.code(), "io");
        assert!(
            err.to_string()
                .starts_with("Gagal membuat berkas sementara"),
            "{err}"
        );
        assert!(!path.exists());
    }
}
