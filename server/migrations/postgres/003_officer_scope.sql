-- What each officer sees: 'all', or a region by BPS code (a province, '32', covers its
-- regencies and cities). Officers from before regions keep seeing all (as SQLite's
-- 011_officer_scope.sql).
ALTER TABLE users ADD COLUMN scope TEXT COLLATE "C" NOT NULL DEFAULT 'all';
