//! Agencies (PD) as the hub lists them.

use super::enrolments::IssuedCode;

/// A freshly registered agency with the first code its PC will enrol with.
#[derive(Debug)]
pub struct NewAgency {
    pub id: i64,
    pub enrolment: IssuedCode,
}

/// One line of `medsos-hub agency list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAgency {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Whether at least one PC is enrolled for it and not revoked.
    pub enrolled: bool,
    /// Its regency or city, by BPS code (`32.03`).
    pub region: String,
}
