//! Diskominfo's officers who may open the dashboard, and their sessions (as
//! `sqlite::users`). Passwords only as argon2id hashes, session tokens only as sha256 hex.
//! User names compare without case, as SQLite's COLLATE NOCASE: `lower()` on both sides,
//! over the unique index on `lower(username)`.

use super::{violates, PgStore};
use crate::clock::to_stored;
use crate::error::Error;
use crate::region::Scope;
use crate::store::users::unknown_region;
use crate::store::users::{
    check_password, check_username, hash_password, hash_token, last_admin, random_token,
    NewOfficer, Role, Session, User, SESSION_LIFETIME,
};
use postgres::error::SqlState;
use postgres::GenericClient;
use time::OffsetDateTime;

const USER_COLUMNS: &str =
    "SELECT id, username, display_name, password_hash, disabled_at IS NOT NULL, scope, role
     FROM users";

fn user(row: &postgres::Row) -> Result<User, Error> {
    Ok(User {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        display_name: row.try_get(2)?,
        password_hash: row.try_get(3)?,
        disabled: row.try_get(4)?,
        scope: row.try_get(5)?,
        role: Role::from_stored(row.try_get(6)?),
    })
}

/// Whether `user` is an active admin and no other active admin is left. The active admins'
/// rows are locked until the transaction ends, so two admins demoting each other at once
/// take turns and the second is refused.
fn is_last_admin(client: &mut impl GenericClient, user: &User) -> Result<bool, Error> {
    // Read under the lock: what another transaction committed meanwhile counts.
    let admins: Vec<i64> = client
        .query(
            "SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE",
            &[],
        )?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
    Ok(admins == [user.id])
}

fn find(client: &mut impl GenericClient, username: &str) -> Result<Option<User>, Error> {
    client
        .query_opt(
            &format!("{USER_COLUMNS} WHERE lower(username) = lower($1)"),
            &[&username.trim()],
        )?
        .map(|row| user(&row))
        .transpose()
}

fn unknown_user(username: &str) -> Error {
    Error::Rejected {
        code: "user.unknown",
        message: format!("Pengguna {} tidak ada.", username.trim()),
    }
}

fn insert(
    client: &mut impl GenericClient,
    username: &str,
    display_name: &str,
    password: &str,
    now: OffsetDateTime,
) -> Result<i64, Error> {
    let username = check_username(username)?;
    let display_name = display_name.trim();
    if !(1..=80).contains(&display_name.chars().count())
        || display_name.chars().any(char::is_control)
    {
        return Err(Error::Invalid {
            code: "user.invalid_name",
            message: "Nama lengkap harus 1 sampai 80 karakter.",
        });
    }
    check_password(password)?;
    let hash = hash_password(password)?;
    let inserted = client.query_one(
        "INSERT INTO users (username, display_name, password_hash, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
        &[&username, &display_name, &hash, &to_stored(now)],
    );
    match inserted {
        Err(e) if violates(&e, &SqlState::UNIQUE_VIOLATION) => Err(Error::Rejected {
            code: "user.taken",
            message: format!("Nama pengguna {username} sudah dipakai."),
        }),
        other => Ok(other?.try_get(0)?),
    }
}

