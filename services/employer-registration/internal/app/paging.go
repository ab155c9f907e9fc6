package app

import (
	"encoding/base64"
	"strconv"
	"time"

	"github.com/google/uuid"

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

// open decodes q for a list filtered by filter: the page size and where to start. The
// list reads one row more than the page size, so cut knows whether a page follows.
func (q Page) open(filter any) (int, Cursor, error) {
	limit := pagetoken.Size(int(q.Size), defaultPageSize, maxPageSize)
	keys, err := pagetoken.Decode(q.Token, filter)
	if err != nil {
		return 0, Cursor{}, err
	}
	if keys == nil {
		return limit, Cursor{}, nil
	}
	after, ok := cursorOf(keys)
	if !ok {
		return 0, Cursor{}, pagetoken.ErrInvalid
	}
	return limit, after, nil
}

// cut trims rows, read with limit+1, to the page and returns the token of the next
// page, "" when nothing follows; key gives a row's sort position.
func cut[T any](rows []T, limit int, filter any, key func(T) Cursor) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, pagetoken.Encode(filter, key(rows[limit-1]).keys()...)
}

// keys writes the cursor compactly (microseconds in base 36, the UUID's 16 bytes in
// base64url): the API bounds page_token at 100 characters, which the RFC 3339 time
// and the UUID's text would overrun once pagetoken adds its filter hash.
func (c Cursor) keys() []string {
	id, err := uuid.Parse(c.ID)
	if err != nil {
		panic("app: cursor of a row whose id is not a UUID: " + c.ID)
	}
	return []string{strconv.FormatInt(c.At.UnixMicro(), 36), base64.RawURLEncoding.EncodeToString(id[:])}
}

// cursorOf reads keys written by Cursor.keys.
func cursorOf(keys []string) (Cursor, bool) {
	if len(keys) != 2 {
		return Cursor{}, false
	}
	us, err := strconv.ParseInt(keys[0], 36, 64)
	if err != nil {
		return Cursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(keys[1])
	if err != nil || len(b) != 16 {
		return Cursor{}, false
	}
	return Cursor{At: time.UnixMicro(us).UTC(), ID: uuid.UUID(b).String()}, true
}
