package app

import (
	"encoding/base64"
	"strconv"
)

// Page tokens are opaque to clients: base64 of the offset. A bad token restarts at 0.
func decodeToken(t string) int {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 || n > 1_000_000 {
		return 0
	}
	return n
}

// NextToken returns the token of the page after p when the page was full.
func NextToken(p Page, got int) string {
	if got < p.Limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(p.Offset + got)))
}

// PageOf builds a Page from a request's page size and token.
func PageOf(size int32, token string) Page { return pageOf(size, token) }
