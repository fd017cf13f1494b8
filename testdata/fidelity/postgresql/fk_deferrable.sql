-- Deferrable foreign keys (initially immediate and initially deferred) and a deferrable unique constraint.
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, p1 int, p2 int, code text);
ALTER TABLE child ADD CONSTRAINT child_p1_fk FOREIGN KEY (p1) REFERENCES parent (id) DEFERRABLE;
ALTER TABLE child ADD CONSTRAINT child_p2_fk FOREIGN KEY (p2) REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE child ADD CONSTRAINT child_code_key UNIQUE (code) DEFERRABLE;
