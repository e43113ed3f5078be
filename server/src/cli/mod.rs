//! The admin commands behind `medsos-hub`, one module per command group. `main.rs` parses the
//! arguments and prints; these functions do the work and return what to print, so every
//! failure reaches the operator as one Indonesian sentence on stderr.

pub mod agency;
pub mod serve;
