//! Kalender: when each approved draft goes out on Instagram and Facebook, the civic days an
//! agency posts greetings for, the reminders that keep the admin on time, and .ics export.
//!
//! A slot (jadwal tayang) is one planned post of one draft on one platform. Instants are
//! stored in UTC; everything the admin types or reads is WIB (see [`wib`]).

mod civic;
mod holidays;
mod ics;
mod publish;
mod reminders;
mod slots;
mod targets;
mod views;
pub mod wib;

pub use civic::{civic_days, CivicDay, CivicKind};
pub use holidays::{import_holidays_csv, is_working_day, replace_holidays};
pub use ics::to_ics;
pub use publish::{mark_published, publish, PublishInput};
pub use reminders::{dismiss, due_reminders, Reminder, ReminderKind, MISSED_REMINDER_DAYS};
pub use slots::{
    cancel, get, move_to_day, move_to_time, reschedule, schedule, ScheduleOutcome, Slot, SlotStatus,
};
pub use targets::{
    set_settings, settings, week_progress, CalendarSettings, PlatformProgress, WeekProgress,
    DEFAULT_LEAD_MINUTES, DEFAULT_WEEKLY_TARGET, MAX_LEAD_MINUTES, MAX_WEEKLY_TARGET,
};
pub use views::{for_draft, mark_missed, range};

#[cfg(test)]
#[path = "publish_tests.rs"]
mod publish_tests;
#[cfg(test)]
mod tests;
