package credential

import "testing"

// TestToken_WellFormed [ASVS 7.2.3]: 256-bit tokens with a prefix per kind.
func TestToken_WellFormed(t *testing.T) {
	tok, err := NewToken(PrefixSession)
	if err != nil {
		t.Fatal(err)
	}
	if !WellFormed(tok, PrefixSession) || WellFormed(tok, PrefixDevice) || WellFormed(PrefixSession+"abc", PrefixSession) {
		t.Fatal("WellFormed wrong")
	}
}
