//! medsos-rules: every rule that Medsos PD (core and its window), the Medsos Hub and the UI
//! must answer the same way, written once.
//!
//! - [`Platform`], and one reading of handles and profile addresses ([`handle`]) and of post
//!   addresses ([`links`]).
//! - The WIB day and instant formats ([`wib`]).
//! - The working-day calendar and holiday types ([`workdays`]).
//! - The platforms' limits ([`limits`]).
//!
//! Nothing here reads a file, a clock, a database or the network: callers pass values in.
//! The UI receives these rules as generated TypeScript (`cargo xtask bindings`), so it never
//! keeps a copy of its own.

pub mod handle;
pub mod limits;
pub mod links;
mod platform;
pub mod wib;
pub mod workdays;

pub use platform::Platform;
