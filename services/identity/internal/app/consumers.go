package app

import (
	"context"
	"errors"
	"strconv"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// EstablishmentAccepted is employer-registration's acceptance of an OPEN-1 applicant.
type EstablishmentAccepted struct {
	OwnerAccountID      string
	EstablishmentID     string
	EstablishmentNumber string
	OfficeCode          string
	// Version is the establishment's version in the event (outbox aggregate version).
	Version int64
}

// EstablishmentAccepted opens the provisional OPEN-1 account of the owner as the
// primary account of the accepted establishment. It runs in the consumer's
// transaction carried by ctx (inbox-deduplicated); a replay finds the account already
// primary and changes nothing.
func (a *App) EstablishmentAccepted(ctx context.Context, cmd EstablishmentAccepted) error {
	var acc *account.Account
	err := a.Accounts.Update(ctx, cmd.OwnerAccountID, func(x *account.Account) error {
		if x.OpenAsPrimary(cmd.EstablishmentID, cmd.EstablishmentNumber, cmd.OfficeCode) {
			acc = x
		}
		return nil
	})
	if errors.Is(err, account.ErrNotFound) {
		a.Log.Warn("EstablishmentAccepted for an unknown account; ignored", zap.String("account_id", cmd.OwnerAccountID))
		return nil
	}
	if err != nil || acc == nil {
		return err // acc nil: already opened (replay) or not an OPEN-1 account
	}
	// After opening: a transfer consumed before this (late) acceptance keeps the newer
	// office on the account, which OpenAsPrimary just set from the event.
	if err := a.Offices.RecordEstablishmentOffice(ctx, cmd.EstablishmentID, cmd.OfficeCode, cmd.Version); err != nil {
		return err
	}
	if err := a.emit(ctx, acc.ID, acc.Version, &identityv1.AccountOpened{AccountId: acc.ID, EstablishmentId: cmd.EstablishmentID,
		Email: acc.Email, Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY}); err != nil {
		return err
	}
	return a.audit(ctx, audit.Entry{Action: "account.open", Actor: audit.Actor{ID: "employer-registration", Role: "service"},
		SubjectID: acc.ID, EstablishmentID: cmd.EstablishmentID, Detail: map[string]string{"office_code": cmd.OfficeCode}}, Meta{})
}

// LoginEmailRegistered is an e-mail the office registered at the counter (OPEN-2).
type LoginEmailRegistered struct {
	EstablishmentID     string
	EstablishmentNumber string
	Email               string
	OfficeCode          string
	// Version is the establishment's version in the event (outbox aggregate version).
	Version int64
}

// LoginEmailRegistered records an e-mail registered at the counter as the primary login
// of the establishment, awaiting its password (OPEN-2). An address that already has an
// account, or an establishment that already has a primary account, is left alone.
func (a *App) LoginEmailRegistered(ctx context.Context, cmd LoginEmailRegistered) error {
	if _, err := email.Parse(cmd.Email); err != nil {
		a.Log.Warn("LoginEmailRegistered with an invalid e-mail; ignored", zap.String("establishment_id", cmd.EstablishmentID))
		return nil
	}
	key := email.Key(cmd.Email)
	existing, err := a.Accounts.ByEmailKey(ctx, key)
	if err != nil || existing != nil {
		return err
	}
	primary, err := a.Accounts.PrimaryOf(ctx, cmd.EstablishmentID)
	if err != nil || primary != nil {
		return err
	}
	acc := &account.Account{ID: newID(), Email: cmd.Email, EmailKey: key, Role: account.RolePrimary,
		Status: account.StatusPendingPassword, EstablishmentID: cmd.EstablishmentID, EstablishmentNumber: cmd.EstablishmentNumber,
		OfficeCode: cmd.OfficeCode, CreatedAt: a.Clock.Now(), Version: 1}
	if err := a.Accounts.Insert(ctx, acc); err != nil {
		return err
	}
	if err := a.Offices.RecordEstablishmentOffice(ctx, cmd.EstablishmentID, cmd.OfficeCode, cmd.Version); err != nil {
		return err // a transfer seen before this (late) registration keeps the newer office
	}
	return a.audit(ctx, audit.Entry{Action: "primary_login.register", Actor: audit.Actor{ID: "employer-registration", Role: "service"},
		SubjectID: acc.ID, EstablishmentID: cmd.EstablishmentID, Detail: map[string]string{"office_code": cmd.OfficeCode}}, Meta{})
}

// EstablishmentOffices keeps the jurisdiction office of each establishment as
// employer-registration announces it, and moves the establishment's accounts with it:
// staff may look up a primary login ID and read an audit trail only for their office's
// establishments (LOGIN-5), so a transfer must reach identity (M1).
type EstablishmentOffices interface {
	// RecordEstablishmentOffice records officeCode for the establishment at version
	// unless a newer version is known, then puts the newest known office on its
	// accounts and pending auth keys; in ctx's transaction.
	RecordEstablishmentOffice(ctx context.Context, establishmentID, officeCode string, version int64) error
}

// EstablishmentTransferred is employer-registration's move of an establishment to
// another office (a staff transfer or an approved change of address).
type EstablishmentTransferred struct {
	EstablishmentID string
	FromOfficeCode  string
	OfficeCode      string
	// Version is the establishment's version in the event; a stale event is ignored.
	Version int64
}

// EstablishmentTransferred moves who may look up the establishment's primary login ID
// and read its audit trail to the new office (M1, LOGIN-5). It runs in the consumer's
// inbox transaction; a replay or a stale event leaves the newest office in place.
func (a *App) EstablishmentTransferred(ctx context.Context, cmd EstablishmentTransferred) error {
	if cmd.EstablishmentID == "" || cmd.OfficeCode == "" {
		a.Log.Warn("EstablishmentTransferred without establishment or office; ignored", zap.String("establishment_id", cmd.EstablishmentID))
		return nil
	}
	if err := a.Offices.RecordEstablishmentOffice(ctx, cmd.EstablishmentID, cmd.OfficeCode, cmd.Version); err != nil {
		return err
	}
	return a.audit(ctx, audit.Entry{Action: "establishment.transfer", Actor: audit.Actor{ID: "employer-registration", Role: "service"},
		EstablishmentID: cmd.EstablishmentID, Detail: map[string]string{"from": cmd.FromOfficeCode, "to": cmd.OfficeCode,
			"version": strconv.FormatInt(cmd.Version, 10)}}, Meta{})
}
