//! Regions (wilayah) by BPS code, and which one an agency is added to (as
//! `sqlite::regions`).

use super::{violates, PgStore};
use crate::clock::to_stored;
use crate::error::Error;
use crate::region::{RegionCode, RegionKind, RegionName};
use crate::store::regions::ListedRegion;
use postgres::error::SqlState;
use postgres::GenericClient;
use time::OffsetDateTime;

impl PgStore {
    /// Registers a province, or a regency or city whose province is registered.
    pub fn add_region(
        &self,
        code: &RegionCode,
        name: &RegionName,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        if code.kind() != RegionKind::Provinsi && name_of(&mut *conn, &code.province())?.is_none() {
            return Err(Error::Rejected {
                code: "region.province_unknown",
                message: format!(
                    "Provinsi {province} belum terdaftar. Tambahkan dulu provinsinya, mis. `medsos-hub region add --code {province} --name \"Provinsi ...\"`, lalu {code}.",
                    province = code.province().as_str(),
                    code = code.as_str(),
                ),
            });
        }
        let inserted = conn.execute(
            "INSERT INTO regions (code, name, created_at) VALUES ($1, $2, $3)",
            &[&code.as_str(), &name.as_str(), &to_stored(now)],
        );
        match inserted {
            Err(e) if violates(&e, &SqlState::UNIQUE_VIOLATION) => {
                let existing = name_of(&mut *conn, code)?.unwrap_or_default();
                Err(Error::Rejected {
                    code: "region.taken",
                    message: format!(
                        "Wilayah {} sudah terdaftar sebagai \"{existing}\". Daftar wilayah ada di `medsos-hub region list`.",
                        code.as_str()
                    ),
                })
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    /// Every region by code with its agencies not revoked; a province counts those of its
    /// regencies and cities.
    pub fn regions(&self) -> Result<Vec<ListedRegion>, Error> {
        let rows = self.conn()?.query(
            "SELECT r.code, r.name,
                    (SELECT count(*) FROM agencies a
                     WHERE a.revoked_at IS NULL
                       AND (a.region_code = r.code
                            OR (length(r.code) = 2 AND a.region_code LIKE r.code || '.%')))
             FROM regions r
             ORDER BY r.code",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                Ok(ListedRegion {
                    code: row.try_get(0)?,
                    name: row.try_get(1)?,
                    agencies: row.try_get(2)?,
                })
            })
            .collect()
    }
}

fn name_of(conn: &mut impl GenericClient, code: &RegionCode) -> Result<Option<String>, Error> {
    Ok(conn
        .query_opt(
            "SELECT name FROM regions WHERE code = $1",
            &[&code.as_str()],
        )?
        .map(|row| row.try_get(0))
        .transpose()?)
}

/// The regency or city an agency is added to: `region` when it is a registered regency or
/// city, or the hub's only one when none is named.
pub fn for_new_agency(
    conn: &mut impl GenericClient,
    region: Option<&RegionCode>,
) -> Result<String, Error> {
    if let Some(region) = region {
        if region.kind() == RegionKind::Provinsi {
            return Err(Error::Rejected {
                code: "region.not_a_regency",
                message: format!(
                    "{} adalah kode provinsi. PD terdaftar di kabupaten/kota, mis. --region {}.03.",
                    region.as_str(),
                    region.as_str()
                ),
            });
        }
        if name_of(conn, region)?.is_none() {
            return Err(Error::Rejected {
                code: "region.unknown",
                message: format!(
                    "Wilayah {} belum terdaftar. Tambahkan dengan `medsos-hub region add`, atau lihat `medsos-hub region list`.",
                    region.as_str()
                ),
            });
        }
        return Ok(region.as_str().to_owned());
    }
    let regencies: Vec<String> = conn
        .query(
            "SELECT code FROM regions WHERE length(code) = 5 ORDER BY code",
            &[],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    match regencies.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(Error::Rejected {
            code: "region.none",
            message: "Belum ada kabupaten/kota terdaftar. Tambahkan dengan `medsos-hub region add`."
                .into(),
        }),
        several => Err(Error::Rejected {
            code: "region.required",
            message: format!(
                "Hub ini melayani {} kabupaten/kota ({}). Sebutkan wilayah PD dengan --region KODE.",
                several.len(),
                several.join(", ")
            ),
        }),
    }
}
