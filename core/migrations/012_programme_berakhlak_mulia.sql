-- Cianjur Manjur has four pillars: Mandiri, Maju, Religius and Berakhlak Mulia. The list
-- seeded in 003 left the last one out; add it unless the admin already has it (any case).
INSERT INTO programmes (name, hashtag)
SELECT 'Cianjur Berakhlak Mulia', '#CianjurBerakhlakMulia'
WHERE NOT EXISTS (
    SELECT 1 FROM programmes WHERE lower(name) = lower('Cianjur Berakhlak Mulia')
);
