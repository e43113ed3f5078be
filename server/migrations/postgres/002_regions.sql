-- Regions (wilayah) by BPS code: provinces ('32', Jawa Barat) and the regencies and cities in
-- them ('32.03', Kabupaten Cianjur). Every agency belongs to a regency or city; a hub from
-- before regions served Cianjur alone, so its agencies become region 32.03 (as SQLite's
-- 010_regions.sql).

CREATE TABLE regions (
    code       TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);

INSERT INTO regions (code, name, created_at) VALUES
    ('32', 'Provinsi Jawa Barat', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    ('32.03', 'Kabupaten Cianjur', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

ALTER TABLE agencies ADD COLUMN region_code TEXT COLLATE "C" NOT NULL DEFAULT '32.03'
    REFERENCES regions (code);

CREATE INDEX agencies_by_region ON agencies (region_code, code);

-- The public registry lists agencies by region too: a change of an agency's region is a
-- change of what it lists.
DROP TRIGGER registry_agency_changed ON agencies;
CREATE TRIGGER registry_agency_changed AFTER UPDATE OF code, name, revoked_at, region_code ON agencies
    FOR EACH ROW EXECUTE FUNCTION bump_registry_generation();

-- A new region is a new choice on the registry's page.
CREATE TRIGGER registry_region_added AFTER INSERT ON regions
    FOR EACH ROW EXECUTE FUNCTION bump_registry_generation();
