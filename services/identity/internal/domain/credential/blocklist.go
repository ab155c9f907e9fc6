package credential

import (
	_ "embed"
	"strings"
)

// commonPasswordList is every password of the top 1,000,000 of a public breach
// compilation that satisfies PW-1's composition anyway, lower-cased, most common
// first; its header names the source, licence and filter (L6, ASVS 6.2.4).
//
//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords returns the entries of commonPasswordList: the lines after its
// leading "#" comment block (a password may itself start with "#").
func commonPasswords() map[string]bool {
	out := map[string]bool{}
	header := true
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if header && strings.HasPrefix(line, "#") {
			continue
		}
		header = false
		if line != "" {
			out[line] = true
		}
	}
	return out
}
