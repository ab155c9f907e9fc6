package account

import "time"

// Account is a login account as stored. The password hash never leaves identity.
type Account struct {
	ID                  string
	Email               string
	EmailKey            string
	Role                Role
	Status              Status
	EstablishmentID     string
	EstablishmentNumber string
	OfficeCode          string
	PasswordHash        string
	FailedPasswordCount int
	LockedUntil         *time.Time
	ConsecutiveFailures int
	CreatedAt           time.Time
	WithdrawnAt         *time.Time
	Version             int64
}

// Purpose is the step an auth key belongs to (AUTHKEY-1).
type Purpose string

// Auth key purposes.
const (
	PurposeRegistration         Purpose = "registration"          // OPEN-1
	PurposePasswordRegistration Purpose = "password_registration" // OPEN-2, OPEN-3
	PurposePasswordReset        Purpose = "password_reset"        // RESET-1
	PurposeRestore              Purpose = "restore"               // ACC-4
	PurposeEmailChange          Purpose = "email_change"          // ACC-1
)

// AuthKey is an issued auth key (only its keyed hash is stored).
type AuthKey struct {
	ID                  string
	Purpose             Purpose
	Email               string
	EmailKey            string
	AccountID           string
	EstablishmentID     string
	EstablishmentNumber string
	OfficeCode          string
	KeyHash             []byte
	IssuedAt            time.Time
	ExpiresAt           time.Time
	FailedAttempts      int
	ConsumedAt          *time.Time
	VoidedAt            *time.Time
}

// LoginAttempt is a password step awaiting its one-time password (LOGIN-2).
type LoginAttempt struct {
	ID           string
	AccountID    string
	State        string
	OTPHash      []byte
	OTPIssuedAt  time.Time
	OTPExpiresAt time.Time
	OTPFailures  int
	IP           string
	UserAgent    string
}

// Login attempt states.
const (
	AttemptPending     = "otp_pending"
	AttemptCompleted   = "completed"
	AttemptInvalidated = "invalidated"
	AttemptSuperseded  = "superseded"
)

// Session is an opened session (only the token's keyed hash is stored).
type Session struct {
	ID         string
	AccountID  string
	TokenHash  []byte
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	IP         string
	UserAgent  string
	Method     string
	// TerminalID is the visitor terminal the session was opened on (Method terminal).
	TerminalID string
}

// Second-factor methods of a session.
const (
	MethodOTP      = "otp"
	MethodDevice   = "device"   // LOGIN-3
	MethodTerminal = "terminal" // LOGIN-4
)

// Device is a trusted device skipping the one-time password (LOGIN-3).
type Device struct {
	ID         string
	AccountID  string
	TokenHash  []byte
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	UserAgent  string
}

// Terminal is an office visitor terminal (LOGIN-4).
type Terminal struct {
	ID          string
	OfficeCode  string
	DisplayName string
	SecretHash  []byte
	CreatedAt   time.Time
	CreatedBy   string
	RevokedAt   *time.Time
	// ExpiresAt ends the credential (LOGIN-4, D4): rotate or enrol again before.
	ExpiresAt time.Time
	// RotatedAt is the last rotation, if any.
	RotatedAt *time.Time
}
