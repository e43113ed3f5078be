//! Text bound for a spreadsheet (the dashboard's exports, `summaries export`): what a
//! spreadsheet would take for a formula is written as text.

use std::borrow::Cow;

/// Prefixes `'` to text a spreadsheet would otherwise read as a formula or a command
/// (CSV injection): `=`, `+`, `-`, `@`, and a leading tab or carriage return.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}
