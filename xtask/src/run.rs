//! `cargo xtask run`: the product on this machine, with a demo agency and its data.

use crate::install::{self, Purpose};
use crate::process::{command, run as run_cmd};
use crate::{demo, root, target_dir, Result};
use std::process::Stdio;

/// The hub's demo address; the app's Pengaturan will point at it once sync lands.
const HUB_ADDR: &str = "127.0.0.1:8787";

pub fn run() -> Result {
    install::system_packages(Purpose::Run)?;
    install::npm_packages()?;
    if !has_display() {
        return Err("tidak ada layar: DISPLAY dan WAYLAND_DISPLAY kosong.\n\
             Di server tanpa layar, jalankan lewat layar virtual:\n\n  \
             xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask run\n\n\
             (paket xvfb: sudo apt-get install -y xvfb)"
            .into());
    }
    let ui = root().join("ui");
    run_cmd(command("npm").args(["run", "build"]).current_dir(&ui))?;
    run_cmd(command("cargo").args(["build", "-p", "medsos-pd", "-p", "medsos-hub"]))?;

    let paths = demo::ensure()?;
    let bin = target_dir().join("debug");
    let mut hub = command(bin.join("medsos-hub").to_string_lossy().as_ref())
        .args(["serve", "--db"])
        .arg(&paths.hub_db)
        .args(["--listen", HUB_ADDR])
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("Medsos Hub tidak dapat dijalankan: {e}"))?;
    println!(
        "Medsos Hub: http://{HUB_ADDR}  (data: {})",
        paths.hub_db.display()
    );
    // The dashboard's session cookie is Secure: browsers keep it on localhost, not on an IP.
    let port = HUB_ADDR.rsplit(':').next().unwrap_or("8787");
    println!("Dasbor kinerja: http://localhost:{port}/dasbor");
    println!("Medsos PD: data demo di {}", paths.app_dir.display());

    // The app keeps its store key in the desktop's keyring; where there is none (a server,
    // a container), a private one beside the demo data, so the demo store opens next time.
    let session = if crate::keyring::has_session_bus() {
        None
    } else {
        let home = paths.root.join("keyring");
        println!(
            "Tidak ada bus sesi D-Bus: brankas kredensial demo (gnome-keyring) di {}",
            home.display()
        );
        match crate::keyring::Session::start(&home, "medsos-demo") {
            Ok(session) => Some(session),
            Err(e) => {
                let _ = hub.kill();
                let _ = hub.wait();
                return Err(format!(
                    "brankas kredensial demo tidak dapat disiapkan: {e}"
                ));
            }
        }
    };
    let mut app = command(bin.join("medsos-pd").to_string_lossy().as_ref());
    app.env("MEDSOS_DATA_DIR", &paths.app_dir);
    if let Some(session) = &session {
        session.apply(&mut app);
    }
    let app = app.status();
    drop(session);
    let _ = hub.kill();
    let _ = hub.wait();
    match app {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("Medsos PD berhenti dengan {status}")),
        Err(e) => Err(format!("Medsos PD tidak dapat dijalankan: {e}")),
    }
}

fn has_display() -> bool {
    if cfg!(not(target_os = "linux")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}
