package app

import (
	"context"
	"time"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// StartRegistration is OPEN-1's first step: e-mail + consent to both policies → an auth
// key is mailed. The answer (the key's expiry) is the same for an address that already
// has an account, whose owner is mailed instead.
func (a *App) StartRegistration(ctx context.Context, m Meta, email, confirmation string, privacy, terms bool) (time.Time, error) {
	if err := credential.ValidateEmailPair(email, confirmation); err != nil {
		return time.Time{}, onField(err, "email_confirmation")
	}
	if !privacy || !terms {
		return time.Time{}, ErrConsentRequired
	}
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "register", m, key); err != nil {
		return time.Time{}, err
	}
	err := a.Store.InTx(ctx, func(tx Tx) error {
		existing, err := tx.AccountByEmailKey(ctx, key, false)
		if err != nil {
			return err
		}
		if existing != nil {
			if err := a.registrationAttempted(ctx, tx, existing); err != nil {
				return err
			}
			return a.audit(ctx, tx, account.AuditEntry{Action: "REGISTRATION_REQUESTED", Outcome: "EXISTING_ACCOUNT_NOTIFIED",
				SubjectAccountID: existing.ID, EstablishmentID: existing.EstablishmentID}, m)
		}
		return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposeRegistration, Email: email, EmailKey: key})
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return a.keyExpiry(), nil
}

// CompleteRegistration is OPEN-1's second step: auth key + password (twice) → a
// provisional account, which can only continue its provisional registration until the
// office accepts the establishment.
func (a *App) CompleteRegistration(ctx context.Context, m Meta, email, authKey, password, confirmation string) (*account.Account, error) {
	if err := credential.ValidateEmail(email); err != nil {
		return nil, onField(err, "email")
	}
	if err := credential.ValidatePasswordPair(password, confirmation, email); err != nil {
		return nil, onField(err, "password")
	}
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "register-complete", m, key); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, internal(err)
	}
	now := a.Clock.Now()
	acc := &account.Account{ID: newID(), Email: email, EmailKey: key, Role: account.RoleProvisional,
		Status: account.StatusActive, PasswordHash: hash, CreatedAt: now, Version: 1}
	err = a.inTxKeyed(ctx, func(tx Tx) error {
		k, err := tx.LiveAuthKey(ctx, account.PurposeRegistration, key)
		if err != nil {
			return err
		}
		if err := a.checkAuthKey(ctx, tx, k, authKey); err != nil {
			return err
		}
		if err := tx.InsertAccount(ctx, acc); err != nil {
			return err
		}
		ev, err := event(acc.ID, 1, now, &identityv1.AccountOpened{AccountId: acc.ID, Email: acc.Email,
			Role: identityv1.AccountRole_ACCOUNT_ROLE_PROVISIONAL})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "REGISTERED", Outcome: "SUCCESS", ActorAccountID: acc.ID,
			ActorRole: string(acc.Role), SubjectAccountID: acc.ID}, m)
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// CreationCode is what OPEN-3 adds to the e-mail.
type CreationCode struct {
	EstablishmentNumber string
	PhoneNumber         string
	Code                string
}

