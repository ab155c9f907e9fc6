// Package secretscan finds secrets in text that tests collected (logs, database dumps).
package secretscan

import "strings"

// ContainsToken reports whether secret occurs in text as a whole token, not inside a
// longer run of letters and digits. A logged secret stands on its own, while a short
// code such as a 6-digit OTP occurs by chance inside hex request, trace and span ids
// and hashes; a plain substring search made such scans flaky.
func ContainsToken(text, secret string) bool {
	if secret == "" {
		return false
	}
	isWord := func(b byte) bool {
		return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
	}
	for from := 0; ; {
		i := strings.Index(text[from:], secret)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(secret)
		if (i == 0 || !isWord(text[i-1])) && (end == len(text) || !isWord(text[end])) {
			return true
		}
		from = i + 1
	}
}
