-- Views (one reading another), a trigger with a compound body, a function and
-- a procedure, as a dump with DELIMITER lines writes them.
CREATE TABLE accounts (
    id int NOT NULL PRIMARY KEY,
    balance int NOT NULL DEFAULT 0,
    note varchar(40)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE VIEW rich AS SELECT id, balance FROM accounts WHERE balance > 100;
CREATE VIEW rich_ids AS SELECT id FROM rich;
DELIMITER //
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN x * 2;
END//
CREATE PROCEDURE bump(IN k INT)
BEGIN
  UPDATE accounts SET balance = balance + 1 WHERE id = k;
  UPDATE accounts SET note = 'bumped' WHERE id = k;
END//
CREATE TRIGGER accounts_note BEFORE INSERT ON accounts FOR EACH ROW
BEGIN
  IF NEW.note IS NULL THEN SET NEW.note = 'new'; END IF;
END//
DELIMITER ;
