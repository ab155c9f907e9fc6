package app

import (
	"context"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// EstablishmentAccepted opens the provisional OPEN-1 account ownerAccountID as the
// primary account of the accepted establishment. It runs in the consumer's
// transaction (inbox-deduplicated); a replay finds the account already primary and
// changes nothing.
func (a *App) EstablishmentAccepted(ctx context.Context, tx Tx, ownerAccountID, establishmentID, number, office string) error {
	now := a.Clock.Now()
	acc, err := tx.AccountByID(ctx, ownerAccountID, true)
	if err != nil || acc == nil {
		if acc == nil && err == nil {
			a.Log.Warn("EstablishmentAccepted for an unknown account; ignored", zapStr("account_id", ownerAccountID))
		}
		return err
	}
	if acc.Role != account.RoleProvisional {
		return nil // already opened (replay) or not an OPEN-1 account
	}
	v, err := tx.OpenPrimary(ctx, acc.ID, establishmentID, number, office, now)
	if err != nil {
		return err
	}
	ev, err := event(acc.ID, v, now, &identityv1.AccountOpened{AccountId: acc.ID, EstablishmentId: establishmentID,
		Email: acc.Email, Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY})
	if err != nil {
		return err
	}
	if err := tx.Append(ctx, ev); err != nil {
		return err
	}
	return a.audit(ctx, tx, account.AuditEntry{Action: "OPENED", Outcome: "SUCCESS", ActorRole: "service",
		SubjectAccountID: acc.ID, EstablishmentID: establishmentID, OfficeCode: office}, Meta{})
}

// LoginEmailRegistered records an e-mail registered at the counter as the primary login
// of the establishment, awaiting its password (OPEN-2). An address that already has an
// account, or an establishment that already has a primary account, is left alone.
func (a *App) LoginEmailRegistered(ctx context.Context, tx Tx, establishmentID, number, email, office string) error {
	if err := credential.ValidateEmail(email); err != nil {
		a.Log.Warn("LoginEmailRegistered with an invalid e-mail; ignored", zapStr("establishment_id", establishmentID))
		return nil
	}
	key := credential.EmailKey(email)
	existing, err := tx.AccountByEmailKey(ctx, key, false)
	if err != nil || existing != nil {
		return err
	}
	primary, err := tx.PrimaryByEstablishment(ctx, establishmentID, false)
	if err != nil || primary != nil {
		return err
	}
	acc := &account.Account{ID: newID(), Email: email, EmailKey: key, Role: account.RolePrimary,
		Status: account.StatusPendingPassword, EstablishmentID: establishmentID, EstablishmentNumber: number,
		OfficeCode: office, CreatedAt: a.Clock.Now()}
	if err := tx.InsertAccount(ctx, acc); err != nil {
		return err
	}
	return a.audit(ctx, tx, account.AuditEntry{Action: "LOGIN_EMAIL_REGISTERED", Outcome: "SUCCESS", ActorRole: "service",
		SubjectAccountID: acc.ID, EstablishmentID: establishmentID, OfficeCode: office}, Meta{})
}
