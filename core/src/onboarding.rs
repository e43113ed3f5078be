//! The first week's checklist on Beranda: the six things a new admin does once (profile,
//! enrolment with the hub, the official accounts, a first draft, a first slot, a first
//! complaint), each read from the store as done or not. Beranda shows it until all six are
//! done and then never again.

use crate::error::Result;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// Which of the first week's steps are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct FirstWeek {
    pub profile: bool,
    pub enrolled: bool,
    pub accounts: bool,
    pub draft: bool,
    pub slot: bool,
    pub complaint: bool,
}

impl FirstWeek {
    /// Every step is done.
    pub fn complete(&self) -> bool {
        self.profile && self.enrolled && self.accounts && self.draft && self.slot && self.complaint
    }
}

/// The checklist as the store holds it; `enrolled` comes from the PC's hub credentials, which
/// live outside the store.
pub fn first_week(conn: &Connection, enrolled: bool) -> Result<FirstWeek> {
    let (profile, accounts, draft, slot, complaint): (bool, bool, bool, bool, bool) = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM agency_profile),
                    EXISTS (SELECT 1 FROM official_accounts),
                    EXISTS (SELECT 1 FROM drafts),
                    EXISTS (SELECT 1 FROM slots),
                    EXISTS (SELECT 1 FROM complaints)",
            [],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )?;
    Ok(FirstWeek {
        profile,
        enrolled,
        accounts,
        draft,
        slot,
        complaint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_new_store_has_nothing_done_and_each_step_shows_once_done() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(dir.path().join("medsos.db")).expect("store");
        let conn = store.conn();
        let fresh = first_week(conn, false).expect("read");
        assert_eq!(
            fresh,
            FirstWeek {
                profile: false,
                enrolled: false,
                accounts: false,
                draft: false,
                slot: false,
                complaint: false
            }
        );
        assert!(!fresh.complete());
        assert!(first_week(conn, true).expect("read").enrolled);

        crate::media::test_support::draft(conn, "Posyandu keliling");
        let after = first_week(conn, true).expect("read");
        assert!(after.draft && after.enrolled);
        assert!(!after.slot && !after.complaint && !after.accounts && !after.profile);
    }
}
