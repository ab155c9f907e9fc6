// Package app holds the notification use cases: turning consumed events into
// deliveries, sending due deliveries, and listing the delivery log for staff.
package app

import (
	"context"
	"time"
)

// Message is one mail as the SMTP adapter puts it on the wire.
type Message struct {
	To        string
	Subject   string
	Body      string // UTF-8 text, "\n" line ends
	MessageID string // "<...@...>"
	Date      time.Time
}

// SendError classifies a failed SMTP attempt.
type SendError struct {
	// Permanent is true for a refusal that a retry cannot fix (SMTP 5xx for this mail).
	Permanent bool
	// Connection is true when the server could not be reached or dropped the
	// connection: the whole queue waits a little before the next try.
	Connection bool
	// Text is the server's reply or the network error; it never contains the mail.
	Text string
}

func (e *SendError) Error() string { return e.Text }

// Mailer sends mails over one SMTP connection; it is not safe for concurrent use, so
// each sender worker has its own.
type Mailer interface {
	// Send delivers m, dialling first if needed. Errors are *SendError.
	Send(ctx context.Context, m Message) error
	// Close drops the connection (the next Send dials again).
	Close() error
}

// SecretOpener opens secrets sealed by identity (libs/sealbox.Box).
type SecretOpener interface {
	Open(sealed, aad []byte) ([]byte, error)
}
