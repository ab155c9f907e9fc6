package app

import (
	"time"

	"github.com/hellowork-jp/hellowork/libs/pagetoken"
)

// Page is the paging part of a list query: the page size asked for and the token of
// the previous page's answer ("" for the first page). Tokens are libs/pagetoken's:
// keyset with a hash of the list's filter, so a token used with another filter is
// refused (INVALID_ARGUMENT).
type Page struct {
	Size  int32
	Token string
}

// Cursor is a keyset position: a list resumes after the row with this sort time and
// id. The zero Cursor is the start of the list.
type Cursor struct {
	At time.Time
	ID string
}

// After reports whether the cursor names a position (not the start).
func (c Cursor) After() bool { return c.ID != "" }

const (
	defaultPageSize = 30
	maxPageSize     = 100
)

// open decodes q for a list filtered by filter: the page size to read and where to start.
func (q Page) open(filter any) (int, Cursor, error) {
	limit := pagetoken.Size(int(q.Size), defaultPageSize, maxPageSize)
	keys, err := pagetoken.Decode(q.Token, filter)
	if err != nil {
		return 0, Cursor{}, err
	}
	if keys == nil {
		return limit, Cursor{}, nil
	}
	if len(keys) != 2 || keys[1] == "" {
		return 0, Cursor{}, pagetoken.ErrInvalid
	}
	at, err := time.Parse(time.RFC3339Nano, keys[0])
	if err != nil {
		return 0, Cursor{}, pagetoken.ErrInvalid
	}
	return limit, Cursor{At: at, ID: keys[1]}, nil
}

// nextToken is the token of the page after a page of got rows out of limit whose last
// row is at last; "" when the page was not full (nothing follows).
func nextToken(filter any, limit, got int, last Cursor) string {
	if got < limit {
		return ""
	}
	return pagetoken.Encode(filter, last.At.UTC().Format(time.RFC3339Nano), last.ID)
}
