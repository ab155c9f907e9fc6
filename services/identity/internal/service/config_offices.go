package service

import (
	"fmt"
	"time"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// OfficeConfig is where offices are on the network and how visitor terminals behave
// (LOGIN-4, D4; issue 9 items 4 and 8). It is embedded in Config.
type OfficeConfig struct {
	// OfficeNetworks is the office address allow-list: "<office>=<CIDR>,...;..." (e.g.
	// "1301=192.0.2.0/24,2001:db8:1301::/48;1306=198.51.100.0/24"; "*" for networks
	// of every office, development only). Visitor terminals skip the one-time password
	// only from their office's networks and staff sign in only from theirs, judged by
	// the client IP identity derives (the gateway's x-client-ip). Empty: no terminal
	// skips the one-time password and no staff member can sign in.
	OfficeNetworks string `env:"OFFICE_NETWORKS"`
	// VisitorTerminalCredentialTTL is how long a terminal enrolment or rotation lasts.
	VisitorTerminalCredentialTTL time.Duration `env:"VISITOR_TERMINAL_CREDENTIAL_TTL" envDefault:"720h"`
	// VisitorTerminalSessionIdle ends a session opened on a visitor terminal that is
	// not used for this long (at most SESSION_IDLE_TIMEOUT).
	VisitorTerminalSessionIdle time.Duration `env:"VISITOR_TERMINAL_SESSION_IDLE_TIMEOUT" envDefault:"10m"`
}

// Offices parses OFFICE_NETWORKS.
func (c *OfficeConfig) Offices() (account.OfficeNetworks, error) {
	return account.ParseOfficeNetworks(c.OfficeNetworks)
}

// TerminalPolicy is the visitor-terminal policy.
func (c *OfficeConfig) TerminalPolicy() account.TerminalPolicy {
	return account.TerminalPolicy{CredentialTTL: c.VisitorTerminalCredentialTTL, SessionIdle: c.VisitorTerminalSessionIdle}
}

// validate checks the office settings against the ordinary idle timeout.
func (c *OfficeConfig) validate(sessionIdle time.Duration) []error {
	var problems []error
	if _, err := c.Offices(); err != nil {
		problems = append(problems, err)
	}
	if c.VisitorTerminalCredentialTTL <= 0 {
		problems = append(problems, fmt.Errorf("VISITOR_TERMINAL_CREDENTIAL_TTL must be positive"))
	}
	if c.VisitorTerminalSessionIdle <= 0 || c.VisitorTerminalSessionIdle > sessionIdle {
		problems = append(problems, fmt.Errorf("VISITOR_TERMINAL_SESSION_IDLE_TIMEOUT must be positive and at most SESSION_IDLE_TIMEOUT"))
	}
	return problems
}
