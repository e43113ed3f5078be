//! medsos-hub: the server Diskominfo runs for the whole regency. It enrols agencies' PCs,
//! receives their daily summaries, publishes holidays, the registry of official accounts and
//! content briefs, and (later) serves the kinerja dashboard.
//!
//! The binary (`main.rs`) is only argument parsing; everything it runs lives here so tests can
//! drive the router in-process with [`app`] and the admin commands through [`cli`].

pub mod account;
pub mod agency;
mod api;
pub mod brief;
pub mod cli;
pub mod client;
pub mod clock;
pub mod connections;
pub mod credentials;
pub mod dashboard;
pub mod device;
pub mod error;
pub mod impersonation;
pub mod meta;
pub mod proxy;
pub mod public_limit;
pub mod rate_limit;
pub mod region;
pub mod registry_index;
pub mod release;
pub mod spreadsheet;
pub mod state;
pub mod store;
pub mod summary;
pub mod token_bucket;
pub mod web;

pub use api::openapi::ApiDoc;
pub use error::Error;
pub use state::AppState;

use axum::Router;

/// The whole HTTP surface of the hub over the given state.
pub fn app(state: AppState) -> Router {
    api::router(state)
}
