package app

import (
	"context"
	"errors"
	"strconv"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// SelfApplications answers ACC-3's question (applicant-selection).
type SelfApplications interface {
	// CountPendingSelfApplications counts online self-applications without a selection
	// result; any failure to ask must be returned as an error (fail closed).
	CountPendingSelfApplications(ctx context.Context, establishmentID string) (int, error)
}

// AdditionalAccounts counts an establishment's additional accounts (ACC-2's limit).
type AdditionalAccounts interface {
	CountAdditional(ctx context.Context, establishmentID string) (int, error)
}

// ChangeLoginAccount is ACC-1's settings step.
type ChangeLoginAccount struct {
	Meta                    Meta
	By                      authn.Principal
	CurrentPassword         string
	NewEmail                string
	NewEmailConfirmation    string
	NewPassword             string
	NewPasswordConfirmation string
}

// ChangeResult says what ChangeLoginAccount did.
type ChangeResult struct {
	PasswordChanged    bool
	EmailChangePending bool
	KeyExpiresAt       time.Time
}

// ChangeLoginAccount is ACC-1: with the current password (counted toward the lock),
// the password changes at once; a new e-mail gets an auth key to confirm. Both revoke
// the one-time-password skip on every device and end the other sessions.
func (a *App) ChangeLoginAccount(ctx context.Context, cmd ChangeLoginAccount) (*ChangeResult, error) {
	p := cmd.By
	if err := account.CanChangeOwnLoginAccount(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if cmd.NewEmail == "" && cmd.NewPassword == "" {
		return nil, ErrNothingToChange
	}
	if cmd.NewEmail != "" {
		if _, err := credential.EmailPair(cmd.NewEmail, cmd.NewEmailConfirmation); err != nil {
			return nil, emailPairError(err, "new_email", "new_email_confirmation")
		}
	}
	acc, err := a.checkPassword(ctx, passwordCheck{op: "change-login", meta: cmd.Meta, id: p.AccountID,
		allowed: []account.Status{account.StatusActive}, password: cmd.CurrentPassword, action: "login_account.change",
		answer: ErrCurrentPasswordIncorrect}, nil)
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, onField(ErrCurrentPasswordIncorrect, "current_password")
	}
	res := &ChangeResult{}
	if cmd.NewPassword != "" {
		login := acc.Email
		if cmd.NewEmail != "" {
			login = cmd.NewEmail
		}
		if err := credential.ValidatePasswordPair(cmd.NewPassword, cmd.NewPasswordConfirmation, login); err != nil {
			return nil, onField(err, "new_password")
		}
		hash, err := a.Hasher.Hash(ctx, cmd.NewPassword)
		if err != nil {
			return nil, internal(err)
		}
		if err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			return a.changePassword(ctx, cmd.Meta, acc.ID, hash, p.SessionID, "password.change")
		}); err != nil {
			return nil, internal(err)
		}
		res.PasswordChanged = true
	}
	if cmd.NewEmail != "" {
		key := email.Key(cmd.NewEmail)
		err := a.Tx.InTx(ctx, func(ctx context.Context) error {
			other, err := a.Accounts.ByEmailKey(ctx, key)
			if err != nil {
				return err
			}
			if other != nil {
				// Same answer as a free address; the address's owner is told instead.
				return a.registrationAttempted(ctx, other)
			}
			return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposeEmailChange, Email: cmd.NewEmail,
				EmailKey: key, AccountID: acc.ID})
		})
		if err != nil {
			return nil, internal(err)
		}
		res.EmailChangePending, res.KeyExpiresAt = true, a.keyExpiry()
	}
	return res, nil
}

// ConfirmLoginEmailChange completes ACC-1's e-mail change.
type ConfirmLoginEmailChange struct {
	Meta    Meta
	By      authn.Principal
	AuthKey string
}

