package account

import (
	"testing"
	"time"
)

func TestParseOfficeNetworks(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{in: "", want: ""},
		{in: "1301=192.0.2.0/24,2001:db8::/48; 1306=198.51.100.7", want: "1301=192.0.2.0/24,2001:db8::/48;1306=198.51.100.7/32"},
		{in: "1301=192.0.2.9/24", want: "1301=192.0.2.0/24"},
		{in: "1301=::ffff:192.0.2.0/120", want: "1301=192.0.2.0/24"},
		{in: "*=127.0.0.0/8,::1", want: "*=127.0.0.0/8,::1/128"},
		{in: "1301", bad: true},
		{in: "13=192.0.2.0/24", bad: true},
		{in: "1301=", bad: true},
		{in: "1301=192.0.2.0/33", bad: true},
		{in: "1301=0.0.0.0/0", bad: true},
		{in: "1301=::/0", bad: true},
		{in: "1301=192.0.2.0/24;1301=198.51.100.0/24", bad: true},
	} {
		got, err := ParseOfficeNetworks(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted as %v", tc.in, got)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.in, got.String(), err, tc.want)
		}
	}
}

func TestOfficeNetworks_Contains(t *testing.T) {
	nets, err := ParseOfficeNetworks("1301=192.0.2.0/24,2001:db8::/48;1306=198.51.100.0/24")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		office, ip string
		want       bool
	}{
		{"1301", "192.0.2.10", true},
		{"1301", "::ffff:192.0.2.10", true},
		{"1301", "2001:db8:0:1::5", true},
		{"1301", "198.51.100.1", false}, // another office's network
		{"1306", "198.51.100.1", true},
		{"1301", "203.0.113.1", false},
		{"1302", "192.0.2.10", false}, // an office without networks
		{"1301", "", false},
		{"1301", "not-an-ip", false},
		{"", "192.0.2.10", false},
	} {
		if got := nets.Contains(tc.office, tc.ip); got != tc.want {
			t.Errorf("Contains(%s, %q) = %v, want %v", tc.office, tc.ip, got, tc.want)
		}
	}
	any, _ := ParseOfficeNetworks("*=127.0.0.0/8")
	if !any.Contains("1399", "127.0.0.1") || any.Contains("1399", "192.0.2.1") {
		t.Error(`"*" networks count for every office and only for their addresses`)
	}
}

// TestTerminal_SkipsOTP [LOGIN-4, D4]: a terminal skips the OTP only with a valid
// credential, from its own office's networks, for a non-staff account.
func TestTerminal_SkipsOTP(t *testing.T) {
	nets, _ := ParseOfficeNetworks("1301=192.0.2.0/24;1306=198.51.100.0/24")
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	revoked := now.Add(-time.Minute)
	valid := Terminal{OfficeCode: "1301", ExpiresAt: now.Add(time.Hour)}
	employer := &Account{Role: RolePrimary}
	for _, tc := range []struct {
		name string
		t    Terminal
		acc  *Account
		ip   string
		want bool
	}{
		{"own office network", valid, employer, "192.0.2.5", true},
		{"additional account", valid, &Account{Role: RoleAdditional}, "192.0.2.5", true},
		{"another office's network", valid, employer, "198.51.100.5", false},
		{"the Internet", valid, employer, "203.0.113.5", false},
		{"no client IP", valid, employer, "", false},
		{"staff account", valid, &Account{Role: RoleStaff, OfficeCode: "1301"}, "192.0.2.5", false},
		{"expired", Terminal{OfficeCode: "1301", ExpiresAt: now}, employer, "192.0.2.5", false},
		{"revoked", Terminal{OfficeCode: "1301", ExpiresAt: now.Add(time.Hour), RevokedAt: &revoked}, employer, "192.0.2.5", false},
	} {
		tt := tc.t
		if got := tt.SkipsOTP(tc.acc, nets, tc.ip, now); got != tc.want {
			t.Errorf("%s: SkipsOTP = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTerminal_Rotate(t *testing.T) {
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	p := TerminalPolicy{CredentialTTL: 24 * time.Hour, SessionIdle: 10 * time.Minute}
	term := Terminal{OfficeCode: "1301", SecretHash: []byte("old"), ExpiresAt: now.Add(time.Minute)}
	if err := term.Rotate([]byte("new"), now, p); err != nil {
		t.Fatal(err)
	}
	if string(term.SecretHash) != "new" || !term.ExpiresAt.Equal(now.Add(24*time.Hour)) || term.RotatedAt == nil {
		t.Fatalf("rotation: %+v", term)
	}
	term.RevokedAt = &now
	if err := term.Rotate([]byte("newer"), now, p); err == nil {
		t.Fatal("a revoked terminal must not be rotated back to life")
	}
}

// TestAccount_StaffNetworkAndSkips [issue 9 item 8]: staff sign in only from their
// office's networks and never skip the OTP; disabling is for staff only.
func TestAccount_StaffNetworkAndSkips(t *testing.T) {
	nets, _ := ParseOfficeNetworks("1301=192.0.2.0/24;1306=198.51.100.0/24")
	staff := &Account{Role: RoleStaff, OfficeCode: "1301", Status: StatusActive}
	if r := staff.StaffAdmission(nets, "192.0.2.1"); r != NotRefused {
		t.Errorf("staff from the office: %q", r)
	}
	for _, ip := range []string{"198.51.100.1", "203.0.113.1", ""} {
		if r := staff.StaffAdmission(nets, ip); r != RefusedOutsideOffice {
			t.Errorf("staff from %q: %q, want %q", ip, r, RefusedOutsideOffice)
		}
	}
	if r := (&Account{Role: RolePrimary}).StaffAdmission(nets, "203.0.113.1"); r != NotRefused {
		t.Errorf("employers sign in from anywhere: %q", r)
	}
	if staff.MaySkipOTP() || !(&Account{Role: RolePrimary}).MaySkipOTP() {
		t.Error("staff never skip the OTP; employers may")
	}
	if err := staff.Disable(); err != nil || staff.Status != StatusDisabled {
		t.Fatalf("disable: %v %s", err, staff.Status)
	}
	if err := staff.Disable(); err != nil {
		t.Fatalf("disabling again: %v", err)
	}
	if err := (&Account{Role: RolePrimary}).Disable(); err == nil {
		t.Error("an employer account is not disabled this way")
	}
}
