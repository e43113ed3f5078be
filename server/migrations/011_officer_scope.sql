-- What each officer sees: 'all', or a region by BPS code (a province, '32', covers its
-- regencies and cities). Officers from before regions served one regency and keep seeing all.
ALTER TABLE users ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';
