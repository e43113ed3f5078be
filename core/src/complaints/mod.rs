//! Aduan: complaints from citizens in the shape of SP4N-LAPOR!, with deadlines in working
//! days, a reply log, forwarding, search, and the personal-data rules of UU PDP 27/2022.

mod actor;
pub mod categories;
pub mod deadlines;
pub mod io;
mod kind;
pub mod model;
pub mod privacy;
pub mod replies;
pub mod search;
pub mod status;
mod workflow;

pub use categories::Category;
pub use deadlines::{
    category_rule, kind_rule, overdue_count, overdue_reminders, recompute_open_deadlines,
    set_category_rule, set_kind_rule, DeadlineKind, DeadlineRule, OverdueReminder,
    MAX_OVERDUE_REMINDERS,
};
pub use model::{
    attach, attachments, complaint_number, create, detach, get, insert_many, kecamatan_name,
    validate, Channel, Complaint, ComplaintFilter, ComplaintInput, ComplaintKind, ComplaintPage,
    ComplaintSummary, Deadline, LUAR_CIANJUR, MAX_BODY_CHARS,
};
pub use privacy::{
    apply_retention, apply_retention_step, audit, audit_log, mask_contact, mask_name, mask_text,
    purge_erased_data, retention_preview, retention_years, set_retention_years, AuditEntry,
    RetentionStep, ERASED_TEXT, RETENTION_STEP,
};
pub use replies::{
    add_reply, create_reply_template, delete_reply_template, fill_reply, replies, reply_templates,
    response_stats, Reply, ReplyKind, ReplyTemplate, ResponseStats,
};
pub use search::list;
pub use status::{events, reclassify, resume, transition, ComplaintEvent, ComplaintStatus};

#[cfg(test)]
mod erase_tests;
#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;
