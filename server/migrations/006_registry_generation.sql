-- The public registry is served from memory. Every change to what it lists (a listing
-- approved, refused, taken down or its badge confirmed; an agency added, renamed or revoked)
-- bumps one number here, by trigger, so the server notices a change made by any connection:
-- its own handlers and the admin CLI writing to the same file from another process alike.
CREATE TABLE registry_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
) STRICT;

INSERT INTO registry_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER registry_listing_added AFTER INSERT ON account_listings
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_listing_changed AFTER UPDATE ON account_listings
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_listing_deleted AFTER DELETE ON account_listings
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_agency_added AFTER INSERT ON agencies
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

-- Not on `last_sync_at`, which every upload writes.
CREATE TRIGGER registry_agency_changed AFTER UPDATE OF code, name, revoked_at ON agencies
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_agency_deleted AFTER DELETE ON agencies
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

-- The per-agency cap on posts answering briefs counts an agency's posts in every upload.
CREATE INDEX brief_fulfilments_by_agency ON brief_fulfilments (agency_id);
