package app

import (
	"context"
)

// RecordPrimaryAccount keeps the establishment's primary login account (identity's
// AccountOpened, AccountRestored).
func (a *App) RecordPrimaryAccount(ctx context.Context, acc PrimaryAccount) error {
	return a.accounts.Upsert(ctx, acc, a.clk.Now())
}

// RecordLoginEmail follows a changed login e-mail (identity's LoginAccountChanged).
func (a *App) RecordLoginEmail(ctx context.Context, accountID, email string) error {
	return a.accounts.ChangeEmail(ctx, accountID, email, a.clk.Now())
}

// AdditionalAccountDeleted deletes the messages exchanged through the account and
// gives its threads to the primary account (ACC-2); a redelivery finds nothing more.
func (a *App) AdditionalAccountDeleted(ctx context.Context, establishmentID, accountID string) error {
	prim, _, err := a.accounts.Primary(ctx, establishmentID)
	if err != nil {
		return err
	}
	n, err := a.msgs.DeleteOfAccount(ctx, establishmentID, accountID, prim.AccountID)
	if err == nil && n > 0 {
		a.log.Info("messages of a deleted additional account deleted")
	}
	return err
}

// EstablishmentWithdrawn deletes every message of the establishment (ACC-3).
func (a *App) EstablishmentWithdrawn(ctx context.Context, establishmentID string) error {
	_, err := a.msgs.DeleteOfEstablishment(ctx, establishmentID)
	return err
}
