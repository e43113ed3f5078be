-- Regions (wilayah) by BPS code: provinces ("32", Jawa Barat) and the regencies and cities in
-- them ("32.03", Kabupaten Cianjur). Every agency belongs to a regency or city; a hub from
-- before regions served Cianjur alone, so its agencies become region 32.03.

CREATE TABLE regions (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO regions (code, name, created_at) VALUES
    ('32', 'Provinsi Jawa Barat', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    ('32.03', 'Kabupaten Cianjur', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- SQLite adds no column with both a REFERENCES clause and a non-NULL default: the region's
-- existence is checked where an agency is added (`store::sqlite::agencies::add`).
ALTER TABLE agencies ADD COLUMN region_code TEXT NOT NULL DEFAULT '32.03';

CREATE INDEX agencies_by_region ON agencies (region_code, code);

-- The public registry lists agencies by region too: a change of an agency's region is a
-- change of what it lists.
DROP TRIGGER registry_agency_changed;
CREATE TRIGGER registry_agency_changed AFTER UPDATE OF code, name, revoked_at, region_code ON agencies
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

-- A new region is a new choice on the registry's page.
CREATE TRIGGER registry_region_added AFTER INSERT ON regions
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;
