package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// CreationCodes verifies OPEN-3 account creation codes (employer-registration).
type CreationCodes interface {
	// VerifyAccountCreationCode returns the establishment of a valid code; a wrong,
	// expired or invalidated code is ErrCreationCodeInvalid, an unreachable service
	// ErrCreationCodeUnavailable.
	VerifyAccountCreationCode(ctx context.Context, establishmentNumber, phone, code string) (establishmentID, officeCode string, err error)
}

// StartRegistration is OPEN-1's first step.
type StartRegistration struct {
	Meta                  Meta
	Email                 string
	EmailConfirmation     string
	AgreedToPrivacyPolicy bool
	AgreedToTerms         bool
}

// StartRegistration is OPEN-1's first step: e-mail + consent to both policies → an auth
// key is mailed. The answer (the key's expiry) is the same for an address that already
// has an account, whose owner is mailed instead.
func (a *App) StartRegistration(ctx context.Context, cmd StartRegistration) (time.Time, error) {
	if _, err := credential.EmailPair(cmd.Email, cmd.EmailConfirmation); err != nil {
		return time.Time{}, emailPairError(err, "email", "email_confirmation")
	}
	if !cmd.AgreedToPrivacyPolicy || !cmd.AgreedToTerms {
		return time.Time{}, ErrConsentRequired
	}
	key := email.Key(cmd.Email)
	var over error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if over, err = a.hitRate(ctx, "register", cmd.Meta, key); err != nil || over != nil {
			return err
		}
		existing, err := a.Accounts.ByEmailKey(ctx, key)
		if err != nil {
			return err
		}
		if existing != nil {
			if err := a.registrationAttempted(ctx, existing); err != nil {
				return err
			}
			e := subjectEntry("registration.start", existing)
			e.Detail = map[string]string{"result": "existing_account_notified"}
			return a.audit(ctx, e, cmd.Meta)
		}
		return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposeRegistration, Email: cmd.Email, EmailKey: key})
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	if over != nil {
		return time.Time{}, over
	}
	return a.keyExpiry(), nil
}

// CompleteRegistration is OPEN-1's second step.
type CompleteRegistration struct {
	Meta                 Meta
	Email                string
	AuthKey              string
	Password             string
	PasswordConfirmation string
}

// CompleteRegistration is OPEN-1's second step: auth key + password (twice) → a
// provisional account, which can only continue its provisional registration until the
// office accepts the establishment.
func (a *App) CompleteRegistration(ctx context.Context, cmd CompleteRegistration) (*account.Account, error) {
	if _, err := email.Parse(cmd.Email); err != nil {
		return nil, onField(err, "email")
	}
	if err := credential.ValidatePasswordPair(cmd.Password, cmd.PasswordConfirmation, cmd.Email); err != nil {
		return nil, onField(err, "password")
	}
	key := email.Key(cmd.Email)
	if err := a.rateLimit(ctx, "register-complete", cmd.Meta, key); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, cmd.Password)
	if err != nil {
		return nil, internal(err)
	}
	acc := &account.Account{ID: newID(), Email: cmd.Email, EmailKey: key, Role: account.RoleProvisional,
		Status: account.StatusActive, PasswordHash: hash, CreatedAt: a.Clock.Now(), Version: 1}
	err = a.withAuthKey(ctx, a.liveKey(account.PurposeRegistration, key), cmd.AuthKey, func(ctx context.Context, _ *account.AuthKey) error {
		if err := a.Accounts.Insert(ctx, acc); err != nil {
			return err
		}
		if err := a.emit(ctx, acc.ID, 1, &identityv1.AccountOpened{AccountId: acc.ID, Email: acc.Email,
			Role: identityv1.AccountRole_ACCOUNT_ROLE_PROVISIONAL}); err != nil {
			return err
		}
		return a.audit(ctx, ownEntry("registration.complete", acc), cmd.Meta)
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

// RequestPasswordRegistration is the first step of OPEN-2 and, with a creation code,
// OPEN-3.
type RequestPasswordRegistration struct {
	Meta              Meta
	Email             string
	EmailConfirmation string
	AgreedToTerms     bool
	CreationCode      *CreationCode
}

// RequestPasswordRegistration mails an auth key to register the password of a
// counter-registered login (OPEN-2) or, with a verified account creation code, of a new
// primary account of that establishment (OPEN-3).
func (a *App) RequestPasswordRegistration(ctx context.Context, cmd RequestPasswordRegistration) (time.Time, error) {
	if _, err := credential.EmailPair(cmd.Email, cmd.EmailConfirmation); err != nil {
		return time.Time{}, emailPairError(err, "email", "email_confirmation")
	}
	if !cmd.AgreedToTerms {
		return time.Time{}, ErrConsentRequired.WithRule("OPEN-2")
	}
	key := email.Key(cmd.Email)
	if err := a.rateLimit(ctx, "password-registration", cmd.Meta, key); err != nil {
		return time.Time{}, err
	}
	code := cmd.CreationCode
	var estID, office string
	if code != nil {
		if err := a.throttleEstablishmentNumber(ctx, code.EstablishmentNumber); err != nil {
			return time.Time{}, err
		}
		var err error
		// OPEN-3: employer-registration owns the codes and their 10-mistake counter.
		estID, office, err = a.Codes.VerifyAccountCreationCode(ctx, code.EstablishmentNumber, code.PhoneNumber, code.Code)
		if err != nil {
			return time.Time{}, err
		}
	}
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		existing, err := a.Accounts.ByEmailKey(ctx, key)
		if err != nil {
			return err
		}
		if code != nil {
			if existing != nil {
				if existing.Status == account.StatusPendingPassword && existing.EstablishmentID == estID {
					// The office registered this very address at the counter (OPEN-2) and
					// the employer used the creation code instead: the code proves the
					// same thing, so the waiting login gets its key as in OPEN-2.
					return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposePasswordRegistration,
						Email: existing.Email, EmailKey: key, AccountID: existing.ID})
				}
				return a.registrationAttempted(ctx, existing)
			}
			primary, err := a.Accounts.PrimaryOf(ctx, estID)
			if err != nil {
				return err
			}
			if primary != nil {
				return account.ErrEstablishmentOpened
			}
			return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposePasswordRegistration, Email: cmd.Email,
				EmailKey: key, EstablishmentID: estID, EstablishmentNumber: code.EstablishmentNumber, OfficeCode: office})
		}
		switch {
		case existing == nil:
			// OPEN-2: unknown address, same answer, and as slow: the request is
			// recorded and the commit costs what a mailed key's does
			// (TestAuth_NoUserEnumeration); it spends the address's mail budget like a
			// mailed key (M3).
			if _, err := a.spendMail(ctx, key, "auth_key."+string(account.PurposePasswordRegistration)); err != nil {
				return err
			}
			if err := a.Decoys.AppendDecoy(ctx); err != nil {
				return err
			}
			return a.audit(ctx, audit.Entry{Action: "password_registration.request",
				Detail: map[string]string{"result": "no_account"}}, cmd.Meta)
		case existing.Status == account.StatusPendingPassword:
			return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposePasswordRegistration,
				Email: existing.Email, EmailKey: key, AccountID: existing.ID})
		default:
			return a.registrationAttempted(ctx, existing)
		}
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return a.keyExpiry(), nil
}

