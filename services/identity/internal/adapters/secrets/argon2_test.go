package secrets

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

var cheap = Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

func TestHasher_VerifyAndRehash(t *testing.T) {
	ctx := context.Background()
	h, err := NewHasher(cheap, 2)
	if err != nil {
		t.Fatal(err)
	}
	phc, err := h.Hash(ctx, "Ab1!xyzw")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("not a PHC string: %s", phc)
	}
	tests := []struct {
		name     string
		password string
		ok       bool
	}{
		{"right", "Ab1!xyzw", true},
		{"appended", "Ab1!xyzwx", false},       // never truncated (ASVS 6.2.8)
		{"shortened", "Ab1!xyz", false},        // never truncated
		{"swapped case", "aB1!XYZW", false},    // never case-folded
		{"trailing space", "Ab1!xyzw ", false}, // never trimmed
	}
	for _, tc := range tests {
		ok, rehash, err := h.Verify(ctx, phc, tc.password)
		if err != nil || ok != tc.ok || rehash {
			t.Errorf("%s: ok=%v rehash=%v err=%v", tc.name, ok, rehash, err)
		}
	}
	stronger, _ := NewHasher(Argon2Params{MemoryKiB: 128, Time: 1, Threads: 1}, 1)
	if ok, rehash, _ := stronger.Verify(ctx, phc, "Ab1!xyzw"); !ok || !rehash {
		t.Fatalf("parameter change must ask for a rehash: ok=%v rehash=%v", ok, rehash)
	}
	if ok, _, _ := h.Verify(ctx, "", "anything"); ok {
		t.Fatal("the dummy hash must never match")
	}
}

// TestHasher_ProductionParameters proves the default parameters meet OWASP's minimum
// and measures one hash with them (the only test paying the production cost).
func TestHasher_ProductionParameters(t *testing.T) {
	def := DefaultParams()
	if !def.AtLeast(OWASPMinimum) {
		t.Fatalf("default argon2 parameters %+v below OWASP minimum", def)
	}
	h, err := NewHasher(def, 1)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	phc, err := h.Hash(context.Background(), "Ab1!xyzw")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("METRIC argon2id_hash_ms=%d", time.Since(start).Milliseconds())
	p, err := ParsePHC(phc)
	if err != nil || p != def {
		t.Fatalf("PHC params %+v, want %+v (%v)", p, def, err)
	}
}

func TestHasher_ConcurrencyCap(t *testing.T) {
	h, _ := NewHasher(cheap, 1)
	h.sem <- struct{}{} // occupy the only slot
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "x"); err == nil {
		t.Fatal("hash ran beyond the concurrency cap")
	}
	<-h.sem
}

func TestKeyed_SeparatesKinds(t *testing.T) {
	k, err := NewKeyed([]byte(strings.Repeat("p", 32)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k.Hash(credential.KindOTP, "123456"), k.Hash(credential.KindAuthKey, "123456")) {
		t.Fatal("kinds must not collide")
	}
	if !bytes.Equal(k.Hash(credential.KindOTP, "123456"), k.Hash(credential.KindOTP, "123456")) {
		t.Fatal("not deterministic")
	}
	if _, err := NewKeyed([]byte("short")); err == nil {
		t.Fatal("short pepper accepted")
	}
}
