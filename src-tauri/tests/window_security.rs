//! The window's content security policy, as the README describes it: only the app's own
//! scripts and styles, IPC to the app itself, nothing from the network. (That the window's
//! capability grants exactly the app's own commands is `commands::list_tests`.)

use std::collections::BTreeMap;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSP of tauri.conf.json, directive -> its sources.
fn csp() -> BTreeMap<String, Vec<String>> {
    let conf: serde_json::Value =
        serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON");
    let security = &conf["app"]["security"];
    assert!(
        security.get("devCsp").is_none(),
        "no second, looser policy for development builds"
    );
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none(),
        "Tauri adds its nonces and hashes to the policy"
    );
    security["csp"]
        .as_object()
        .expect("the CSP is set, as an object of directives")
        .iter()
        .map(|(directive, sources)| {
            let sources = sources.as_str().expect("sources are one string");
            (
                directive.clone(),
                sources.split_whitespace().map(str::to_owned).collect(),
            )
        })
        .collect()
}

#[test]
fn scripts_and_styles_come_only_from_the_app_itself() {
    let csp = csp();
    for directive in ["default-src", "script-src", "style-src", "font-src"] {
        assert_eq!(csp[directive], ["'self'"], "{directive}");
    }
    for directive in ["object-src", "base-uri", "form-action", "frame-ancestors"] {
        assert_eq!(csp[directive], ["'none'"], "{directive}");
    }
    let all: Vec<&String> = csp.values().flatten().collect();
    for unsafe_source in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "'wasm-unsafe-eval'",
        "*",
    ] {
        assert!(
            !all.iter().any(|s| s.as_str() == unsafe_source),
            "{unsafe_source} in {csp:?}"
        );
    }
}

#[test]
fn the_window_reaches_nothing_but_the_app_itself() {
    let csp = csp();
    // Tauri's own schemes: IPC and the asset protocol for the store's photos.
    let own = [
        "'self'",
        "'none'",
        "ipc:",
        "http://ipc.localhost",
        "asset:",
        "http://asset.localhost",
        "data:",
    ];
    for (directive, sources) in &csp {
        for source in sources {
            assert!(
                own.contains(&source.as_str()),
                "{directive} allows {source}, which is not the app itself"
            );
        }
    }
    assert_eq!(csp["connect-src"], ["ipc:", "http://ipc.localhost"]);
    // data: URLs only for images (thumbnails), never for scripts or frames.
    for (directive, sources) in &csp {
        if directive != "img-src" {
            assert!(!sources.iter().any(|s| s == "data:"), "{directive}");
        }
    }
}

#[test]
fn the_page_has_no_inline_script_the_policy_would_block() {
    let html = read("../ui/index.html");
    for tag in html.split("<script").skip(1) {
        let opening = tag.split('>').next().unwrap_or_default();
        assert!(
            opening.contains("src="),
            "an inline script in ui/index.html: <script{opening}>"
        );
    }
    let conf: serde_json::Value =
        serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON");
    assert_eq!(
        conf["app"]["withGlobalTauri"],
        serde_json::Value::Bool(false),
        "Tauri's API is not put on window for any script to call"
    );
}
