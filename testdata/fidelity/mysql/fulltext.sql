CREATE TABLE articles (id int PRIMARY KEY, title varchar(255), body text, FULLTEXT KEY ft_title_body (title, body)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
