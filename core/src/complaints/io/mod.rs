//! Bulk import from CSV and XLSX (a Google Form export, an agency's old spreadsheet) and
//! export of a filtered list for the monthly report.
//!
//! The flow the window and the command line share:
//! 1. [`read_table`] turns the file's bytes into a [`Table`] of text cells with the row
//!    numbers a spreadsheet shows;
//! 2. [`guess_mapping`] (or [`mapping_from_json`] for `--mapping FILE`) says which column
//!    feeds which field; the admin may change it;
//! 3. [`preview`] parses every row leniently and lists each bad row with its number;
//! 4. [`commit`] re-checks and writes all rows in one transaction, or nothing.
//!
//! [`export_csv`] and [`export_xlsx`] write the list a `ComplaintFilter` selects.

pub mod export;
pub mod import;
pub mod mapping;
pub mod table;
mod thousands;
pub mod xlsx_guard;

pub use export::{export_csv, export_xlsx, neutralize, write_csv};
pub use import::{commit, preview, ImportDefaults, ImportPreview, PreviewRow, RowProblem};
pub use mapping::{guess_mapping, mapping_from_json, Field, Mapping};
pub use table::{read_csv, read_table, read_table_file, read_xlsx, Table};

#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod hostile_xlsx_tests;
#[cfg(test)]
mod tests;
