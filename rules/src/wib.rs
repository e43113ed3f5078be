//! WIB (UTC+7) days and minutes as people type them, and instants as both stores write them.
