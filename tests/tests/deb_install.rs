//! The `.deb` that `cargo tauri build` makes (`cargo xtask bundle`), as an admin gets it: its
//! control fields, then `dpkg -i` into this machine, the installed binary opened from its
//! installed path through tauri-driver to Beranda, and `dpkg -r` again (also when the test
//! fails).
//!
//! Run by `cargo xtask test`'s installer step, as root and under xvfb-run, with the package's
//! path in `MEDSOS_DEB`:
//! `cargo test -p medsos-e2e --test deb_install -- --ignored`.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

const PACKAGE: &str = "medsos-pd";
const INSTALLED_BIN: &str = "/usr/bin/medsos-pd";
const PUBLISHER: &str = "Diskominfo Kabupaten Cianjur";

fn dpkg_deb_field(deb: &Path, field: &str) -> String {
    let out = Command::new("dpkg-deb")
        .arg("-f")
        .arg(deb)
        .arg(field)
        .output()
        .expect("run dpkg-deb");
    assert!(
        out.status.success(),
        "dpkg-deb -f {} {field}: {}",
        deb.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `dpkg-query -W -f=<format> medsos-pd`, or None when the package is not installed.
fn installed(format: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", &format!("-f={format}"), PACKAGE])
        .output()
        .expect("run dpkg-query");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let status = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .output()
        .expect("run dpkg-query");
    let present = String::from_utf8_lossy(&status.stdout).ends_with("install ok installed");
    present.then_some(text)
}

fn dpkg(args: &[&str]) {
    let out = Command::new("dpkg")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .expect("run dpkg");
    assert!(
        out.status.success(),
        "dpkg {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The description in `src-tauri/Cargo.toml`, which the bundler puts in the package.
fn crate_description() -> String {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/Cargo.toml"),
    )
    .expect("read src-tauri/Cargo.toml");
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("description = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("description in src-tauri/Cargo.toml")
        .to_string()
}

/// Removes the package when the test ends, pass or fail, unless it was removed already.
struct Installed {
    removed: bool,
}

impl Installed {
    fn remove(mut self) {
        self.removed = true;
        dpkg(&["-r", PACKAGE]);
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !self.removed {
            let status = Command::new("dpkg").args(["-r", PACKAGE]).status();
            eprintln!("dpkg -r {PACKAGE} after a failed test: {status:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "run by cargo xtask test's installer step"]
async fn the_deb_installs_opens_to_beranda_and_is_removed() {
    let deb = std::env::var_os("MEDSOS_DEB").unwrap_or_else(|| {
        panic!(
            "MEDSOS_DEB is not set: this test installs the .deb that `cargo xtask bundle` \
             makes; run it through `cargo xtask test`"
        )
    });
    let deb = Path::new(&deb);
    assert!(deb.is_file(), "MEDSOS_DEB: no file at {}", deb.display());

    // What the package says of itself comes from the workspace and tauri.conf.json.
    assert_eq!(dpkg_deb_field(deb, "Package"), PACKAGE);
    assert_eq!(
        dpkg_deb_field(deb, "Version"),
        env!("CARGO_PKG_VERSION"),
        "the package's version is not the workspace's"
    );
    assert_eq!(dpkg_deb_field(deb, "Maintainer"), PUBLISHER);
    // The first line is the crate's description; the long one from tauri.conf.json follows.
    let description = dpkg_deb_field(deb, "Description");
    assert_eq!(
        description.lines().next(),
        Some(crate_description().as_str())
    );
    assert!(description.contains("Kabupaten Cianjur"), "{description}");
    let depends = dpkg_deb_field(deb, "Depends");
    assert!(depends.contains("libwebkit2gtk-4.1-0"), "{depends}");

    let uid = Command::new("id").arg("-u").output().expect("run id -u");
    assert_eq!(
        String::from_utf8_lossy(&uid.stdout).trim(),
        "0",
        "installing the .deb needs root: run `cargo xtask test` as root (sudo), or skip this step"
    );

    // A medsos-pd of ours left by an interrupted run is removed; anybody else's is not ours
    // to remove.
    if let Some(maintainer) = installed("${Maintainer}") {
        assert_eq!(
            maintainer, PUBLISHER,
            "a package named {PACKAGE} from {maintainer:?} is installed on this machine; \
             remove it (dpkg -r {PACKAGE}) before running this test"
        );
        eprintln!("{PACKAGE} was installed already (an interrupted run?): removing it first");
        dpkg(&["-r", PACKAGE]);
    }

    dpkg(&["-i", &deb.to_string_lossy()]);
    let guard = Installed { removed: false };
    assert_eq!(
        installed("${Version}").as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );

    // The binary, the menu entry and its icon where the desktop looks for them.
    let files = Command::new("dpkg")
        .args(["-L", PACKAGE])
        .output()
        .expect("run dpkg -L");
    let files = String::from_utf8_lossy(&files.stdout).into_owned();
    assert!(Path::new(INSTALLED_BIN).is_file(), "{files}");
    let desktop = files
        .lines()
        .find(|l| l.starts_with("/usr/share/applications/") && l.ends_with(".desktop"))
        .unwrap_or_else(|| panic!("no .desktop file in the package:\n{files}"));
    let entry = std::fs::read_to_string(desktop).expect("read the .desktop file");
    assert!(entry.contains("Exec=medsos-pd"), "{entry}");
    assert!(entry.contains("Name=Medsos PD"), "{entry}");
    let icon = files
        .lines()
        .find(|l| l.starts_with("/usr/share/icons/hicolor/") && l.ends_with("/medsos-pd.png"))
        .unwrap_or_else(|| panic!("no icon in the package:\n{files}"));
    assert!(Path::new(icon).is_file(), "{icon}");

    // The installed binary, from its installed path, to Beranda.
    let data = tempfile::tempdir().expect("temp data dir");
    let driver = Driver::start(data.path()).await;
    let client = driver.launch_binary(Path::new(INSTALLED_BIN)).await;
    assert_eq!(client.title().await.expect("title"), "Medsos PD");
    complete_first_run(&client).await;
    screenshot(&client, "90-deb-installed-beranda").await;
    client.close().await.expect("close");
    drop(driver);

    guard.remove();
    assert!(installed("${Version}").is_none(), "still installed");
    assert!(
        !Path::new(INSTALLED_BIN).exists(),
        "{INSTALLED_BIN} is left"
    );
}
