//! `/arahan`: Diskominfo's content briefs, how many of the agencies they are for have answered
//! them, and the form that publishes a new one with its attachments; `/arahan/{id}`: one brief
//! with its files and, per agency, the posts that answered it.

use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::brief::{
    self, sanitise_file_name, AttachmentKind, NewBrief, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES,
};
use crate::clock::{from_stored, parse_day, show_wib, today_wib};
use crate::error::Error;
use crate::region::Scope;
use crate::state::AppState;
use crate::store::briefs::{AgencyChoice, BriefDetail, BriefSummary, NewAttachment};
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use std::collections::BTreeSet;
use std::collections::HashMap;

/// The largest brief form read: five files of 5 MB and the text, with room for the
/// multipart framing.
pub const FORM_LIMIT_BYTES: usize = 30 * 1024 * 1024;

/// At most this many briefs are listed, newest first.
const LISTED: usize = 300;

/// A text field of the form is read up to this many bytes (the body allows 5,000 characters).
const TEXT_FIELD_BYTES: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/arahan",
            get(page)
                .post(create)
                .layer(DefaultBodyLimit::max(FORM_LIMIT_BYTES)),
        )
        .route("/arahan/{id}", get(detail))
        .route("/arahan/{id}/lampiran/{attachment}", get(attachment))
}

/// What the officer typed into the form, kept to show it again when it is refused. Files are
/// never kept: a browser cannot be given them back.
#[derive(Debug, Clone, Default)]
struct Draft {
    title: String,
    from: String,
    to: String,
    programme: String,
    body: String,
    /// Addressed only to `chosen` rather than to every agency.
    choose: bool,
    chosen: BTreeSet<i64>,
}

