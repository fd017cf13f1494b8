-- Defaults that need their parentheses, and 'now' casts that must stay expressions.
CREATE TABLE r5 (id bigint PRIMARY KEY, a timestamp DEFAULT (now() AT TIME ZONE 'utc'), d boolean DEFAULT (NOT false), b date DEFAULT ('now'::text)::date);
