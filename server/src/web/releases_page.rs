//! `/rilis`: the builds of Medsos PD published for the PCs' updater, how many PCs run each
//! version, and every agency's PCs with the version each last named (`X-Medsos-App-Version`),
//! when, and when it last synced. A PC behind the newest release is marked.
//!
//! A PC names its version but not its platform, so "behind" is judged against the newest
//! release of every platform that has one (the oldest of those newest versions): a PC marked
//! is behind whichever platform it runs on.

use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::clock::show_wib;
use crate::state::AppState;
use crate::store::releases::{PcVersion, Release};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use semver::Version;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new().route("/rilis", get(page))
}

/// How many characters of a SHA-256 the table shows; the whole hash is in the cell's title.
const SHORT_SHA: usize = 12;

struct Data {
    releases: Vec<Release>,
    pcs: Vec<PcVersion>,
}

async fn page(State(state): State<AppState>, officer: Officer) -> Result<Response, WebError> {
    let data = state
        .store
        .run(|db| {
            let releases = db.releases();
            Ok(Data {
                releases: releases.releases()?,
                pcs: releases.pc_versions()?,
            })
        })
        .await?;
    Ok(layout::page("Rilis aplikasi", "/rilis", &officer, render(&data)).into_response())
}

/// The version a PC must have reached not to be marked: the oldest of the platforms' newest
/// releases (see the module doc). `None` without releases.
fn current_floor(releases: &[Release]) -> Option<Version> {
    let mut newest: BTreeMap<(&str, &str), &Version> = BTreeMap::new();
    for release in releases {
        let entry = newest
            .entry((release.target.as_str(), release.arch.as_str()))
            .or_insert(&release.version);
        if release.version > **entry {
            *entry = &release.version;
        }
    }
    newest.into_values().min().cloned()
}

/// Whether the PC runs a version older than `floor` (one it named that is not semver counts
/// as older: the hub records only semver, so this is a store edited by hand).
fn behind(pc: &PcVersion, floor: Option<&Version>) -> bool {
    match (pc.app_version.as_deref(), floor) {
        (Some(version), Some(floor)) => Version::parse(version).map_or(true, |v| v < *floor),
        _ => false,
    }
}

fn render(data: &Data) -> Markup {
    let floor = current_floor(&data.releases);
    html! {
        h1 { "Rilis aplikasi Medsos PD" }
        p.muted {
            "PC PD memeriksa rilis baru lewat pembaruan otomatis dan melaporkan versinya setiap sinkron. "
            "Rilis diterbitkan di komputer hub dengan "
            code { "medsos-hub release add" } "."
        }
        (releases_section(&data.releases))
        (summary_section(&data.pcs, floor.as_ref()))
        (agencies_section(&data.pcs, floor.as_ref()))
    }
}

fn releases_section(releases: &[Release]) -> Markup {
    html! {
        section #rilis {
            h2 { "Rilis yang diterbitkan (" (releases.len()) ")" }
            @if releases.is_empty() {
                p.muted { "Belum ada rilis yang diterbitkan." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.releases {
                        thead {
                            tr {
                                th { "Versi" } th { "Platform" } th { "Diterbitkan" } th.num { "Ukuran" }
                                th { "Catatan" } th { "SHA-256" }
                            }
                        }
                        tbody {
                            @for release in releases {
                                tr {
                                    td { strong { (release.version) } }
                                    td { (release.target) "-" (release.arch) }
                                    td.when { (show_wib(release.published_at)) }
                                    td.num { (format::bytes(release.size)) }
                                    td.notes {
                                        @if release.notes.is_empty() { span.muted { "–" } }
                                        @else { (release.notes) }
                                    }
                                    td { code title=(release.sha256) { (release.sha256.chars().take(SHORT_SHA).collect::<String>()) "…" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn summary_section(pcs: &[PcVersion], floor: Option<&Version>) -> Markup {
    let active: Vec<&PcVersion> = pcs.iter().filter(|pc| !pc.revoked).collect();
    let mut by_version: BTreeMap<Option<Version>, (String, i64)> = BTreeMap::new();
    let mut unparsed = 0i64;
    for pc in &active {
        match pc.app_version.as_deref() {
            Some(text) => match Version::parse(text) {
                Ok(v) => by_version.entry(Some(v)).or_insert((text.to_owned(), 0)).1 += 1,
                Err(_) => unparsed += 1,
            },
            None => by_version.entry(None).or_insert((String::new(), 0)).1 += 1,
        }
    }
    let behind_count = active.iter().filter(|pc| behind(pc, floor)).count();
    html! {
        section #ringkasan {
            h2 { "Versi di PC aktif (" (active.len()) " PC)" }
            @if active.is_empty() {
                p.muted { "Belum ada PC terdaftar." }
            } @else {
                ul.tiles {
                    // Newest version first, PCs that have not reported last.
                    @for (version, (text, count)) in by_version.iter().rev() {
                        @match version {
                            Some(v) => {
                                li.warn[floor.is_some_and(|f| v < f)] {
                                    strong { (format::number(*count)) " PC" } "versi " (text)
                                }
                            }
                            None => {
                                li { strong { (format::number(*count)) " PC" } "belum melapor" }
                            }
                        }
                    }
                    @if unparsed > 0 {
                        li { strong { (format::number(unparsed)) " PC" } "versi tak terbaca" }
                    }
                }
                @if let Some(floor) = floor {
                    @if behind_count > 0 {
                        p { strong { (behind_count) " PC aktif" } " memakai versi lebih lama dari rilis terbaru (" (floor) "); ditandai di tabel bawah." }
                    } @else {
                        p.muted { "Semua PC yang sudah melapor memakai rilis terbaru (" (floor) ") atau lebih baru." }
                    }
                }
            }
        }
    }
}

fn agencies_section(pcs: &[PcVersion], floor: Option<&Version>) -> Markup {
    let mut agencies: Vec<(&str, &str, Vec<&PcVersion>)> = Vec::new();
    for pc in pcs {
        match agencies.last_mut() {
            Some((code, _, list)) if *code == pc.agency_code => list.push(pc),
            _ => agencies.push((pc.agency_code.as_str(), pc.agency_name.as_str(), vec![pc])),
        }
    }
    html! {
        section #pc {
            h2 { "PC per PD" }
            @if agencies.is_empty() {
                p.muted { "Belum ada PC terdaftar." }
            }
            @for (code, name, list) in &agencies {
                section.agency-pcs {
                    h3 { a href={ "/pd/" (code) } { (name) } " " small { (code) } }
                    div.table-wrap tabindex="0" {
                        table.pc-versions {
                            thead {
                                tr { th { "PC" } th { "Versi aplikasi" } th { "Dilaporkan" } th { "Terakhir sinkron" } }
                            }
                            tbody {
                                @for pc in list {
                                    @let old = !pc.revoked && behind(pc, floor);
                                    tr.revoked[pc.revoked].behind[old] {
                                        td {
                                            (pc.device_name)
                                            @if pc.revoked { " " span.badge { "dicabut" } }
                                        }
                                        td {
                                            @match &pc.app_version {
                                                Some(version) => {
                                                    strong { (version) }
                                                    @if old { " " span.badge.warn { "versi lama" } }
                                                }
                                                None => { span.muted { "belum melapor" } }
                                            }
                                        }
                                        td.when { (pc.reported_at.map(show_wib).unwrap_or_else(|| "–".to_owned())) }
                                        td.when { (format::instant(pc.last_seen)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
