//! The frame every dashboard page shares: head, navigation, the officer's name and the
//! logout button (a CSRF-protected POST).

use axum::response::Html;
use maud::{html, Markup, DOCTYPE};

/// The sections of the navigation, by path.
pub const NAV: &[(&str, &str)] = &[
    ("/dasbor", "Ikhtisar"),
    ("/kabupaten", "Kabupaten"),
    ("/arahan", "Arahan konten"),
    ("/akun", "Akun resmi"),
    ("/laporan-akun", "Akun palsu"),
    ("/libur", "Hari libur"),
    ("/pengaturan", "Pengaturan skor"),
    ("/meta", "Meta"),
    ("/rilis", "Rilis"),
];

/// Whom a page with navigation is for: the name its header shows and the CSRF token its
/// forms carry. The session's `Officer` is one; the frame needs
/// nothing else of the session, so it does not depend on it.
pub trait SignedIn {
    fn display_name(&self) -> &str;
    fn csrf_token(&self) -> &str;
    /// Whether the admin sections are in the navigation.
    fn is_admin(&self) -> bool {
        false
    }
}

/// The admin sections of the navigation, shown to admin officers only.
pub const ADMIN_NAV: &[(&str, &str)] = &[
    ("/admin/pd", "Kelola PD"),
    ("/admin/petugas", "Petugas"),
    ("/admin/audit", "Log audit"),
];

/// A full page for a logged-in officer; `active` is the navigation path to highlight.
pub fn page(title: &str, active: &str, officer: &impl SignedIn, content: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="id" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · Medsos Hub" }
                    link rel="stylesheet" href="/static/dasbor.css";
                }
                body {
                    header.top {
                        a.brand href="/dasbor" { "Medsos Hub" span { "Diskominfo Kabupaten Cianjur" } }
                        nav {
                            @for (path, label) in NAV {
                                a href=(path) aria-current=[(*path == active).then_some("page")] { (label) }
                            }
                            @if officer.is_admin() {
                                @for (path, label) in ADMIN_NAV {
                                    a.admin href=(path) aria-current=[(*path == active).then_some("page")] { (label) }
                                }
                            }
                        }
                        form.logout method="post" action="/keluar" {
                            input type="hidden" name="csrf" value=(officer.csrf_token());
                            span.who { (officer.display_name()) }
                            button type="submit" { "Keluar" }
                        }
                    }
                    main { (content) }
                }
            }
        }
        .into_string(),
    )
}

/// A page without navigation: the login form and error pages.
pub fn bare(title: &str, content: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="id" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · Medsos Hub" }
                    link rel="stylesheet" href="/static/dasbor.css";
                }
                body { (content) }
            }
        }
        .into_string(),
    )
}

/// A public page, for anyone without a session: no navigation, no officer, no forms that
/// change anything; the same stylesheet, readable on a phone and printable.
pub fn public(title: &str, content: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="id" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    link rel="stylesheet" href="/static/dasbor.css";
                }
                body.public {
                    header.public {
                        span.brand { "Pemerintah Kabupaten Cianjur" span { "Dinas Komunikasi, Informatika dan Persandian" } }
                    }
                    main { (content) }
                }
            }
        }
        .into_string(),
    )
}

/// The hidden field every form of a logged-in officer carries.
pub fn csrf_field(officer: &impl SignedIn) -> Markup {
    html! { input type="hidden" name="csrf" value=(officer.csrf_token()); }
}
