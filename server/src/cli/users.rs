//! `medsos-hub user add|list|password|disable|scope|role`: the Diskominfo officers who may open the
//! dashboard. Passwords are read from the terminal without echo, or as one line from stdin
//! when it is not a terminal (scripts, CI).

use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::region::Scope;
use crate::store::users;
use std::io::{BufRead, IsTerminal};

/// Reads the password: twice without echo on a terminal, once as a line from a pipe.
pub fn read_password() -> Result<String, Error> {
    let failed = |e: std::io::Error| Error::Rejected {
        code: "user.password_unreadable",
        message: format!("Kata sandi tidak dapat dibaca: {e}"),
    };
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password("Kata sandi (min. 10 karakter): ").map_err(failed)?;
        let again = rpassword::prompt_password("Ulangi kata sandi: ").map_err(failed)?;
        if first != again {
            return Err(Error::Rejected {
                code: "user.password_mismatch",
                message: "Kedua kata sandi tidak sama.".to_owned(),
            });
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(failed)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

pub fn add(
    db: impl Into<super::Target>,
    username: &str,
    name: &str,
    password: &str,
) -> Result<String, Error> {
    add_scoped(db, username, name, password, "all")
}

/// [`add`] with what the officer sees: `all`, a province (`32`) or a regency or city
/// (`32.03`), which must be registered.
pub fn add_scoped(
    db: impl Into<super::Target>,
    username: &str,
    name: &str,
    password: &str,
    scope: &str,
) -> Result<String, Error> {
    let scope = Scope::parse(scope)?;
    let store = super::open_target(&db.into())?;
    if let Some(region) = scope.region() {
        if !store.regions()?.iter().any(|r| r.code == region.as_str()) {
            return Err(users::unknown_region(region));
        }
    }
    store.add_user(username, name, password, SystemClock.now())?;
    let username = users::check_username(username)?;
    store.set_user_scope(&username, &scope)?;
    Ok(format!(
        "Pengguna {username} dapat masuk ke dasbor Medsos Hub{}.\n",
        scope_note(&scope)
    ))
}

/// [`add_scoped`] with what the officer may do: `admin` (the default) or `pemantau`, all
/// written in one transaction. The first line said is [`add_scoped`]'s; a pemantau gets one
/// more.
pub fn add_with_role(
    db: impl Into<super::Target>,
    username: &str,
    name: &str,
    password: &str,
    scope: &str,
    role: &str,
) -> Result<String, Error> {
    let role = users::Role::parse(role)?;
    let scope = Scope::parse(scope)?;
    let store = super::open_target(&db.into())?;
    store.add_officer(
        &users::NewOfficer {
            username,
            display_name: name,
            password,
            role,
            scope: &scope,
        },
        SystemClock.now(),
    )?;
    let mut said = format!(
        "Pengguna {} dapat masuk ke dasbor Medsos Hub{}.\n",
        users::check_username(username)?,
        scope_note(&scope)
    );
    if role != users::Role::Admin {
        said.push_str(&role_line(role));
    }
    Ok(super::audited(
        store.as_ref(),
        said,
        "user.add",
        username,
        &format!("peran {}, wilayah {}", role.as_str(), scope.as_str()),
    ))
}

/// Changes what the officer may do. The last active admin stays one.
pub fn role(db: impl Into<super::Target>, username: &str, role: &str) -> Result<String, Error> {
    let role = users::Role::parse(role)?;
    let store = super::open_target_existing(&db.into())?;
    store.set_user_role(username, role)?;
    let said = format!(
        "Pengguna {} kini {}",
        users::check_username(username)?,
        role_line(role).trim_start_matches("Peran: ")
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "user.role",
        username,
        role.as_str(),
    ))
}

/// `Peran: admin (...)` with what the role may do.
fn role_line(role: users::Role) -> String {
    match role {
        users::Role::Admin => {
            "Peran: admin (dapat mengelola PD, PC dan petugas dari dasbor).\n".to_owned()
        }
        users::Role::Pemantau => "Peran: pemantau (hanya melihat dasbor).\n".to_owned(),
    }
}

/// Changes what the officer sees.
pub fn scope(db: impl Into<super::Target>, username: &str, scope: &str) -> Result<String, Error> {
    let scope = Scope::parse(scope)?;
    let store = super::open_target_existing(&db.into())?;
    store.set_user_scope(username, &scope)?;
    let said = format!(
        "Pengguna {} kini melihat {}.\n",
        users::check_username(username)?,
        match &scope {
            Scope::All => "semua wilayah".to_owned(),
            Scope::Within(region) => format!("wilayah {}", region.as_str()),
        }
    );
    Ok(super::audited(
        store.as_ref(),
        said,
        "user.scope",
        username,
        &format!("wilayah {}", scope.as_str()),
    ))
}

fn scope_note(scope: &Scope) -> String {
    match scope {
        Scope::All => String::new(),
        Scope::Within(region) => format!(" (wilayah {})", region.as_str()),
    }
}

pub fn list(db: impl Into<super::Target>) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    let found = store.users()?;
    if found.is_empty() {
        return Ok("Belum ada pengguna. Tambahkan dengan `medsos-hub user add`.\n".to_owned());
    }
    Ok(found
        .iter()
        .map(|u| {
            format!(
                "{}\t{}\t{}\t{}\n",
                u.username,
                u.display_name,
                if u.disabled { "nonaktif" } else { "aktif" },
                u.scope
            )
        })
        .collect())
}

pub fn password(
    db: impl Into<super::Target>,
    username: &str,
    password: &str,
) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    store.set_user_password(username, password)?;
    Ok(super::audited(
        store.as_ref(),
        "Kata sandi diganti; semua sesi pengguna ini diakhiri.\n".to_owned(),
        "user.password",
        username,
        "",
    ))
}

pub fn disable(db: impl Into<super::Target>, username: &str) -> Result<String, Error> {
    let store = super::open_target_existing(&db.into())?;
    store.disable_officer(username, SystemClock.now())?;
    Ok(super::audited(
        store.as_ref(),
        "Pengguna dinonaktifkan; semua sesinya diakhiri.\n".to_owned(),
        "user.disable",
        username,
        "",
    ))
}
