// Package migrations embeds the goose migrations of the employer_registration schema.
package migrations

import "embed"

// FS holds the numbered migrations (00001_init.sql, ...).
//
//go:embed *.sql
var FS embed.FS
