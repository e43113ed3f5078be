//! `medsos-hub meta connect|status`: Diskominfo connects the hub to Meta with its Business
//! portfolio's system-user token and sees which Pages and Instagram accounts belong to which
//! agency.

use crate::clock::{show_wib, Clock, SystemClock};
use crate::error::Error;
use crate::meta::connect::{check_token, discover, match_agencies, to_store};
use crate::meta::graph::{Failure, Graph};
use crate::meta::secret::SecretKey;
use crate::store::meta::Account;
use crate::store::HubStore;
use std::fmt::Write;

/// Where Meta is and which key seals the tokens, from the command's flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub graph_url: String,
    pub key_file: std::path::PathBuf,
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)
}

/// Reads `/me/accounts` with `token`, matches what it reaches to agencies, stores the sealed
/// tokens and returns the same report as [`status`].
pub fn connect(
    db: impl Into<super::Target>,
    token: &str,
    options: &Options,
) -> Result<String, Error> {
    let token = check_token(token)?;
    let store = super::open_target_existing(&db.into())?;
    let key = SecretKey::load_or_create(&options.key_file)?;
    let graph = Graph::new(&options.graph_url);
    let found = runtime()?.block_on(discover(&graph, &token)).map_err(|e| {
        if e.failure == Failure::TokenInvalid {
            Error::Meta {
                message: format!("Meta menolak token ini: {}", e.explain()),
            }
        } else {
            e.into()
        }
    })?;
    let approved = store.listed_accounts()?;
    let matched = match_agencies(&found, &approved);
    let now = SystemClock.now();
    store
        .meta()
        .save_meta_connection(&key.seal(&token), &to_store(&key, &found, &matched), now)?;
    let mut out = format!(
        "Tersambung ke Meta: {} Page dan {} akun Instagram terjangkau.\n",
        found
            .iter()
            .filter(|f| f.platform == medsos_protocol::Platform::Facebook)
            .count(),
        found
            .iter()
            .filter(|f| f.platform == medsos_protocol::Platform::Instagram)
            .count()
    );
    out.push_str(&report(store.as_ref())?);
    Ok(out)
}

/// The connection and the accounts it reaches, by agency; unmatched ones listed apart.
pub fn status(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    report(store.as_ref())
}

fn report(store: &dyn HubStore) -> Result<String, Error> {
    let meta = store.meta();
    let Some(connection) = meta.meta_connection()? else {
        return Ok("Medsos Hub belum tersambung ke Meta. Sambungkan dengan `medsos-hub meta connect --db PATH --token TOKEN`.\n".to_owned());
    };
    let mut out = String::new();
    match &connection.broken_reason {
        Some(reason) => {
            let _ = writeln!(
                out,
                "Sambungan Meta TERPUTUS sejak {}: {reason}",
                connection
                    .broken_at
                    .map(show_wib)
                    .unwrap_or_else(|| "-".to_owned())
            );
            let _ = writeln!(
                out,
                "Publikasi menunggu dan tidak hilang; sambungkan ulang dengan `medsos-hub meta connect`."
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Sambungan Meta: baik (tersambung {}, diperiksa {}).",
                show_wib(connection.connected_at),
                show_wib(connection.checked_at)
            );
        }
    }
    let accounts = meta.meta_accounts()?;
    let (matched, unmatched): (Vec<&Account>, Vec<&Account>) = accounts
        .iter()
        .filter(|a| !a.gone)
        .partition(|a| a.agency.is_some());
    if !matched.is_empty() {
        let rows: Vec<[String; 5]> = matched
            .iter()
            .map(|a| {
                let agency = a.agency.as_ref().expect("partitioned");
                [
                    agency.code.clone(),
                    a.platform.as_str().to_owned(),
                    a.name.clone(),
                    a.meta_id.clone(),
                    a.matched_by.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&super::table(
            &[
                "PD".to_owned(),
                "PLATFORM".to_owned(),
                "AKUN".to_owned(),
                "ID META".to_owned(),
                "DICOCOKKAN".to_owned(),
            ],
            &rows,
        ));
    }
    if unmatched.is_empty() {
        let _ = writeln!(
            out,
            "\nSemua akun yang terjangkau sudah dicocokkan dengan PD."
        );
    } else {
        let _ = writeln!(
            out,
            "\nBelum dicocokkan dengan PD ({}); tetapkan di dasbor, halaman /meta:",
            unmatched.len()
        );
        for account in unmatched {
            let _ = writeln!(
                out,
                "- {} \"{}\" (id {})",
                account.platform.as_str(),
                account.name,
                account.meta_id
            );
        }
    }
    Ok(out)
}

/// `meta pull`: reads followers, post figures and new comments now, and posts queued replies.
pub fn pull(db: impl Into<super::Target>, options: &Options) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let key = SecretKey::load(&options.key_file)?;
    let state = crate::state::AppState::new(
        crate::store::Store::from_boxed(store),
        std::sync::Arc::new(SystemClock),
    )
    .with_meta(crate::meta::MetaSettings {
        graph: Graph::new(&options.graph_url),
        key: Some(key),
        ..crate::meta::MetaSettings::default()
    });
    let (report, comments, replies) = runtime()?.block_on(async {
        let report = crate::meta::insights::pull(&state).await?;
        let comments = crate::meta::comments::pull(&state).await?;
        let replies = crate::meta::comments::send_replies(&state).await?;
        Ok::<_, Error>((report, comments, replies))
    })?;
    let mut out = format!(
        "Dibaca dari Meta: {} akun, {} postingan 30 hari terakhir, {} komentar baru; {} balasan dikirim.\n",
        report.accounts, report.posts, comments.0, replies
    );
    for problem in report.problems.iter().chain(&comments.1) {
        let _ = writeln!(out, "- Masalah: {problem}");
    }
    Ok(out)
}
