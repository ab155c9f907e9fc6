// Package migrations holds the identity schema's numbered goose migrations.
package migrations

import "embed"

// FS holds the migration files (00001_init.sql, ...).
//
//go:embed *.sql
var FS embed.FS
