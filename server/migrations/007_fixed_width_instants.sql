-- Stored instants take one fixed width, the one the agencies' PCs now write too: UTC, whole
-- milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ` (medsos_rules::wib::to_stored). The hub wrote
-- whole seconds ("…:05Z"); text comparison between those rows and new ones would be wrong
-- ("…:05.000Z" sorts before "…:05Z"), so every instant column is rewritten to the new width.
-- The instant itself does not change.
--
-- `widen(text)` is medsos_rules::wib::widen_stored, registered for this migration only (see
-- server/src/store/sqlite/migrations.rs): text in an old form (shorter than 24 characters, a
-- UTC date and time with seconds, an optional fraction and `Z`) comes back in the fixed
-- width; any other text (days, NULL) gives NULL and the cell is left as it is.
--
-- Rewriting listings and agencies fires the registry's triggers (migration 006) as if what
-- it lists had changed; it has not, so the generation is put back as it was.

CREATE TEMP TABLE keep_registry_generation AS SELECT id, generation FROM registry_generation;

UPDATE agencies SET
    created_at = coalesce(widen(created_at), created_at),
    last_sync_at = coalesce(widen(last_sync_at), last_sync_at),
    revoked_at = coalesce(widen(revoked_at), revoked_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(last_sync_at) IS NOT NULL
   OR widen(revoked_at) IS NOT NULL;

UPDATE enrolment_codes SET
    created_at = coalesce(widen(created_at), created_at),
    expires_at = coalesce(widen(expires_at), expires_at),
    used_at = coalesce(widen(used_at), used_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(expires_at) IS NOT NULL
   OR widen(used_at) IS NOT NULL;

UPDATE devices SET
    enrolled_at = coalesce(widen(enrolled_at), enrolled_at),
    revoked_at = coalesce(widen(revoked_at), revoked_at),
    last_sync_at = coalesce(widen(last_sync_at), last_sync_at)
WHERE widen(enrolled_at) IS NOT NULL
   OR widen(revoked_at) IS NOT NULL
   OR widen(last_sync_at) IS NOT NULL;

UPDATE summaries SET
    received_at = coalesce(widen(received_at), received_at)
WHERE widen(received_at) IS NOT NULL;

UPDATE agency_accounts SET
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE briefs SET
    created_at = coalesce(widen(created_at), created_at)
WHERE widen(created_at) IS NOT NULL;

UPDATE brief_fulfilments SET
    reported_at = coalesce(widen(reported_at), reported_at)
WHERE widen(reported_at) IS NOT NULL;

UPDATE users SET
    created_at = coalesce(widen(created_at), created_at),
    disabled_at = coalesce(widen(disabled_at), disabled_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(disabled_at) IS NOT NULL;

UPDATE sessions SET
    created_at = coalesce(widen(created_at), created_at),
    expires_at = coalesce(widen(expires_at), expires_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(expires_at) IS NOT NULL;

UPDATE impersonation_reports SET
    updated_at = coalesce(widen(updated_at), updated_at),
    received_at = coalesce(widen(received_at), received_at)
WHERE widen(updated_at) IS NOT NULL
   OR widen(received_at) IS NOT NULL;

UPDATE account_listings SET
    decided_at = coalesce(widen(decided_at), decided_at)
WHERE widen(decided_at) IS NOT NULL;

UPDATE account_listing_events SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE dashboard_settings SET
    value = coalesce(widen(value), value)
WHERE widen(value) IS NOT NULL;

UPDATE registry_generation
SET generation = (SELECT k.generation FROM temp.keep_registry_generation k
                  WHERE k.id = registry_generation.id);
DROP TABLE temp.keep_registry_generation;
