package secretscan_test

import (
	"testing"

	"github.com/hellowork-jp/hellowork/libs/testkit/secretscan"
)

func TestContainsToken_WholeTokensOnly(t *testing.T) {
	cases := []struct {
		text, secret string
		want         bool
	}{
		{`otp=123456`, "123456", true},
		{`{"auth_key":"123456"}`, "123456", true},
		{`123456`, "123456", true},
		{`password Passw0rd!x logged`, "Passw0rd!x", true},
		{`span_id=ab123456cd`, "123456", false},
		{`request_id=0192f0c0-1234567-7000`, "123456", false},
		{`x9123456 and then 123456.`, "123456", true},
		{`nothing here`, "123456", false},
		{`anything`, "", false},
	}
	for _, c := range cases {
		if got := secretscan.ContainsToken(c.text, c.secret); got != c.want {
			t.Errorf("ContainsToken(%q, %q) = %v, want %v", c.text, c.secret, got, c.want)
		}
	}
}
