//! `/admin/audit`: the audit log, newest first: when, who, what, to what.

use super::admit;
use crate::state::AppState;
use crate::store::audit::{self, PAGE};
use crate::web::error::WebError;
use crate::web::format;
use crate::web::layout;
use crate::web::session::Officer;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::html;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit", get(page))
}

/// `?sebelum=ID`: the page of entries recorded before entry ID (the "Lebih lama" link).
#[derive(Debug, Deserialize)]
struct Paging {
    sebelum: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(paging): Query<Paging>,
) -> Result<Html<String>, WebError> {
    admit(&officer)?;
    let before = match paging.sebelum.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i64>().ok().filter(|id| *id > 0).ok_or(
            crate::error::Error::Invalid {
                code: "audit.page",
                message: "Halaman log audit tidak dikenal: `sebelum` harus nomor entri.",
            },
        )?),
    };
    // One more than a page, to know whether an older page follows.
    let mut entries = state
        .store
        .run(move |db| db.audit_log_before(before, PAGE + 1))
        .await?;
    let older = (entries.len() > PAGE).then(|| {
        entries.truncate(PAGE);
        entries.last().map(|e| e.id)
    });
    Ok(layout::page(
        "Log audit",
        "/admin/audit",
        &officer,
        html! {
            h1 { "Log audit" }
            p.muted {
                "Perubahan yang dilakukan admin dari dasbor dan dari baris perintah server: PD, "
                "kode pendaftaran, PC dan petugas. Terbaru lebih dulu, " (PAGE) " entri per halaman."
            }
            @if entries.is_empty() {
                p.muted { "Belum ada perubahan yang dicatat." }
            } @else {
                div.table-wrap {
                    table.audit {
                        thead { tr { th { "Waktu" } th { "Petugas" } th { "Tindakan" } th { "Sasaran" } th { "Keterangan" } } }
                        tbody {
                            @for entry in &entries {
                                tr {
                                    td { (format::instant(entry.at)) }
                                    td { (entry.officer) }
                                    td { (audit::label(&entry.action)) }
                                    td { (entry.target) }
                                    td { (entry.detail) }
                                }
                            }
                        }
                    }
                }
            }
            nav.paging aria-label="Halaman log audit" {
                @if before.is_some() {
                    a href="/admin/audit" { "← Terbaru" }
                }
                @if let Some(Some(id)) = older {
                    " "
                    a href={ "/admin/audit?sebelum=" (id) } data-testid="audit-older" { "Lebih lama →" }
                }
            }
        },
    ))
}
