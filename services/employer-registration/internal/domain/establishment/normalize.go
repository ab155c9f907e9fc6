package establishment

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Normalisation of what employers type in the establishment sections: full-width digits and Latin
// letters become half-width, half-width katakana becomes full-width, and the many
// hyphen look-alikes of Japanese IMEs become '-'. Stored values are always normalised,
// so comparisons (OPEN-3 telephone check) and searches see one spelling.

var hyphens = strings.NewReplacer("－", "-", "‐", "-", "‑", "-", "–", "-", "—", "-", "―", "-", "−", "-", "ｰ", "-", "ー", "-")

// NormalizeText folds widths (full-width ASCII → half-width, half-width kana →
// full-width), turns the ideographic space into a space and trims.
func NormalizeText(s string) string {
	// Fold leaves half-width voiced marks as combining characters (ｶﾞ → カ+U+3099);
	// NFC composes them (ガ).
	s = norm.NFC.String(width.Fold.String(s))
	s = strings.ReplaceAll(s, "\u3000", " ")
	return strings.TrimSpace(s)
}

// NormalizeDigits folds widths and unifies hyphens, for numbers typed with hyphens
// (telephone, postal code, 事業所番号, 法人番号). Spaces are removed.
func NormalizeDigits(s string) string {
	s = width.Fold.String(s)
	s = hyphens.Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// OnlyDigits keeps the digits of NormalizeDigits(s).
func OnlyDigits(s string) string {
	s = NormalizeDigits(s)
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// NormalizeKana returns s in full-width katakana: half-width katakana is widened and
// hiragana is converted, because 事業所名(カナ) is printed in katakana.
func NormalizeKana(s string) string {
	s = NormalizeText(s)
	return strings.Map(func(r rune) rune {
		if r >= 'ぁ' && r <= 'ゖ' {
			return r + ('ァ' - 'ぁ')
		}
		return r
	}, s)
}

// IsKatakana reports whether s holds only full-width katakana, the long-vowel mark,
// the middle dot, spaces, half-width digits and Latin letters (company names such as
// エヌ・ティ・ティ or ABC are common) and a few separators.
func IsKatakana(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'ァ' && r <= 'ヺ', r == 'ー', r == '・', r == ' ', r == '（', r == '）', r == '(', r == ')', r == '-', r == '.', r == '&', r == '＆':
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		default:
			return false
		}
	}
	return true
}

// PostalCode returns the 郵便番号 in the form NNN-NNNN, or ok=false.
func PostalCode(s string) (string, bool) {
	s = NormalizeDigits(s)
	d := strings.ReplaceAll(s, "-", "")
	if len(d) != 7 || OnlyDigits(d) != d || (len(s) != 7 && s != d[:3]+"-"+d[3:]) {
		return "", false
	}
	return d[:3] + "-" + d[3:], true
}

// Phone returns a normalised Japanese telephone number (half-width digits and hyphens
// as typed, parentheses turned into hyphens) and whether it is plausible: 10 or 11
// digits starting with 0 (fixed lines 0X-XXXX-XXXX, mobiles 070/080/090, 050, 0120,
// 0800), hyphens not doubled and not at the ends.
func Phone(s string) (string, bool) {
	s = NormalizeDigits(s)
	s = strings.NewReplacer("(", "-", ")", "-", "（", "-", "）", "-").Replace(s)
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	s = strings.Trim(s, "-")
	for _, r := range s {
		if (r < '0' || r > '9') && r != '-' {
			return "", false
		}
	}
	d := strings.ReplaceAll(s, "-", "")
	if len(d) < 10 || len(d) > 11 || d[0] != '0' || d[1] == '0' && !strings.HasPrefix(d, "0120") && !strings.HasPrefix(d, "0800") && !strings.HasPrefix(d, "0570") {
		return "", false
	}
	if len(d) == 11 && !(strings.HasPrefix(d, "070") || strings.HasPrefix(d, "080") || strings.HasPrefix(d, "090") || strings.HasPrefix(d, "050") || strings.HasPrefix(d, "0800") || strings.HasPrefix(d, "020")) {
		return "", false
	}
	return s, true
}

// IsMobile reports whether a normalised phone number is a mobile number (a warning on
// the establishment's number: the office calls it during the check).
func IsMobile(phone string) bool {
	d := OnlyDigits(phone)
	return strings.HasPrefix(d, "070") || strings.HasPrefix(d, "080") || strings.HasPrefix(d, "090")
}
