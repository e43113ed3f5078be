//! `/admin/audit`: the audit log, newest first: when, who, what, to what.

use super::admit;
use crate::state::AppState;
use crate::store::audit::{self, PAGE};
use crate::web::error::WebError;
use crate::web::format;
use crate::web::layout;
use crate::web::session::Officer;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::html;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit", get(page))
}

async fn page(State(state): State<AppState>, officer: Officer) -> Result<Html<String>, WebError> {
    admit(&officer)?;
    let entries = state.store.run(|db| db.audit_log(PAGE)).await?;
    Ok(layout::page(
        "Log audit",
        "/admin/audit",
        &officer,
        html! {
            h1 { "Log audit" }
            p.muted {
                "Perubahan yang dilakukan admin dari dasbor: PD, kode pendaftaran, PC dan petugas. "
                "Terbaru lebih dulu; " (PAGE) " entri terakhir ditampilkan."
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
        },
    ))
}
