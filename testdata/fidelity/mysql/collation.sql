CREATE TABLE accounts (id int PRIMARY KEY, token varchar(40) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
