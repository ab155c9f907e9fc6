package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// ChangeResult says what ChangeLoginAccount did.
type ChangeResult struct {
	PasswordChanged    bool
	EmailChangePending bool
	KeyExpiresAt       time.Time
}

// ChangeLoginAccount is ACC-1: with the current password (counted toward the lock),
// the password changes at once; a new e-mail gets an auth key to confirm. Both revoke
// the one-time-password skip on every device and end the other sessions.
func (a *App) ChangeLoginAccount(ctx context.Context, m Meta, p authn.Principal, current, newEmail, newEmailConf, newPassword, newPasswordConf string) (*ChangeResult, error) {
	if err := account.CanChangeOwnLoginAccount(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if newEmail == "" && newPassword == "" {
		return nil, ErrNothingToChange
	}
	if newEmail != "" {
		if err := credential.ValidateEmailPair(newEmail, newEmailConf); err != nil {
			return nil, onField(err, "new_email")
		}
	}
	if err := a.rateLimit(ctx, "change-login", m, p.AccountID); err != nil {
		return nil, err
	}
	acc, err := a.verifyPassword(ctx, m, p.AccountID, true, []account.Status{account.StatusActive}, current, "CHANGE_LOGIN_ACCOUNT")
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, onField(ErrCurrentPasswordIncorrect, "current_password")
	}
	res := &ChangeResult{}
	if newPassword != "" {
		login := acc.Email
		if newEmail != "" {
			login = newEmail
		}
		if err := credential.ValidatePasswordPair(newPassword, newPasswordConf, login); err != nil {
			return nil, onField(err, "new_password")
		}
		hash, err := a.Hasher.Hash(ctx, newPassword)
		if err != nil {
			return nil, internal(err)
		}
		if err := a.Store.InTx(ctx, func(tx Tx) error {
			return a.passwordChanged(ctx, tx, m, acc, hash, p.SessionID, "PASSWORD_CHANGED")
		}); err != nil {
			return nil, internal(err)
		}
		res.PasswordChanged = true
	}
	if newEmail != "" {
		key := credential.EmailKey(newEmail)
		err := a.Store.InTx(ctx, func(tx Tx) error {
			other, err := tx.AccountByEmailKey(ctx, key, false)
			if err != nil {
				return err
			}
			if other != nil {
				// Same answer as a free address; the address's owner is told instead.
				return a.registrationAttempted(ctx, tx, other)
			}
			return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposeEmailChange, Email: newEmail,
				EmailKey: key, AccountID: acc.ID})
		})
		if err != nil {
			return nil, internal(err)
		}
		res.EmailChangePending, res.KeyExpiresAt = true, a.keyExpiry()
	}
	return res, nil
}

// ConfirmLoginEmailChange completes ACC-1's e-mail change with the key mailed to the
// new address.
func (a *App) ConfirmLoginEmailChange(ctx context.Context, m Meta, p authn.Principal, authKey string) (*account.Account, error) {
	if err := account.CanChangeOwnLoginAccount(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if err := a.rateLimit(ctx, "change-email-confirm", m, p.AccountID); err != nil {
		return nil, err
	}
	var acc *account.Account
	err := a.inTxKeyed(ctx, func(tx Tx) error {
		k, err := tx.LiveAuthKeyOfAccount(ctx, account.PurposeEmailChange, p.AccountID)
		if err != nil {
			return err
		}
		if err := a.checkAuthKey(ctx, tx, k, authKey); err != nil {
			return err
		}
		if acc, err = tx.AccountByID(ctx, p.AccountID, true); err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			return ErrAuthKeyInvalid
		}
		now := a.Clock.Now()
		old := acc.Email
		v, err := tx.SetEmail(ctx, acc.ID, k.Email, k.EmailKey, now)
		if err != nil {
			return err
		}
		acc.Email, acc.EmailKey = k.Email, k.EmailKey
		if err := a.revokeAll(ctx, tx, acc.ID, p.SessionID); err != nil {
			return err
		}
		ev, err := event(acc.ID, v, now, &identityv1.LoginAccountChanged{AccountId: acc.ID, OldEmail: old, NewEmail: acc.Email})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "LOGIN_EMAIL_CHANGED", Outcome: "SUCCESS", ActorAccountID: acc.ID,
			ActorRole: string(acc.Role), SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// ListAccounts lists the primary and additional accounts of the caller's establishment
// (ACC-2); only its own establishment's, whatever the request.
func (a *App) ListAccounts(ctx context.Context, p authn.Principal) ([]account.Account, error) {
	if !p.Role.IsEmployer() || p.EstablishmentID == "" {
		return nil, account.ErrNotEmployer
	}
	var out []account.Account
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.AccountsOfEstablishment(ctx, p.EstablishmentID)
		return err
	})
	return out, internal(err)
}

// AddAdditionalAccount is ACC-2: the primary account adds an account (at most 10). The
// primary row is locked first so parallel additions cannot pass the limit.
func (a *App) AddAdditionalAccount(ctx context.Context, m Meta, p authn.Principal, email, emailConf, password, passwordConf string) (*account.Account, error) {
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if err := credential.ValidateEmailPair(email, emailConf); err != nil {
		return nil, onField(err, "email")
	}
	if err := credential.ValidatePasswordPair(password, passwordConf, email); err != nil {
		return nil, onField(err, "password")
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, internal(err)
	}
	now := a.Clock.Now()
	acc := &account.Account{ID: newID(), Email: email, EmailKey: credential.EmailKey(email), Role: account.RoleAdditional,
		Status: account.StatusActive, EstablishmentID: p.EstablishmentID, PasswordHash: hash, CreatedAt: now}
	err = a.Store.InTx(ctx, func(tx Tx) error {
		primary, err := tx.PrimaryByEstablishment(ctx, p.EstablishmentID, true)
		if err != nil {
			return err
		}
		if primary == nil || primary.ID != p.AccountID || primary.Status != account.StatusActive {
			return account.ErrAdditionalCannotManage
		}
		n, err := tx.CountAdditional(ctx, p.EstablishmentID)
		if err != nil {
			return err
		}
		if n >= account.MaxAdditionalAccounts {
			return account.ErrTooManyAdditional
		}
		acc.OfficeCode, acc.EstablishmentNumber = "", ""
		if err := tx.InsertAccount(ctx, acc); err != nil {
			return err
		}
		ev, err := event(acc.ID, 1, now, &identityv1.AdditionalAccountAdded{EstablishmentId: p.EstablishmentID,
			AccountId: acc.ID, Email: acc.Email, PrimaryEmail: primary.Email})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "ADDITIONAL_ACCOUNT_ADDED", Outcome: "SUCCESS", ActorAccountID: p.AccountID,
			ActorRole: string(p.Role), SubjectAccountID: acc.ID, EstablishmentID: p.EstablishmentID}, m)
	})
	if err != nil {
		return nil, internal(err)
	}
	return acc, nil
}

