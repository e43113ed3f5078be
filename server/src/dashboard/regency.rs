//! (filled in by the dashboard work on this view)
