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
	qPrimaryByEstablishment  = `SELECT ` + accountColumns + ` FROM accounts WHERE role = 'primary' AND establishment_id = $1`
	qAccountsOfEstablishment = `SELECT ` + accountColumns + ` FROM accounts
  WHERE establishment_id = $1 AND role IN ('primary', 'additional') AND status = 'active'
  ORDER BY (role = 'primary') DESC, created_at, id`
	qCountAdditional = `SELECT count(*) FROM accounts WHERE establishment_id = $1 AND role = 'additional'`
	qInsertAccount   = `INSERT INTO accounts (id, email, email_key, role, status, establishment_id,
  establishment_number, office_code, password_hash, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, nullif($6, '')::uuid, nullif($7, ''), nullif($8, ''), nullif($9, ''), $10, $10)`

	// qReservePasswordAttempt implements LOGIN-1 race-proof: the attempt is counted as
	// a failure in this one UPDATE, before any hash comparison, and only while the
	// account is neither locked nor out of attempts, so N parallel wrong passwords get
	// exactly Threshold rows back. Reaching Threshold sets the lock at once; a correct
	// password clears it again (qPasswordSucceeded). An expired lock restarts the count.
	// D5: consecutive_failures is only reset by a success or a password reset.
	// $1 account selector column value, $2 now, $3 threshold, $4 lock seconds,
	// $5 consecutive cap, $6 allowed statuses.
	qReserveWhere = ` AND status = ANY($6) AND password_hash IS NOT NULL
  AND consecutive_failures < $5
  AND ((locked_until IS NULL AND failed_password_count < $3) OR locked_until <= $2)
RETURNING ` + accountColumns
	qReserveSet = `UPDATE accounts SET
  failed_password_count = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_password_count + 1 END,
  consecutive_failures = consecutive_failures + 1,
  locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_password_count + 1 END) >= $3
                      THEN $2 + make_interval(secs => $4) ELSE NULL END,
  updated_at = $2`
	qReserveByEmailKey = qReserveSet + ` WHERE email_key = $1` + qReserveWhere
	qReserveByID       = qReserveSet + ` WHERE id = $1` + qReserveWhere

	// qPasswordSucceeded undoes the reservation of a correct password and, if the
	// parameters changed, stores the rehashed password.
	qPasswordSucceeded = `UPDATE accounts SET failed_password_count = 0, consecutive_failures = 0,
  locked_until = NULL, password_hash = coalesce(nullif($2, ''), password_hash), updated_at = $3 WHERE id = $1`

	// qSetPassword registers or replaces the password and lifts every lock (RESET-1, ACC-1,
	// OPEN-*).
	qSetPassword = `UPDATE accounts SET password_hash = $2, failed_password_count = 0,
  consecutive_failures = 0, locked_until = NULL, status = 'active', updated_at = $3,
  version = version + 1 WHERE id = $1 RETURNING version`
	qSetEmail = `UPDATE accounts SET email = $2, email_key = $3, updated_at = $4, version = version + 1
  WHERE id = $1 RETURNING version`
	qOpenPrimary = `UPDATE accounts SET role = 'primary', establishment_id = $2, establishment_number = nullif($3, ''),
  office_code = nullif($4, ''), updated_at = $5, version = version + 1
  WHERE id = $1 AND role = 'provisional' RETURNING version`
	qWithdraw = `UPDATE accounts SET status = 'withdrawn', withdrawn_at = $2, updated_at = $2,
  version = version + 1 WHERE id = $1 RETURNING version`
	qRestore = `UPDATE accounts SET status = 'active', withdrawn_at = NULL, updated_at = $2,
  version = version + 1 WHERE id = $1 AND status = 'withdrawn' RETURNING version`
	qDeleteAccount   = `DELETE FROM accounts WHERE id = $1`
	qWithdrawnBefore = `SELECT ` + accountColumns + ` FROM accounts
  WHERE status = 'withdrawn' AND withdrawn_at < $1 ORDER BY withdrawn_at LIMIT $2`

	authKeyColumns = `id, purpose, email, email_key, coalesce(account_id::text, ''), coalesce(establishment_id::text, ''),
  coalesce(establishment_number, ''), coalesce(office_code, ''), key_hash, issued_at, expires_at, failed_attempts`
	// AUTHKEY-1: a new key voids the live one of the same step, for the same address
	// or the same account.
	qVoidAuthKeys = `UPDATE auth_keys SET voided_at = $4 WHERE purpose = $1
  AND (email_key = $2 OR account_id = nullif($3, '')::uuid) AND consumed_at IS NULL AND voided_at IS NULL`
	qInsertAuthKey = `INSERT INTO auth_keys (id, purpose, email_key, email, account_id, establishment_id,
  establishment_number, office_code, key_hash, issued_at, expires_at)
  VALUES ($1, $2, $3, $4, nullif($5, '')::uuid, nullif($6, '')::uuid, nullif($7, ''), nullif($8, ''), $9, $10, $11)`
	qLiveAuthKeyByEmail = `SELECT ` + authKeyColumns + ` FROM auth_keys
  WHERE purpose = $1 AND email_key = $2 AND consumed_at IS NULL AND voided_at IS NULL FOR UPDATE`
	qLiveAuthKeyByAccount = `SELECT ` + authKeyColumns + ` FROM auth_keys
  WHERE purpose = $1 AND account_id = $2 AND consumed_at IS NULL AND voided_at IS NULL FOR UPDATE`
	qAuthKeyFailed = `UPDATE auth_keys SET failed_attempts = failed_attempts + 1,
  voided_at = CASE WHEN $2 THEN $3::timestamptz ELSE voided_at END WHERE id = $1`
	qConsumeAuthKey  = `UPDATE auth_keys SET consumed_at = $2 WHERE id = $1`
	qVoidAccountKeys = `UPDATE auth_keys SET voided_at = $2 WHERE account_id = $1 AND consumed_at IS NULL AND voided_at IS NULL`

	attemptColumns     = `id, account_id, state, otp_hash, otp_issued_at, otp_expires_at, otp_failures, ip, user_agent`
	qSupersedeAttempts = `UPDATE login_attempts SET state = 'superseded' WHERE account_id = $1 AND state = 'otp_pending'`
	qInsertAttempt     = `INSERT INTO login_attempts (id, account_id, state, otp_hash, otp_issued_at, otp_expires_at,
  created_at, ip, user_agent) VALUES ($1, $2, 'otp_pending', $3, $4, $5, $4, $6, $7)`
	qAttemptForUpdate = `SELECT ` + attemptColumns + ` FROM login_attempts WHERE id = $1 FOR UPDATE`
	qUpdateAttempt    = `UPDATE login_attempts SET state = $2, otp_failures = $3 WHERE id = $1`
	qReplaceOTP       = `UPDATE login_attempts SET otp_hash = $2, otp_issued_at = $3, otp_expires_at = $4 WHERE id = $1`
	qInsertIssuance   = `INSERT INTO otp_issuances (account_id, issued_at) VALUES ($1, $2)`
	qCountIssuances   = `SELECT count(*) FROM otp_issuances WHERE account_id = $1 AND issued_at > $2`
	qLockAccountRow   = `SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE`

	sessionColumns = `id, account_id, token_hash, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent, method`
	qInsertSession = `INSERT INTO sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent, method)
  VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`
	qSessionByHash  = `SELECT ` + sessionColumns + ` FROM sessions WHERE token_hash = $1`
	qSessionByID    = `SELECT ` + sessionColumns + ` FROM sessions WHERE id = $1`
	qTouchSession   = `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`
	qRevokeSession  = `UPDATE sessions SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`
	qRevokeSessions = `UPDATE sessions SET revoked_at = $3 WHERE account_id = $1 AND revoked_at IS NULL
  AND id <> coalesce(nullif($2, '')::uuid, '00000000-0000-0000-0000-000000000000')`
	qListSessions = `SELECT ` + sessionColumns + ` FROM sessions
  WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
  ORDER BY created_at DESC LIMIT 100`

	deviceColumns  = `id, account_id, token_hash, created_at, expires_at, last_used_at, user_agent`
	qInsertDevice  = `INSERT INTO trusted_devices (id, account_id, token_hash, created_at, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`
	qDeviceByHash  = `SELECT ` + deviceColumns + ` FROM trusted_devices WHERE token_hash = $1 AND revoked_at IS NULL`
	qTouchDevice   = `UPDATE trusted_devices SET last_used_at = $2 WHERE id = $1`
	qRevokeDevice  = `UPDATE trusted_devices SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL`
	qRevokeDevices = `UPDATE trusted_devices SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`
	qListDevices   = `SELECT ` + deviceColumns + ` FROM trusted_devices
  WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 100`

	terminalColumns = `id, office_code, display_name, secret_hash, created_at, created_by, revoked_at`
	qInsertTerminal = `INSERT INTO visitor_terminals (id, office_code, display_name, secret_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`
	qTerminalByHash = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE secret_hash = $1 AND revoked_at IS NULL`
	qListTerminals  = `SELECT ` + terminalColumns + ` FROM visitor_terminals WHERE office_code = $1 ORDER BY created_at DESC LIMIT 500`
	qRevokeTerminal = `UPDATE visitor_terminals SET revoked_at = $3 WHERE id = $1 AND office_code = $2 AND revoked_at IS NULL`

	// Fixed-window counter: one row per bucket and window, incremented atomically.
	qHitRateLimit = `INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`
	qPruneRateLimits = `DELETE FROM rate_limits WHERE window_start < $1`

	auditColumns = `occurred_at, action, outcome, coalesce(actor_account_id::text, ''), actor_role,
  coalesce(subject_account_id::text, ''), coalesce(establishment_id::text, ''), office_code, ip, user_agent, detail`
	// qAppendDecoy is the notification half of libs/outbox's appendSQL (same channel,
	// same hot-relay condition); a relay it wakes finds nothing and sleeps again.
	qAppendDecoy = `SELECT pg_notify('hellowork_outbox_' || current_schema(), '')
 WHERE NOT EXISTS (SELECT 1 FROM outbox_relay WHERE hot_until > clock_timestamp())`
	qInsertAudit = `INSERT INTO audit_events (occurred_at, action, outcome, actor_account_id, actor_role,
  subject_account_id, establishment_id, office_code, ip, user_agent, detail)
  VALUES ($1, $2, $3, nullif($4, '')::uuid, $5, nullif($6, '')::uuid, nullif($7, '')::uuid, $8, $9, $10, $11)`
	qAuditOfSubject = `SELECT ` + auditColumns + ` FROM audit_events
  WHERE subject_account_id = $1 AND action = ANY($2) ORDER BY occurred_at DESC, id DESC LIMIT $3`
	qAuditOfEstablishment = `SELECT ` + auditColumns + ` FROM audit_events
  WHERE establishment_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2`

	// Housekeeping of rows no rule needs any more.
	qPruneAttempts  = `DELETE FROM login_attempts WHERE created_at < $1`
	qPruneIssuances = `DELETE FROM otp_issuances WHERE issued_at < $1`
	qPruneSessions  = `DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`
	qPruneDevices   = `DELETE FROM trusted_devices WHERE expires_at < $1 OR revoked_at < $1`
	qPruneAuthKeys  = `DELETE FROM auth_keys WHERE expires_at < $1`
)
