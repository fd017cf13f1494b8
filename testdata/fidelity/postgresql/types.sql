-- Column types migrate models on PostgreSQL, each round-tripped as declared.
CREATE TABLE all_types (
    id bigint PRIMARY KEY,
    i integer NOT NULL,
    s smallint,
    t text,
    v varchar(40),
    c char(3),
    n numeric(12, 2),
    f double precision,
    r real,
    b boolean,
    d date,
    ts timestamp,
    tz timestamptz,
    tm time,
    j jsonb,
    js json,
    u uuid,
    bin bytea
);
