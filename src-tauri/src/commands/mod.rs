//! The IPC commands. Each is a few lines: unpack, call the core, map the error.
//! They are `async` so Tauri runs them off the UI thread.

mod accounts;
mod app;
pub(crate) mod backup;
mod beranda;
mod calendar;
mod complaints;
mod drafts;
mod media;
mod meta;
pub(crate) mod sync;
mod updates;
mod window;

// Named by the TypeScript bindings test.
#[cfg(test)]
pub use accounts::{AccountsOverview, RegistryInfo, ReportView};
#[cfg(test)]
pub use app::AppStatus;
#[cfg(test)]
pub use backup::{BackupOverview, RestoreCandidate};
#[cfg(test)]
pub use complaints::{
    Attachment, CategorySetting, ComplaintDetail, ComplaintMeta, ComplaintSettings, ExportFormat,
    ImportSession, KindRule,
};
#[cfg(test)]
pub use drafts::DraftDetail;
#[cfg(test)]
pub use drafts::MediaView;
#[cfg(test)]
pub use media::{ImportOutcome, LibraryView};
#[cfg(test)]
pub use meta::MetaOverview;
#[cfg(test)]
pub use sync::{SummaryPreview, SyncOutcome};
#[cfg(test)]
pub use window::WindowOptions;

use medsos_core::ErrorPayload;

/// A command's answer. A core error becomes its `{code, message}` with `?`
/// (`From<medsos_core::Error> for ErrorPayload`); a command that means something more
/// specific builds its own `ErrorPayload`.
pub(crate) type CmdResult<T> = Result<T, ErrorPayload>;

/// The command list is written once, in list.rs, because four places must name the same
/// commands: the handler below, build.rs (one `allow-` permission each), the window's
/// capability and the UI's `api.ts`. The first two are generated from list.rs by the macro
/// below and its twin in build.rs, so they cannot drift; the capability files and `api.ts`
/// are checked against it by list_tests.rs. Those two stay hand-written: Tauri reads the
/// capability as a file of its own, and `api.ts` pairs each command with its types.
macro_rules! commands {
    (
        every_build: [$($module:ident::$command:ident,)*],
        debug_builds_only: [$($debug_module:ident::$debug_command:ident,)*],
    ) => {
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![
                $($module::$command,)*
                $(#[cfg(debug_assertions)] $debug_module::$debug_command,)*
            ]
        }

        /// The commands of every build, as the window calls them.
        #[cfg(test)]
        const EVERY_BUILD: &[&str] = &[$(stringify!($command),)*];

        /// The commands only a debug build registers.
        #[cfg(test)]
        const DEBUG_BUILDS_ONLY: &[&str] = &[$(stringify!($debug_command),)*];
    };
}

include!("list.rs");

#[cfg(test)]
mod list_tests;
