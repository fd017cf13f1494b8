-- expect-error: storage parameters WITH (fillfactor=70)
CREATE TABLE isp (id int PRIMARY KEY, a int);
CREATE INDEX isp_a ON isp (a) WITH (fillfactor = 70);
