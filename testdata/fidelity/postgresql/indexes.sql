-- Indexes: unique, multi-column, descending, expression, partial, INCLUDE, GIN.
CREATE TABLE docs (id bigint PRIMARY KEY, title text NOT NULL, body text, tags jsonb, author int, created timestamptz);
CREATE UNIQUE INDEX docs_title_uq ON docs (title);
CREATE INDEX docs_author_created ON docs (author, created DESC NULLS LAST);
CREATE INDEX docs_lower_title ON docs (lower(title));
CREATE INDEX docs_recent ON docs (created) WHERE author IS NOT NULL;
CREATE INDEX docs_author_incl ON docs (author) INCLUDE (title);
CREATE INDEX docs_tags ON docs USING gin (tags);
