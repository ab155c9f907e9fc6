package pagetoken_test

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
)

type filter struct {
	Recipient string
	Status    string
}

func TestRoundTrip(t *testing.T) {
	f := filter{Recipient: "foo.@docomo.ne.jp", Status: "sent"}
	for _, keys := range [][]string{
		{"2026-04-01T09:00:00.123456789Z", "0190a1b2-0000-7000-8000-000000000000"},
		{"only-one"},
		{"", "empty first key is still a key"},
	} {
		tok := pagetoken.Encode(f, keys...)
		if strings.ContainsAny(tok, "+/=") {
			t.Fatalf("token %q is not unpadded base64url", tok)
		}
		got, err := pagetoken.Decode(tok, f)
		if err != nil || !slices.Equal(got, keys) {
			t.Fatalf("Decode = %v, %v; want %v", got, err, keys)
		}
	}
	if keys, err := pagetoken.Decode("", f); err != nil || keys != nil {
		t.Fatalf("empty token = %v, %v; want the first page", keys, err)
	}
}

func TestDecode_Refuses(t *testing.T) {
	f := filter{Status: "sent"}
	good := pagetoken.Encode(f, "k")
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name   string
		tok    string
		filter any
	}{
		{"other filter", good, filter{Status: "failed"}},
		{"other filter type", good, map[string]string{"Status": "sent"}},
		{"no filter", good, nil},
		{"not base64", "!!!", f},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte(`{"f":"x"}`)), f},
		{"not json", raw("12"), f},
		{"old offset token", raw("30"), f},
		{"no keys", pagetoken.Encode(f), f},
		{"no hash", raw(`{"k":["a"]}`), f},
		{"truncated", good[:len(good)-3], f},
		{"huge", strings.Repeat("A", 4096), f},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := pagetoken.Decode(tc.tok, tc.filter)
			if !errors.Is(err, pagetoken.ErrInvalid) {
				t.Fatalf("Decode = %v, %v; want ErrInvalid", keys, err)
			}
			e, _ := errs.As(err)
			if e.Kind != errs.KindInvalidArgument || e.Reason != "PAGE_TOKEN_INVALID" ||
				len(e.Fields) != 1 || e.Fields[0].Field != "page_token" || e.Fields[0].Reason != "PAGE_TOKEN_INVALID" {
				t.Fatalf("error = %+v", e)
			}
		})
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 50}, {-1, 50}, {1, 1}, {1000, 1000}, {1001, 1000}} {
		if got := pagetoken.Size(tc.in, 50, 1000); got != tc.want {
			t.Errorf("Size(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
