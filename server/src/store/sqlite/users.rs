//! Diskominfo's officers who may open the dashboard, and their sessions.
//!
//! Passwords are kept only as argon2id hashes; session tokens only as sha256 hex, so a copy of
//! the store lets nobody log in.

use crate::clock::to_stored;
use crate::error::Error;
use crate::region::Scope;
use crate::store::users::unknown_region;
use crate::store::users::{
    check_password, check_username, hash_password, hash_token, last_admin, random_token,
    NewOfficer, Role, Session, User, SESSION_LIFETIME,
};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use time::OffsetDateTime;

pub fn add(
    conn: &Connection,
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
    let inserted = conn.execute(
        "INSERT INTO users (username, display_name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![username, display_name, hash, to_stored(now)],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == ErrorCode::ConstraintViolation =>
        {
            Err(Error::Rejected {
                code: "user.taken",
                message: format!("Nama pengguna {username} sudah dipakai."),
            })
        }
        other => {
            other?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// [`add`] with a role and a scope, in one transaction.
pub fn add_officer(
    conn: &mut Connection,
    officer: &NewOfficer<'_>,
    now: OffsetDateTime,
) -> Result<i64, Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = add(
        &tx,
        officer.username,
        officer.display_name,
        officer.password,
        now,
    )?;
    set_scope(&tx, &check_username(officer.username)?, officer.scope)?;
    tx.execute(
        "UPDATE users SET role = ?2 WHERE id = ?1",
        params![id, officer.role.as_str()],
    )?;
    tx.commit()?;
    Ok(id)
}

/// Sets a new password and ends every session of the user. A disabled user stays disabled.
pub fn set_password(conn: &mut Connection, username: &str, password: &str) -> Result<(), Error> {
    check_password(password)?;
    let hash = hash_password(password)?;
    let tx = conn.transaction()?;
    let id = find(&tx, username)?
        .ok_or_else(|| unknown_user(username))?
        .id;
    tx.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![id, hash],
    )?;
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

/// Disables the user and ends their sessions; the row stays as a record.
pub fn disable(conn: &mut Connection, username: &str, now: OffsetDateTime) -> Result<(), Error> {
    let tx = conn.transaction()?;
    let id = find(&tx, username)?
        .ok_or_else(|| unknown_user(username))?
        .id;
    tx.execute(
        "UPDATE users SET disabled_at = ?2 WHERE id = ?1",
        params![id, to_stored(now)],
    )?;
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

/// Whether `user` is an active admin and no other active admin is left.
fn is_last_admin(conn: &Connection, user: &User) -> Result<bool, Error> {
    if user.disabled || user.role != Role::Admin {
        return Ok(false);
    }
    let others: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?1",
        [user.id],
        |r| r.get(0),
    )?;
    Ok(others == 0)
}

/// Sets what the user may do; the last active admin stays one.
pub fn set_role(conn: &mut Connection, username: &str, role: Role) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let user = find(&tx, username)?.ok_or_else(|| unknown_user(username))?;
    if role != Role::Admin && is_last_admin(&tx, &user)? {
        return Err(last_admin(&user.username));
    }
    tx.execute(
        "UPDATE users SET role = ?2 WHERE id = ?1",
        params![user.id, role.as_str()],
    )?;
    tx.commit()?;
    Ok(())
}

/// [`disable`], refused for the last active admin.
pub fn disable_officer(
    conn: &mut Connection,
    username: &str,
    now: OffsetDateTime,
) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let user = find(&tx, username)?.ok_or_else(|| unknown_user(username))?;
    if is_last_admin(&tx, &user)? {
        return Err(last_admin(&user.username));
    }
    tx.execute(
        "UPDATE users SET disabled_at = ?2 WHERE id = ?1",
        params![user.id, to_stored(now)],
    )?;
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user.id])?;
    tx.commit()?;
    Ok(())
}

/// Sets what the user sees: all, or a registered region.
pub fn set_scope(conn: &Connection, username: &str, scope: &Scope) -> Result<(), Error> {
    if let Some(region) = scope.region() {
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM regions WHERE code = ?1)",
            [region.as_str()],
            |r| r.get(0),
        )?;
        if !known {
            return Err(unknown_region(region));
        }
    }
    let changed = conn.execute(
        "UPDATE users SET scope = ?2 WHERE username = ?1",
        params![username.trim(), scope.as_str()],
    )?;
    if changed == 0 {
        return Err(unknown_user(username));
    }
    Ok(())
}

fn unknown_user(username: &str) -> Error {
    Error::Rejected {
        code: "user.unknown",
        message: format!("Pengguna {} tidak ada.", username.trim()),
    }
}

