// Package delivery is the life of one mail to one recipient: recorded when its event is
// consumed, attempted until the SMTP server accepts it, retried with exponential backoff
// after temporary failures, and closed for good after a permanent refusal, after too
// long, or when the secret it carries has expired. Its methods are the rules; it does
// no I/O (no SQL, SMTP or NATS).
package delivery

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/email"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// Status is where a delivery stands.
type Status string

// Statuses. Only Pending changes again; the others are final.
const (
	Pending Status = "pending" // waiting for its first attempt or a retry
	Sent    Status = "sent"    // the SMTP server accepted the mail
	Failed  Status = "failed"  // refused for good (5xx) or retried for too long
	Expired Status = "expired" // its auth key or OTP expired before it could be sent
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Pending, Sent, Failed, Expired:
		return true
	}
	return false
}

// RecipientRole is who the recipient is to the establishment the mail concerns.
type RecipientRole string

// Recipient roles. Only the establishment's own login is ever shown to staff.
const (
	// RoleUnknown: not known (yet); treated like an additional account.
	RoleUnknown RecipientRole = ""
	// RoleOwner: the establishment's own login, its primary account or, before the
	// office accepts it, the provisional account that registered it (LOGIN-5: the
	// office may look up the primary login ID).
	RoleOwner RecipientRole = "owner"
	// RoleAdditional: one of the establishment's additional accounts, whose address
	// the office may never look up (LOGIN-5, ACC-2).
	RoleAdditional RecipientRole = "additional"
)

// Valid reports whether r is a known role.
func (r RecipientRole) Valid() bool { return r == RoleUnknown || r == RoleOwner || r == RoleAdditional }

// Scope ties a delivery to the establishment it concerns, and so to the one office
// whose staff may see it in the log (LOGIN-5).
type Scope struct {
	// AccountID is the login account the mail is for, when the event names one; it
	// finds the establishment and role when the event does not carry them.
	AccountID string
	// EstablishmentID is the establishment the mail concerns; "" until known.
	EstablishmentID string
	// Role is the recipient's role; only RoleOwner addresses are shown to staff.
	Role RecipientRole
	// OfficeCode is the establishment's current jurisdiction office; "" (unknown)
	// shows the delivery to no one.
	OfficeCode string
}

// VisibleTo reports whether staff of officeCode may see the delivery in the log.
func (s Scope) VisibleTo(officeCode string) bool {
	return officeCode != "" && s.OfficeCode == officeCode
}

// RecipientShown reports whether staff may see the recipient's address, and what
// derives from it (Message-ID, SMTP replies): only for the establishment's own login,
// never for an additional account or a recipient of unknown role (LOGIN-5, ACC-2).
func (s Scope) RecipientShown() bool { return s.Role == RoleOwner }

// Delivery is one mail to one recipient made from one event. (EventID, Recipient) is
// unique: the same event consumed twice, or naming the same address twice, yields one
// delivery and so one mail.
type Delivery struct {
	ID        string
	EventID   string
	EventType string
	EventTime time.Time
	Kind      hwmail.Kind
	Recipient string
	MessageID string
	Status    Status
	Attempts  int
	LastError string
	CreatedAt time.Time
	// NextAttemptAt is when a pending delivery is due.
	NextAttemptAt time.Time
	LastAttemptAt time.Time // zero before the first attempt
	SentAt        time.Time // zero unless Sent
	// Data is what the template shows, without the secret.
	Data hwmail.Data
	// SealedSecret is the auth key or OTP exactly as identity sealed it into the event
	// (libs/sealbox, the event id as additional data). It is opened only to render the
	// mail and erased once the delivery is final.
	SealedSecret []byte
	// Scope is the establishment, office and recipient role the log is scoped by.
	Scope Scope
}

// ForStaff is d as the delivery log shows it to office staff: never the template data
// or the sealed secret, and, unless the recipient is the establishment's own login,
// neither the address nor what is derived from it or may quote it (the Message-ID
// hashes the address, so it would confirm a guess; SMTP replies often name it)
// (LOGIN-5, ACC-2).
func (d *Delivery) ForStaff() *Delivery {
	c := *d
	c.Data, c.SealedSecret = hwmail.Data{}, nil
	if !d.Scope.RecipientShown() {
		c.Recipient, c.MessageID, c.LastError = "", "", ""
	}
	return &c
}

// ErrInvalid marks a delivery that can never be sent (bad address, missing secret):
// the event that asked for it is poison.
var ErrInvalid = errors.New("delivery: invalid")

// Spec is what an event asks to be mailed.
type Spec struct {
	Kind         hwmail.Kind
	Data         hwmail.Data
	SealedSecret []byte
	// Scope is what the event says of the recipient (account, establishment, role);
	// the application completes it from its read models.
	Scope Scope
}

