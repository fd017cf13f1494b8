CREATE TABLE sorted (id int PRIMARY KEY, v int);
CREATE INDEX sorted_v ON sorted (v);
ALTER TABLE sorted CLUSTER ON sorted_v;
CREATE TABLE by_key (id int PRIMARY KEY);
ALTER TABLE by_key CLUSTER ON by_key_pkey;
