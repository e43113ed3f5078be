//! What the window and the command line give an import, and what its preview answers.

use crate::complaints::model::{Channel, ComplaintInput, ComplaintKind, ComplaintStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many parsed rows the preview shows.
pub const SAMPLE_ROWS: usize = 20;
/// How many problems the preview lists one by one (the total is always counted).
pub const MAX_LISTED_PROBLEMS: usize = 1_000;
/// The category used when the file has no category column or the cell is empty.
pub const DEFAULT_CATEGORY: &str = crate::complaints::categories::FALLBACK;

/// What a row gets for a field the file does not carry (unmapped column or empty cell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportDefaults {
    /// The channel of rows that do not name theirs: the admin picks it in the import step
    /// (a Google Form is usually one channel). `None` (the command line without
    /// `--channel`): every row must name its channel, and one that does not is a problem.
    pub channel: Option<Channel>,
    pub kind: ComplaintKind,
    /// `None`: the category named [`DEFAULT_CATEGORY`] ("Lainnya").
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
}

impl ImportDefaults {
    /// Defaults for a file from one channel: kind pengaduan, category Lainnya.
    pub fn new(channel: Channel) -> Self {
        ImportDefaults::with_channel(Some(channel))
    }

    /// As [`ImportDefaults::new`]; with `None`, every row must name its own channel.
    pub fn with_channel(channel: Option<Channel>) -> Self {
        ImportDefaults {
            channel,
            kind: ComplaintKind::Pengaduan,
            category_id: None,
        }
    }
}

/// One thing wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowProblem {
    /// The row number the spreadsheet shows (the header is row 1).
    pub row: usize,
    /// The column title in the file, or the field's name when the column is not mapped.
    pub column: String,
    pub message: String,
}

/// A row as it will be saved, for the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    pub row: usize,
    pub input: ComplaintInput,
    pub channel_label: String,
    pub kind_label: String,
    pub category_name: String,
    /// "Cugenang", "Luar Cianjur", or "" when unknown.
    pub kecamatan_name: String,
    /// The status it is saved with: baru, or what a historical sheet's status column says.
    pub status: ComplaintStatus,
    /// When a selesai or diarsipkan row counts as closed, "YYYY-MM-DDTHH:MM" WIB.
    pub closed_at_wib: Option<String>,
}

/// What an import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    /// Data rows in the file (blank rows not counted).
    pub rows_total: usize,
    /// Rows that would be saved as they are.
    pub rows_ok: usize,
    /// Each problem with its row number, in row order; at most [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<RowProblem>,
    /// All problems, including those not listed.
    pub problems_total: usize,
    /// The first [`SAMPLE_ROWS`] good rows as they will be saved.
    pub sample: Vec<PreviewRow>,
}
