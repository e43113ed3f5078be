//! The public registry held in memory, so that `/registri` and `GET /api/v1/registry` cost
//! the hub almost nothing however often they are called.
//!
//! The list is read from the store only when it may have changed: the store keeps a
//! generation number that triggers bump on every change to what the registry lists, made by
//! any connection (this server's handlers, or `medsos-hub account ...` from another process
//! on the same file). Each request reads that one number and, when it moved, rebuilds the
//! snapshot; otherwise it shares the snapshot held. The callers match a pasted handle
//! against it on the blocking pool, never on the async workers that answer every other
//! request.

use crate::error::Error;
use crate::store::accounts::{self, PublicAgency};
use crate::store::HubStore;
use crate::store::Store;
use axum::body::Bytes;
use std::sync::{Arc, PoisonError, RwLock};
use tokio::sync::Semaphore;

/// How long a browser or proxy may keep the public registry (JSON and page).
pub const REGISTRY_CACHE: &str = "public, max-age=300";

/// The registry as listed at one generation of the store.
#[derive(Debug)]
pub struct RegistrySnapshot {
    pub generation: i64,
    /// Every agency not revoked, by code, with its listed accounts (see
    /// [`accounts::public_registry`]).
    pub agencies: Vec<PublicAgency>,
    /// The same list as `GET /api/v1/registry` sends it, serialized once.
    pub json: Bytes,
    /// Listed accounts the hub's Meta connection reaches (agency code, platform, handle).
    pub connected: crate::web::registry::Connected,
    /// The regions with at least one listed agency, by code (code, name), for the page's
    /// filter.
    pub regions: Vec<(String, String)>,
}

/// How many checks of pasted text are matched and rendered at once. One: however many
/// clients ask, the public page takes at most one of the hub's cores, and the others stay
/// free for the PCs and the officers.
const CHECKS_AT_ONCE: usize = 1;

pub struct RegistryIndex {
    held: RwLock<Option<Arc<RegistrySnapshot>>>,
    checks: Semaphore,
}

impl Default for RegistryIndex {
    fn default() -> Self {
        RegistryIndex {
            held: RwLock::new(None),
            checks: Semaphore::new(CHECKS_AT_ONCE),
        }
    }
}

impl RegistryIndex {
    /// The registry as the store lists it now.
    pub async fn current(self: &Arc<Self>, store: &Store) -> Result<Arc<RegistrySnapshot>, Error> {
        let index = Arc::clone(self);
        store.run(move |db| index.fresh(db)).await
    }

    /// Runs `work` (matching a pasted text against a snapshot, rendering the answer) on the
    /// blocking pool, at most [`CHECKS_AT_ONCE`] at a time; the others wait their turn
    /// without holding a thread.
    pub async fn run_check<T, F>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // Acquiring fails only on a closed semaphore, and this one is never closed.
        let _turn = self.checks.acquire().await.ok();
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    /// The snapshot held when the store's generation has not moved; otherwise a new one.
    fn fresh(&self, store: &dyn HubStore) -> Result<Arc<RegistrySnapshot>, Error> {
        // The generation is read before the list: a change landing in between leaves a
        // snapshot newer than its number, which the next request rebuilds, never an older one
        // taken for current.
        let generation = store.registry_generation()?;
        let held = self
            .held
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(held) = held.filter(|h| h.generation == generation) {
            return Ok(held);
        }
        let agencies = store.public_registry()?;
        let json = serde_json::to_vec(&accounts::registry_of(&agencies))
            .map_err(|e| Error::Export(e.to_string()))?;
        let codes: std::collections::HashMap<i64, String> = store
            .agencies()?
            .into_iter()
            .map(|a| (a.id, a.code))
            .collect();
        let connected = store
            .meta()
            .connected_meta_handles()?
            .into_iter()
            .filter_map(|(agency, platform, handle)| {
                codes
                    .get(&agency)
                    .map(|code| (code.clone(), platform, handle))
            })
            .collect();
        let regions = store
            .regions()?
            .into_iter()
            .filter(|r| {
                crate::region::RegionCode::parse(&r.code).is_ok_and(|code| {
                    agencies
                        .iter()
                        .any(|a| crate::api::in_region(&code, &a.region))
                })
            })
            .map(|r| (r.code, r.name))
            .collect();
        let snapshot = Arc::new(RegistrySnapshot {
            generation,
            agencies,
            json: Bytes::from(json),
            connected,
            regions,
        });
        *self.held.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }
}
