-- Defaults, auto-increment, unique keys, indexes and foreign keys.
CREATE TABLE authors (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name varchar(100) NOT NULL,
    status varchar(10) NOT NULL DEFAULT 'new',
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY authors_name_uq (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE books (
    id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
    author_id int NOT NULL,
    title varchar(200) NOT NULL,
    KEY books_title (title),
    CONSTRAINT books_author_fk FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
