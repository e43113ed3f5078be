-- Sinkron: which WIB days' summaries must (again) go to the Diskominfo hub.
--
-- A change that alters a day's summary marks that day pending in the same transaction: the
-- triggers below run inside whatever transaction wrote the row, so a write and its outbox
-- mark commit or roll back together. A day goes out with `revision`; when the hub has
-- acknowledged a revision, a later change bumps it, so the hub replaces what it holds.
CREATE TABLE sync_days (
    day           TEXT PRIMARY KEY,            -- YYYY-MM-DD, WIB
    revision      INTEGER NOT NULL DEFAULT 1,  -- the revision the next send carries
    pending       INTEGER NOT NULL DEFAULT 1 CHECK (pending IN (0, 1)),
    sent_revision INTEGER,                     -- last revision the hub acknowledged
    sent_at       TEXT,                        -- when that acknowledgement came (UTC)
    change_seq    INTEGER NOT NULL DEFAULT 1,  -- bumped by every change, so an acknowledgement
                                               -- of a send that raced a change keeps the day pending
    attempted_revision INTEGER                 -- the last revision put on the wire: the hub may
                                               -- hold it even if its answer was lost
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_days_pending ON sync_days (pending, day);

-- Marks a day: new days start at revision 1; a day whose current revision the hub already
-- holds moves to the next one, so the hub replaces it; a day already pending stays at its
-- revision.
CREATE VIEW sync_mark (day) AS SELECT NULL;
CREATE TRIGGER sync_mark_insert INSTEAD OF INSERT ON sync_mark
WHEN NEW.day IS NOT NULL
BEGIN
    INSERT INTO sync_days (day) VALUES (NEW.day)
    ON CONFLICT (day) DO UPDATE SET
        revision = CASE
            WHEN MAX(COALESCE(sync_days.sent_revision, 0),
                     COALESCE(sync_days.attempted_revision, 0)) >= sync_days.revision
            THEN MAX(COALESCE(sync_days.sent_revision, 0),
                     COALESCE(sync_days.attempted_revision, 0)) + 1
            ELSE sync_days.revision END,
        pending = 1,
        change_seq = sync_days.change_seq + 1;
END;

-- Instants are stored as UTC RFC 3339 text; WIB is UTC+7 all year.
-- Drafts: "drafts created" counts by the day of creation.
CREATE TRIGGER sync_drafts_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO sync_mark (day) VALUES (date(NEW.created_at, '+7 hours'));
END;

-- Slots: published, scheduled and missed counts belong to the slot's day; a moved slot
-- changes both its old and its new day.
CREATE TRIGGER sync_slots_insert AFTER INSERT ON slots BEGIN
    INSERT INTO sync_mark (day) VALUES (date(NEW.at, '+7 hours'));
END;
CREATE TRIGGER sync_slots_update AFTER UPDATE OF at, status, platform ON slots
WHEN OLD.at IS NOT NEW.at OR OLD.status IS NOT NEW.status OR OLD.platform IS NOT NEW.platform
BEGIN
    INSERT INTO sync_mark (day) VALUES (date(OLD.at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.at, '+7 hours'));
END;
CREATE TRIGGER sync_slots_delete AFTER DELETE ON slots BEGIN
    INSERT INTO sync_mark (day) VALUES (date(OLD.at, '+7 hours'));
END;

-- Complaints: received counts belong to the day received; answers, resolutions, the
-- backlog and overdue counts to the day the change happened.
CREATE TRIGGER sync_complaints_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO sync_mark (day) VALUES (date(NEW.received_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.updated_at, '+7 hours'));
END;
-- Only columns a summary counts: the nightly list_rank and next-due bookkeeping, or
-- retention erasing personal fields, change no count and mark nothing.
CREATE TRIGGER sync_complaints_update
AFTER UPDATE OF channel, received_at, kind, category_id, kecamatan, status,
                first_response_at, resolved_at, closed_at, due_first_response, due_resolution
ON complaints
-- A recompute that writes the same deadlines back (after a holiday import) changes nothing.
WHEN OLD.channel IS NOT NEW.channel OR OLD.received_at IS NOT NEW.received_at
  OR OLD.kind IS NOT NEW.kind OR OLD.category_id IS NOT NEW.category_id
  OR OLD.kecamatan IS NOT NEW.kecamatan OR OLD.status IS NOT NEW.status
  OR OLD.first_response_at IS NOT NEW.first_response_at
  OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.closed_at IS NOT NEW.closed_at
  OR OLD.due_first_response IS NOT NEW.due_first_response
  OR OLD.due_resolution IS NOT NEW.due_resolution
BEGIN
    INSERT INTO sync_mark (day) VALUES (date(OLD.received_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.received_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.updated_at, '+7 hours'));
    -- Answers and resolutions count on their own day, which an import may back-date.
    INSERT INTO sync_mark (day) VALUES (date(OLD.first_response_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.first_response_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(OLD.resolved_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.resolved_at, '+7 hours'));
    INSERT INTO sync_mark (day) VALUES (date(NEW.closed_at, '+7 hours'));
END;
CREATE TRIGGER sync_complaint_replies_insert AFTER INSERT ON complaint_replies BEGIN
    INSERT INTO sync_mark (day) VALUES (date(NEW.at, '+7 hours'));
END;