pub fn find(conn: &Connection, username: &str) -> Result<Option<User>, Error> {
    Ok(conn
        .query_row(
            "SELECT id, username, display_name, password_hash, disabled_at IS NOT NULL, scope, role
             FROM users WHERE username = ?1",
            [username.trim()],
            |row| {
                Ok(User {
                    id: row.get(0)?,
                    username: row.get(1)?,
                    display_name: row.get(2)?,
                    password_hash: row.get(3)?,
                    disabled: row.get(4)?,
                    scope: row.get(5)?,
                    role: Role::from_stored(&row.get::<_, String>(6)?),
                })
            },
        )
        .optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<User>, Error> {
    let mut statement = conn.prepare(
        "SELECT id, username, display_name, password_hash, disabled_at IS NOT NULL, scope, role
         FROM users ORDER BY username",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(User {
            id: row.get(0)?,
            username: row.get(1)?,
            display_name: row.get(2)?,
            password_hash: row.get(3)?,
            disabled: row.get(4)?,
            scope: row.get(5)?,
            role: Role::from_stored(&row.get::<_, String>(6)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Starts a session for `user_id`; returns the token for the cookie. Expired sessions of
/// everyone are cleared on the way.
pub fn start_session(
    conn: &Connection,
    user_id: i64,
    now: OffsetDateTime,
) -> Result<String, Error> {
    conn.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        [to_stored(now)],
    )?;
    let token = random_token();
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            hash_token(&token),
            user_id,
            random_token(),
            to_stored(now),
            to_stored(now + SESSION_LIFETIME)
        ],
    )?;
    Ok(token)
}

/// The session the token opens, unless it expired or its user was disabled.
pub fn session(
    conn: &Connection,
    token: &str,
    now: OffsetDateTime,
) -> Result<Option<Session>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT s.user_id, u.display_name, s.csrf_token, u.scope, u.username, u.role
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled_at IS NULL",
        )?
        .query_row(params![hash_token(token), to_stored(now)], |row| {
            Ok(Session {
                user_id: row.get(0)?,
                display_name: row.get(1)?,
                csrf_token: row.get(2)?,
                scope: row.get(3)?,
                username: row.get(4)?,
                role: Role::from_stored(&row.get::<_, String>(5)?),
            })
        })
        .optional()?)
}

pub fn end_session(conn: &Connection, token: &str) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [hash_token(token)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::users::verify_password;
    use time::macros::datetime;

    fn store() -> Connection {
        let mut conn = Connection::open_in_memory().expect("memory");
        crate::store::sqlite::migrations::migrations()
            .to_latest(&mut conn)
            .expect("migrate");
        conn
    }

    #[test]
    fn a_password_is_stored_hashed_and_verified() {
        let conn = store();
        let now = datetime!(2026-11-26 08:00 UTC);
        add(&conn, "Rina.Kominfo", "Rina", "rahasia-panjang-1", now).expect("add");
        let user = find(&conn, "rina.kominfo").expect("find").expect("found");
        assert!(user.password_hash.starts_with("$argon2id$"));
        assert!(!user.password_hash.contains("rahasia"));
        assert!(verify_password("rahasia-panjang-1", &user.password_hash));
        assert!(!verify_password("rahasia-panjang-2", &user.password_hash));
        assert!(!verify_password("x", "bukan hash"));
        assert!(add(&conn, "rina.kominfo", "Rina", "rahasia-panjang-1", now).is_err());
        assert!(add(&conn, "budi", "Budi", "pendek", now).is_err());
        assert!(add(&conn, "bu di", "Budi", "cukup-panjang-sekali", now).is_err());
    }

    #[test]
    fn sessions_expire_and_end_with_the_user() {
        let mut conn = store();
        let now = datetime!(2026-11-26 08:00 UTC);
        let id = add(&conn, "rina", "Rina", "rahasia-panjang-1", now).expect("add");
        let token = start_session(&conn, id, now).expect("start");
        assert!(session(&conn, &token, now).expect("q").is_some());
        assert!(session(&conn, "lain", now).expect("q").is_none());
        assert!(session(&conn, &token, now + SESSION_LIFETIME)
            .expect("q")
            .is_none());
        disable(&mut conn, "rina", now).expect("disable");
        assert!(session(&conn, &token, now).expect("q").is_none());
        let token = start_session(&conn, id, now).expect("start");
        set_password(&mut conn, "rina", "kata-sandi-baru-2").expect("reset");
        assert!(session(&conn, &token, now).expect("q").is_none());
    }
}