impl PgStore {
    pub fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        insert(&mut **self.conn()?, username, display_name, password, now)
    }

    /// [`PgStore::add_user`] with a role and a scope, in one transaction.
    pub fn add_officer(&self, officer: &NewOfficer<'_>, now: OffsetDateTime) -> Result<i64, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        if let Some(region) = officer.scope.region() {
            let known: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM regions WHERE code = $1)",
                    &[&region.as_str()],
                )?
                .try_get(0)?;
            if !known {
                return Err(unknown_region(region));
            }
        }
        let id = insert(
            &mut tx,
            officer.username,
            officer.display_name,
            officer.password,
            now,
        )?;
        tx.execute(
            "UPDATE users SET role = $2, scope = $3 WHERE id = $1",
            &[&id, &officer.role.as_str(), &officer.scope.as_str()],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Sets a new password and ends every session of the user. A disabled user stays
    /// disabled.
    pub fn set_user_password(&self, username: &str, password: &str) -> Result<(), Error> {
        check_password(password)?;
        let hash = hash_password(password)?;
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let id = find(&mut tx, username)?
            .ok_or_else(|| unknown_user(username))?
            .id;
        tx.execute(
            "UPDATE users SET password_hash = $2 WHERE id = $1",
            &[&id, &hash],
        )?;
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id])?;
        tx.commit()?;
        Ok(())
    }

    /// Disables the user and ends their sessions; the row stays as a record.
    pub fn disable_user(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let id = find(&mut tx, username)?
            .ok_or_else(|| unknown_user(username))?
            .id;
        tx.execute(
            "UPDATE users SET disabled_at = $2 WHERE id = $1",
            &[&id, &to_stored(now)],
        )?;
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&id])?;
        tx.commit()?;
        Ok(())
    }

    /// Sets what the user may do; the last active admin stays one.
    pub fn set_user_role(&self, username: &str, role: Role) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let user = find(&mut tx, username)?.ok_or_else(|| unknown_user(username))?;
        if role != Role::Admin && is_last_admin(&mut tx, &user)? {
            return Err(last_admin(&user.username));
        }
        tx.execute(
            "UPDATE users SET role = $2 WHERE id = $1",
            &[&user.id, &role.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// [`PgStore::disable_user`], refused for the last active admin.
    pub fn disable_officer(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let user = find(&mut tx, username)?.ok_or_else(|| unknown_user(username))?;
        if is_last_admin(&mut tx, &user)? {
            return Err(last_admin(&user.username));
        }
        tx.execute(
            "UPDATE users SET disabled_at = $2 WHERE id = $1",
            &[&user.id, &to_stored(now)],
        )?;
        tx.execute("DELETE FROM sessions WHERE user_id = $1", &[&user.id])?;
        tx.commit()?;
        Ok(())
    }

    pub fn find_user(&self, username: &str) -> Result<Option<User>, Error> {
        find(&mut **self.conn()?, username)
    }

    pub fn users(&self) -> Result<Vec<User>, Error> {
        self.conn()?
            .query(&format!("{USER_COLUMNS} ORDER BY username"), &[])?
            .iter()
            .map(user)
            .collect()
    }

    /// Starts a session for `user_id`; returns the token for the cookie. Expired sessions of
    /// everyone are cleared on the way.
    pub fn start_session(&self, user_id: i64, now: OffsetDateTime) -> Result<String, Error> {
        let mut conn = self.conn()?;
        conn.execute(
            "DELETE FROM sessions WHERE expires_at <= $1",
            &[&to_stored(now)],
        )?;
        let token = random_token();
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &hash_token(&token),
                &user_id,
                &random_token(),
                &to_stored(now),
                &to_stored(now + SESSION_LIFETIME),
            ],
        )?;
        Ok(token)
    }

    /// Sets what the user sees: all, or a registered region.
    pub fn set_user_scope(&self, username: &str, scope: &Scope) -> Result<(), Error> {
        let mut conn = self.conn()?;
        if let Some(region) = scope.region() {
            let known: bool = conn
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM regions WHERE code = $1)",
                    &[&region.as_str()],
                )?
                .try_get(0)?;
            if !known {
                return Err(unknown_region(region));
            }
        }
        let changed = conn.execute(
            "UPDATE users SET scope = $2 WHERE lower(username) = lower($1)",
            &[&username.trim(), &scope.as_str()],
        )?;
        if changed == 0 {
            return Err(unknown_user(username));
        }
        Ok(())
    }

    /// The session the token opens, unless it expired or its user was disabled. Kept in
    /// the database, so a session made on one hub process opens on every other.
    pub fn session(&self, token: &str, now: OffsetDateTime) -> Result<Option<Session>, Error> {
        self.conn()?
            .query_opt(
                "SELECT s.user_id, u.display_name, s.csrf_token, u.scope, u.username, u.role
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL",
                &[&hash_token(token), &to_stored(now)],
            )?
            .map(|row| {
                Ok(Session {
                    user_id: row.try_get(0)?,
                    display_name: row.try_get(1)?,
                    csrf_token: row.try_get(2)?,
                    scope: row.try_get(3)?,
                    username: row.try_get(4)?,
                    role: Role::from_stored(row.try_get(5)?),
                })
            })
            .transpose()
    }

    pub fn end_session(&self, token: &str) -> Result<(), Error> {
        self.conn()?.execute(
            "DELETE FROM sessions WHERE token_hash = $1",
            &[&hash_token(token)],
        )?;
        Ok(())
    }
}
