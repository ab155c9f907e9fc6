// Package migrations holds the applicant-selection schema's numbered goose migrations.
package migrations

import "embed"

// FS holds the *.sql migrations, applied in order by pgkit.Migrate.
//
//go:embed *.sql
var FS embed.FS
