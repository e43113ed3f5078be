//! Deriving a complaint's due instants, its next deadline and its inbox rank from its rule,
//! the working days and its history. Pure: no database; `stored.rs` reads the inputs
//! and writes what is derived.

use super::rules::{DeadlineKind, DeadlineRule};
use crate::calendar::wib;
use crate::clock::from_stored;
use crate::complaints::kind::ComplaintKind;
use crate::complaints::workflow::ComplaintStatus;
use medsos_rules::workdays::WorkingDays;
use time::{Date, Duration, OffsetDateTime};

/// The inbox rank of complaints with nothing due: this minus the Unix seconds received,
/// so they sort after every open complaint (a due instant before the year 2286 is below
/// 10,000,000,000) and newest first among themselves.
pub(crate) const RANK_CLOSED_BASE: i64 = 20_000_000_000;

/// The WIB day an instant falls on.
pub(crate) fn wib_day(at: OffsetDateTime) -> Date {
    wib::today(at)
}

/// The four due instants of a complaint received at `received`.
pub(crate) fn due_instants(
    received: OffsetDateTime,
    rule: &DeadlineRule,
    days: &WorkingDays,
) -> [OffsetDateTime; 4] {
    let day = wib_day(received);
    DeadlineKind::ALL.map(|kind| {
        let n = rule.days(kind);
        let last = if kind.in_working_days() {
            days.add_working_days(day, n)
        } else {
            day.checked_add(Duration::days(n as i64)).unwrap_or(day)
        };
        wib::day_end(last).unwrap_or_else(|_| wib::day_start(last))
    })
}

/// Which deadlines are met, in [`DeadlineKind::ALL`] order.
pub(crate) type Met = [bool; 4];

/// The earliest unmet deadline of an open complaint; nothing is due once closed or ditunda.
pub(crate) fn next_due(
    status: ComplaintStatus,
    due: &[OffsetDateTime; 4],
    met: &Met,
) -> Option<(DeadlineKind, OffsetDateTime)> {
    if !status.is_open() {
        return None;
    }
    DeadlineKind::ALL
        .into_iter()
        .zip(due.iter().copied())
        .zip(met.iter())
        .filter(|(_, met)| !**met)
        .map(|(pair, _)| pair)
        .min_by_key(|(_, at)| *at)
}

/// The inbox rank; see [`RANK_CLOSED_BASE`].
pub(crate) fn list_rank(next: Option<OffsetDateTime>, received: OffsetDateTime) -> i64 {
    match next {
        Some(at) => at.unix_timestamp(),
        None => RANK_CLOSED_BASE - received.unix_timestamp(),
    }
}

/// The last minute a deadline still counts, as the admin reads it: "2026-12-28T23:59".
pub(crate) fn due_wib(due: OffsetDateTime) -> String {
    wib::format_minute(due - Duration::minutes(1))
}

/// "2 hari kerja lagi", "5 jam lagi", "terlambat 3 hari": how an admin talks about it.
pub(crate) fn time_left_text(
    now: OffsetDateTime,
    due: OffsetDateTime,
    kind: DeadlineKind,
    days: &WorkingDays,
) -> String {
    if now >= due {
        let late = now - due;
        if late < Duration::days(1) {
            let hours = late.whole_hours().max(1);
            return format!("terlambat {hours} jam");
        }
        return format!("terlambat {} hari", late.whole_days());
    }
    let last_day = wib_day(due - Duration::seconds(1));
    let today = wib_day(now);
    if last_day == today {
        let hours = (due - now).whole_hours();
        return if hours < 1 {
            "kurang dari 1 jam lagi".into()
        } else {
            format!("{hours} jam lagi")
        };
    }
    if kind.in_working_days() {
        match days.between(today, last_day) {
            0 => "hari kerja terakhir sudah lewat; selesaikan hari ini".into(),
            n => format!("{n} hari kerja lagi"),
        }
    } else {
        format!("{} hari lagi", (last_day - today).whole_days())
    }
}

