//! `/dasbor/ekspor.xlsx` and `/dasbor/ekspor.csv`: the overview's table for the chosen period,
//! one row per agency in rank order, for officers who work on in a spreadsheet.
//!
//! Figures are written as numbers (shares and indicators as 0–100, empty where they do not
//! apply), with the period, the targets and the weights above the table; the XLSX also has a
//! sheet "Bobot" that explains each indicator. Agency names are typed by people, so any text
//! a spreadsheet could take for a formula gets a leading `'` ([`crate::spreadsheet::neutralize`]).

use super::error::WebError;
use super::format;
use super::overview::{load, PeriodQuery};
use super::session::Officer;
use crate::clock::{show_wib, WIB};
use crate::dashboard::{AgencyRow, Overview, Period, INDICATORS};
use crate::error::Error;
use crate::spreadsheet::neutralize;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use time::OffsetDateTime;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dasbor/ekspor.xlsx", get(download_xlsx))
        .route("/dasbor/ekspor.csv", get(download_csv))
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_TYPE: &str = "text/csv; charset=utf-8";

async fn download_xlsx(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    download(&state, &query, &officer, "xlsx").await
}

async fn download_csv(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    download(&state, &query, &officer, "csv").await
}

async fn download(
    state: &AppState,
    query: &PeriodQuery,
    officer: &Officer,
    extension: &'static str,
) -> Result<Response, WebError> {
    // Only the agencies the officer's scope covers (or the one region chosen in it).
    let scope = query.scope(officer)?;
    let (overview, problem) = load(state, query, &scope).await?;
    // The page falls back to this month and says so; a file cannot say so, so it refuses.
    if let Some(problem) = problem {
        return Err(WebError::Invalid(format!(
            "{problem} Pilih periode lagi di dasbor, lalu unduh."
        )));
    }
    let now = state.clock.now();
    let name = file_name(&overview.period, extension);
    let (content_type, bytes) = tokio::task::spawn_blocking(move || {
        if extension == "xlsx" {
            xlsx(&overview, now).map(|b| (XLSX_TYPE, b))
        } else {
            csv(&overview, now).map(|b| (CSV_TYPE, b))
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.into()))??;
    Ok((
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `kinerja-pd-2026-11-01-2026-11-30.xlsx`.
pub fn file_name(period: &Period, extension: &str) -> String {
    format!(
        "kinerja-pd-{}-{}.{extension}",
        period.from_text(),
        period.to_text()
    )
}

/// One cell of the table, before it is written in either format.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Whole(i64),
    /// A share or score from 0 to 100, to one decimal.
    Decimal(f64),
    Instant(OffsetDateTime),
}

/// Column titles and widths (in characters) of the table, in order.
fn columns() -> Vec<(String, f64)> {
    let mut columns: Vec<(String, f64)> = [
        ("Peringkat", 10.0),
        ("Kode PD", 16.0),
        ("Nama PD", 44.0),
        ("Status", 9.0),
        ("IG terbit", 9.0),
        ("IG target", 9.0),
        ("FB terbit", 9.0),
        ("FB target", 9.0),
        ("Tepat jadwal (%)", 10.0),
        ("Aduan diterima", 10.0),
        ("Dijawab tepat waktu", 11.0),
        ("Aduan selesai", 10.0),
        ("Lewat tenggat", 10.0),
        ("Median respons pertama (menit)", 13.0),
        ("Sinkron terakhir (WIB)", 17.0),
        ("Hari kerja tanpa sinkron", 12.0),
        ("Hari melapor", 9.0),
        ("Akun terverifikasi", 12.0),
        ("Akun terdaftar", 10.0),
        ("Skor (0–100)", 9.0),
    ]
    .iter()
    .map(|(title, width)| ((*title).to_owned(), *width))
    .collect();
    for indicator in INDICATORS {
        columns.push((format!("{} (%)", indicator.label()), 13.0));
    }
    columns
}

/// 0–1 as 0–100 with one decimal.
fn percent(share: Option<f64>) -> Cell {
    share.map_or(Cell::Empty, |v| Cell::Decimal((v * 1000.0).round() / 10.0))
}

fn cells(r: &AgencyRow) -> Vec<Cell> {
    let mut cells = vec![
        r.rank.map_or(Cell::Empty, |rank| Cell::Whole(rank as i64)),
        Cell::Text(r.code.clone()),
        Cell::Text(r.name.clone()),
        Cell::Text(if r.revoked { "dicabut" } else { "aktif" }.to_owned()),
        Cell::Whole(r.ig_published),
        Cell::Whole(r.ig_target),
        Cell::Whole(r.fb_published),
        Cell::Whole(r.fb_target),
        percent(r.on_time_share()),
        Cell::Whole(r.received),
        Cell::Whole(r.answered_in_time),
        Cell::Whole(r.resolved),
        Cell::Whole(r.overdue),
        r.median_first_response.map_or(Cell::Empty, Cell::Whole),
        r.last_sync.map_or(Cell::Empty, Cell::Instant),
        r.silent_working_days.map_or(Cell::Empty, Cell::Whole),
        Cell::Whole(r.days_reported),
        Cell::Whole(r.accounts_verified),
        Cell::Whole(r.accounts_total),
        Cell::Decimal(r.score),
    ];
    cells.extend(r.indicators.iter().map(|v| percent(*v)));
    cells
}

const TITLE: &str = "Kinerja Media Sosial Perangkat Daerah — Kabupaten Cianjur";

fn period_text(period: &Period) -> String {
    format!(
        "Periode: {} – {} ({} hari)",
        format::day(period.from),
        format::day(period.to),
        period.days()
    )
}

fn targets_text(overview: &Overview) -> String {
    format!(
        "Target unggahan per minggu: {} Instagram dan {} Facebook; target periode = target mingguan × hari periode ÷ 7, dibulatkan.",
        overview.settings.weekly_target_instagram, overview.settings.weekly_target_facebook
    )
}

const SCORE_TEXT: &str = "Skor = rata-rata berbobot indikator yang berlaku, 0–100. Indikator yang tidak berlaku (kosong, mis. tidak ada aduan) tidak dihitung dan bobotnya dibagi ke indikator lain.";

const RANK_TEXT: &str = "Peringkat: PD aktif menurut skor, skor sama berbagi peringkat; PD yang dicabut tidak diberi peringkat dan tercantum di bawah.";

const SILENT_TEXT: &str = "Hari kerja tanpa sinkron: hari kerja (Senin–Jumat di luar hari libur) setelah hari sinkron terakhir sampai kemarin; kosong bila belum pernah sinkron.";

/// (indicator label, weight, share of the total weight in %, how it is computed).
fn weights(overview: &Overview) -> Vec<(&'static str, u32, f64, &'static str)> {
    let total = overview.settings.weights.total().max(1);
    INDICATORS
        .iter()
        .zip(overview.settings.weights.as_array())
        .map(|(indicator, weight)| {
            let share = (f64::from(weight) * 1000.0 / f64::from(total)).round() / 10.0;
            (indicator.label(), weight, share, indicator.explanation())
        })
        .collect()
}

fn export_error(e: impl std::fmt::Display) -> Error {
    Error::Export(e.to_string())
}

/// The workbook: sheet "Kinerja PD" with the period above a table with a bold, frozen header
/// and a filter; sheet "Bobot" with the weights and how each indicator is computed.
pub fn xlsx(overview: &Overview, now: OffsetDateTime) -> Result<Vec<u8>, Error> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

    let mut workbook = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let note = Format::new().set_font_color("#444444");
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E7EEF7")
        .set_border_bottom(FormatBorder::Thin);
    let whole = Format::new().set_num_format("#,##0");
    let decimal = Format::new().set_num_format("0.0");
    let instant = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let text = Format::new();

    let columns = columns();
    let last_col = (columns.len() - 1) as u16;
    const HEADER_ROW: u32 = 4;
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Kinerja PD").map_err(export_error)?;
        sheet
            .write_string_with_format(0, 0, TITLE, &title)
            .map_err(export_error)?;
        sheet
            .write_string_with_format(1, 0, period_text(&overview.period), &note)
            .map_err(export_error)?;
        sheet
            .write_string_with_format(
                2,
                0,
                format!(
                    "Diunduh {} dari Medsos Hub. Cara skor dihitung: lembar \"Bobot\".",
                    show_wib(now)
                ),
                &note,
            )
            .map_err(export_error)?;
        for (col, (name, width)) in columns.iter().enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(HEADER_ROW, col, name, &header)
                .map_err(export_error)?;
            sheet.set_column_width(col, *width).map_err(export_error)?;
        }
        sheet.set_row_height(HEADER_ROW, 45).map_err(export_error)?;
        let mut row = HEADER_ROW;
        for agency in &overview.rows {
            row += 1;
            for (col, cell) in cells(agency).into_iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(value) => {
                        sheet
                            .write_string_with_format(row, col, neutralize(&value), &text)
                            .map_err(export_error)?;
                    }
                    Cell::Whole(value) => {
                        sheet
                            .write_number_with_format(row, col, value as f64, &whole)
                            .map_err(export_error)?;
                    }
                    Cell::Decimal(value) => {
                        sheet
                            .write_number_with_format(row, col, value, &decimal)
                            .map_err(export_error)?;
                    }
                    Cell::Instant(at) => {
                        let wib = at.to_offset(WIB);
                        let value = ExcelDateTime::from_ymd(
                            wib.year() as u16,
                            u8::from(wib.month()),
                            wib.day(),
                        )
                        .and_then(|d| d.and_hms(u16::from(wib.hour()), wib.minute(), 0))
                        .map_err(export_error)?;
                        sheet
                            .write_datetime_with_format(row, col, value, &instant)
                            .map_err(export_error)?;
                    }
                }
            }
        }
        // Header, rank, code and name stay in view while scrolling either way.
        sheet
            .set_freeze_panes(HEADER_ROW + 1, 3)
            .map_err(export_error)?;
        sheet
            .autofilter(HEADER_ROW, 0, row, last_col)
            .map_err(export_error)?;
        // Printed: landscape, one page wide, the header on every page.
        sheet.set_landscape().set_print_fit_to_pages(1, 0);
        sheet
            .set_repeat_rows(HEADER_ROW, HEADER_ROW)
            .map_err(export_error)?;
    }
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name("Bobot").map_err(export_error)?;
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let top = Format::new().set_align(FormatAlign::Top);
        let top_decimal = Format::new()
            .set_align(FormatAlign::Top)
            .set_num_format("0.0");
        sheet.set_column_width(0, 22).map_err(export_error)?;
        sheet.set_column_width(1, 8).map_err(export_error)?;
        sheet.set_column_width(2, 10).map_err(export_error)?;
        sheet.set_column_width(3, 90).map_err(export_error)?;
        sheet
            .write_string_with_format(0, 0, "Cara skor kinerja dihitung", &title)
            .map_err(export_error)?;
        let notes = [
            period_text(&overview.period),
            SCORE_TEXT.to_owned(),
            targets_text(overview),
            RANK_TEXT.to_owned(),
            SILENT_TEXT.to_owned(),
        ];
        for (i, line) in notes.iter().enumerate() {
            sheet
                .write_string(1 + i as u32, 0, line)
                .map_err(export_error)?;
        }
        let first = 2 + notes.len() as u32;
        for (col, name) in ["Indikator", "Bobot", "Porsi (%)", "Rumus"]
            .iter()
            .enumerate()
        {
            sheet
                .write_string_with_format(first, col as u16, *name, &header)
                .map_err(export_error)?;
        }
        let weights = weights(overview);
        for (i, (label, weight, share, explanation)) in weights.iter().enumerate() {
            let row = first + 1 + i as u32;
            sheet
                .write_string_with_format(row, 0, *label, &top)
                .map_err(export_error)?;
            sheet
                .write_number_with_format(row, 1, f64::from(*weight), &top)
                .map_err(export_error)?;
            sheet
                .write_number_with_format(row, 2, *share, &top_decimal)
                .map_err(export_error)?;
            sheet
                .write_string_with_format(row, 3, *explanation, &wrap)
                .map_err(export_error)?;
        }
        let total_row = first + 1 + weights.len() as u32;
        let bold = Format::new().set_bold();
        sheet
            .write_string_with_format(total_row, 0, "Jumlah bobot", &bold)
            .map_err(export_error)?;
        sheet
            .write_number_with_format(
                total_row,
                1,
                f64::from(overview.settings.weights.total()),
                &bold,
            )
            .map_err(export_error)?;
    }
    workbook.save_to_buffer().map_err(export_error)
}

