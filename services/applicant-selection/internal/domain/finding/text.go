package finding

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is how a free-text field is checked: its Japanese label, its maximum length in
// characters (runes, so 全角 and 半角 count the same) and whether it may be empty.
type Text struct {
	Label     string
	Max       int
	Required  bool
	Multiline bool // line breaks and tabs allowed
}

// Clean normalises line breaks to \n and trims surrounding white space.
func Clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// Check records REQUIRED, TOO_LONG or TEXT_CHARACTERS_INVALID for s (already
// cleaned) on field.
func (t Text) Check(fs *Findings, field, s string) {
	switch {
	case s == "":
		if t.Required {
			fs.Err(field, Required, "label", t.Label)
		}
		return
	case utf8.RuneCountInString(s) > t.Max:
		fs.Err(field, TooLong, "label", t.Label, "max_length", strconv.Itoa(t.Max))
		return
	}
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && !(t.Multiline && (r == '\n' || r == '\t'))) ||
			unicode.Is(unicode.Co, r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			fs.Err(field, TextCharactersInvalid, "label", t.Label)
			return
		}
	}
}
