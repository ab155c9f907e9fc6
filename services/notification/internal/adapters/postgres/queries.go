package postgres

// All SQL of the notification service.

// NotifyChannel is the LISTEN/NOTIFY channel raised when deliveries are recorded, so the
// sender wakes at the consumer's commit instead of at its next poll.
const NotifyChannel = "notification_deliveries"

const deliveryColumns = `id, event_id, event_type, event_time, kind, recipient, message_id, status, attempts,
  last_error, created_at, next_attempt_at, last_attempt_at, sent_at, data, sealed_secret,
  account_id, establishment_id, recipient_role, office_code`

// insertDeliverySQL skips a delivery whose (event, recipient) exists: one mail per event
// and recipient, whatever the case of the address.
const insertDeliverySQL = `INSERT INTO deliveries (` + deliveryColumns + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
ON CONFLICT (event_id, lower(recipient)) DO NOTHING`

// notifySQL is delivered to listeners when the recording transaction commits.
const notifySQL = `SELECT pg_notify('` + NotifyChannel + `', '')`

// claimDeliverySQL takes the oldest due delivery that no other sender holds. The row
// stays locked until the caller's transaction ends, i.e. for the SMTP exchange of this
// one mail; SKIP LOCKED lets other workers and replicas take the next ones.
const claimDeliverySQL = `SELECT ` + deliveryColumns + ` FROM deliveries
WHERE status = 'pending' AND next_attempt_at <= $1
ORDER BY next_attempt_at, id
LIMIT 1
FOR UPDATE SKIP LOCKED`

const updateDeliverySQL = `UPDATE deliveries SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5,
  last_attempt_at = $6, sent_at = $7, sealed_secret = $8
WHERE id = $1`

// listDeliveriesSQL pages one office's log newest first with a keyset position
// (created_at, id); empty filters match everything. The office comes first and is
// never empty (unscoped rows are nobody's); the recipient filter matches only
// addresses shown to staff (recipient_role 'owner'), so a withheld address cannot be
// confirmed by filtering for it (LOGIN-5, ACC-2).
const listDeliveriesSQL = `SELECT ` + deliveryColumns + ` FROM deliveries
WHERE office_code = $8 AND office_code <> ''
  AND ($1 = '' OR (recipient_role = 'owner' AND lower(recipient) = lower($1)))
  AND ($2 = '' OR kind = $2)
  AND ($3 = '' OR status = $3)
  AND ($4 = '' OR event_id::text = lower($4))
  AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $7`

// Read models of the scope (LOGIN-5): accounts' establishment and role, and
// establishments' office.
const (
	// lockScopeSQL serialises, until the transaction ends, the recording of a
	// delivery and the learning of a fact about the same account or establishment:
	// without it each could miss the other's uncommitted row and leave the delivery
	// unscoped (or under a stale office) for good. Locks are taken account first,
	// then establishment.
	lockScopeSQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`

	accountScopeSQL = `SELECT establishment_id, role FROM account_establishments WHERE account_id = $1`
	officeOfSQL     = `SELECT office_code FROM establishment_offices WHERE establishment_id = $1`

	// learnAccountSQL keeps an account's establishment; "additional" is sticky, so a
	// later event can never reveal an additional account's address.
	learnAccountSQL = `INSERT INTO account_establishments (account_id, establishment_id, role) VALUES ($1, $2, $3)
ON CONFLICT (account_id) DO UPDATE SET establishment_id = excluded.establishment_id,
  role = CASE WHEN account_establishments.role = 'additional' OR excluded.role = 'additional' THEN 'additional' ELSE 'owner' END
RETURNING establishment_id, role`
	// rescopeAccountSQL completes the deliveries to the account recorded before it was
	// known: their establishment, their role (additional also overrides owner), and
	// the establishment's current office.
	rescopeAccountSQL = `UPDATE deliveries SET establishment_id = $2,
  recipient_role = CASE WHEN $3 = 'additional' OR recipient_role = 'additional' THEN 'additional'
    WHEN recipient_role = '' THEN $3 ELSE recipient_role END,
  office_code = coalesce((SELECT office_code FROM establishment_offices WHERE establishment_id = $2), '')
WHERE account_id = $1 AND establishment_id IN ('', $2)
  AND (establishment_id = '' OR recipient_role = '' OR ($3 = 'additional' AND recipient_role <> 'additional'))`

	// learnOfficeSQL records the office at a version unless a newer one is known;
	// officeOfSQL, a statement of its own (a fresh snapshot after the row lock this
	// one may have waited for), then reads the office now on record.
	learnOfficeSQL = `INSERT INTO establishment_offices (establishment_id, office_code, version) VALUES ($1, $2, $3)
ON CONFLICT (establishment_id) DO UPDATE SET office_code = excluded.office_code, version = excluded.version
WHERE establishment_offices.version <= excluded.version`
	// moveDeliveriesSQL puts every delivery of the establishment under its office.
	moveDeliveriesSQL = `UPDATE deliveries SET office_code = $2 WHERE establishment_id = $1 AND office_code <> $2`
)