// ConfirmLoginEmailChange completes ACC-1's e-mail change with the key mailed to the
// new address.
func (a *App) ConfirmLoginEmailChange(ctx context.Context, cmd ConfirmLoginEmailChange) (*account.Account, error) {
	p := cmd.By
	if err := account.CanChangeOwnLoginAccount(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if err := a.rateLimit(ctx, "change-email-confirm", cmd.Meta, p.AccountID); err != nil {
		return nil, err
	}
	var acc *account.Account
	load := func(ctx context.Context, fn func(*account.AuthKey) error) error {
		return a.AuthKeys.UpdateLiveOfAccount(ctx, account.PurposeEmailChange, p.AccountID, fn)
	}
	err := a.withAuthKey(ctx, load, cmd.AuthKey, func(ctx context.Context, k *account.AuthKey) error {
		var old string
		err := a.Accounts.Update(ctx, p.AccountID, func(x *account.Account) error {
			if x.Status != account.StatusActive {
				return account.ErrAuthKeyInvalid
			}
			old = x.Email
			x.ChangeEmail(k.Email, k.EmailKey)
			acc = x
			return nil
		})
		if errors.Is(err, account.ErrNotFound) {
			return account.ErrAuthKeyInvalid
		}
		if err != nil {
			return err
		}
		if err := a.revokeAll(ctx, acc.ID, p.SessionID); err != nil {
			return err
		}
		if err := a.emit(ctx, acc.ID, acc.Version, &identityv1.LoginAccountChanged{AccountId: acc.ID, OldEmail: old, NewEmail: acc.Email}); err != nil {
			return err
		}
		return a.audit(ctx, ownEntry("login_email.change", acc), cmd.Meta)
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// ListAccounts lists the login accounts of the caller's establishment.
type ListAccounts struct{ By authn.Principal }

// ListAccounts lists the primary and additional accounts of the caller's establishment
// (ACC-2); only its own establishment's, whatever the request.
func (a *App) ListAccounts(ctx context.Context, q ListAccounts) ([]account.Account, error) {
	if !q.By.Role.IsEmployer() || q.By.EstablishmentID == "" {
		return nil, account.ErrNotEmployer
	}
	out, err := a.Accounts.OfEstablishment(ctx, q.By.EstablishmentID)
	return out, internal(err)
}

// AddAdditionalAccount is ACC-2's addition.
type AddAdditionalAccount struct {
	Meta                 Meta
	By                   authn.Principal
	Email                string
	EmailConfirmation    string
	Password             string
	PasswordConfirmation string
}

// AddAdditionalAccount is ACC-2: the primary account adds an account (at most 10). The
// primary row is locked first so parallel additions cannot pass the limit.
func (a *App) AddAdditionalAccount(ctx context.Context, cmd AddAdditionalAccount) (*account.Account, error) {
	p := cmd.By
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return nil, err
	}
	if _, err := credential.EmailPair(cmd.Email, cmd.EmailConfirmation); err != nil {
		return nil, emailPairError(err, "email", "email_confirmation")
	}
	if err := credential.ValidatePasswordPair(cmd.Password, cmd.PasswordConfirmation, cmd.Email); err != nil {
		return nil, onField(err, "password")
	}
	// Rate-limited and checked against ACC-2's cap before the costly hash (M3): a
	// primary account at its limit cannot make identity hash passwords for nothing.
	// The cap is checked again below, under the primary's row lock.
	if err := a.rateLimit(ctx, "add-account", cmd.Meta, p.AccountID); err != nil {
		return nil, err
	}
	if n, err := a.Additional.CountAdditional(ctx, p.EstablishmentID); err != nil {
		return nil, internal(err)
	} else if n >= account.MaxAdditionalAccounts {
		return nil, account.ErrTooManyAdditional
	}
	hash, err := a.Hasher.Hash(ctx, cmd.Password)
	if err != nil {
		return nil, internal(err)
	}
	// The account awaits the key mailed to its address (M3: nobody is signed up for an
	// address they do not hold); the password the primary set is its initial one.
	acc := &account.Account{ID: newID(), Email: cmd.Email, EmailKey: email.Key(cmd.Email), Role: account.RoleAdditional,
		Status: account.StatusPendingPassword, EstablishmentID: p.EstablishmentID, PasswordHash: hash, CreatedAt: a.Clock.Now(), Version: 1}
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		var primary account.Account
		err := a.Accounts.UpdatePrimaryOf(ctx, p.EstablishmentID, func(x *account.Account) error { primary = *x; return nil })
		if errors.Is(err, account.ErrNotFound) || err == nil && (primary.ID != p.AccountID || primary.Status != account.StatusActive) {
			return account.ErrAdditionalCannotManage
		}
		if err != nil {
			return err
		}
		n, err := a.Additional.CountAdditional(ctx, p.EstablishmentID)
		if err != nil {
			return err
		}
		if n >= account.MaxAdditionalAccounts {
			return account.ErrTooManyAdditional
		}
		if err := a.Accounts.Insert(ctx, acc); err != nil {
			return err
		}
		if err := a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposePasswordRegistration, Email: acc.Email,
			EmailKey: acc.EmailKey, AccountID: acc.ID}); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "additional_account.add", Actor: audit.ActorFrom(p),
			SubjectID: acc.ID, EstablishmentID: p.EstablishmentID, Detail: map[string]string{"status": "awaiting_key"}}, cmd.Meta)
	})
	if err != nil {
		return nil, internal(err)
	}
	return acc, nil
}

// DeleteAdditionalAccount is ACC-2's deletion.
type DeleteAdditionalAccount struct {
	Meta      Meta
	By        authn.Principal
	AccountID string
}