// DeleteAdditionalAccount is ACC-2: the primary account deletes an additional account
// of its establishment; its sessions and devices go with it, and applicant-selection
// deletes its messages on AdditionalAccountDeleted.
func (a *App) DeleteAdditionalAccount(ctx context.Context, m Meta, p authn.Principal, accountID string) error {
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return err
	}
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		target, err := tx.AccountByID(ctx, accountID, true)
		if err != nil {
			return err
		}
		// Another establishment's account answers exactly like a missing one.
		if target == nil || target.Role != account.RoleAdditional || target.EstablishmentID != p.EstablishmentID {
			return ErrNotFound
		}
		primary, err := tx.PrimaryByEstablishment(ctx, p.EstablishmentID, false)
		if err != nil {
			return err
		}
		if primary == nil || primary.ID != p.AccountID {
			return account.ErrAdditionalCannotManage
		}
		if err := tx.DeleteAccount(ctx, target.ID); err != nil {
			return err
		}
		ev, err := event(target.ID, target.Version+1, a.Clock.Now(), &identityv1.AdditionalAccountDeleted{
			EstablishmentId: p.EstablishmentID, AccountId: target.ID, Email: target.Email, PrimaryEmail: primary.Email})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "ADDITIONAL_ACCOUNT_DELETED", Outcome: "SUCCESS", ActorAccountID: p.AccountID,
			ActorRole: string(p.Role), SubjectAccountID: target.ID, EstablishmentID: p.EstablishmentID}, m)
	}))
}

// Withdraw is ACC-3: with the current password, and only when applicant-selection
// confirms no online self-application lacks a selection result (fail closed when it
// cannot answer). The primary account becomes withdrawn (restorable for 30 days,
// ACC-4); additional accounts are deleted; every session and device is revoked.
func (a *App) Withdraw(ctx context.Context, m Meta, p authn.Principal, current string) (time.Time, error) {
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return time.Time{}, err
	}
	if err := a.rateLimit(ctx, "withdraw", m, p.AccountID); err != nil {
		return time.Time{}, err
	}
	acc, err := a.verifyPassword(ctx, m, p.AccountID, true, []account.Status{account.StatusActive}, current, "WITHDRAW")
	if err != nil {
		return time.Time{}, err
	}
	if acc == nil {
		return time.Time{}, onField(ErrCurrentPasswordIncorrect, "current_password")
	}
	if a.SelfApps == nil {
		return time.Time{}, ErrWithdrawalCheckUnavailable
	}
	n, err := a.SelfApps.CountPendingSelfApplications(ctx, acc.EstablishmentID)
	if err != nil {
		a.Log.Warn("withdrawal check failed; refusing (fail closed)", zapErr(err))
		return time.Time{}, ErrWithdrawalCheckUnavailable.Wrap(err)
	}
	if n > 0 {
		return time.Time{}, ErrPendingSelfApplications.WithMeta("pending_self_applications", itoa(n))
	}
	now := a.Clock.Now()
	until := account.RestorableUntil(now)
	err = a.Store.InTx(ctx, func(tx Tx) error {
		accounts, err := tx.AccountsOfEstablishment(ctx, acc.EstablishmentID)
		if err != nil {
			return err
		}
		ids := []string{}
		for _, x := range accounts {
			ids = append(ids, x.ID)
			if x.ID == acc.ID {
				continue
			}
			if err := tx.DeleteAccount(ctx, x.ID); err != nil {
				return err
			}
		}
		v, err := tx.Withdraw(ctx, acc.ID, now)
		if err != nil {
			return err
		}
		if err := a.revokeAll(ctx, tx, acc.ID, ""); err != nil {
			return err
		}
		if err := tx.VoidAccountKeys(ctx, acc.ID, now); err != nil {
			return err
		}
		ev, err := event(acc.EstablishmentID, v, now, &identityv1.AccountWithdrawn{EstablishmentId: acc.EstablishmentID,
			AccountIds: ids, Email: acc.Email, RestorableUntil: timestamppb.New(until.Add(-time.Second))})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "WITHDRAWN", Outcome: "SUCCESS", ActorAccountID: acc.ID,
			ActorRole: string(acc.Role), SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return until.Add(-time.Second), nil
}
