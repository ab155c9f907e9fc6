package delivery

import (
	"context"
	"time"

	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/mail"
)

// Filter selects deliveries of the log; empty fields match everything.
type Filter struct {
	Recipient string // case-insensitive
	Kind      hwmail.Kind
	Status    Status
	EventID   string
}

// Cursor is the position after the last delivery of a page (newest first).
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// Queue hands out due deliveries one at a time.
type Queue interface {
	// ProcessNext claims the oldest delivery due at now, lets fn attempt and change it,
	// and saves it before the claim ends. It reports false when nothing is due.
	ProcessNext(ctx context.Context, now time.Time, fn func(*Delivery)) (bool, error)
}

// Log lists deliveries for staff.
type Log interface {
	List(ctx context.Context, f Filter, after *Cursor, limit int) ([]*Delivery, error)
}
