//! The hand-written places that name commands agree with list.rs: the capabilities grant
//! exactly the listed commands and the UI calls exactly those (see `commands!` in mod.rs for
//! why these two are checked rather than generated).

use std::collections::BTreeSet;
use std::path::Path;

use super::{DEBUG_BUILDS_ONLY, EVERY_BUILD};

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `allow-<command>` permissions a capability file grants, as command names.
fn granted(capability: &str) -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&read(capability)).expect("capability is JSON");
    json["permissions"]
        .as_array()
        .expect("permissions is a list")
        .iter()
        .map(|permission| {
            let permission = permission.as_str().expect("permission is a plain name");
            let command = permission
                .strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{capability} grants {permission}, not an app command"));
            command.replace('-', "_")
        })
        .collect()
}

/// The command names `api.ts` passes to `call` or `invoke` as a string literal:
/// `call<T>("name"`, `invoke<T>("name"`, with or without type arguments.
fn called_in_api_ts() -> BTreeSet<String> {
    let text = read("../ui/src/lib/api.ts");
    let mut names = BTreeSet::new();
    for callee in ["call", "invoke"] {
        for (at, _) in text.match_indices(callee) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let rest = skip_type_arguments(&text[at + callee.len()..]);
            let Some(rest) = rest.strip_prefix('(') else {
                continue;
            };
            let rest = rest.trim_start();
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let literal = &rest[1..];
            let end = literal.find(quote).expect("string literal is closed");
            names.insert(literal[..end].to_owned());
        }
    }
    names
}

/// Skips `<...>` (nested, as in `call<Record<string, number>>`) at the start of `text`.
fn skip_type_arguments(text: &str) -> &str {
    if !text.starts_with('<') {
        return text;
    }
    let mut depth = 0;
    for (at, c) in text.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return &text[at + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

/// Fails naming only the commands that differ, not two lists of ninety.
fn assert_agrees(place: &str, found: &BTreeSet<String>, listed: &[&str]) {
    let listed = set(listed);
    let extra: Vec<_> = found.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(found).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "{place} disagrees with commands/list.rs: it has {extra:?} that the list lacks, \
         and lacks {missing:?} that the list has"
    );
}

#[test]
fn every_command_is_listed_once() {
    let mut all: Vec<&str> = EVERY_BUILD
        .iter()
        .chain(DEBUG_BUILDS_ONLY)
        .copied()
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "a command is listed twice in list.rs");
}

#[test]
fn main_capability_grants_exactly_the_commands_of_every_build() {
    assert_agrees(
        "capabilities/main.json",
        &granted("capabilities/main.json"),
        EVERY_BUILD,
    );
}

#[test]
fn debug_capability_grants_exactly_the_debug_only_commands() {
    assert_agrees(
        "capabilities-debug/debug.json",
        &granted("capabilities-debug/debug.json"),
        DEBUG_BUILDS_ONLY,
    );
}

#[test]
fn the_ui_calls_exactly_the_commands_of_every_build() {
    assert_agrees("ui/src/lib/api.ts", &called_in_api_ts(), EVERY_BUILD);
}
