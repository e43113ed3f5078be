//! How large one day's summary can be on the wire. The busy-day figure (`a_busy_day_fits_in_4_kb_on_the_wire`)
//! assumes names an agency really uses; this is the largest day the protocol's own limits
//! let through, the figure a request budget has to be set against.

use medsos_protocol::{
    DailySummary, MAX_COUNT, MAX_DAYS_PER_BATCH, MAX_KEY_CHARS, MAX_MAP_ENTRIES, MAX_MINUTES,
    MAX_REVISION,
};
use std::collections::BTreeMap;

/// `MAX_MAP_ENTRIES` distinct names of `MAX_KEY_CHARS` characters, each character four
/// bytes of UTF-8 (the most a character that is not a control character takes in JSON as
/// serde_json writes it), every count at `MAX_COUNT`.
fn largest_map() -> BTreeMap<String, u32> {
    (0..MAX_MAP_ENTRIES)
        .map(|n| {
            let mut name: String = std::iter::repeat_n('𝔸', MAX_KEY_CHARS - 2).collect();
            name.push(char::from_u32(0x1F600 + (n / 64) as u32).expect("emoji"));
            name.push(char::from_u32(0x1F600 + (n % 64) as u32).expect("emoji"));
            (name, MAX_COUNT)
        })
        .collect()
}

fn largest_day() -> DailySummary {
    let mut day = DailySummary::example("2026-07-12", MAX_REVISION);
    let c = &mut day.complaints;
    c.received_by_type = largest_map();
    c.received_by_category = largest_map();
    c.received_by_kecamatan = largest_map();
    c.received_by_channel = largest_map();
    c.answered_within_deadline = MAX_COUNT;
    c.resolved = MAX_COUNT;
    c.overdue = MAX_COUNT;
    c.open_backlog = MAX_COUNT;
    c.median_first_response_minutes = Some(MAX_MINUTES);
    c.median_resolution_minutes = Some(MAX_MINUTES);
    day
}

#[test]
fn the_largest_day_the_protocol_allows_is_about_107_kb() {
    let day = largest_day();
    for map in [
        &day.complaints.received_by_type,
        &day.complaints.received_by_category,
        &day.complaints.received_by_kecamatan,
        &day.complaints.received_by_channel,
    ] {
        assert_eq!(map.len(), MAX_MAP_ENTRIES);
        assert!(map.keys().all(|k| k.chars().count() == MAX_KEY_CHARS));
    }
    let bytes = serde_json::to_vec(&day).expect("serialises").len();
    let batch = bytes * MAX_DAYS_PER_BATCH;
    println!("largest day: {bytes} bytes; {MAX_DAYS_PER_BATCH} such days: {batch} bytes");
    // Four maps of 100 names of 64 four-byte characters: 4 x 100 x (256 + 12) bytes, plus
    // the rest of the day. A 4 KB budget holds for the names agencies use, not for this.
    assert!((100_000..=110_000).contains(&bytes), "{bytes} bytes");
}
