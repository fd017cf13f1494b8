CREATE TABLE r2 (id bigint PRIMARY KEY, name text); CREATE INDEX r2_name_c ON r2 (name COLLATE "C");
