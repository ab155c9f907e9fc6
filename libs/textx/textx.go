// Package textx holds the small string helpers services share.
package textx

import "unicode/utf8"

// Truncate returns s cut to at most n runes (characters), so Japanese text is never
// cut inside a character.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// TruncateBytes returns s cut to at most n bytes, at a character boundary: for column
// and header limits counted in bytes. Cutting a UTF-8 sequence in half would give a
// string PostgreSQL refuses to store, so the partial character is dropped. Invalid
// UTF-8 in s is kept as it is up to the limit.
func TruncateBytes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	cut := n
	// Step back over continuation bytes to the start of the character at the cut, at
	// most utf8.UTFMax-1 of them.
	for k := 0; k < utf8.UTFMax-1 && cut > 0 && !utf8.RuneStart(s[cut]); k++ {
		cut--
	}
	if !utf8.RuneStart(s[cut]) { // not UTF-8 there: a plain byte cut
		cut = n
	}
	return s[:cut]
}
