//! The PostgreSQL store's versioned schema: one numbered `.sql` file each under
//! `server/migrations/postgres/`; never edit a released file, add one.
//!
//! The version is the highest row of `medsos_schema_version`. Each migration runs in one
//! transaction that also records its version, so an interrupted one (the process killed, the
//! connection lost, a statement failing) leaves nothing of itself and is applied again next
//! time. A transaction-scoped advisory lock makes concurrent hub processes take turns: the
//! second finds the work done.

use crate::clock::to_stored;
use crate::error::Error;
use postgres::Client;
use time::OffsetDateTime;

/// One numbered migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "001_schema",
        sql: include_str!("../../../migrations/postgres/001_schema.sql"),
    },
    Migration {
        version: 2,
        name: "002_regions",
        sql: include_str!("../../../migrations/postgres/002_regions.sql"),
    },
    Migration {
        version: 3,
        name: "003_officer_scope",
        sql: include_str!("../../../migrations/postgres/003_officer_scope.sql"),
    },
    Migration {
        version: 4,
        name: "004_login_failures",
        sql: include_str!("../../../migrations/postgres/004_login_failures.sql"),
    },
    Migration {
        version: 5,
        name: "005_overview_indexes",
        sql: include_str!("../../../migrations/postgres/005_overview_indexes.sql"),
    },
    Migration {
        version: 6,
        name: "006_roles_and_audit",
        sql: include_str!("../../../migrations/postgres/006_roles_and_audit.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST_VERSION: usize = MIGRATIONS.len();

/// The advisory lock key migrations take ("medsos" in ASCII): one number for the whole hub.
const MIGRATION_LOCK: i64 = 0x6d65_6473_6f73;

/// The migrations this build knows, in order.
pub fn all() -> &'static [Migration] {
    MIGRATIONS
}

/// Brings the database to [`LATEST_VERSION`]; a database from a newer hub is refused and
/// left as it is.
pub fn migrate(client: &mut Client) -> Result<(), Error> {
    apply(client, MIGRATIONS)
}

/// The version the database is at (0: none applied).
pub fn current_version(client: &mut Client) -> Result<i64, Error> {
    // Two statements: a query naming a table that does not exist fails as it is planned.
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('medsos_schema_version') IS NOT NULL",
            &[],
        )?
        .try_get(0)?;
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM medsos_schema_version",
            &[],
        )?
        .try_get(0)?)
}

/// Applies `migrations` (numbered 1, 2, ... in order) that the database does not have yet.
pub fn apply(client: &mut Client, migrations: &[Migration]) -> Result<(), Error> {
    let latest = migrations.last().map_or(0, |m| m.version);
    {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS medsos_schema_version (
                 version    BIGINT PRIMARY KEY,
                 name       TEXT NOT NULL,
                 applied_at TEXT NOT NULL
             )",
        )?;
        let found: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM medsos_schema_version",
                &[],
            )?
            .try_get(0)?;
        if found > latest {
            // Nothing was written: CREATE TABLE IF NOT EXISTS found the table.
            return Err(Error::StoreConnect {
                target: String::new(),
                detail: format!(
                    "basis data ini dibuat oleh Medsos Hub yang lebih baru (skema {found}, versi ini paling tinggi {latest})"
                ),
            });
        }
        tx.commit()?;
    }
    for migration in migrations {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let found: i64 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM medsos_schema_version",
                &[],
            )?
            .try_get(0)?;
        if found >= migration.version {
            continue;
        }
        tx.batch_execute(migration.sql).map_err(|e| {
            Error::Store(format!(
                "migrasi {} gagal dan dibatalkan seluruhnya: {}",
                migration.name,
                Error::from(e)
            ))
        })?;
        tx.execute(
            "INSERT INTO medsos_schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
            &[
                &migration.version,
                &migration.name,
                &to_stored(OffsetDateTime::now_utc()),
            ],
        )?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::NoTls;

    fn cluster() -> (medsos_pg_cluster::Cluster, Client) {
        let cluster =
            medsos_pg_cluster::Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
        let client = Client::connect(&cluster.url("hub"), NoTls).expect("connects");
        (cluster, client)
    }

    fn table_exists(client: &mut Client, name: &str) -> bool {
        client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])
            .expect("query")
            .get(0)
    }

    #[test]
    fn a_migration_failing_halfway_leaves_nothing_of_itself_and_applies_later() {
        let (_cluster, mut client) = cluster();
        let first = Migration {
            version: 1,
            name: "001_one",
            sql: "CREATE TABLE one (id BIGINT PRIMARY KEY);",
        };
        let broken = Migration {
            version: 2,
            name: "002_two",
            sql: "CREATE TABLE two (id BIGINT PRIMARY KEY);
                  INSERT INTO one VALUES (1);
                  SELECT no_such_function();",
        };
        let err = apply(&mut client, &[first, broken]).expect_err("fails");
        assert!(err.to_string().contains("002_two"), "{err}");
        assert_eq!(current_version(&mut client).expect("version"), 1);
        assert!(table_exists(&mut client, "one"));
        assert!(!table_exists(&mut client, "two"), "rolled back whole");
        let rows: i64 = client
            .query_one("SELECT COUNT(*) FROM one", &[])
            .expect("count")
            .get(0);
        assert_eq!(rows, 0);

        let fixed = Migration {
            sql: "CREATE TABLE two (id BIGINT PRIMARY KEY); INSERT INTO one VALUES (1);",
            ..broken
        };
        apply(&mut client, &[first, fixed]).expect("applies");
        apply(&mut client, &[first, fixed]).expect("nothing left to do");
        assert_eq!(current_version(&mut client).expect("version"), 2);
        assert!(table_exists(&mut client, "two"));

        // A build that knows only version 1 refuses the newer database, untouched.
        let err = apply(&mut client, &[first]).expect_err("newer");
        assert!(err.to_string().contains("lebih baru"), "{err}");
        assert_eq!(current_version(&mut client).expect("version"), 2);
    }

    #[test]
    fn the_schema_applies_to_an_empty_database() {
        let (_cluster, mut client) = cluster();
        assert_eq!(current_version(&mut client).expect("version"), 0);
        migrate(&mut client).expect("migrates");
        assert_eq!(
            current_version(&mut client).expect("version"),
            LATEST_VERSION as i64
        );
        for table in [
            "agencies",
            "summaries",
            "day_facts",
            "account_claims",
            "releases",
        ] {
            assert!(table_exists(&mut client, table), "{table}");
        }
        // The registry's generation moves with what it lists.
        let generation = |client: &mut Client| -> i64 {
            client
                .query_one("SELECT generation FROM registry_generation", &[])
                .expect("generation")
                .get(0)
        };
        let before = generation(&mut client);
        client
            .execute(
                "INSERT INTO agencies (code, name, created_at) VALUES ('A', 'A', 'x')",
                &[],
            )
            .expect("insert");
        client
            .execute("UPDATE agencies SET last_sync_at = 'y'", &[])
            .expect("sync");
        assert_eq!(generation(&mut client), before + 1);
        client
            .execute("UPDATE agencies SET name = 'B'", &[])
            .expect("rename");
        assert_eq!(generation(&mut client), before + 2);
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
            assert!(
                m.name.starts_with(&format!("{:03}_", m.version)),
                "{}",
                m.name
            );
        }
    }
}
