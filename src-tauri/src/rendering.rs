//! How the window is drawn on Linux (WebKitGTK).
//!
//! WebKitGTK composites pages with OpenGL by default. An office PC without a working GPU
//! driver (and every virtual machine) gets Mesa's software OpenGL (llvmpipe) for that: each
//! frame is rasterised and composited by a software GPU, on the same cores that build the
//! page. Medsos PD's screens are text, forms and lists; they need none of it. Measured with
//! `cargo xtask bench-window` (busy store, Xvfb, 2 cores): Beranda is usable ~40 ms sooner
//! with WebKit's own CPU drawing. Windows (WebView2) and macOS draw as they always do.
//!
//! WebKit reads its switch (`WEBKIT_DISABLE_COMPOSITING_MODE`) once, when the first webview
//! is made; changing the webview's hardware-acceleration policy after that leaves the
//! window blank. So it is set in the environment before the window exists.
//!
//! `MEDSOS_GPU=1` keeps WebKit's default (hardware acceleration when it can), for a PC
//! whose GPU serves it better; a `WEBKIT_DISABLE_COMPOSITING_MODE` already set is kept.
//!
//! A window driven by WebDriver (`tauri-driver` sets `TAURI_WEBVIEW_AUTOMATION=true`) keeps
//! the default too: in WebKitGTK 2.50 without compositing, WebDriver's screenshot command
//! never returns once the page is idle (tried: three screenshots of an idle first-run form,
//! each given up after 20 s; with compositing, 0.06–0.08 s each). What an admin sees is
//! drawn the same either way. The window without compositing, as admins get it, is tested
//! without WebDriver (`tests/tests/gambar.rs`) and timed by `cargo xtask bench-window`.

/// Set to `1` to keep WebKit's hardware-accelerated compositing on Linux.
pub const GPU_ENV: &str = "MEDSOS_GPU";

/// WebKitGTK's switch for drawing without OpenGL compositing.
#[cfg(target_os = "linux")]
const WEBKIT_NO_COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Set to `true` by `tauri-driver` (WebDriver); Tauri then lets WebDriver drive the webview.
#[cfg(target_os = "linux")]
const AUTOMATION_ENV: &str = "TAURI_WEBVIEW_AUTOMATION";

/// Chooses CPU drawing for the window. Called first in `run`, while the process has one
/// thread: the environment is not safe to change once others may read it.
#[cfg(target_os = "linux")]
pub fn choose() {
    if cpu_drawing(
        std::env::var_os(GPU_ENV).as_deref(),
        std::env::var_os(WEBKIT_NO_COMPOSITING_ENV).as_deref(),
        std::env::var_os(AUTOMATION_ENV).as_deref(),
    ) {
        std::env::set_var(WEBKIT_NO_COMPOSITING_ENV, "1");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn choose() {}

/// Whether to switch WebKit's compositing off: not when the admin asked for the GPU
/// (`MEDSOS_GPU=1`), not when WebKit's own switch is set already (either way), and not in a
/// window WebDriver drives (see above).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn cpu_drawing(
    gpu: Option<&std::ffi::OsStr>,
    webkit: Option<&std::ffi::OsStr>,
    automation: Option<&std::ffi::OsStr>,
) -> bool {
    gpu != Some(std::ffi::OsStr::new("1"))
        && webkit.is_none()
        && automation != Some(std::ffi::OsStr::new("true"))
}

#[cfg(test)]
mod tests {
    use super::cpu_drawing;
    use std::ffi::OsStr;

    #[test]
    fn cpu_drawing_unless_asked_otherwise() {
        assert!(cpu_drawing(None, None, None));
        assert!(cpu_drawing(Some(OsStr::new("0")), None, None));
        assert!(!cpu_drawing(Some(OsStr::new("1")), None, None));
        // WebKit's switch set by the admin, to 0 or 1, is theirs to keep.
        assert!(!cpu_drawing(None, Some(OsStr::new("0")), None));
        assert!(!cpu_drawing(None, Some(OsStr::new("1")), None));
        // Driven by WebDriver: WebKit's default, so its screenshots come back.
        assert!(!cpu_drawing(None, None, Some(OsStr::new("true"))));
        assert!(cpu_drawing(None, None, Some(OsStr::new("false"))));
    }
}
