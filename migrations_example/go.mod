module github.com/retortdb/migrate/migrations_example

go 1.26.0

require github.com/retortdb/migrate v0.0.0

replace github.com/retortdb/migrate => ../
