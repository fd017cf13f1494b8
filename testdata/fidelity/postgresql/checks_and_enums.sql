-- CHECK constraints, named and unnamed, and an enum type.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (
    id bigint PRIMARY KEY,
    age int CHECK (age >= 0),
    m mood NOT NULL DEFAULT 'ok',
    CONSTRAINT people_age_sane CHECK (age < 200)
);
