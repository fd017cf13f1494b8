-- Table engine, default character set and collation, row format, key block
-- size and comment; a second table in another engine and character set.
CREATE TABLE compressed (
    id int NOT NULL PRIMARY KEY,
    body varchar(200)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8 COMMENT='packed rows';
CREATE TABLE legacy (
    id int NOT NULL PRIMARY KEY,
    name varchar(50)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
