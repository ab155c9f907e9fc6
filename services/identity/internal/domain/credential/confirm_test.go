package credential

import (
	"errors"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/email"
)

// TestEmailPair [EMAIL-1]: the confirmation must match exactly; carrier-style
// addresses pass; the login ID is case-insensitive.
func TestEmailPair(t *testing.T) {
	if _, err := EmailPair("taro@example.jp", "taro@example.jp"); err != nil {
		t.Fatal(err)
	}
	if _, err := EmailPair("taro@example.jp", "Taro@example.jp"); !errors.Is(err, ErrEmailMismatch) {
		t.Fatalf("got %v, want EMAIL_MISMATCH", err)
	}
	if _, err := EmailPair("foo.@docomo.ne.jp", "foo.@docomo.ne.jp"); err != nil {
		t.Fatalf("carrier address refused: %v", err)
	}
	if _, err := EmailPair("taro@", "taro@"); !errors.Is(err, email.ErrInvalid) {
		t.Fatalf("got %v, want EMAIL_INVALID", err)
	}
	if email.Key("Taro@Example.JP") != email.Key("taro@example.jp") {
		t.Fatal("login IDs differing only in case must be one")
	}
}
