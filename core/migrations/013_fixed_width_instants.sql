-- Stored instants take one fixed width: UTC, whole milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ`
-- (medsos_rules::wib::to_stored). Until now they were RFC 3339 with the fraction trimmed
-- ("…:00Z", "…:00.5Z", "…:00.123Z"), so text comparison, which every range query and ORDER
-- BY here relies on, was wrong within a second ("…:00.5Z" sorted before "…:00Z"). Every
-- instant column is rewritten to the new width; the instant itself does not change.
--
-- Only text that has the old form is touched: shorter than 24 characters, a UTC date and
-- time with seconds, an optional fraction and `Z`. Day columns (`YYYY-MM-DD`), WIB minutes
-- and anything else are left as they are; `settings` holds a few instants among other
-- values and only those match.
--
-- Rewriting fires the outbox triggers (migrations 007 and 011) as if the rows had changed.
-- Nothing a summary counts changes, so the outbox is kept exactly as it was: its state is
-- saved first and put back after.

CREATE TEMP TABLE keep_sync_days AS SELECT * FROM sync_days;
CREATE TEMP TABLE keep_accounts_outbox AS SELECT id, change_seq FROM accounts_outbox;

UPDATE agency_profile SET
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE drafts SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE draft_transitions SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE draft_checklist SET
    checked_at = CASE WHEN length(checked_at) < 24 AND checked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', checked_at), checked_at) ELSE checked_at END
WHERE (length(checked_at) < 24 AND checked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE draft_revisions SET
    saved_at = CASE WHEN length(saved_at) < 24 AND saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', saved_at), saved_at) ELSE saved_at END
WHERE (length(saved_at) < 24 AND saved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE media SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE slots SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END,
    published_at = CASE WHEN length(published_at) < 24 AND published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', published_at), published_at) ELSE published_at END,
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(published_at) < 24 AND published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE reminders_seen SET
    seen_at = CASE WHEN length(seen_at) < 24 AND seen_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', seen_at), seen_at) ELSE seen_at END
WHERE (length(seen_at) < 24 AND seen_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE complaints SET
    received_at = CASE WHEN length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', received_at), received_at) ELSE received_at END,
    first_response_at = CASE WHEN length(first_response_at) < 24 AND first_response_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', first_response_at), first_response_at) ELSE first_response_at END,
    verified_at = CASE WHEN length(verified_at) < 24 AND verified_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', verified_at), verified_at) ELSE verified_at END,
    followed_up_at = CASE WHEN length(followed_up_at) < 24 AND followed_up_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', followed_up_at), followed_up_at) ELSE followed_up_at END,
    resolved_at = CASE WHEN length(resolved_at) < 24 AND resolved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', resolved_at), resolved_at) ELSE resolved_at END,
    closed_at = CASE WHEN length(closed_at) < 24 AND closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', closed_at), closed_at) ELSE closed_at END,
    due_first_response = CASE WHEN length(due_first_response) < 24 AND due_first_response GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', due_first_response), due_first_response) ELSE due_first_response END,
    due_verification = CASE WHEN length(due_verification) < 24 AND due_verification GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', due_verification), due_verification) ELSE due_verification END,
    due_follow_up = CASE WHEN length(due_follow_up) < 24 AND due_follow_up GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', due_follow_up), due_follow_up) ELSE due_follow_up END,
    due_resolution = CASE WHEN length(due_resolution) < 24 AND due_resolution GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', due_resolution), due_resolution) ELSE due_resolution END,
    next_due_at = CASE WHEN length(next_due_at) < 24 AND next_due_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', next_due_at), next_due_at) ELSE next_due_at END,
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(first_response_at) < 24 AND first_response_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(verified_at) < 24 AND verified_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(followed_up_at) < 24 AND followed_up_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(resolved_at) < 24 AND resolved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(closed_at) < 24 AND closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(due_first_response) < 24 AND due_first_response GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(due_verification) < 24 AND due_verification GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(due_follow_up) < 24 AND due_follow_up GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(due_resolution) < 24 AND due_resolution GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(next_due_at) < 24 AND next_due_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE complaint_events SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE complaint_replies SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE complaint_attachments SET
    added_at = CASE WHEN length(added_at) < 24 AND added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', added_at), added_at) ELSE added_at END
WHERE (length(added_at) < 24 AND added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE complaint_audit SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE sync_log SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE briefs SET
    received_at = CASE WHEN length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', received_at), received_at) ELSE received_at END
WHERE (length(received_at) < 24 AND received_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE brief_fulfilments SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    sent_at = CASE WHEN length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', sent_at), sent_at) ELSE sent_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE official_accounts SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE accounts_outbox SET
    sent_at = CASE WHEN length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', sent_at), sent_at) ELSE sent_at END
WHERE (length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE impersonation_reports SET
    created_at = CASE WHEN length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', created_at), created_at) ELSE created_at END,
    updated_at = CASE WHEN length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at), updated_at) ELSE updated_at END
WHERE (length(created_at) < 24 AND created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
   OR (length(updated_at) < 24 AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE impersonation_report_events SET
    at = CASE WHEN length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', at), at) ELSE at END
WHERE (length(at) < 24 AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE impersonation_report_media SET
    added_at = CASE WHEN length(added_at) < 24 AND added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', added_at), added_at) ELSE added_at END
WHERE (length(added_at) < 24 AND added_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE registry_cache SET
    fetched_at = CASE WHEN length(fetched_at) < 24 AND fetched_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', fetched_at), fetched_at) ELSE fetched_at END
WHERE (length(fetched_at) < 24 AND fetched_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

UPDATE settings SET
    value = CASE WHEN length(value) < 24 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', value), value) ELSE value END
WHERE (length(value) < 24 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');

-- The outbox as it was, then its own instants.
DELETE FROM sync_days;
INSERT INTO sync_days SELECT * FROM temp.keep_sync_days;
UPDATE accounts_outbox
SET change_seq = (SELECT k.change_seq FROM temp.keep_accounts_outbox k WHERE k.id = accounts_outbox.id);
DROP TABLE temp.keep_sync_days;
DROP TABLE temp.keep_accounts_outbox;

UPDATE sync_days SET
    sent_at = CASE WHEN length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'
        THEN coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', sent_at), sent_at) ELSE sent_at END
WHERE (length(sent_at) < 24 AND sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z');