// DeleteAdditionalAccount is ACC-2: the primary account deletes an additional account
// of its establishment; its sessions and devices go with it, and applicant-selection
// deletes its messages on AdditionalAccountDeleted.
func (a *App) DeleteAdditionalAccount(ctx context.Context, cmd DeleteAdditionalAccount) error {
	p := cmd.By
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return err
	}
	return internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
		var target account.Account
		err := a.Accounts.Update(ctx, cmd.AccountID, func(x *account.Account) error { target = *x; return nil })
		if errors.Is(err, account.ErrNotFound) || err == nil && target.Role != account.RoleAdditional {
			return account.ErrNotFound
		}
		if err != nil {
			return err
		}
		// Another establishment's account answers exactly like a missing one.
		if err := authn.RequireEstablishment(p, target.EstablishmentID); err != nil {
			return err
		}
		primary, err := a.Accounts.PrimaryOf(ctx, p.EstablishmentID)
		if err != nil {
			return err
		}
		if primary == nil || primary.ID != p.AccountID {
			return account.ErrAdditionalCannotManage
		}
		if err := a.Accounts.Delete(ctx, target.ID); err != nil {
			return err
		}
		if target.Status == account.StatusPendingPassword {
			// Never confirmed: no mail to an address that may not be its holder's (M3).
			return a.audit(ctx, audit.Entry{Action: "additional_account.delete", Actor: audit.ActorFrom(p),
				SubjectID: target.ID, EstablishmentID: p.EstablishmentID, Detail: map[string]string{"status": "awaiting_key"}}, cmd.Meta)
		}
		if err := a.emit(ctx, target.ID, target.Version+1, &identityv1.AdditionalAccountDeleted{
			EstablishmentId: p.EstablishmentID, AccountId: target.ID, Email: target.Email, PrimaryEmail: primary.Email}); err != nil {
			return err
		}
		return a.audit(ctx, audit.Entry{Action: "additional_account.delete", Actor: audit.ActorFrom(p),
			SubjectID: target.ID, EstablishmentID: p.EstablishmentID}, cmd.Meta)
	}))
}

// Withdraw is ACC-3's withdrawal.
type Withdraw struct {
	Meta            Meta
	By              authn.Principal
	CurrentPassword string
}

// Withdraw is ACC-3: with the current password, and only when applicant-selection
// confirms no online self-application lacks a selection result (fail closed when it
// cannot answer). The primary account becomes withdrawn (restorable for 30 days,
// ACC-4); additional accounts are deleted; every session and device is revoked.
func (a *App) Withdraw(ctx context.Context, cmd Withdraw) (time.Time, error) {
	p := cmd.By
	if err := account.CanManageAccounts(account.Role(p.Role)); err != nil {
		return time.Time{}, err
	}
	acc, err := a.checkPassword(ctx, passwordCheck{op: "withdraw", meta: cmd.Meta, id: p.AccountID,
		allowed: []account.Status{account.StatusActive}, password: cmd.CurrentPassword, action: "account.withdraw",
		answer: ErrCurrentPasswordIncorrect}, nil)
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
		a.Log.Warn("withdrawal check failed; refusing (fail closed)", zap.Error(err))
		return time.Time{}, ErrWithdrawalCheckUnavailable.Wrap(err)
	}
	if n > 0 {
		return time.Time{}, ErrPendingSelfApplications.WithMeta("pending_self_applications", strconv.Itoa(n))
	}
	now := a.Clock.Now()
	until := account.RestorableUntil(now)
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		accounts, err := a.Accounts.OfEstablishment(ctx, acc.EstablishmentID)
		if err != nil {
			return err
		}
		ids := []string{}
		for _, x := range accounts {
			ids = append(ids, x.ID)
			if x.ID == acc.ID {
				continue
			}
			if err := a.Accounts.Delete(ctx, x.ID); err != nil {
				return err
			}
		}
		if err := a.Accounts.Update(ctx, acc.ID, func(x *account.Account) error { x.Withdraw(now); acc = x; return nil }); err != nil {
			return err
		}
		if err := a.revokeAll(ctx, acc.ID, ""); err != nil {
			return err
		}
		if err := a.AuthKeys.VoidOfAccount(ctx, acc.ID, now); err != nil {
			return err
		}
		if err := a.emit(ctx, acc.EstablishmentID, acc.Version, &identityv1.AccountWithdrawn{EstablishmentId: acc.EstablishmentID,
			AccountIds: ids, Email: acc.Email, RestorableUntil: timestamppb.New(until.Add(-time.Second))}); err != nil {
			return err
		}
		return a.audit(ctx, ownEntry("account.withdraw", acc), cmd.Meta)
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return until.Add(-time.Second), nil
}

// additionalAccountConfirmed announces an additional account whose address confirmed
// its key (ACC-2, M3): the primary account is told, the new account welcomed.
func (a *App) additionalAccountConfirmed(ctx context.Context, acc *account.Account) error {
	primary, err := a.Accounts.PrimaryOf(ctx, acc.EstablishmentID)
	if err != nil {
		return err
	}
	if primary == nil || primary.Status != account.StatusActive {
		return account.ErrAuthKeyInvalid // the establishment withdrew meanwhile
	}
	return a.emit(ctx, acc.ID, acc.Version, &identityv1.AdditionalAccountAdded{EstablishmentId: acc.EstablishmentID,
		AccountId: acc.ID, Email: acc.Email, PrimaryEmail: primary.Email})
}
