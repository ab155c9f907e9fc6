package app

import (
	"context"
	"encoding/hex"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// MailBudget bounds the mails that carry a key or tell of an attempt, per recipient
// address, whoever asks and from wherever (M3: no mail bombing). Over budget the step
// answers exactly as if it had mailed (the same expiry, the same cost at commit), so
// the answer tells nothing; the key mailed before stays valid.
type MailBudget struct {
	// Cooldown: at most one mail of the same step (a key's purpose, or the attempt
	// notice) per recipient in each window of this length.
	Cooldown time.Duration
	// HourlyCap: at most this many of all these mails per recipient in each clock hour.
	HourlyCap int
}

// spendMail counts one mail of step what to the address of emailKey in ctx's
// transaction and reports whether it may be sent. The hourly count only grows by mails
// that passed the cooldown. A step that mails nothing because the address has no
// account spends the budget all the same, so that both cost the same statements (no
// enumeration by timing); a refused mail is replaced by a decoy by the caller.
func (a *App) spendMail(ctx context.Context, emailKey, what string) (bool, error) {
	b := a.Rules.Mail
	if b.Cooldown <= 0 && b.HourlyCap <= 0 {
		return true, nil
	}
	bucket := "mail:" + hex.EncodeToString(a.Keyed.Hash(credential.KindRate, "mail:"+emailKey)[:16])
	now := a.Clock.Now().UTC()
	if b.Cooldown > 0 {
		hits, err := a.RateLimits.Hit(ctx, now.Truncate(b.Cooldown), bucket+":cooldown:"+what)
		if err != nil {
			return false, err
		}
		if hits[0] > 1 {
			return a.mailRefused(what, "cooldown"), nil
		}
	}
	if b.HourlyCap > 0 {
		hits, err := a.RateLimits.Hit(ctx, now.Truncate(time.Hour), bucket+":hour")
		if err != nil {
			return false, err
		}
		if hits[0] > b.HourlyCap {
			return a.mailRefused(what, "hourly_cap"), nil
		}
	}
	return true, nil
}

// mailRefused logs a mail not sent (without the address) as a security signal.
func (a *App) mailRefused(what, cause string) bool {
	a.Log.Info("mail not sent: the recipient's mail budget is spent", zap.String("mail", what), zap.String("cause", cause))
	return false
}

// budgetedMail runs send when the recipient's budget allows; otherwise it appends a
// decoy, which costs at commit what send's event does.
func (a *App) budgetedMail(ctx context.Context, emailKey, what string, send func() error) error {
	ok, err := a.spendMail(ctx, emailKey, what)
	if err != nil {
		return err
	}
	if !ok {
		return a.Decoys.AppendDecoy(ctx)
	}
	return send()
}
