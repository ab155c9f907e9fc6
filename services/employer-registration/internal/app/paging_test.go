package app

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/pagetoken"
)

// Page tokens round-trip the keyset position, stay within the API's 100 characters
// and are refused by a list with another filter.
func TestPage_TokenRoundTrip(t *testing.T) {
	type row struct{ c Cursor }
	at := time.Date(2026, 6, 1, 1, 2, 3, 456789000, time.UTC)
	rows := []row{{Cursor{At: at, ID: "019ad0e0-c0c0-7000-8000-00000000abcd"}}, {Cursor{At: at.Add(time.Second), ID: "019ad0e0-c0c0-7000-8000-00000000abce"}}}
	filter := struct{ List, Office string }{"registration_worklist", "1301"}
	page, tok := cut(rows, 1, filter, func(r row) Cursor { return r.c })
	if len(page) != 1 || tok == "" || len(tok) > 100 {
		t.Fatalf("page %v, token %q (%d characters)", page, tok, len(tok))
	}
	limit, after, err := Page{Size: 1, Token: tok}.open(filter)
	if err != nil || limit != 1 || !after.At.Equal(at) || after.ID != rows[0].c.ID {
		t.Fatalf("open = %d %+v %v", limit, after, err)
	}
	if _, _, err := (Page{Token: tok}).open(struct{ List, Office string }{"registration_worklist", "1306"}); err != pagetoken.ErrInvalid {
		t.Fatalf("token of another filter: %v", err)
	}
	if _, tok := cut(rows, 2, filter, func(r row) Cursor { return r.c }); tok != "" {
		t.Fatalf("token after the last page: %q", tok)
	}
	if limit, _, _ := (Page{Size: 1000}).open(filter); limit != maxPageSize {
		t.Fatalf("page size not capped: %d", limit)
	}
}
