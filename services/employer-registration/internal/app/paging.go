package app

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Page is the paging part of a list query: the page size asked for and the token of
// the previous page's answer ("" for the first page).
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

// ErrPageToken: the token is not one this list gave out for the same filter.
var ErrPageToken = errs.New(errs.KindInvalidArgument, "PAGE_TOKEN_INVALID", "the page token is invalid",
	"ページの指定が正しくありません。最初のページから表示し直してください。")

// open decodes q for a list filtered by filter: the page size to read and where to start.
func (q Page) open(filter any) (int, Cursor, error) {
	limit := int(q.Size)
	if limit <= 0 {
		limit = defaultPageSize
	}
	if limit > maxPageSize {
		limit = maxPageSize
	}
	if q.Token == "" {
		return limit, Cursor{}, nil
	}
	keys, err := decodeToken(q.Token, filter)
	if err != nil || len(keys) != 2 {
		return 0, Cursor{}, ErrPageToken
	}
	at, err := time.Parse(time.RFC3339Nano, keys[0])
	if err != nil || keys[1] == "" {
		return 0, Cursor{}, ErrPageToken
	}
	return limit, Cursor{At: at, ID: keys[1]}, nil
}

// nextToken is the token of the page after a page of got rows out of limit whose last
// row is at last; "" when the page was not full (nothing follows).
func nextToken(filter any, limit, got int, last Cursor) string {
	if got < limit {
		return ""
	}
	return encodeToken(filter, last.At.UTC().Format(time.RFC3339Nano), last.ID)
}

// TODO(libs/pagetoken): interim copy of the keyset token until libs/pagetoken lands.
func encodeToken(filter any, keys ...string) string {
	b, _ := json.Marshal(struct {
		F string   `json:"f"`
		K []string `json:"k"`
	}{filterHash(filter), keys})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(tok string, filter any) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, ErrPageToken
	}
	var t struct {
		F string   `json:"f"`
		K []string `json:"k"`
	}
	if json.Unmarshal(b, &t) != nil || t.F != filterHash(filter) {
		return nil, ErrPageToken
	}
	return t.K, nil
}

func filterHash(filter any) string {
	b, _ := json.Marshal(filter)
	h := sha256.Sum256(b)
	return strings.ToLower(base64.RawURLEncoding.EncodeToString(h[:8]))
}