// RequestPasswordRegistration mails an auth key to register the password of a
// counter-registered login (OPEN-2) or, with a verified account creation code, of a new
// primary account of that establishment (OPEN-3).
func (a *App) RequestPasswordRegistration(ctx context.Context, m Meta, email, confirmation string, terms bool, code *CreationCode) (time.Time, error) {
	if err := credential.ValidateEmailPair(email, confirmation); err != nil {
		return time.Time{}, onField(err, "email_confirmation")
	}
	if !terms {
		return time.Time{}, ErrConsentRequired.WithRule("OPEN-2")
	}
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "password-registration", m, key); err != nil {
		return time.Time{}, err
	}
	var estID, office string
	if code != nil {
		var err error
		// OPEN-3: employer-registration owns the codes and their 10-mistake counter.
		estID, office, err = a.Codes.VerifyAccountCreationCode(ctx, code.EstablishmentNumber, code.PhoneNumber, code.Code)
		if err != nil {
			return time.Time{}, err
		}
	}
	err := a.Store.InTx(ctx, func(tx Tx) error {
		existing, err := tx.AccountByEmailKey(ctx, key, false)
		if err != nil {
			return err
		}
		if code != nil {
			if existing != nil {
				if existing.Status == account.StatusPendingPassword && existing.EstablishmentID == estID {
					// The office registered this very address at the counter (OPEN-2) and
					// the employer used the creation code instead: the code proves the
					// same thing, so the waiting login gets its key as in OPEN-2.
					return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposePasswordRegistration,
						Email: existing.Email, EmailKey: key, AccountID: existing.ID})
				}
				return a.registrationAttempted(ctx, tx, existing)
			}
			primary, err := tx.PrimaryByEstablishment(ctx, estID, false)
			if err != nil {
				return err
			}
			if primary != nil {
				return account.ErrEstablishmentOpened
			}
			return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposePasswordRegistration, Email: email,
				EmailKey: key, EstablishmentID: estID, EstablishmentNumber: code.EstablishmentNumber, OfficeCode: office})
		}
		switch {
		case existing == nil:
			// OPEN-2: unknown address, same answer, and as slow: the request is
			// recorded and the commit costs what a mailed key's does
			// (TestAuth_NoUserEnumeration).
			if err := tx.AppendDecoy(ctx); err != nil {
				return err
			}
			return a.audit(ctx, tx, account.AuditEntry{Action: "PASSWORD_REGISTRATION_REQUESTED", Outcome: "NO_ACCOUNT"}, m)
		case existing.Status == account.StatusPendingPassword:
			return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposePasswordRegistration,
				Email: existing.Email, EmailKey: key, AccountID: existing.ID})
		default:
			return a.registrationAttempted(ctx, tx, existing)
		}
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return a.keyExpiry(), nil
}

// CompletePasswordRegistration is the password step of OPEN-2 and OPEN-3: the MyPage
// opens with a primary account.
func (a *App) CompletePasswordRegistration(ctx context.Context, m Meta, email, authKey, password, confirmation string) (*account.Account, error) {
	if err := credential.ValidateEmail(email); err != nil {
		return nil, onField(err, "email")
	}
	if err := credential.ValidatePasswordPair(password, confirmation, email); err != nil {
		return nil, onField(err, "password")
	}
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "password-registration-complete", m, key); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, internal(err)
	}
	now := a.Clock.Now()
	var acc *account.Account
	err = a.inTxKeyed(ctx, func(tx Tx) error {
		k, err := tx.LiveAuthKey(ctx, account.PurposePasswordRegistration, key)
		if err != nil {
			return err
		}
		if err := a.checkAuthKey(ctx, tx, k, authKey); err != nil {
			return err
		}
		version := int64(1)
		if k.AccountID != "" { // OPEN-2
			acc, err = tx.AccountByID(ctx, k.AccountID, true)
			if err != nil {
				return err
			}
			if acc == nil || acc.Status != account.StatusPendingPassword {
				return ErrAuthKeyInvalid
			}
			if version, err = tx.SetPassword(ctx, acc.ID, hash, now); err != nil {
				return err
			}
			acc.Status = account.StatusActive
		} else { // OPEN-3
			acc = &account.Account{ID: newID(), Email: email, EmailKey: key, Role: account.RolePrimary,
				Status: account.StatusActive, EstablishmentID: k.EstablishmentID, EstablishmentNumber: k.EstablishmentNumber,
				OfficeCode: k.OfficeCode, PasswordHash: hash, CreatedAt: now}
			if err := tx.InsertAccount(ctx, acc); err != nil {
				return err
			}
		}
		// LOGIN-3: a re-registration asks for the one-time password again everywhere.
		if err := tx.RevokeDevices(ctx, acc.ID, now); err != nil {
			return err
		}
		ev, err := event(acc.ID, version, now, &identityv1.AccountOpened{AccountId: acc.ID, Email: acc.Email,
			EstablishmentId: acc.EstablishmentID, Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "PASSWORD_REGISTERED", Outcome: "SUCCESS", ActorAccountID: acc.ID,
			ActorRole: string(acc.Role), SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}
