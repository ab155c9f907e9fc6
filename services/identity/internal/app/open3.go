package app

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// throttleEstablishmentNumber counts one OPEN-3 attempt naming number, from anyone,
// in its own transaction, and refuses beyond Rules.CodeAttemptsPerNumberPerMinute
// (L5). The 10 mistakes that invalidate a code (OPEN-3) are counted by
// employer-registration across all clients; this throttle slows whoever spends them,
// from however many addresses. The same answer for every number, known or not.
func (a *App) throttleEstablishmentNumber(ctx context.Context, number string) error {
	limit := a.Rules.CodeAttemptsPerNumberPerMinute
	if limit <= 0 {
		return nil
	}
	norm := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	if norm == "" {
		norm = number
	}
	bucket := "estno:open3:" + hex.EncodeToString(a.Keyed.Hash(credential.KindRate, "estno:"+norm)[:16])
	var hits []int
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		hits, err = a.RateLimits.Hit(ctx, a.Clock.Now().UTC().Truncate(time.Minute), bucket)
		return err
	})
	if err != nil {
		return internal(err)
	}
	if hits[0] > limit {
		return errs.ErrRateLimited
	}
	return nil
}

// CreationCodeEnded is employer-registration's word that the account creation codes of
// an establishment issued up to At no longer hold: one was reissued or invalidated.
type CreationCodeEnded struct {
	EstablishmentID string
	At              time.Time
	Why             string
}

// CreationCodeEnded voids the live OPEN-3 auth keys those codes verified (M3): a key
// must not outlive the code that earned it. It runs in the consumer's transaction
// (inbox-deduplicated); a replay voids nothing more.
func (a *App) CreationCodeEnded(ctx context.Context, cmd CreationCodeEnded) error {
	n, err := a.AuthKeys.VoidIssuedWithCode(ctx, cmd.EstablishmentID, cmd.At, a.Clock.Now())
	if err != nil || n == 0 {
		return err
	}
	return a.audit(ctx, audit.Entry{Action: "auth_key.void", Actor: audit.Actor{ID: "employer-registration", Role: "service"},
		EstablishmentID: cmd.EstablishmentID, Detail: map[string]string{"cause": "creation_code_" + cmd.Why,
			"voided": strconv.FormatInt(n, 10)}}, Meta{})
}
