//! Export of the calendar as iCalendar (RFC 5545), for Google Calendar, Outlook or a
//! colleague's phone.

use super::views::range;
use crate::clock::format_wib_datetime;
use crate::error::{Error, Result};
use icalendar::{Calendar, Component, Event, EventLike};
use time::Duration;

/// How long each post appears in the exported calendar; a slot is a moment, but a
/// zero-length event is hard to see and click in most calendar apps.
const EVENT_MINUTES: i64 = 15;

/// The slots of a WIB date range as an .ics text with CRLF line endings. Each slot's UID is
/// stable ("slot-{id}@medsos-pd"), so importing again updates events instead of
/// duplicating them. Times are written in UTC, which every importer understands.
pub fn to_ics(
    conn: &rusqlite::Connection,
    from_day_wib: &str,
    to_day_wib: &str,
    agency_name: &str,
) -> Result<String> {
    let mut calendar = Calendar::new();
    calendar.name(&format!("Jadwal Medsos {}", agency_name.trim()));
    for slot in range(conn, from_day_wib, to_day_wib)? {
        let start = slot
            .instant()
            .ok_or_else(|| Error::invalid("at", "Waktu jadwal tersimpan tidak terbaca."))?;
        let platform = slot.platform.label();
        let mut description = format!(
            "Status: {}\nWaktu: {}",
            slot.status.label(),
            format_wib_datetime(start)
        );
        if let Some(url) = &slot.post_url {
            description.push_str(&format!("\nTautan: {url}"));
        }
        calendar.push(
            Event::new()
                .uid(&format!("slot-{}@medsos-pd", slot.id))
                .starts(start)
                .ends(start + Duration::minutes(EVENT_MINUTES))
                .summary(&format!("[{platform}] {}", slot.draft_title))
                .description(&description)
                .done(),
        );
    }
    Ok(calendar.done().to_string())
}
