//! `medsos-hub store copy --from sqlite:PATH --to postgres://…`: moves a hub from its SQLite
//! file to PostgreSQL (see `store::copy` for how), and prints every table's rows on both
//! sides.

use crate::error::Error;
use std::path::PathBuf;
use std::time::Instant;

/// The SQLite file named by `--from` (`sqlite:PATH`; `sqlite://PATH` is taken too).
pub fn parse_from(from: &str) -> Result<PathBuf, Error> {
    let from = from.trim();
    let Some(rest) = from.strip_prefix("sqlite:") else {
        return Err(Error::Invalid {
            code: "store_copy.from",
            message: "--from harus diawali sqlite: lalu jalur berkas hub, mis. \
                      --from sqlite:/var/lib/medsos-hub/hub.sqlite3.",
        });
    };
    let path = rest.strip_prefix("//").unwrap_or(rest);
    if path.is_empty() {
        return Err(Error::Invalid {
            code: "store_copy.from",
            message: "--from tidak menyebut berkas: tulis jalurnya setelah sqlite:, mis. \
                      --from sqlite:/var/lib/medsos-hub/hub.sqlite3.",
        });
    }
    Ok(PathBuf::from(path))
}

/// The PostgreSQL URL named by `--to`.
pub fn parse_to(to: &str) -> Result<&str, Error> {
    let to = to.trim();
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        return Err(Error::Invalid {
            code: "store_copy.to",
            message: "--to harus alamat PostgreSQL yang diawali postgres:// atau \
                      postgresql://, mis. --to postgres://medsos:katasandi@localhost:5432/medsos.",
        });
    }
    Ok(to)
}

/// Copies the hub and says what was copied; the table of counts comes last.
pub fn run(from: &str, to: &str) -> Result<String, Error> {
    let path = parse_from(from)?;
    let url = parse_to(to)?;
    let started = Instant::now();
    let copied = crate::store::copy::sqlite_to_postgres(&path, url)?;
    let seconds = started.elapsed().as_secs_f64();
    let rows: u64 = copied.tables.iter().map(|t| t.postgres).sum();
    let mut out = format!(
        "Hub {} disalin ke PostgreSQL {}: {} tabel, {} baris, dalam {} detik. Isi lama \
         basis data tujuan sudah diganti; jumlah baris tiap tabel sama di kedua sisi.\n",
        path.display(),
        copied.target,
        copied.tables.len(),
        rows,
        format!("{seconds:.1}").replace('.', ",")
    );
    if copied.registry_generation.is_some() {
        out.push_str(
            "Hub yang sudah berjalan di basis data tujuan memuat ulang registri akun resmi \
             dengan sendirinya.\n",
        );
    }
    let header = ["TABEL", "SQLITE", "POSTGRESQL"].map(str::to_owned);
    let table: Vec<[String; 3]> = copied
        .tables
        .iter()
        .map(|t| {
            [
                t.table.clone(),
                t.sqlite.to_string(),
                t.postgres.to_string(),
            ]
        })
        .collect();
    out.push_str(&super::table(&header, &table));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_and_to_are_checked() {
        assert_eq!(
            parse_from("sqlite:/var/lib/hub.sqlite3").expect("path"),
            PathBuf::from("/var/lib/hub.sqlite3")
        );
        assert_eq!(
            parse_from("sqlite:///var/lib/hub.sqlite3").expect("path"),
            PathBuf::from("/var/lib/hub.sqlite3")
        );
        assert_eq!(
            parse_from("sqlite:hub.sqlite3").expect("path"),
            PathBuf::from("hub.sqlite3")
        );
        for bad in ["/var/lib/hub.sqlite3", "sqlite:", "postgres://x/y", ""] {
            assert!(parse_from(bad).is_err(), "{bad}");
        }
        assert!(parse_to("postgres://u:p@h/db").is_ok());
        assert!(parse_to("postgresql://u@h:5432/db").is_ok());
        for bad in ["sqlite:/x", "mysql://h/db", "", "host=localhost dbname=x"] {
            assert!(parse_to(bad).is_err(), "{bad}");
        }
    }
}
