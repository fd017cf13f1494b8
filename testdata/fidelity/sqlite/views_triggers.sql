-- Views (one reading another) and triggers (one with a WHEN clause and a
-- body of two statements), kept as SQLite stores their text.
CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance INT NOT NULL DEFAULT 0);
CREATE TABLE audit (id INTEGER PRIMARY KEY, account INT, what TEXT);
CREATE VIEW rich AS SELECT id, name FROM accounts WHERE balance > 1000;
CREATE VIEW rich_names AS SELECT name FROM rich ORDER BY name;
CREATE TRIGGER accounts_audit AFTER UPDATE OF balance ON accounts
WHEN new.balance < 0
BEGIN
    INSERT INTO audit (account, what) VALUES (new.id, 'negative');
    UPDATE accounts SET name = name || '!' WHERE id = new.id;
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are kept'); END;
