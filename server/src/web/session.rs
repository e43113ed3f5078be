//! Who is looking at the dashboard: the officer whose session cookie is valid, with the CSRF
//! token every form of theirs must send back.

use super::error::WebError;
use super::layout::SignedIn;
use crate::region::Scope;
use crate::state::AppState;
use crate::store::users::{Role, Session};
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use cookie::{Cookie, SameSite};

/// The dashboard's cookies by name. Served `Secure`, their names carry the `__Host-` prefix:
/// browsers then keep them only when set over HTTPS (or localhost) with `Secure`, `Path=/`
/// and no `Domain`, so no page of a sibling domain and no plain-HTTP answer can plant or
/// overwrite them. With insecure cookies (plain HTTP on a LAN) the prefix would make browsers
/// drop them, so the names go without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieNames {
    pub session: &'static str,
    /// Ties the login form to the browser that loaded it (double-submit), before any session.
    pub login: &'static str,
}

impl CookieNames {
    pub fn new(secure: bool) -> Self {
        if secure {
            CookieNames {
                session: "__Host-medsos_sesi",
                login: "__Host-medsos_masuk",
            }
        } else {
            CookieNames {
                session: "medsos_sesi",
                login: "medsos_masuk",
            }
        }
    }
}

/// A logged-in officer. Extracting one from a request without a valid session redirects to
/// the login form; from a POST from another site, refuses it.
#[derive(Debug, Clone)]
pub struct Officer {
    pub user_id: i64,
    pub display_name: String,
    pub csrf_token: String,
    /// What the officer sees: every region, or one region (a province covers its regencies
    /// and cities).
    pub scope: Scope,
    /// The officer's user name, as the audit log names them.
    pub username: String,
    /// What the officer may do.
    pub role: Role,
}

impl Officer {
    /// Whether an agency of the region coded `agency_region` is the officer's to see.
    pub fn sees(&self, agency_region: &str) -> bool {
        self.scope.covers(agency_region)
    }

    /// Refuses what only an officer who sees every region may do (the hub's own settings).
    pub fn require_all(&self) -> Result<(), WebError> {
        match self.scope {
            Scope::All => Ok(()),
            Scope::Within(_) => Err(WebError::OutOfScope),
        }
    }

    /// Refuses what only an admin may do (agencies, enrolment codes, PCs, officers).
    pub fn require_admin(&self) -> Result<(), WebError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Pemantau => Err(WebError::NotAdmin),
        }
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if constant_time_eq(sent.as_bytes(), self.csrf_token.as_bytes()) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }
}

impl SignedIn for Officer {
    fn display_name(&self) -> &str {
        &self.display_name
    }

    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }

    /// The admin pages are for admins who see every region (see `web::admin`).
    fn is_admin(&self) -> bool {
        self.role == Role::Admin && self.scope == Scope::All
    }
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if parts.method != Method::GET
            && parts.method != Method::HEAD
            && !same_origin(&parts.headers)
        {
            return Err(WebError::Forbidden);
        }
        let return_to = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/dasbor".to_owned());
        let login = || WebError::LoginRequired {
            return_to: return_to.clone(),
        };
        let name = CookieNames::new(state.web.secure_cookies).session;
        let token = cookie_value(&parts.headers, name).ok_or_else(login)?;
        let now = state.clock.now();
        let found: Option<Session> = state.store.run(move |db| db.session(&token, now)).await?;
        let session = found.ok_or_else(login)?;
        // A scope that does not read as one sees nothing rather than everything.
        let scope = Scope::parse(&session.scope).map_err(|_| WebError::Forbidden)?;
        Ok(Officer {
            user_id: session.user_id,
            display_name: session.display_name,
            csrf_token: session.csrf_token,
            scope,
            username: session.username,
            role: session.role,
        })
    }
}

/// A POST whose `Origin` names another host than the one it was sent to came from another
/// site. Browsers send `Origin` on every cross-site POST; a request without one (curl, old
/// browsers) still needs the CSRF token.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'))
        .unwrap_or("");
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse(value.to_owned()))
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, path `/`, no domain, `Secure` unless the
/// hub was started with insecure cookies, living `max_age` (zero deletes it). `name` is one of
/// [`CookieNames`] for the same `secure`.
pub fn set_cookie(name: &str, value: &str, max_age: time::Duration, secure: bool) -> String {
    Cookie::build((name.to_owned(), value.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(secure)
        .max_age(max_age)
        .build()
        .to_string()
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The agencies an officer's scope covers, by id and by code: what a scoped page filters its
/// rows by.
pub struct InScope {
    pub ids: std::collections::HashSet<i64>,
    pub codes: std::collections::HashSet<String>,
}

impl InScope {
    /// Reads every agency once and keeps those `scope` covers.
    pub fn read(
        db: &dyn crate::store::HubStore,
        scope: &Scope,
    ) -> Result<InScope, crate::error::Error> {
        let (ids, codes) = db
            .agencies()?
            .into_iter()
            .filter(|a| scope.covers(&a.region))
            .map(|a| (a.id, a.code))
            .unzip();
        Ok(InScope { ids, codes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_from_another_site_is_told_apart() {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, "hub.cianjurkab.go.id".parse().expect("h"));
        assert!(same_origin(&headers));
        headers.insert(ORIGIN, "https://hub.cianjurkab.go.id".parse().expect("h"));
        assert!(same_origin(&headers));
        headers.insert(ORIGIN, "https://evil.example".parse().expect("h"));
        assert!(!same_origin(&headers));
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_under_a_host_prefix() {
        let name = CookieNames::new(true).session;
        let set = set_cookie(name, "abc", time::Duration::hours(8), true);
        assert!(set.starts_with("__Host-medsos_sesi=abc;"), "{set}");
        for attribute in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
            "Max-Age=28800",
        ] {
            assert!(set.contains(attribute), "{set}");
        }
        assert!(!set.contains("Domain"), "{set}");
        let plain = CookieNames::new(false);
        assert_eq!(
            (plain.session, plain.login),
            ("medsos_sesi", "medsos_masuk")
        );
        let set = set_cookie(plain.session, "abc", time::Duration::hours(8), false);
        assert!(!set.contains("Secure"), "{set}");
    }
}
