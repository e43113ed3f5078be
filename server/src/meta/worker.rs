//! The hub's own timer for Meta: publications due are looked for every `--publish-interval`
//! seconds. Runs beside the server; a failed round is logged and the next one runs as usual.

use crate::state::AppState;

/// Starts the loop on the current runtime. It stops with the runtime.
pub fn spawn(state: AppState) {
    let every = state.meta.publish_interval;
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match super::publish::run_due(&state).await {
                Ok(0) => {}
                Ok(published) => tracing::info!(published, "publications published on Meta"),
                Err(error) => tracing::error!(%error, "publishing round failed"),
            }
        }
    });
}
