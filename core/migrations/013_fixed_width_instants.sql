-- Stored instants take one fixed width: UTC, whole milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ`
-- (medsos_rules::wib::to_stored). Until now they were RFC 3339 with the fraction trimmed
-- ("…:00Z", "…:00.5Z", "…:00.123Z"), so text comparison, which every range query and ORDER
-- BY here relies on, was wrong within a second ("…:00.5Z" sorted before "…:00Z"). Every
-- instant column is rewritten to the new width; the instant itself does not change.
--
-- `widen(text)` is medsos_rules::wib::widen_stored, registered for this migration only (see
-- core/src/store/migrations.rs): text in an old form (shorter than 24 characters, a UTC date
-- and time with seconds, an optional fraction and `Z`) comes back in the fixed width; any
-- other text (days, WIB minutes, settings that are not instants, NULL) gives NULL and the
-- cell is left as it is.
--
-- Rewriting fires the outbox triggers (migrations 007 and 011) as if the rows had changed.
-- Nothing a summary counts changes, so the outbox is kept exactly as it was: its state is
-- saved first and put back after.

CREATE TEMP TABLE keep_sync_days AS SELECT * FROM sync_days;
CREATE TEMP TABLE keep_accounts_outbox AS SELECT id, change_seq FROM accounts_outbox;

UPDATE agency_profile SET
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(updated_at) IS NOT NULL;

UPDATE drafts SET
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE draft_transitions SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE draft_checklist SET
    checked_at = coalesce(widen(checked_at), checked_at)
WHERE widen(checked_at) IS NOT NULL;

UPDATE draft_revisions SET
    saved_at = coalesce(widen(saved_at), saved_at)
WHERE widen(saved_at) IS NOT NULL;

UPDATE media SET
    created_at = coalesce(widen(created_at), created_at)
WHERE widen(created_at) IS NOT NULL;

UPDATE slots SET
    at = coalesce(widen(at), at),
    published_at = coalesce(widen(published_at), published_at),
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(at) IS NOT NULL
   OR widen(published_at) IS NOT NULL
   OR widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE reminders_seen SET
    seen_at = coalesce(widen(seen_at), seen_at)
WHERE widen(seen_at) IS NOT NULL;

UPDATE complaints SET
    received_at = coalesce(widen(received_at), received_at),
    first_response_at = coalesce(widen(first_response_at), first_response_at),
    verified_at = coalesce(widen(verified_at), verified_at),
    followed_up_at = coalesce(widen(followed_up_at), followed_up_at),
    resolved_at = coalesce(widen(resolved_at), resolved_at),
    closed_at = coalesce(widen(closed_at), closed_at),
    due_first_response = coalesce(widen(due_first_response), due_first_response),
    due_verification = coalesce(widen(due_verification), due_verification),
    due_follow_up = coalesce(widen(due_follow_up), due_follow_up),
    due_resolution = coalesce(widen(due_resolution), due_resolution),
    next_due_at = coalesce(widen(next_due_at), next_due_at),
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(received_at) IS NOT NULL
   OR widen(first_response_at) IS NOT NULL
   OR widen(verified_at) IS NOT NULL
   OR widen(followed_up_at) IS NOT NULL
   OR widen(resolved_at) IS NOT NULL
   OR widen(closed_at) IS NOT NULL
   OR widen(due_first_response) IS NOT NULL
   OR widen(due_verification) IS NOT NULL
   OR widen(due_follow_up) IS NOT NULL
   OR widen(due_resolution) IS NOT NULL
   OR widen(next_due_at) IS NOT NULL
   OR widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE complaint_events SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE complaint_replies SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE complaint_attachments SET
    added_at = coalesce(widen(added_at), added_at)
WHERE widen(added_at) IS NOT NULL;

UPDATE complaint_audit SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE sync_log SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE briefs SET
    received_at = coalesce(widen(received_at), received_at)
WHERE widen(received_at) IS NOT NULL;

UPDATE brief_fulfilments SET
    created_at = coalesce(widen(created_at), created_at),
    sent_at = coalesce(widen(sent_at), sent_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(sent_at) IS NOT NULL;

UPDATE official_accounts SET
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE accounts_outbox SET
    sent_at = coalesce(widen(sent_at), sent_at)
WHERE widen(sent_at) IS NOT NULL;

UPDATE impersonation_reports SET
    created_at = coalesce(widen(created_at), created_at),
    updated_at = coalesce(widen(updated_at), updated_at)
WHERE widen(created_at) IS NOT NULL
   OR widen(updated_at) IS NOT NULL;

UPDATE impersonation_report_events SET
    at = coalesce(widen(at), at)
WHERE widen(at) IS NOT NULL;

UPDATE impersonation_report_media SET
    added_at = coalesce(widen(added_at), added_at)
WHERE widen(added_at) IS NOT NULL;

UPDATE registry_cache SET
    fetched_at = coalesce(widen(fetched_at), fetched_at)
WHERE widen(fetched_at) IS NOT NULL;

UPDATE settings SET
    value = coalesce(widen(value), value)
WHERE widen(value) IS NOT NULL;

-- The outbox as it was, then its own instants.
DELETE FROM sync_days;
INSERT INTO sync_days SELECT * FROM temp.keep_sync_days;
UPDATE accounts_outbox
SET change_seq = (SELECT k.change_seq FROM temp.keep_accounts_outbox k WHERE k.id = accounts_outbox.id);
DROP TABLE temp.keep_sync_days;
DROP TABLE temp.keep_accounts_outbox;

UPDATE sync_days SET
    sent_at = coalesce(widen(sent_at), sent_at)
WHERE widen(sent_at) IS NOT NULL;