// New records a delivery asked for by event eventID, due at once.
func New(id, eventID, eventType string, eventTime time.Time, s Spec, messageIDDomain string, now time.Time) (*Delivery, error) {
	if !s.Kind.Valid() {
		return nil, fmt.Errorf("%w: unknown mail kind %q", ErrInvalid, s.Kind)
	}
	addr, err := NormalizeAddress(s.Data.Recipient)
	if err != nil {
		return nil, err
	}
	s.Data.Recipient = addr
	s.Data.Secret = "" // never kept, even if a caller filled it
	if s.Kind.CarriesSecret() && (len(s.SealedSecret) == 0 || s.Data.ExpiresAt.IsZero()) {
		return nil, fmt.Errorf("%w: %s mail without sealed secret or expiry", ErrInvalid, s.Kind)
	}
	return &Delivery{
		ID: id, EventID: eventID, EventType: eventType, EventTime: eventTime,
		Kind: s.Kind, Recipient: addr, MessageID: hwmail.MessageID(eventID, addr, messageIDDomain),
		Status: Pending, CreatedAt: now, NextAttemptAt: now, Data: s.Data, SealedSecret: s.SealedSecret, Scope: s.Scope,
	}, nil
}

// NormalizeAddress checks that SMTP can carry a mail to s and lower-cases its domain;
// the local part keeps its case, since RFC 5321 lets the receiving host decide.
//
// EMAIL-1: only what SMTP cannot carry is refused (email.Deliverable), never what a
// stricter syntax dislikes. Japanese carrier addresses such as "foo.@docomo.ne.jp" are
// malformed for RFC 5322 (net/mail rejects them) yet identity accepts them on purpose,
// so an auth key or one-time password mailed to one must arrive, not be dead-lettered.
func NormalizeAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	if err := email.Deliverable(s); err != nil {
		return "", fmt.Errorf("%w: recipient: %w", ErrInvalid, err)
	}
	at := strings.LastIndexByte(s, '@')
	return s[:at] + strings.ToLower(s[at:]), nil
}

// Outcome is the result of one SMTP attempt.
type Outcome int

// Outcomes.
const (
	Accepted  Outcome = iota // 250 after DATA
	Temporary                // 4xx, connection refused or dropped, timeout: retry later
	Permanent                // 5xx or a mail that cannot be built: never retried
)

// RetryPolicy spaces the retries of temporary failures.
type RetryPolicy struct {
	// Initial is the wait after the first failure; it doubles after each further one.
	Initial time.Duration
	// Max caps one wait.
	Max time.Duration
	// GiveUpAfter is how long after its creation a delivery is still retried; after
	// that a temporary failure is final (as MTAs bounce after a few days).
	GiveUpAfter time.Duration
}

// DefaultRetryPolicy: 30 s, 1 min, 2 min, … up to 30 min between attempts, for 3 days.
var DefaultRetryPolicy = RetryPolicy{Initial: 30 * time.Second, Max: 30 * time.Minute, GiveUpAfter: 72 * time.Hour}

// Delay is the wait after the n-th consecutive failure (n ≥ 1).
func (p RetryPolicy) Delay(n int) time.Duration {
	d := p.Initial
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// SecretExpired reports whether d carries a secret that no longer works at now:
// mailing it would only make the employer type a dead key (AUTHKEY-1, LOGIN-2).
func (d *Delivery) SecretExpired(now time.Time) bool {
	return d.Kind.CarriesSecret() && !now.Before(d.Data.ExpiresAt)
}

// Record applies the outcome of an attempt made at now.
func (d *Delivery) Record(o Outcome, errText string, now time.Time, p RetryPolicy) {
	d.Attempts++
	d.LastAttemptAt = now
	d.LastError = errText // an SMTP reply or a network error; storage bounds its length
	switch o {
	case Accepted:
		d.Status, d.SentAt, d.LastError = Sent, now, ""
	case Permanent:
		d.Status = Failed
	default:
		if now.Sub(d.CreatedAt) >= p.GiveUpAfter {
			d.Status = Failed
			d.LastError = fmt.Sprintf("gave up after %d attempts: %s", d.Attempts, errText)
		} else {
			d.NextAttemptAt = now.Add(p.Delay(d.Attempts))
		}
	}
	if d.Status != Pending {
		d.SealedSecret = nil
	}
}

// Expire closes a delivery whose secret expired before it could be sent.
func (d *Delivery) Expire(now time.Time) {
	d.Status = Expired
	d.LastError = "secret expired before the mail could be sent"
	d.SealedSecret = nil
}
