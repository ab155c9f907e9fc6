package postgres

// All SQL of the service. Times are parameters from the injected clock, never now().

const estColumns = `id, coalesce(number, ''), number_source, state, origin, owner_account_id, owner_email, office_code,
  office_overridden, profile, office_message, submitted_at, registered_at, resubmissions, version, created_at, updated_at`

const (
	qEstByID = `SELECT ` + estColumns + ` FROM establishments WHERE id = $1`
	qEstLock = `SELECT ` + estColumns + ` FROM establishments WHERE id = $1 FOR UPDATE`
	// The account's live registration, or else its latest rejected one (OPEN-1: the
	// employer reads the office's reason until starting a new registration).
	qEstByOwner = `SELECT ` + estColumns + ` FROM establishments WHERE owner_account_id = $1 AND owner_account_id <> ''
		ORDER BY state = 'REJECTED', updated_at DESC, id LIMIT 1`
	qEstByNumber = `SELECT ` + estColumns + ` FROM establishments WHERE number = $1`
	// Keyset paging: $2/$3 are the submission time and id of the previous page's last
	// row (NULL for the first page).
	qProvisional = `SELECT ` + estColumns + ` FROM establishments WHERE office_code = $1 AND state = 'PROVISIONAL'
  AND ($3::uuid IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
  ORDER BY submitted_at, id LIMIT $4`
	qEstInsert = `INSERT INTO establishments (id, number, number_source, state, origin, owner_account_id, owner_email, office_code,
  office_overridden, profile, office_message, submitted_at, registered_at, resubmissions, version, created_at, updated_at)
  VALUES ($1, nullif($2, ''), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`
	qEstUpdate = `UPDATE establishments SET number = nullif($2, ''), number_source = $3, state = $4, owner_email = $5, office_code = $6,
  office_overridden = $7, profile = $8, office_message = $9, submitted_at = $10, registered_at = $11, resubmissions = $12,
  version = $13, updated_at = $14 WHERE id = $1`
	qNextSerial = `INSERT INTO office_serials (office_code, last_serial) VALUES ($1, 1)
  ON CONFLICT (office_code) DO UPDATE SET last_serial = office_serials.last_serial + 1 RETURNING last_serial`
	qLoginEmailInsert = `INSERT INTO login_emails (establishment_id, email, registered_by, registered_at) VALUES ($1, $2, $3, $4)`
)

const codeColumns = `id, establishment_id, code_hash, issued_at, issued_by, mistakes, status, invalidated_at`

const (
	qActiveCode       = `SELECT ` + codeColumns + ` FROM creation_codes WHERE establishment_id = $1 AND status = 'ACTIVE' FOR UPDATE`
	qActiveCodeByHash = `SELECT ` + codeColumns + ` FROM creation_codes WHERE code_hash = $1 AND status = 'ACTIVE' FOR UPDATE`
	qCodeInsert       = `INSERT INTO creation_codes (` + codeColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	qCodeUpdate       = `UPDATE creation_codes SET mistakes = $2, status = $3, invalidated_at = $4 WHERE id = $1`
)

const changeColumns = `id, establishment_id, state, proposed, warnings, review_message, applied_by, reviewed_by, created_at, reviewed_at`

const (
	qChangeForUpdate = `SELECT ` + changeColumns + ` FROM establishment_changes WHERE id = $1 FOR UPDATE`
	qChangeInsert    = `INSERT INTO establishment_changes (` + changeColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	qChangeUpdate    = `UPDATE establishment_changes SET state = $2, review_message = $3, reviewed_by = $4, reviewed_at = $5 WHERE id = $1`
	qChangesOfEst    = `SELECT ` + changeColumns + ` FROM establishment_changes WHERE establishment_id = $1
  AND ($3::uuid IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
  ORDER BY created_at, id LIMIT $4`
	qChangesPendingOfOffice = `SELECT c.id, c.establishment_id, c.state, c.proposed, c.warnings, c.review_message, c.applied_by,
  c.reviewed_by, c.created_at, c.reviewed_at
  FROM establishment_changes c JOIN establishments e ON e.id = c.establishment_id
  WHERE e.office_code = $1 AND c.state = 'PENDING'
  AND ($3::uuid IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid))
  ORDER BY c.created_at, c.id LIMIT $4`
)

const imageMeta = `id, establishment_id, content_type, size_bytes, width, height, sha256, caption, filename, state, review_message,
  reviewed_by, created_at, updated_at`

const (
	qImage            = `SELECT ` + imageMeta + `, NULL::bytea FROM images WHERE id = $1`
	qImageForUpdate   = `SELECT ` + imageMeta + `, NULL::bytea FROM images WHERE id = $1 FOR UPDATE`
	qImageWithContent = `SELECT ` + imageMeta + `, content FROM images WHERE id = $1`
	qImageCount       = `SELECT count(*) FROM images WHERE establishment_id = $1`
	qImageInsert      = `INSERT INTO images (id, establishment_id, content_type, size_bytes, width, height, sha256, caption, filename,
  state, review_message, reviewed_by, created_at, updated_at, content)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
	qImageUpdate = `UPDATE images SET content_type = $2, size_bytes = $3, width = $4, height = $5, sha256 = $6, caption = $7,
  filename = $8, state = $9, review_message = $10, reviewed_by = $11, updated_at = $12, content = coalesce($13, content) WHERE id = $1`
	qImageDelete   = `DELETE FROM images WHERE id = $1`
	qImagesOfEst   = `SELECT ` + imageMeta + `, NULL::bytea FROM images WHERE establishment_id = $1 ORDER BY created_at, id`
	qImagesPending = `SELECT i.id, i.establishment_id, i.content_type, i.size_bytes, i.width, i.height, i.sha256, i.caption, i.filename,
  i.state, i.review_message, i.reviewed_by, i.created_at, i.updated_at, NULL::bytea
  FROM images i JOIN establishments e ON e.id = i.establishment_id
  WHERE e.office_code = $1 AND i.state = 'PENDING_REVIEW'
  AND ($3::uuid IS NULL OR (i.updated_at, i.id) > ($2::timestamptz, $3::uuid))
  ORDER BY i.updated_at, i.id LIMIT $4`
)
