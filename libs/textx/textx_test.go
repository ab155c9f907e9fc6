package textx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 3, "abc"},
		{"abc", 2, "ab"},
		{"ハローワーク", 3, "ハロー"},
		{"ハローワーク", 0, ""},
		{"", 3, ""},
		{"a日b", 2, "a日"},
	} {
		if got := Truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestTruncateBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 2, "ab"},
		{"ハロー", 3, "ハ"}, // 3 bytes each
		{"ハロー", 4, "ハ"},
		{"ハロー", 5, "ハ"},
		{"ハロー", 6, "ハロ"},
		{"ハロー", 2, ""},
		{"a\xffb", 2, "a\xff"},
		{"x", 0, ""},
	} {
		got := TruncateBytes(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("TruncateBytes(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if len(got) > tc.n {
			t.Errorf("TruncateBytes(%q, %d) is %d bytes", tc.in, tc.n, len(got))
		}
	}
	ua := strings.Repeat("a", 511) + "日本"
	if got := TruncateBytes(ua, 512); !utf8.ValidString(got) || len(got) != 511 {
		t.Fatalf("user agent cut to %d bytes, valid=%v", len(got), utf8.ValidString(got))
	}
}
