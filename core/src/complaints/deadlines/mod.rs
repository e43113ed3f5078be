//! Tenggat: the four deadlines of a complaint, counted in working days as SP4N-LAPOR! does.
//!
//! Deadlines are settings per kind (pengaduan, aspirasi, permintaan informasi) with an
//! optional override per category, because "Bencana" cannot wait five working days while
//! "Pelayanan publik" can. A deadline ends at the end of its WIB day: "1 hari kerja" after
//! a complaint received on Wednesday evening means "by Thursday 23:59", not Thursday at the
//! same minute, which is how staff and citizens read it.
//!
//! The due instants are stored on each complaint (not computed per read) so the inbox can
//! sort and filter 100,000 complaints by an index; they are rewritten on every change of the
//! complaint and by [`recompute_open_deadlines`] after holidays or settings change.
//!
//! The derivation is pure and knows no database: the rules (`rules`), the working days
//! (`medsos_rules::workdays`, shared with the hub) and the due instants, pauses and inbox rank (`derive`). `stored` reads
//! their inputs from the store and writes the derived columns back; `overdue` answers Beranda.

pub(crate) mod derive;
mod overdue;
pub(crate) mod rules;
pub(crate) mod stored;

pub use overdue::{overdue_count, overdue_reminders, OverdueReminder, MAX_OVERDUE_REMINDERS};
pub use rules::{DeadlineKind, DeadlineRule};
pub use stored::{
    category_rule, kind_rule, recompute_open_deadlines, set_category_rule, set_kind_rule,
};
