-- Foreign keys: actions, composite keys, self-reference.
CREATE TABLE parent (id bigint PRIMARY KEY, code text NOT NULL, region int NOT NULL, UNIQUE (code, region));
CREATE TABLE child (
    id bigint PRIMARY KEY,
    parent_id bigint REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
    code text,
    region int,
    boss_id bigint REFERENCES child (id) ON DELETE SET NULL,
    CONSTRAINT child_code_fk FOREIGN KEY (code, region) REFERENCES parent (code, region) ON DELETE RESTRICT
);
