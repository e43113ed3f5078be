//! What the handlers share. Each handler extracts only the part it needs (`State<Store>`,
//! `State<SharedClock>`) through `FromRef`, not the whole state.

use crate::clock::Clock;
use crate::store::Store;
use axum::extract::FromRef;
use std::sync::Arc;

/// The clock handlers read `now` from; a test passes one fixed at the instant it needs.
pub type SharedClock = Arc<dyn Clock>;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub store: Store,
    pub clock: SharedClock,
}

impl AppState {
    pub fn new(store: Store, clock: SharedClock) -> Self {
        AppState { store, clock }
    }
}
