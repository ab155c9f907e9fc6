package account

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"
)

// OfficeNetworks is the office address allow-list (D4, issue 9 items 4 and 8): the
// networks each Hello Work office's machines reach the service from, as the client IP
// identity derives from the gateway's x-client-ip. It is the server-side evidence that
// a request comes from inside an office: a visitor terminal's credential counts only
// from its own office's networks (LOGIN-4), and staff sign in only from theirs.
//
// The key "*" lists networks that count for every office (a ministry-wide network, or
// loopback in development); a terminal of any office is then accepted from them.
type OfficeNetworks map[string][]netip.Prefix

// AnyOffice is the OfficeNetworks key of networks that count for every office.
const AnyOffice = "*"

// ParseOfficeNetworks reads OFFICE_NETWORKS: offices separated by ";", each
// "<office code>=<CIDR>[,<CIDR>...]", e.g. "1301=192.0.2.0/24,2001:db8::/48;1306=198.51.100.0/25".
// A bare address is a single host (/32 or /128). Empty means no office network: no
// terminal skips the one-time password and no staff member can sign in.
func ParseOfficeNetworks(s string) (OfficeNetworks, error) {
	out := OfficeNetworks{}
	for _, entry := range strings.Split(s, ";") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		office, cidrs, ok := strings.Cut(entry, "=")
		office = strings.TrimSpace(office)
		if !ok || (office != AnyOffice && !ValidOfficeCode(office)) {
			return nil, fmt.Errorf("OFFICE_NETWORKS: %q is not <4-digit office code>=<CIDR>[,<CIDR>]", entry)
		}
		if _, dup := out[office]; dup {
			return nil, fmt.Errorf("OFFICE_NETWORKS: office %s is listed twice", office)
		}
		var nets []netip.Prefix
		for _, c := range strings.Split(cidrs, ",") {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			p, err := parsePrefix(c)
			if err != nil {
				return nil, fmt.Errorf("OFFICE_NETWORKS: office %s: %q is not a CIDR or an address", office, c)
			}
			if p.Bits() == 0 {
				// 0.0.0.0/0 would make the whole Internet an office.
				return nil, fmt.Errorf("OFFICE_NETWORKS: office %s: %s is every address", office, c)
			}
			nets = append(nets, p)
		}
		if len(nets) == 0 {
			return nil, fmt.Errorf("OFFICE_NETWORKS: office %s lists no network", office)
		}
		out[office] = nets
	}
	return out, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return p, err
		}
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			// identity compares unmapped addresses: ::ffff:192.0.2.0/120 is 192.0.2.0/24.
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// ValidOfficeCode reports whether code looks like an office code (4 digits).
func ValidOfficeCode(code string) bool {
	if len(code) != 4 {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Contains reports whether ip (as identity derived it) is on a network of office. An
// unparsable or empty ip is on no network.
func (n OfficeNetworks) Contains(office, ip string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil || office == "" {
		return false
	}
	a = a.Unmap().WithZone("")
	for _, key := range []string{office, AnyOffice} {
		for _, p := range n[key] {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

// String lists the configuration in its OFFICE_NETWORKS form, offices sorted.
func (n OfficeNetworks) String() string {
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		var cidrs []string
		for _, p := range n[k] {
			cidrs = append(cidrs, p.String())
		}
		parts = append(parts, k+"="+strings.Join(cidrs, ","))
	}
	return strings.Join(parts, ";")
}

// RefusedOutsideOffice: a staff account's password step from outside its office's
// networks (issue 9 item 8). Answered like a wrong password, not counted toward the
// lock (an outsider must not be able to lock staff out), and no hash is compared.
const RefusedOutsideOffice Refusal = "outside_office_network"

// StatusDisabled: a staff account disabled by its office or an operator; it cannot sign
// in and its sessions, trusted devices and the terminals it enrolled were revoked.
const StatusDisabled Status = "disabled"

// StaffAdmission is the network rule of a staff account's sign-in: staff sign in only
// from their own office's networks, never from elsewhere (issue 9 item 8). Other
// accounts are admitted anywhere.
func (a *Account) StaffAdmission(nets OfficeNetworks, ip string) Refusal {
	if a.Role == RoleStaff && !nets.Contains(a.OfficeCode, ip) {
		return RefusedOutsideOffice
	}
	return NotRefused
}

// MaySkipOTP reports whether the account may ever skip the one-time password, by a
// trusted device (LOGIN-3) or a visitor terminal (LOGIN-4): staff never do (issue 9
// item 8: a staff account reads many establishments' data).
func (a *Account) MaySkipOTP() bool { return a.Role != RoleStaff }

// Disable disables a staff account (any other account is not found: employers leave
// by withdrawal, ACC-3). Disabling again is allowed, so an operator can repeat the
// command and have everything revoked once more.
func (a *Account) Disable() error {
	if a.Role != RoleStaff {
		return ErrNotFound
	}
	if a.Status != StatusDisabled {
		a.Status = StatusDisabled
		a.Version++
	}
	return nil
}

// TerminalPolicy is LOGIN-4's visitor terminal under D4's compensating controls.
type TerminalPolicy struct {
	// CredentialTTL is how long an enrolment (or a rotation) lasts; then the terminal
	// must be rotated or enrolled again.
	CredentialTTL time.Duration
	// SessionIdle ends a session opened on a terminal that is not used for this long
	// (shorter than an ordinary session's: the next visitor uses the same browser).
	SessionIdle time.Duration
}

// DefaultTerminalPolicy: a credential lasts 30 days, a terminal session 10 idle minutes.
var DefaultTerminalPolicy = TerminalPolicy{CredentialTTL: 30 * 24 * time.Hour, SessionIdle: 10 * time.Minute}

// Usable reports whether the terminal's credential is valid at now: not revoked and
// before its expiry.
func (t *Terminal) Usable(now time.Time) bool {
	return t.RevokedAt == nil && now.Before(t.ExpiresAt)
}

// SkipsOTP is LOGIN-4 under D4: a visitor terminal lets acc skip the one-time password
// at now only when its credential is valid, the request comes from the terminal's own
// office's networks (ip as identity derived it, never a client claim), and acc is not
// a staff account.
func (t *Terminal) SkipsOTP(acc *Account, nets OfficeNetworks, ip string, now time.Time) bool {
	return t.Usable(now) && acc.MaySkipOTP() && nets.Contains(t.OfficeCode, ip)
}

// Rotate replaces the terminal's credential (its keyed hash) and restarts its life:
// the previous credential matches nothing from now on.
func (t *Terminal) Rotate(secretHash []byte, now time.Time, p TerminalPolicy) error {
	if t.RevokedAt != nil {
		return ErrNotFound
	}
	t.SecretHash, t.RotatedAt, t.ExpiresAt = secretHash, &now, now.Add(p.CredentialTTL)
	return nil
}