/// What a row needs for its deadlines to be derived.
pub(super) struct DeadlineInputs {
    pub(super) id: i64,
    pub(super) received: OffsetDateTime,
    pub(super) kind: ComplaintKind,
    pub(super) category_id: i64,
    pub(super) status: ComplaintStatus,
    pub(super) met_at: [Option<OffsetDateTime>; 4],
}

/// The derived columns of one complaint.
pub(crate) struct Derived {
    pub(crate) due: [OffsetDateTime; 4],
    pub(crate) next: Option<(DeadlineKind, OffsetDateTime)>,
    pub(crate) rank: i64,
}

/// The deadlines of a complaint that was never paused (a new one, an import row).
pub(crate) fn derive(
    received: OffsetDateTime,
    rule: &DeadlineRule,
    status: ComplaintStatus,
    met: &Met,
    days: &WorkingDays,
) -> Derived {
    let due = due_instants(received, rule, days);
    let next = next_due(status, &due, met);
    Derived {
        due,
        next,
        rank: list_rank(next.map(|(_, at)| at), received),
    }
}

/// A stretch a complaint spent ditunda: the instant of the step into ditunda and of the
/// step out of it.
pub(crate) type Pause = (OffsetDateTime, OffsetDateTime);

/// Ditunda stops the clock, as SP4N-LAPOR! does while the agency waits on something outside
/// its hands (a survey, another PD's data): each deadline still unmet when a pause began
/// moves by the working days (the resolution deadline: the calendar days) that pause
/// lasted, counted like the deadlines themselves from the WIB day of pausing to the day of
/// resuming. A deadline met before the pause keeps its date. The pauses come from
/// `complaint_events`, so recomputing after a holiday or settings change gives the same
/// dates as the resume did.
pub(crate) fn shift_for_pauses(
    due: [OffsetDateTime; 4],
    met_at: &[Option<OffsetDateTime>; 4],
    pauses: &[Pause],
    days: &WorkingDays,
) -> [OffsetDateTime; 4] {
    if pauses.is_empty() {
        return due;
    }
    let mut out = due;
    for (i, kind) in DeadlineKind::ALL.into_iter().enumerate() {
        let mut last = wib_day(due[i] - Duration::seconds(1));
        let mut moved = false;
        for (start, end) in pauses {
            if met_at[i].is_some_and(|met| met <= *start) {
                continue;
            }
            let (from, to) = (wib_day(*start), wib_day(*end));
            if kind.in_working_days() {
                let n = days.between(from, to);
                if n > 0 {
                    last = days.add_working_days(last, n as u32);
                    moved = true;
                }
            } else {
                let n = (to - from).whole_days();
                if n > 0 {
                    last = last.checked_add(Duration::days(n)).unwrap_or(last);
                    moved = true;
                }
            }
        }
        if moved {
            out[i] = wib::day_end(last).unwrap_or_else(|_| wib::day_start(last));
        }
    }
    out
}

/// [`derive`] for a complaint with a history: the pauses move its unmet deadlines.
pub(super) fn derive_paused(
    inputs: &DeadlineInputs,
    rule: &DeadlineRule,
    pauses: &[Pause],
    days: &WorkingDays,
) -> Derived {
    let due = shift_for_pauses(
        due_instants(inputs.received, rule, days),
        &inputs.met_at,
        pauses,
        days,
    );
    let met = inputs.met_at.map(|m| m.is_some());
    let next = next_due(inputs.status, &due, &met);
    Derived {
        due,
        next,
        rank: list_rank(next.map(|(_, at)| at), inputs.received),
    }
}

/// Folds one complaint's steps (oldest first) into its completed pauses. A step from
/// ditunda to ditunda (a reclassification while paused) neither starts nor ends one; a
/// pause still running has no end yet and moves nothing (nothing is due while ditunda).
pub(super) fn fold_pauses(
    pauses: &mut Vec<Pause>,
    open: &mut Option<OffsetDateTime>,
    from: Option<&str>,
    to: &str,
    at: &str,
) {
    let Some(at) = from_stored(at) else { return };
    let paused = ComplaintStatus::Ditunda.as_str();
    if to == paused && from != Some(paused) {
        *open = Some(at);
    } else if from == Some(paused) && to != paused {
        if let Some(start) = open.take() {
            pauses.push((start, at));
        }
    }
}
