-- Server defaults: literals, functions and keywords.
CREATE TABLE with_defaults (
    id bigint PRIMARY KEY,
    status text NOT NULL DEFAULT 'new',
    qty integer NOT NULL DEFAULT 0,
    price numeric(10, 2) DEFAULT 9.99,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    day date DEFAULT CURRENT_DATE
);
