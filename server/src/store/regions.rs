//! Regions (wilayah) as the hub lists them.

/// One line of `medsos-hub region list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRegion {
    pub code: String,
    pub name: String,
    /// Agencies registered in it (for a province: in its regencies and cities).
    pub agencies: i64,
}