// CompletePasswordRegistration is the password step of OPEN-2 and OPEN-3.
type CompletePasswordRegistration struct {
	Meta                 Meta
	Email                string
	AuthKey              string
	Password             string
	PasswordConfirmation string
}

// CompletePasswordRegistration is the password step of OPEN-2 and OPEN-3: the MyPage
// opens with a primary account.
func (a *App) CompletePasswordRegistration(ctx context.Context, cmd CompletePasswordRegistration) (*account.Account, error) {
	if _, err := email.Parse(cmd.Email); err != nil {
		return nil, onField(err, "email")
	}
	if err := credential.ValidatePasswordPair(cmd.Password, cmd.PasswordConfirmation, cmd.Email); err != nil {
		return nil, onField(err, "password")
	}
	key := email.Key(cmd.Email)
	if err := a.rateLimit(ctx, "password-registration-complete", cmd.Meta, key); err != nil {
		return nil, err
	}
	hash, err := a.Hasher.Hash(ctx, cmd.Password)
	if err != nil {
		return nil, internal(err)
	}
	now := a.Clock.Now()
	var acc *account.Account
	err = a.withAuthKey(ctx, a.liveKey(account.PurposePasswordRegistration, key), cmd.AuthKey, func(ctx context.Context, k *account.AuthKey) error {
		if k.AccountID != "" { // OPEN-2
			err := a.Accounts.Update(ctx, k.AccountID, func(x *account.Account) error {
				if x.Status != account.StatusPendingPassword {
					return account.ErrAuthKeyInvalid
				}
				x.SetPassword(hash)
				acc = x
				return nil
			})
			if errors.Is(err, account.ErrNotFound) {
				return account.ErrAuthKeyInvalid
			}
			if err != nil {
				return err
			}
		} else { // OPEN-3
			acc = &account.Account{ID: newID(), Email: cmd.Email, EmailKey: key, Role: account.RolePrimary,
				Status: account.StatusActive, EstablishmentID: k.EstablishmentID, EstablishmentNumber: k.EstablishmentNumber,
				OfficeCode: k.OfficeCode, PasswordHash: hash, CreatedAt: now, Version: 1}
			if err := a.Accounts.Insert(ctx, acc); err != nil {
				return err
			}
		}
		// LOGIN-3: a re-registration asks for the one-time password again everywhere.
		if err := a.Devices.RevokeAll(ctx, acc.ID, now); err != nil {
			return err
		}
		if acc.Role == account.RoleAdditional {
			// ACC-2: an additional account is active once its address confirmed the key.
			if err := a.additionalAccountConfirmed(ctx, acc); err != nil {
				return err
			}
			return a.audit(ctx, ownEntry("password_registration.complete", acc), cmd.Meta)
		}
		if err := a.emit(ctx, acc.ID, acc.Version, &identityv1.AccountOpened{AccountId: acc.ID, Email: acc.Email,
			EstablishmentId: acc.EstablishmentID, Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY}); err != nil {
			return err
		}
		return a.audit(ctx, ownEntry("password_registration.complete", acc), cmd.Meta)
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}