async fn page(State(state): State<AppState>, officer: Officer) -> Result<Response, WebError> {
    render(&state, &officer, &Draft::default(), None, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    officer: &Officer,
    draft: &Draft,
    problem: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let scope = officer.scope.clone();
    let (list, agencies) = state
        .store
        .run(move |db| {
            let list = db.briefs(LISTED)?;
            let choices = db.brief_agency_choices()?;
            let Scope::Within(_) = scope else {
                return Ok((list, choices));
            };
            // An officer of one region sees the briefs addressed to its agencies, counted
            // over its agencies only, and addresses only its agencies.
            let regions = agency_regions(db)?;
            let ours = |id: &i64| regions.get(id).is_some_and(|r| scope.covers(r));
            let mut shown = Vec::new();
            for summary in list {
                if let Some(detail) = db.brief_detail(summary.id)? {
                    if let Some(scoped) = scoped_detail(detail, &ours) {
                        shown.push(scoped.summary);
                    }
                }
            }
            let choices = choices.into_iter().filter(|c| ours(&c.id)).collect();
            Ok((shown, choices))
        })
        .await?;
    let today = today_wib(state.clock.now());
    let page = layout::page(
        "Arahan konten",
        "/arahan",
        officer,
        html! {
            h1 { "Arahan konten" }
            p.muted {
                "Arahan dikirim ke PC PD pada sinkron berikutnya. Cakupan: berapa PD sasaran (yang tidak dicabut) "
                "sudah melaporkan sedikitnya satu unggahan untuk arahan itu."
            }
            (table(&list, today))
            (form(officer, draft, &agencies, problem))
        },
    );
    Ok((status, page).into_response())
}

/// Every agency's region by id.
fn agency_regions(
    db: &dyn crate::store::HubStore,
) -> Result<HashMap<i64, String>, crate::error::Error> {
    Ok(db
        .agencies()?
        .into_iter()
        .map(|a| (a.id, a.region))
        .collect())
}

/// The brief as an officer of one region sees it: only when it addresses one of the region's
/// agencies (or every agency), with its coverage counted over the region's agencies.
fn scoped_detail(mut detail: BriefDetail, ours: &dyn Fn(&i64) -> bool) -> Option<BriefDetail> {
    let summary = &mut detail.summary;
    if !summary.targets.is_empty() {
        summary.targets.retain(|t| ours(&t.id));
        if summary.targets.is_empty() {
            return None;
        }
    }
    detail.coverage.retain(|c| ours(&c.agency.id));
    if summary.targets.is_empty() && detail.coverage.is_empty() {
        return None;
    }
    summary.addressed = detail.coverage.len();
    summary.fulfilled = detail
        .coverage
        .iter()
        .filter(|c| !c.posts.is_empty())
        .count();
    Some(detail)
}

fn period(from: &str, to: &str) -> String {
    match (parse_day(from), parse_day(to)) {
        (Some(from), Some(to)) if from == to => format::day(from),
        (Some(from), Some(to)) => format!("{} – {}", format::day(from), format::day(to)),
        _ => format!("{from} – {to}"),
    }
}

/// Running, coming or ended, as of `today` (WIB).
fn phase(from: &str, to: &str, today: time::Date) -> Markup {
    let (Some(from), Some(to)) = (parse_day(from), parse_day(to)) else {
        return html! {};
    };
    html! {
        @if today < from {
            span.badge { "akan datang" }
        } @else if today > to {
            span.badge { "selesai" }
        } @else {
            span.badge.ok { "berjalan" }
        }
    }
}

fn target_text(targets: &[AgencyChoice]) -> Markup {
    const SHOWN: usize = 5;
    html! {
        @if targets.is_empty() {
            "Semua PD"
        } @else {
            (targets.len()) " PD: "
            @for (i, agency) in targets.iter().take(SHOWN).enumerate() {
                @if i > 0 { ", " }
                abbr title=(agency.name) { (agency.code) }
            }
            @if targets.len() > SHOWN {
                " dan " (targets.len() - SHOWN) " lainnya"
            }
        }
    }
}

fn coverage(summary: &BriefSummary) -> Markup {
    html! {
        span.coverage {
            (summary.fulfilled) " dari " (summary.addressed) " PD"
            @if summary.addressed > 0 {
                " "
                progress max=(summary.addressed) value=(summary.fulfilled)
                    aria-label={ (summary.fulfilled) " dari " (summary.addressed) " PD sudah melaksanakan" } {
                    (format::percent(Some(summary.fulfilled as f64 / summary.addressed as f64)))
                }
            }
        }
    }
}

fn table(list: &[BriefSummary], today: time::Date) -> Markup {
    html! {
        h2 { "Daftar arahan" }
        @if list.is_empty() {
            p.muted { "Belum ada arahan konten." }
        } @else {
            div.table-wrap tabindex="0" {
                table.briefs {
                    thead {
                        tr {
                            th { "Judul" }
                            th { "Periode" }
                            th { "Program / tagar" }
                            th { "Sasaran" }
                            th.num { "Lampiran" }
                            th { "Cakupan" }
                        }
                    }
                    tbody {
                        @for brief in list {
                            tr {
                                td.name { a href={ "/arahan/" (brief.id) } { (brief.title) } }
                                td { (period(&brief.from_day, &brief.to_day)) " " (phase(&brief.from_day, &brief.to_day, today)) }
                                td { (brief.programme) }
                                td { (target_text(&brief.targets)) }
                                td.num { (brief.attachments) }
                                td { (coverage(brief)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn form(
    officer: &Officer,
    draft: &Draft,
    agencies: &[AgencyChoice],
    problem: Option<&str>,
) -> Markup {
    html! {
        section.card.brief-form #baru {
            h2 { "Buat arahan baru" }
            @if let Some(problem) = problem {
                p.error role="alert" { (problem) }
            }
            form method="post" action="/arahan" enctype="multipart/form-data" {
                // First, so the hub can refuse a forged form before it reads any file.
                (layout::csrf_field(officer))
                label.wide { "Judul"
                    input name="judul" required maxlength="200" value=(draft.title);
                }
                div.row {
                    label { "Dari" input type="date" name="dari" required value=(draft.from); }
                    label { "Sampai" input type="date" name="sampai" required value=(draft.to); }
                    label { "Program / tagar" input name="program" maxlength="100" placeholder="#CianjurManjur" value=(draft.programme); }
                }
                label.wide { "Isi arahan"
                    textarea name="isi" required rows="6" maxlength="5000" { (draft.body) }
                }
                fieldset.targets {
                    legend { "Sasaran" }
                    label.inline { input type="radio" name="sasaran" value="semua" checked[!draft.choose]; " Semua PD" }
                    label.inline { input type="radio" name="sasaran" value="pilih" checked[draft.choose]; " PD tertentu:" }
                    @if agencies.is_empty() {
                        p.muted { "Belum ada PD terdaftar." }
                    } @else {
                        div.agency-choices {
                            @for agency in agencies {
                                label.inline {
                                    input type="checkbox" name="pd" value=(agency.id) checked[draft.chosen.contains(&agency.id)];
                                    " " (agency.name) " " small { (agency.code) }
                                }
                            }
                        }
                    }
                }
                label.wide { "Lampiran (paling banyak " (MAX_ATTACHMENTS) " berkas, masing-masing paling besar 5 MB: PNG, JPEG, WebP, PDF, MP4)"
                    input type="file" name="lampiran" multiple
                        accept=".png,.jpg,.jpeg,.webp,.pdf,.mp4,image/png,image/jpeg,image/webp,application/pdf,video/mp4";
                }
                @if problem.is_some() {
                    p.muted { "Berkas lampiran perlu dipilih lagi." }
                }
                button type="submit" { "Terbitkan arahan" }
            }
        }
    }
}

/// Why a submitted form is not saved.
enum Refusal {
    /// Forged or stale: no valid CSRF token before the files.
    Forbidden,
    /// Shown above the form again, with what was typed.
    Problem(String, StatusCode),
}

impl From<MultipartError> for Refusal {
    fn from(error: MultipartError) -> Self {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::Problem(
                format!(
                    "Kiriman terlalu besar: paling banyak {MAX_ATTACHMENTS} lampiran, masing-masing 5 MB."
                ),
                StatusCode::PAYLOAD_TOO_LARGE,
            )
        } else {
            Refusal::Problem(
                "Formulir tidak terbaca utuh. Coba kirim lagi.".to_owned(),
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

/// Keeps the first problem found; later ones would only repeat the officer's work.
fn note(refusal: Refusal, first: &mut Option<Refusal>) {
    if first.is_none() {
        *first = Some(refusal);
    }
}

fn problem(message: impl Into<String>) -> Refusal {
    Refusal::Problem(message.into(), StatusCode::UNPROCESSABLE_ENTITY)
}

/// Reads at most `limit` bytes of a field; `None` when it holds more (the rest is left unread
/// and skipped by the next field).
async fn read_limited(
    field: &mut Field<'_>,
    limit: usize,
) -> Result<Option<Vec<u8>>, MultipartError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await? {
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

async fn read_text(field: &mut Field<'_>) -> Result<String, Refusal> {
    let bytes = read_limited(field, TEXT_FIELD_BYTES)
        .await?
        .ok_or_else(|| problem("Isian terlalu panjang."))?;
    String::from_utf8(bytes).map_err(|_| problem("Isian bukan teks UTF-8."))
}

/// Reads the form into `draft` and the checked files. The CSRF token must come before any
/// file; a problem with a file is reported after the rest of the form is read, so what was
/// typed can be shown again.
async fn read_form(
    multipart: &mut Multipart,
    officer: &Officer,
    draft: &mut Draft,
) -> Result<Vec<NewAttachment>, Refusal> {
    let mut csrf_ok = false;
    let mut files = Vec::new();
    let mut first_problem: Option<Refusal> = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                note(error.into(), &mut first_problem);
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "lampiran" {
            if !csrf_ok {
                return Err(Refusal::Forbidden);
            }
            let uploaded = field.file_name().unwrap_or_default().to_owned();
            let bytes = match read_limited(&mut field, MAX_ATTACHMENT_BYTES).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    note(error.into(), &mut first_problem);
                    break;
                }
            };
            let shown = uploaded.chars().take(80).collect::<String>();
            let Some(bytes) = bytes else {
                note(
                    problem(format!("Lampiran {shown} lebih besar dari 5 MB.")),
                    &mut first_problem,
                );
                continue;
            };
            if uploaded.is_empty() && bytes.is_empty() {
                // The file input left empty.
                continue;
            }
            if files.len() == MAX_ATTACHMENTS {
                note(
                    problem(format!("Paling banyak {MAX_ATTACHMENTS} lampiran.")),
                    &mut first_problem,
                );
                continue;
            }
            let Some(kind) = AttachmentKind::detect(&bytes) else {
                note(
                    problem(format!(
                        "Lampiran {shown} bukan PNG, JPEG, WebP, PDF, atau MP4 (dilihat dari isinya, bukan dari namanya)."
                    )),
                    &mut first_problem,
                );
                continue;
            };
            files.push(NewAttachment {
                file_name: sanitise_file_name(&uploaded, kind),
                content_type: kind.content_type().to_owned(),
                bytes,
            });
            continue;
        }
        let text = match read_text(&mut field).await {
            Ok(text) => text,
            Err(refusal) => {
                note(refusal, &mut first_problem);
                continue;
            }
        };
        match name.as_str() {
            "csrf" => {
                officer.check_csrf(&text).map_err(|_| Refusal::Forbidden)?;
                csrf_ok = true;
            }
            "judul" => draft.title = text,
            "dari" => draft.from = text,
            "sampai" => draft.to = text,
            "program" => draft.programme = text,
            "isi" => draft.body = text,
            "sasaran" => draft.choose = text == "pilih",
            "pd" => match text.trim().parse::<i64>() {
                Ok(id) => {
                    draft.chosen.insert(id);
                }
                Err(_) => note(
                    problem("Pilihan PD tidak dikenal. Muat ulang halaman lalu pilih lagi."),
                    &mut first_problem,
                ),
            },
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(Refusal::Forbidden);
    }
    match first_problem {
        Some(refusal) => Err(refusal),
        None => Ok(files),
    }
}

async fn create(
    State(state): State<AppState>,
    officer: Officer,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let mut multipart = multipart.map_err(|_| {
        WebError::Invalid("Formulir harus dikirim sebagai multipart/form-data.".to_owned())
    })?;
    let mut draft = Draft::default();
    let files = match read_form(&mut multipart, &officer, &mut draft).await {
        Ok(files) => files,
        Err(Refusal::Forbidden) => return Err(WebError::Forbidden),
        Err(Refusal::Problem(message, status)) => {
            return render(&state, &officer, &draft, Some(&message), status).await;
        }
    };
    let brief = match NewBrief::parse(
        &draft.title,
        &draft.body,
        &draft.programme,
        &draft.from,
        &draft.to,
    ) {
        Ok(brief) => brief,
        Err(error) => return refuse(&state, &officer, &draft, error).await,
    };
    if draft.choose && draft.chosen.is_empty() {
        let message = "Pilih sedikitnya satu PD sasaran, atau pilih Semua PD.";
        return render(
            &state,
            &officer,
            &draft,
            Some(message),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let chosen: Vec<i64> = if draft.choose {
        draft.chosen.iter().copied().collect()
    } else {
        Vec::new()
    };
    let now = state.clock.now();
    let scope = officer.scope.clone();
    let saved = state
        .store
        .run(move |db| {
            let targets = match &scope {
                Scope::All => chosen,
                // "Every agency" from an officer of one region is every agency of the region.
                Scope::Within(region) => {
                    let regions = agency_regions(db)?;
                    let ours = |id: &i64| regions.get(id).is_some_and(|r| scope.covers(r));
                    if chosen.is_empty() {
                        let all: Vec<i64> = db
                            .brief_agency_choices()?
                            .into_iter()
                            .map(|c| c.id)
                            .filter(|id| ours(id))
                            .collect();
                        if all.is_empty() {
                            return Err(crate::error::Error::Rejected {
                                code: "brief.no_agency",
                                message: format!(
                                    "Belum ada PD di wilayah {}. Arahan belum dapat dikirim.",
                                    region.as_str()
                                ),
                            });
                        }
                        all
                    } else if chosen.iter().all(ours) {
                        chosen
                    } else {
                        return Err(crate::error::Error::Rejected {
                            code: "brief.out_of_scope",
                            message: "Ada PD sasaran di luar wilayah Anda. Muat ulang halaman lalu pilih lagi.".to_owned(),
                        });
                    }
                }
            };
            db.create_brief(&brief, &targets, &files, now)
        })
        .await;
    match saved {
        Ok(id) => {
            tracing::info!(brief = id, officer = officer.user_id, "brief published");
            Ok((StatusCode::SEE_OTHER, [(LOCATION, format!("/arahan/{id}"))]).into_response())
        }
        Err(error) => refuse(&state, &officer, &draft, error).await,
    }
}

/// The form again with the officer's mistake, or the error page for a failure inside.
async fn refuse(
    state: &AppState,
    officer: &Officer,
    draft: &Draft,
    error: Error,
) -> Result<Response, WebError> {
    if error.status().is_server_error() {
        return Err(WebError::Internal(error));
    }
    let message = error.to_string();
    render(
        state,
        officer,
        draft,
        Some(&message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

fn parse_id(text: &str) -> Result<i64, WebError> {
    text.parse().map_err(|_| WebError::NotFound)
}

async fn detail(
    State(state): State<AppState>,
    officer: Officer,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let id = parse_id(&id)?;
    let scope = officer.scope.clone();
    let found = state
        .store
        .run(move |db| visible_detail(db, id, &scope))
        .await?
        .ok_or(WebError::NotFound)?;
    let today = today_wib(state.clock.now());
    Ok(layout::page(
        &found.summary.title,
        "/arahan",
        &officer,
        detail_content(&found, today),
    ))
}

/// The brief as the officer's scope sees it, or `None` when it is not theirs to see.
fn visible_detail(
    db: &dyn crate::store::HubStore,
    id: i64,
    scope: &Scope,
) -> Result<Option<BriefDetail>, crate::error::Error> {
    let Some(detail) = db.brief_detail(id)? else {
        return Ok(None);
    };
    if *scope == Scope::All {
        return Ok(Some(detail));
    }
    let regions = agency_regions(db)?;
    Ok(scoped_detail(detail, &|id: &i64| {
        regions.get(id).is_some_and(|r| scope.covers(r))
    }))
}

/// Only addresses on the web are made links; anything else is shown as text.
fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    }
}

fn detail_content(brief: &BriefDetail, today: time::Date) -> Markup {
    let summary = &brief.summary;
    html! {
        p { a href="/arahan" { "← Semua arahan" } }
        h1 { (summary.title) }
        p.period-label {
            (period(&summary.from_day, &summary.to_day)) " " (phase(&summary.from_day, &summary.to_day, today))
            @if !summary.programme.is_empty() { " · " (summary.programme) }
            " · Sasaran: " (target_text(&summary.targets))
            @if let Some(at) = from_stored(&brief.created_at) { " · Diterbitkan " (show_wib(at)) }
        }
        // Text with its line breaks kept by the stylesheet; never read as HTML.
        div.card.brief-body { (brief.body) }
        h2 { "Lampiran" }
        @if brief.attachments.is_empty() {
            p.muted { "Tidak ada lampiran." }
        } @else {
            ul.attachments {
                @for file in &brief.attachments {
                    li {
                        a href={ "/arahan/" (summary.id) "/lampiran/" (file.id) } download { (file.file_name) }
                        " " small { (file.content_type) ", " (size(file.size_bytes)) }
                    }
                }
            }
        }
        h2 { "Cakupan: " (coverage(summary)) }
        @if brief.coverage.is_empty() {
            p.muted { "Tidak ada PD sasaran yang aktif." }
        } @else {
            div.table-wrap tabindex="0" {
                table.coverage {
                    thead { tr { th { "Perangkat Daerah" } th { "Status" } th { "Unggahan yang dilaporkan" } } }
                    tbody {
                        @for row in &brief.coverage {
                            tr {
                                td.name { (row.agency.name) " " small { (row.agency.code) } }
                                td {
                                    @if row.posts.is_empty() {
                                        span.badge.warn { "belum" }
                                    } @else {
                                        span.badge.ok { "sudah" }
                                    }
                                }
                                td {
                                    @if row.posts.is_empty() {
                                        span.muted { "–" }
                                    } @else {
                                        ul.posts {
                                            @for post in &row.posts {
                                                li {
                                                    (post.platform) ", " (post.day) ": "
                                                    @if is_web_address(&post.url) {
                                                        a href=(post.url) rel="noopener noreferrer" target="_blank" { (post.url) }
                                                    } @else {
                                                        code { (post.url) }
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
            }
        }
    }
}

async fn attachment(
    State(state): State<AppState>,
    officer: Officer,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (id, attachment) = (parse_id(&id)?, parse_id(&attachment)?);
    let scope = officer.scope.clone();
    let file = state
        .store
        .run(move |db| {
            if visible_detail(db, id, &scope)?.is_none() {
                return Ok(None);
            }
            db.brief_attachment_file(id, attachment, None)
        })
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(brief::download(file))
}
