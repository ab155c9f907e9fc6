package postgres

// All SQL of the identity service. Every time a rule depends on is a parameter ($now)
// from the injected clock, never now().

const accountColumns = `id, email, email_key, role, status, coalesce(establishment_id::text, ''),
  coalesce(establishment_number, ''), coalesce(office_code, ''), coalesce(password_hash, ''),
  failed_password_count, locked_until, consecutive_failures, created_at, withdrawn_at, version`

const (
	qAccountByEmailKey = `SELECT ` + accountColumns + ` FROM accounts WHERE email_key = $1`
	qAccountByID       = `SELECT ` + accountColumns + ` FROM accounts WHERE id = $1`
	qPrimaryByNumber   = `SELECT ` + accountColumns + ` FROM accounts
  WHERE role = 'primary' AND replace(establishment_number, '-', '') = replace($1, '-', '')`
	qPrimaryByEstablishment = `SELECT ` + accountColumns + ` FROM accounts WHERE role = 'primary' AND establishment_id = $1`
	// Active accounts, and additional accounts still awaiting their key (ACC-2, M3).
	qAccountsOfEstablishment = `SELECT ` + accountColumns + ` FROM accounts
  WHERE establishment_id = $1 AND role IN ('primary', 'additional')
  AND (status = 'active' OR role = 'additional' AND status = 'pending_password')
  ORDER BY (role = 'primary') DESC, created_at, id`
	qCountAdditional = `SELECT count(*) FROM accounts WHERE establishment_id = $1 AND role = 'additional'`
	qInsertAccount   = `INSERT INTO accounts (id, email, email_key, role, status, establishment_id,
  establishment_number, office_code, password_hash, created_at, updated_at, version)
  VALUES ($1, $2, $3, $4, $5, nullif($6, '')::uuid, nullif($7, ''), nullif($8, ''), nullif($9, ''), $10, $10, greatest($11, 1))`

	// qSaveAccount writes back what a domain method changed on a row loaded FOR UPDATE.
	qSaveAccount = `UPDATE accounts SET email = $2, email_key = $3, role = $4, status = $5,
  establishment_id = nullif($6, '')::uuid, establishment_number = nullif($7, ''), office_code = nullif($8, ''),
  password_hash = nullif($9, ''), failed_password_count = $10, locked_until = $11, consecutive_failures = $12,
  withdrawn_at = $13, version = $14, updated_at = now() WHERE id = $1`
	qDeleteAccount   = `DELETE FROM accounts WHERE id = $1`
	qWithdrawnBefore = `SELECT ` + accountColumns + ` FROM accounts
  WHERE status = 'withdrawn' AND withdrawn_at < $1 ORDER BY withdrawn_at LIMIT $2`

	authKeyColumns = `id, purpose, email, email_key, coalesce(account_id::text, ''), coalesce(establishment_id::text, ''),
  coalesce(establishment_number, ''), coalesce(office_code, ''), key_hash, issued_at, expires_at, failed_attempts,
  consumed_at, voided_at`
	// AUTHKEY-1: a new key voids the live one of the same step, for the same address
	// or the same account, in the statement that stores it.
	qIssueAuthKey = `WITH void AS (
  UPDATE auth_keys SET voided_at = $10 WHERE purpose = $2
  AND (email_key = $3 OR account_id = nullif($5, '')::uuid) AND consumed_at IS NULL AND voided_at IS NULL
  RETURNING id)
INSERT INTO auth_keys (id, purpose, email_key, email, account_id, establishment_id,
  establishment_number, office_code, key_hash, issued_at, expires_at)
  SELECT $1, $2, $3, $4, nullif($5, '')::uuid, nullif($6, '')::uuid, nullif($7, ''), nullif($8, ''), $9, $10, $11
  FROM (SELECT count(*) FROM void) v`
	qLiveAuthKeyByEmail = `SELECT ` + authKeyColumns + ` FROM auth_keys
  WHERE purpose = $1 AND email_key = $2 AND consumed_at IS NULL AND voided_at IS NULL FOR UPDATE`
	qLiveAuthKeyByAccount = `SELECT ` + authKeyColumns + ` FROM auth_keys
  WHERE purpose = $1 AND account_id = $2 AND consumed_at IS NULL AND voided_at IS NULL FOR UPDATE`
	qSaveAuthKey     = `UPDATE auth_keys SET failed_attempts = $2, consumed_at = $3, voided_at = $4 WHERE id = $1`
	qVoidAccountKeys = `UPDATE auth_keys SET voided_at = $2 WHERE account_id = $1 AND consumed_at IS NULL AND voided_at IS NULL`
	// qVoidCodeKeys voids the live OPEN-3 keys of an establishment issued up to $2: the
	// keys a creation code verified (no account yet, the establishment from the code).
	qVoidCodeKeys = `UPDATE auth_keys SET voided_at = $3 WHERE establishment_id = $1 AND account_id IS NULL
  AND purpose = 'password_registration' AND issued_at <= $2 AND consumed_at IS NULL AND voided_at IS NULL`

	attemptColumns     = `id, account_id, state, otp_hash, otp_issued_at, otp_expires_at, otp_failures, ip, user_agent`
	qSupersedeAttempts = `UPDATE login_attempts SET state = 'superseded' WHERE account_id = $1 AND state = 'otp_pending'`
	// qStartAttempt supersedes the account's pending attempts (a new code voids the
	// old ones), stores the new one and counts its code toward the hourly cap.
	qStartAttempt = `WITH superseded AS (
  UPDATE login_attempts SET state = 'superseded' WHERE account_id = $2 AND state = 'otp_pending' RETURNING id),
issued AS (INSERT INTO otp_issuances (account_id, issued_at) VALUES ($2, $4))
INSERT INTO login_attempts (id, account_id, state, otp_hash, otp_issued_at, otp_expires_at, created_at, ip, user_agent)
  SELECT $1, $2, 'otp_pending', $3, $4, $5, $4, $6, $7 FROM (SELECT count(*) FROM superseded) s`
	qAttemptForUpdate = `SELECT ` + attemptColumns + ` FROM login_attempts WHERE id = $1 FOR UPDATE`
	// qSaveAttempt writes back an attempt; a replaced code ($7) is counted.
	qSaveAttempt = `WITH saved AS (
  UPDATE login_attempts SET state = $2, otp_failures = $3, otp_hash = $4, otp_issued_at = $5, otp_expires_at = $6
  WHERE id = $1 RETURNING account_id)
INSERT INTO otp_issuances (account_id, issued_at) SELECT account_id, $5 FROM saved WHERE $7`
	qCountIssuances = `SELECT count(*) FROM otp_issuances WHERE account_id = $1 AND issued_at > $2`

	sessionColumns = `id, account_id, token_hash, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent, method,
  coalesce(terminal_id::text, '')`
	qInsertSession = `INSERT INTO sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent, method, terminal_id)
  VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, nullif($9, '')::uuid)`
	qSessionByHash  = `SELECT ` + sessionColumns + ` FROM sessions WHERE token_hash = $1`
	qSessionByID    = `SELECT ` + sessionColumns + ` FROM sessions WHERE id = $1`
	qTouchSession   = `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`
	qRevokeSession  = `UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`
	qRevokeSessions = `UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND revoked_at IS NULL
  AND id <> coalesce(nullif($2, '')::uuid, '00000000-0000-0000-0000-000000000000')`
	qListSessions = `SELECT ` + sessionColumns + ` FROM sessions
  WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
  ORDER BY created_at DESC LIMIT 100`

	deviceColumns  = `id, account_id, token_hash, created_at, expires_at, last_used_at, revoked_at, user_agent`
	qInsertDevice  = `INSERT INTO trusted_devices (id, account_id, token_hash, created_at, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`
	qDeviceByHash  = `SELECT ` + deviceColumns + ` FROM trusted_devices WHERE token_hash = $1 AND revoked_at IS NULL`
	qTouchDevice   = `UPDATE trusted_devices SET last_used_at = $2 WHERE id = $1`
	qRevokeDevice  = `UPDATE trusted_devices SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`
	qRevokeDevices = `UPDATE trusted_devices SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`
	qListDevices   = `SELECT ` + deviceColumns + ` FROM trusted_devices
  WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 100`

	terminalColumns = `id, office_code, display_name, secret_hash, created_at, created_by, revoked_at, expires_at, rotated_at`
	qInsertTerminal = `INSERT INTO visitor_terminals (id, office_code, display_name, secret_hash, created_at, created_by, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`
	qTerminalByHash      = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE secret_hash = $1 AND revoked_at IS NULL`
	qTerminalByID        = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE id = nullif($1, '')::uuid`
	qTerminalForUpdate   = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE id = $1 AND office_code = $2 FOR UPDATE`
	qSaveTerminal        = `UPDATE visitor_terminals SET secret_hash = $2, expires_at = $3, rotated_at = $4 WHERE id = $1`
	qRevokeTerminalsFrom = `UPDATE visitor_terminals SET revoked_at = $2 WHERE created_by = $1 AND revoked_at IS NULL`
	qListTerminals       = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE office_code = $1 ORDER BY created_at DESC LIMIT 500`
	qRevokeTerminal      = `UPDATE visitor_terminals SET revoked_at = $3 WHERE id = $1 AND office_code = $2 AND revoked_at IS NULL`

	auditColumns = `occurred_at, action, outcome, reason, actor_id, actor_role, actor_office_code, establishment_id,
  subject_id, detail`
	// qAppendDecoy is the notification half of libs/outbox's appendSQL (same channel,
	// same hot-relay condition); a relay it wakes finds nothing and sleeps again.
	qAppendDecoy = `SELECT pg_notify('hellowork_outbox_' || current_schema(), '')
 WHERE NOT EXISTS (SELECT 1 FROM outbox_relay WHERE hot_until > clock_timestamp())`
	qAuditOfSubject = `SELECT ` + auditColumns + ` FROM audit_trail
  WHERE subject_id = $1 AND action = ANY($2) ORDER BY occurred_at DESC, id DESC LIMIT $3`
	qAuditOfEstablishment = `SELECT ` + auditColumns + ` FROM audit_trail
  WHERE establishment_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`

	// Housekeeping of rows no rule needs any more.
	qPruneAttempts  = `DELETE FROM login_attempts WHERE created_at < $1`
	qPruneIssuances = `DELETE FROM otp_issuances WHERE issued_at < $1`
	qPruneSessions  = `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`
	qPruneDevices   = `DELETE FROM trusted_devices WHERE expires_at < $1 OR revoked_at < $1`
	qPruneAuthKeys  = `DELETE FROM auth_keys WHERE expires_at < $1`
	// qPrunePendingAdditional deletes additional accounts whose address never confirmed
	// its key (created before $1, no key live at $2): they hold the address no longer.
	qPrunePendingAdditional = `DELETE FROM accounts a WHERE a.role = 'additional' AND a.status = 'pending_password'
  AND a.created_at < $1 AND NOT EXISTS (SELECT 1 FROM auth_keys k WHERE k.account_id = a.id
  AND k.consumed_at IS NULL AND k.voided_at IS NULL AND k.expires_at > $2)`
)

// Establishment offices (M1, LOGIN-5): the newest announced office wins. The office
// on record is read by a statement of its own, whose fresh snapshot sees the winner of
// a concurrent upsert this one waited for.
const (
	qRecordEstablishmentOffice = `INSERT INTO establishment_offices (establishment_id, office_code, version) VALUES ($1, $2, $3)
ON CONFLICT (establishment_id) DO UPDATE SET office_code = excluded.office_code, version = excluded.version
WHERE establishment_offices.version <= excluded.version`
	qEstablishmentOffice  = `SELECT office_code FROM establishment_offices WHERE establishment_id = $1`
	qMoveAccountsToOffice = `UPDATE accounts SET office_code = $2
WHERE establishment_id = $1 AND role <> 'staff' AND office_code IS DISTINCT FROM $2`
	qMoveAuthKeysToOffice = `UPDATE auth_keys SET office_code = $2
WHERE establishment_id = $1 AND office_code IS DISTINCT FROM $2`
)
