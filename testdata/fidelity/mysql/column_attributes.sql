-- Column attributes: unsigned, zerofill, ON UPDATE CURRENT_TIMESTAMP (with a
-- fractional precision), SET, BIT and YEAR types, prefix and descending index
-- parts.
CREATE TABLE attrs (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    z int(5) unsigned zerofill,
    upd timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    dt datetime(3) DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3),
    s set('a','b'),
    bits bit(3),
    y year,
    name varchar(100),
    KEY attrs_name_prefix (name(10)),
    KEY attrs_id_desc (id DESC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
