//! `/admin/…`: what Diskominfo's admin officers do on the dashboard instead of the terminal:
//! register agencies and hand out enrolment codes ([`agencies`]), manage officers
//! ([`officers`]), and read what every admin did ([`audit`]). The CLI stays, for scripts.
//!
//! Who may: an officer with the `admin` role who sees every region. A pemantau is told the
//! pages are for admins (403); a regionally scoped admin is told they set up the whole hub
//! (403, as the hub's settings). These pages change the hub for everyone (officers of any
//! region, agencies anywhere), so the stricter rule of the two applies to all of them. Every
//! POST goes through the session's Origin check and CSRF token first, and every change is
//! written to the audit log once it succeeded.

mod agencies;
mod audit;
mod officers;

use super::error::WebError;
use super::session::Officer;
use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(agencies::routes())
        .merge(officers::routes())
        .merge(audit::routes())
}

/// Refuses anyone but an admin who sees every region.
fn admit(officer: &Officer) -> Result<(), WebError> {
    officer.require_admin()?;
    officer.require_all()
}

/// Refuses a POST without this session's CSRF token, then anyone but an admin who sees every
/// region.
fn admit_post(officer: &Officer, csrf: &str) -> Result<(), WebError> {
    officer.check_csrf(csrf)?;
    admit(officer)
}
