package creationcode

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

func TestGenerate_TenHalfWidthCharactersFromTheAlphabet(t *testing.T) {
	if len(Alphabet) != 64 {
		t.Fatalf("alphabet has %d symbols; 64 keeps the draw unbiased", len(Alphabet))
	}
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		c, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != Length || !WellFormed(c) {
			t.Fatalf("code %q is not 10 half-width characters", c)
		}
		for _, r := range c {
			if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("code %q has %q outside the alphabet", c, r)
			}
		}
		if seen[c] {
			t.Fatalf("duplicate code %q in 1000 draws", c)
		}
		seen[c] = true
	}
}

// OPEN-3: valid for 5 days counted from the day after the day of issuance (JST).
func TestCode_ExpiryCountsJSTDaysFromTheDayAfterIssuance(t *testing.T) {
	issued := time.Date(2026, 6, 1, 23, 30, 0, 0, clock.JST)
	c := &Code{IssuedAt: issued, Status: StatusActive}
	cases := []struct {
		at      time.Time
		expired bool
	}{
		{time.Date(2026, 6, 2, 0, 0, 0, 0, clock.JST), false},    // 1st day
		{time.Date(2026, 6, 6, 23, 59, 59, 0, clock.JST), false}, // 5th day
		{time.Date(2026, 6, 7, 0, 0, 0, 0, clock.JST), true},     // 6th day
		{time.Date(2026, 6, 6, 15, 0, 0, 0, time.UTC), true},     // 7 June 00:00 JST
	}
	for _, tc := range cases {
		if got := c.Expired(tc.at); got != tc.expired {
			t.Errorf("Expired(%s) = %v, want %v", tc.at, got, tc.expired)
		}
	}
	if !c.ExpiresOn().Equal(time.Date(2026, 6, 6, 0, 0, 0, 0, clock.JST)) {
		t.Errorf("ExpiresOn = %s", c.ExpiresOn())
	}
	// Issued just after midnight JST (still the previous day in UTC): the JST date counts.
	early := &Code{IssuedAt: time.Date(2026, 5, 31, 15, 30, 0, 0, time.UTC)} // 1 June 00:30 JST
	if got := early.ExpiresOn().Format(time.DateOnly); got != "2026-06-06" {
		t.Errorf("early ExpiresOn = %s", got)
	}
}

func TestCode_TenthMistakeInvalidates(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	c := &Code{IssuedAt: now, Status: StatusActive}
	for i := 1; i < MaxMistakes; i++ {
		if c.RecordMistake(now) {
			t.Fatalf("invalidated at mistake %d", i)
		}
	}
	if !c.Usable(now) {
		t.Fatal("unusable after 9 mistakes")
	}
	if !c.RecordMistake(now) || c.Status != StatusInvalidated || c.Usable(now) {
		t.Fatalf("10th mistake did not invalidate: %+v", c)
	}
	if c.RecordMistake(now) || c.Mistakes != MaxMistakes {
		t.Fatal("mistakes counted after invalidation")
	}
}

func TestCode_ReplaceVoids(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	c := &Code{IssuedAt: now, Status: StatusActive}
	c.Replace(now)
	if c.Usable(now) || c.Status != StatusReplaced {
		t.Fatalf("replaced code usable: %+v", c)
	}
}

func TestHasher_KeyedAndDeterministic(t *testing.T) {
	if _, err := NewHasher([]byte("short")); err == nil {
		t.Fatal("short key accepted")
	}
	h1, _ := NewHasher(bytes.Repeat([]byte{1}, 32))
	h2, _ := NewHasher(bytes.Repeat([]byte{2}, 32))
	if !Equal(h1.Hash("5z2X#3mwc%"), h1.Hash("5z2X#3mwc%")) || Equal(h1.Hash("5z2X#3mwc%"), h2.Hash("5z2X#3mwc%")) {
		t.Fatal("hash not keyed or not deterministic")
	}
	if bytes.Contains(h1.Hash("5z2X#3mwc%"), []byte("5z2X")) {
		t.Fatal("hash leaks the code")
	}
}

// FuzzCreationCode: WellFormed accepts exactly 1-10 printable half-width ASCII
// characters (the reference rule of OPEN-3), and never panics.
func FuzzCreationCode(f *testing.F) {
	for _, s := range []string{"5z2X#3mwc%", "", "12345678901", "ａｂｃ", "abc def", "\x00", "コード"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := len(s) >= 1 && len(s) <= 10
		for i := 0; i < len(s); i++ {
			if s[i] <= ' ' || s[i] > '~' {
				want = false
			}
		}
		if got := WellFormed(s); got != want {
			t.Fatalf("WellFormed(%q) = %v, want %v", s, got, want)
		}
	})
}
