-- Stored instants take one fixed width, the one the agencies' PCs now write too: UTC, whole
-- milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ` (medsos_rules::wib::to_stored). The hub wrote
-- whole seconds ("…:05Z"); text comparison between those rows and new ones would be wrong
-- ("…:05.000Z" sorts before "…:05Z"), so every instant column is rewritten to the new width.
-- The instant itself does not change.
--
-- Only text that has the old form is touched: shorter than 24 characters, a UTC date and
-- time with seconds, an optional fraction and `Z`. Day columns (`YYYY-MM-DD`) and anything
-- else are left as they are.
--
-- Rewriting listings and agencies fires the registry's triggers (migration 006) as if what
-- it lists had changed; it has not, so the generation is put back as it was.

CREATE TEMP TABLE keep_registry_generation AS SELECT id, generation FROM registry_generation;

UPDATE agencies SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    last_sync_at = CASE WHEN length(last_sync_at) < 24 AND last_sync_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', last_sync_at), last_sync_at) ELSE last_sync_at END,
    revoked_at = CASE WHEN length(revoked_at) < 24 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', revoked_at), revoked_at) ELSE revoked_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(last_sync_at) < 24 AND last_sync_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(revoked_at) < 24 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE enrolment_codes SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    expires_at = CASE WHEN length(expires_at) < 24 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', expires_at), expires_at) ELSE expires_at END,
    used_at = CASE WHEN length(used_at) < 24 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', used_at), used_at) ELSE used_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(expires_at) < 24 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(used_at) < 24 AND used_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE devices SET
    enrolled_at = CASE WHEN length(enrolled_at) < 24 AND enrolled_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', enrolled_at), enrolled_at) ELSE enrolled_at END,
    revoked_at = CASE WHEN length(revoked_at) < 24 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', revoked_at), revoked_at) ELSE revoked_at END,
    last_sync_at = CASE WHEN length(last_sync_at) < 24 AND last_sync_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', last_sync_at), last_sync_at) ELSE last_sync_at END
WHERE (length(enrolled_at) < 24 AND enrolled_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(revoked_at) < 24 AND revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(last_sync_at) < 24 AND last_sync_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE summaries SET
    received_at = CASE WHEN length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', received_at), received_at) ELSE received_at END
WHERE (length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE agency_accounts SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE briefs SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE brief_fulfilments SET
    reported_at = CASE WHEN length(reported_at) < 24 AND reported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', reported_at), reported_at) ELSE reported_at END
WHERE (length(reported_at) < 24 AND reported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE users SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    disabled_at = CASE WHEN length(disabled_at) < 24 AND disabled_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', disabled_at), disabled_at) ELSE disabled_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(disabled_at) < 24 AND disabled_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE sessions SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    expires_at = CASE WHEN length(expires_at) < 24 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', expires_at), expires_at) ELSE expires_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(expires_at) < 24 AND expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE impersonation_reports SET
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END,
    received_at = CASE WHEN length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', received_at), received_at) ELSE received_at END
WHERE (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE account_listings SET
    decided_at = CASE WHEN length(decided_at) < 24 AND decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', decided_at), decided_at) ELSE decided_at END
WHERE (length(decided_at) < 24 AND decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE account_listing_events SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE dashboard_settings SET
    value = CASE WHEN length(value) < 24 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', value), value) ELSE value END
WHERE (length(value) < 24 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE registry_generation
SET generation = (SELECT k.generation FROM temp.keep_registry_generation k
                  WHERE k.id = registry_generation.id);
DROP TABLE temp.keep_registry_generation;
