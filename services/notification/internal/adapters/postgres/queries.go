package postgres

// All SQL of the notification service.

// NotifyChannel is the LISTEN/NOTIFY channel raised when deliveries are recorded, so the
// sender wakes at the consumer's commit instead of at its next poll.
const NotifyChannel = "notification_deliveries"

const deliveryColumns = `id, event_id, event_type, event_time, kind, recipient, message_id, status, attempts,
  last_error, created_at, next_attempt_at, last_attempt_at, sent_at, data, sealed_secret`

// insertDeliverySQL skips a delivery whose (event, recipient) exists: one mail per event
// and recipient, whatever the case of the address.
const insertDeliverySQL = `INSERT INTO deliveries (` + deliveryColumns + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
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

// listDeliveriesSQL pages the log newest first with a keyset position (created_at, id);
// empty filters match everything.
const listDeliveriesSQL = `SELECT ` + deliveryColumns + ` FROM deliveries
WHERE ($1 = '' OR lower(recipient) = lower($1))
  AND ($2 = '' OR kind = $2)
  AND ($3 = '' OR status = $3)
  AND ($4 = '' OR event_id::text = lower($4))
  AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $7`
