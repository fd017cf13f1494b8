-- expect-error: CLUSTER ON
CREATE TABLE sorted (id int PRIMARY KEY, v int);
ALTER TABLE sorted CLUSTER ON sorted_pkey;
