// Package pagetoken is the one page-token scheme of every list RPC: keyset paging with a
// filter hash.
//
// A token carries the sort key of the last row of a page (keyset, so pages stay stable
// while rows are added, unlike offsets) and a hash of the filter the page was listed
// with, so a token reused with other filters is refused instead of silently skipping
// or repeating rows (AIP-158). Tokens are opaque base64url to clients; they are not
// secret and not signed: a forged token only moves the caller's own cursor within what
// its filter and authorisation already allow.
//
// Usage in a list use case:
//
//	after, err := pagetoken.Decode(q.PageToken, q.Filter) // nil keys: first page
//	if err != nil {
//		return ListResult{}, err
//	}
//	rows, err := repo.List(ctx, q.Filter, after, size+1)
//	...
//	if len(rows) > size {
//		last := rows[size-1]
//		res.NextPageToken = pagetoken.Encode(q.Filter, last.CreatedAt.Format(time.RFC3339Nano), last.ID)
//	}
package pagetoken

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// ErrInvalid is returned for a token that is not one of ours, is damaged, or was issued
// for other filters. The caller starts again from the first page.
var ErrInvalid = errs.New(errs.KindInvalidArgument, "PAGE_TOKEN_INVALID",
	"page_token is invalid or was issued for other filters").
	WithField(errs.Field("page_token", "PAGE_TOKEN_INVALID", "page_token is invalid or was issued for other filters"))

// maxToken bounds what Decode reads, so a huge token costs nothing.
const maxToken = 2048

type token struct {
	F string   `json:"f"` // filter hash
	K []string `json:"k"` // keyset: the sort key of the last row returned
}

// Encode returns the token of the page after the row whose sort key is key, listed
// with filter. filter is any JSON-encodable value (a struct of the query's filter
// fields); normalise it first (e.g. lower-case an e-mail filter) if equivalent filters
// should share tokens. Encode panics if filter cannot be encoded: a programming error.
func Encode(filter any, key ...string) string {
	b, err := json.Marshal(token{F: hash(filter), K: key})
	if err != nil {
		panic(fmt.Sprintf("pagetoken: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode returns the keys of tok, or nil keys for the empty token (the first page). It
// returns ErrInvalid when tok is malformed or was issued for another filter.
func Decode(tok string, filter any) ([]string, error) {
	if tok == "" {
		return nil, nil
	}
	if len(tok) > maxToken {
		return nil, ErrInvalid
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, ErrInvalid.Wrap(err)
	}
	var t token
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, ErrInvalid.Wrap(err)
	}
	if t.F == "" || t.F != hash(filter) {
		return nil, ErrInvalid
	}
	if len(t.K) == 0 {
		return nil, ErrInvalid
	}
	return t.K, nil
}

// hash is a short digest of filter's JSON form (struct fields in declaration order,
// map keys sorted, so it is deterministic).
func hash(filter any) string {
	b, err := json.Marshal(filter)
	if err != nil {
		panic(fmt.Sprintf("pagetoken: filter: %v", err))
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// Size clamps a requested page size (AIP-158): zero or negative means def, and
// anything above max is max.
func Size(requested, def, max int) int {
	switch {
	case requested <= 0:
		return def
	case requested > max:
		return max
	}
	return requested
}