/// The same table as CSV: UTF-8 with a byte order mark (so Excel reads the names right),
/// comma-separated, decimals with a point, the period and weights in a block above it.
pub fn csv(overview: &Overview, now: OffsetDateTime) -> Result<Vec<u8>, Error> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut block = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    let period = &overview.period;
    let mut weights_line = vec!["Bobot".to_owned()];
    weights_line.extend(
        weights(overview)
            .iter()
            .map(|(label, weight, _, _)| format!("{label} {weight}")),
    );
    let lines: Vec<Vec<String>> = vec![
        vec![TITLE.to_owned()],
        vec!["Periode".to_owned(), period.from_text(), period.to_text()],
        vec!["Diunduh".to_owned(), show_wib(now)],
        vec![
            "Target unggahan per minggu".to_owned(),
            format!("Instagram {}", overview.settings.weekly_target_instagram),
            format!("Facebook {}", overview.settings.weekly_target_facebook),
        ],
        weights_line,
        vec![SCORE_TEXT.to_owned()],
    ];
    for line in lines {
        block
            .write_record(line.iter().map(|c| neutralize(c).into_owned()))
            .map_err(export_error)?;
    }
    block.flush().map_err(export_error)?;
    drop(block);
    out.extend_from_slice(b"\r\n");
    {
        let mut table = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        table
            .write_record(columns().iter().map(|(name, _)| name.as_str()))
            .map_err(export_error)?;
        for agency in &overview.rows {
            let record: Vec<String> = cells(agency)
                .into_iter()
                .map(|cell| match cell {
                    Cell::Empty => String::new(),
                    Cell::Text(value) => neutralize(&value).into_owned(),
                    Cell::Whole(value) => value.to_string(),
                    Cell::Decimal(value) => format!("{value:.1}"),
                    Cell::Instant(at) => show_wib(at).trim_end_matches(" WIB").to_owned(),
                })
                .collect();
            table.write_record(&record).map_err(export_error)?;
        }
        table.flush().map_err(export_error)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{DashboardSettings, Period};
    use calamine::{Data, Reader, Xlsx};
    use time::macros::{date, datetime};

    const NOW: OffsetDateTime = datetime!(2026-11-26 03:00 UTC);

    fn row(code: &str, name: &str, rank: Option<usize>) -> AgencyRow {
        AgencyRow {
            id: 1,
            code: code.to_owned(),
            name: name.to_owned(),
            region: "32.03".to_owned(),
            revoked: rank.is_none(),
            ig_published: 12,
            fb_published: 9,
            ig_missed: 1,
            fb_missed: 0,
            ig_target: 13,
            fb_target: 13,
            received: 1234,
            answered_in_time: 20,
            resolved: 18,
            overdue: 2,
            median_first_response: Some(95),
            days_reported: 26,
            last_sync: Some(datetime!(2026-11-25 10:30 UTC)),
            silent_working_days: Some(0),
            accounts_verified: 1,
            accounts_total: 2,
            indicators: [
                Some(0.8077),
                Some(0.9545),
                Some(0.5),
                None,
                Some(1.0),
                Some(0.5),
                None,
            ],
            score: 74.6,
            rank,
            trend: vec![1, 2, 3],
            meta: None,
        }
    }

    fn overview() -> Overview {
        Overview {
            period: Period::month_of(date!(2026 - 11 - 26)),
            today: date!(2026 - 11 - 26),
            settings: DashboardSettings::default(),
            rows: vec![
                row("DINKES", "=HYPERLINK(\"http://evil\",\"klik\")", Some(1)),
                row("-DISDIK", "Dinas <img src=x onerror=alert(1)> Uji", Some(2)),
                row("BPBD", "Badan Penanggulangan Bencana", None),
            ],
            bucket_days: 1,
        }
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_neutralised() {
        for hostile in ["=1+1", "+62", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(hostile), format!("'{hostile}"));
        }
        for plain in ["Dinas Kesehatan", "DINKES", "KEC.CIANJUR", "1 = 1", ""] {
            assert_eq!(neutralize(plain), plain);
        }
    }

    #[test]
    fn file_names_carry_the_period() {
        let period = Period::month_of(date!(2026 - 11 - 26));
        assert_eq!(
            file_name(&period, "xlsx"),
            "kinerja-pd-2026-11-01-2026-11-30.xlsx"
        );
    }

    #[test]
    fn the_csv_has_a_bom_the_period_and_one_quoted_row_per_agency() {
        let bytes = csv(&overview(), NOW).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert!(text.contains("Periode,2026-11-01,2026-11-30"), "{text}");
        assert!(text.contains("Bobot,Unggahan 30,Tepat jadwal 15"), "{text}");
        let table = text
            .split("\r\n\r\n")
            .nth(1)
            .expect("blank line before the table");
        let mut reader = ::csv::Reader::from_reader(table.as_bytes());
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.len(), 27);
        assert_eq!(&headers[0], "Peringkat");
        let rows: Vec<::csv::StringRecord> =
            reader.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][2], "'=HYPERLINK(\"http://evil\",\"klik\")");
        assert_eq!(&rows[1][1], "'-DISDIK");
        assert_eq!(&rows[1][2], "Dinas <img src=x onerror=alert(1)> Uji");
        assert_eq!(&rows[0][9], "1234");
        assert_eq!(&rows[0][8], "95.5");
        assert_eq!(&rows[0][14], "2026-11-25 17:30");
        assert_eq!(&rows[0][19], "74.6");
        // Resolution does not apply: empty, not 0.
        assert_eq!(&rows[0][23], "");
        assert_eq!(&rows[2][0], "");
        assert_eq!(&rows[2][3], "dicabut");
        // No line of the file starts a formula.
        for line in text.lines() {
            assert!(!line.starts_with(['=', '+', '-', '@']), "{line}");
        }
    }

    #[test]
    fn the_workbook_has_numbers_as_numbers_and_a_weights_sheet() {
        let bytes = xlsx(&overview(), NOW).expect("xlsx");
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("reads back");
        assert_eq!(book.sheet_names(), vec!["Kinerja PD", "Bobot"]);
        let sheet = book.worksheet_range("Kinerja PD").expect("sheet");
        let cell = |row: u32, col: u32| sheet.get_value((row, col)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(4, 0), Data::String("Peringkat".into()));
        assert_eq!(cell(5, 0), Data::Float(1.0));
        assert_eq!(
            cell(5, 2),
            Data::String("'=HYPERLINK(\"http://evil\",\"klik\")".into())
        );
        assert_eq!(cell(5, 9), Data::Float(1234.0));
        assert_eq!(cell(5, 19), Data::Float(74.6));
        assert_eq!(cell(5, 23), Data::Empty);
        assert!(
            matches!(cell(5, 14), Data::DateTime(_)),
            "{:?}",
            cell(5, 14)
        );
        assert_eq!(cell(7, 3), Data::String("dicabut".into()));
        assert_eq!(cell(7, 0), Data::Empty);
        let weights = book.worksheet_range("Bobot").expect("weights");
        let text: Vec<String> = weights.rows().flatten().map(|d| d.to_string()).collect();
        assert!(text.iter().any(|t| t == "Unggahan"), "{text:?}");
        assert!(text.iter().any(|t| t == "30"), "{text:?}");
    }
}
