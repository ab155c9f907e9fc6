package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// SignInResult is either a pending login attempt or a session.
type SignInResult struct {
	AttemptID    string
	OTPExpiresAt time.Time
	Session      *NewSession
}

// NewSession is a session just opened; Token is shown only now.
type NewSession struct {
	ID        string
	Token     string
	ExpiresAt time.Time
	// DeviceToken and DeviceExpiresAt are set when the device was trusted (LOGIN-3).
	DeviceToken     string
	DeviceExpiresAt time.Time
}

// verifyPassword is the race-proof password check of LOGIN-1 shared by every
// credential-accepting step: the attempt is first counted as a failure in one UPDATE
// (which refuses locked, disabled or unknown accounts), then the hash is compared, then
// a success undoes the count. Unknown and locked accounts still pay a dummy hash, so
// timing does not tell them apart. It returns nil for every failure.
func (a *App) verifyPassword(ctx context.Context, m Meta, selector string, byID bool, statuses []account.Status, password, action string) (*account.Account, error) {
	now := a.Clock.Now()
	var acc *account.Account
	err := a.Store.InTx(ctx, func(tx Tx) error {
		var err error
		acc, err = tx.ReservePasswordAttempt(ctx, selector, byID, statuses, a.cfg.Lockout, now)
		return err
	})
	if err != nil {
		return nil, internal(err)
	}
	if acc == nil {
		if _, _, err := a.Hasher.Verify(ctx, "", password); err != nil {
			return nil, internal(err)
		}
		return nil, a.recordRefused(ctx, m, selector, byID, action)
	}
	ok, rehash, err := a.Hasher.Verify(ctx, acc.PasswordHash, password)
	if err != nil {
		return nil, internal(err)
	}
	if !ok {
		return nil, a.recordWrongPassword(ctx, m, acc, action)
	}
	newHash := ""
	if rehash {
		// The parameters changed since this hash was made: store one with today's.
		if newHash, err = a.Hasher.Hash(ctx, password); err != nil {
			return nil, internal(err)
		}
	}
	if err := a.Store.InTx(ctx, func(tx Tx) error { return tx.PasswordSucceeded(ctx, acc.ID, newHash, a.Clock.Now()) }); err != nil {
		return nil, internal(err)
	}
	return acc, nil
}

// recordRefused audits an attempt refused before any comparison (unknown, locked,
// disabled). The caller's answer is the same in every case.
func (a *App) recordRefused(ctx context.Context, m Meta, selector string, byID bool, action string) error {
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		var acc *account.Account
		var err error
		if byID {
			acc, err = tx.AccountByID(ctx, selector, false)
		} else {
			acc, err = tx.AccountByEmailKey(ctx, selector, false)
		}
		if err != nil {
			return err
		}
		e := account.AuditEntry{Action: action + "_FAILED", Outcome: "FAILURE_UNKNOWN_ACCOUNT"}
		if acc != nil {
			e.SubjectAccountID, e.EstablishmentID, e.OfficeCode = acc.ID, acc.EstablishmentID, acc.OfficeCode
			switch {
			case acc.ConsecutiveFailures >= a.cfg.Lockout.ConsecutiveCap:
				e.Outcome = "FAILURE_PASSWORD_DISABLED"
			case a.cfg.Lockout.Locked(acc.LockedUntil, a.Clock.Now()):
				e.Outcome = "FAILURE_LOCKED"
			default:
				e.Outcome = "FAILURE_NOT_ALLOWED"
			}
		}
		return a.audit(ctx, tx, e, m)
	}))
}

// recordWrongPassword audits a wrong password and, when this attempt locked the account
// or reached the consecutive cap, publishes AccountLocked so the owner is mailed.
func (a *App) recordWrongPassword(ctx context.Context, m Meta, acc *account.Account, action string) error {
	now := a.Clock.Now()
	return internal(a.Store.InTx(ctx, func(tx Tx) error {
		disabled := acc.ConsecutiveFailures >= a.cfg.Lockout.ConsecutiveCap
		locked := acc.FailedPasswordCount >= a.cfg.Lockout.Threshold
		outcome := "FAILURE_WRONG_PASSWORD"
		if locked || disabled {
			msg := &identityv1.AccountLocked{AccountId: acc.ID, Email: acc.Email, PasswordDisabled: disabled}
			if acc.LockedUntil != nil {
				msg.LockedUntil = timestamppb.New(*acc.LockedUntil)
			}
			ev, err := event(acc.ID, acc.Version, now, msg)
			if err != nil {
				return err
			}
			if err := tx.Append(ctx, ev); err != nil {
				return err
			}
			outcome = "FAILURE_WRONG_PASSWORD_LOCKED"
			if disabled {
				outcome = "FAILURE_WRONG_PASSWORD_DISABLED"
			}
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: action + "_FAILED", Outcome: outcome, SubjectAccountID: acc.ID,
			EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
	}))
}

// SignIn is the password step (LOGIN-1). Then, in order: a valid visitor-terminal
// credential (LOGIN-4) or a valid trusted-device token of this account (LOGIN-3) opens a
// session at once; otherwise a one-time password is mailed (LOGIN-2).
func (a *App) SignIn(ctx context.Context, m Meta, email, password, deviceToken, terminalCredential string) (*SignInResult, error) {
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "sign-in", m, key); err != nil {
		return nil, err
	}
	acc, err := a.verifyPassword(ctx, m, key, false, []account.Status{account.StatusActive}, password, "SIGN_IN")
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return nil, ErrInvalidCredentials
	}
	now := a.Clock.Now()
	var res *SignInResult
	err = a.Store.InTx(ctx, func(tx Tx) error {
		if terminalCredential != "" && secrets.WellFormed(terminalCredential, secrets.PrefixTerminal) {
			// LOGIN-4: only a credential the server issued and still holds marks a
			// visitor terminal; nothing the client merely claims does.
			term, err := tx.TerminalBySecretHash(ctx, a.Keyed.Hash(secrets.KindTerminal, terminalCredential))
			if err != nil {
				return err
			}
			if term != nil {
				s, err := a.openSession(ctx, tx, m, acc, account.MethodTerminal, "terminal:"+term.ID)
				res = &SignInResult{Session: s}
				return err
			}
		}
		if deviceToken != "" && secrets.WellFormed(deviceToken, secrets.PrefixDevice) {
			d, err := tx.DeviceByTokenHash(ctx, a.Keyed.Hash(secrets.KindDevice, deviceToken))
			if err != nil {
				return err
			}
			// LOGIN-3: that device, that account, within 90 days.
			if d != nil && d.AccountID == acc.ID && now.Before(d.ExpiresAt) {
				if err := tx.TouchDevice(ctx, d.ID, now); err != nil {
					return err
				}
				s, err := a.openSession(ctx, tx, m, acc, account.MethodDevice, "device:"+d.ID)
				res = &SignInResult{Session: s}
				return err
			}
		}
		att, err := a.issueOTP(ctx, tx, m, acc, nil)
		if err != nil {
			return err
		}
		res = &SignInResult{AttemptID: att.ID, OTPExpiresAt: att.OTPExpiresAt}
		return nil
	})
	if err != nil {
		return nil, internal(err)
	}
	return res, nil
}

// issueOTP mails a new one-time password: for a new attempt (existing nil; pending
// attempts of the account are superseded) or as a resend for existing. The hourly cap
// is checked under the account's row lock so parallel requests cannot exceed it.
func (a *App) issueOTP(ctx context.Context, tx Tx, m Meta, acc *account.Account, existing *account.LoginAttempt) (*account.LoginAttempt, error) {
	now := a.Clock.Now()
	if err := tx.LockAccountRow(ctx, acc.ID); err != nil {
		return nil, err
	}
	n, err := tx.CountOTPIssuedSince(ctx, acc.ID, now.Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	if n >= a.cfg.OTP.HourlyCap {
		return nil, ErrOTPLimit
	}
	otp, err := account.RandomDigits(account.OTPDigits)
	if err != nil {
		return nil, err
	}
	att := existing
	if att == nil {
		if err := tx.SupersedeAttempts(ctx, acc.ID); err != nil {
			return nil, err
		}
		att = &account.LoginAttempt{ID: newID(), AccountID: acc.ID, State: account.AttemptPending,
			IP: m.IP, UserAgent: truncate(m.UserAgent, 512)}
	}
	att.OTPHash = a.Keyed.Hash(secrets.KindOTP, att.ID+":"+otp) // bound to the attempt
	att.OTPIssuedAt, att.OTPExpiresAt = now, now.Add(a.cfg.OTP.TTL)
	if existing == nil {
		err = tx.InsertAttempt(ctx, att)
	} else {
		err = tx.ReplaceOTP(ctx, att)
	}
	if err != nil {
		return nil, err
	}
	msg := &identityv1.OneTimePasswordIssued{AccountId: acc.ID, Email: acc.Email, LoginAttemptId: att.ID,
		ExpiresAt: timestamppb.New(att.OTPExpiresAt)}
	ev, err := a.sealedEvent(acc.ID, now, msg, otp, func(b []byte) { msg.SealedSecret = b })
	if err != nil {
		return nil, err
	}
	if err := tx.Append(ctx, ev); err != nil {
		return nil, err
	}
	return att, a.audit(ctx, tx, account.AuditEntry{Action: "ONE_TIME_PASSWORD_ISSUED", Outcome: "SUCCESS",
		SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
}

// ResendOneTimePassword mails a new one-time password for a pending attempt; the old
// one stops working (LOGIN-2). A cooldown and the hourly cap apply.
func (a *App) ResendOneTimePassword(ctx context.Context, m Meta, attemptID string) (time.Time, error) {
	if err := a.rateLimit(ctx, "otp-resend", m, attemptID); err != nil {
		return time.Time{}, err
	}
	var exp time.Time
	err := a.Store.InTx(ctx, func(tx Tx) error {
		att, err := tx.AttemptForUpdate(ctx, attemptID)
		if err != nil {
			return err
		}
		now := a.Clock.Now()
		if att == nil || att.State != account.AttemptPending || att.OTPFailures >= a.cfg.OTP.MaxWrong {
			return ErrLoginAttemptEnded
		}
		if now.Before(att.OTPIssuedAt.Add(a.cfg.OTP.ResendCooldown)) {
			return ErrOTPLimit
		}
		acc, err := tx.AccountByID(ctx, att.AccountID, false)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			return ErrLoginAttemptEnded
		}
		if _, err := a.issueOTP(ctx, tx, m, acc, att); err != nil {
			return err
		}
		exp = att.OTPExpiresAt
		return nil
	})
	return exp, internal(err)
}

// VerifyOneTimePassword is LOGIN-2's step: the one-time password of this attempt, once,
// within its life, fewer than 10 wrong entries. The attempt row is locked, so two
// parallel correct submissions open exactly one session. With rememberDevice a
// trusted-device token valid 90 days is returned too (LOGIN-3).
func (a *App) VerifyOneTimePassword(ctx context.Context, m Meta, attemptID, otp string, rememberDevice bool) (*NewSession, error) {
	if err := a.rateLimit(ctx, "otp-verify", m, attemptID); err != nil {
		return nil, err
	}
	var res *NewSession
	var verdict error
	err := a.Store.InTx(ctx, func(tx Tx) error {
		att, err := tx.AttemptForUpdate(ctx, attemptID)
		if err != nil {
			return err
		}
		now := a.Clock.Now()
		if att == nil || att.State != account.AttemptPending || account.Expired(att.OTPExpiresAt, now) ||
			att.OTPFailures >= a.cfg.OTP.MaxWrong {
			verdict = ErrLoginAttemptEnded
			return nil
		}
		acc, err := tx.AccountByID(ctx, att.AccountID, false)
		if err != nil {
			return err
		}
		if !secrets.Equal(a.Keyed.Hash(secrets.KindOTP, att.ID+":"+otp), att.OTPHash) {
			failures := att.OTPFailures + 1
			state := account.AttemptPending
			verdict = ErrOTPInvalid.WithMeta("remaining_attempts", itoa(a.cfg.OTP.MaxWrong-failures))
			if failures >= a.cfg.OTP.MaxWrong {
				state, verdict = account.AttemptInvalidated, ErrLoginAttemptEnded // the login starts over
			}
			if err := tx.UpdateAttempt(ctx, att.ID, state, failures); err != nil {
				return err
			}
			return a.audit(ctx, tx, account.AuditEntry{Action: "SIGN_IN_FAILED", Outcome: "FAILURE_WRONG_ONE_TIME_PASSWORD",
				SubjectAccountID: att.AccountID, EstablishmentID: estOf(acc), OfficeCode: officeOf(acc)}, m)
		}
		if err := tx.UpdateAttempt(ctx, att.ID, account.AttemptCompleted, att.OTPFailures); err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			verdict = ErrLoginAttemptEnded
			return nil
		}
		if res, err = a.openSession(ctx, tx, m, acc, account.MethodOTP, ""); err != nil {
			return err
		}
		if rememberDevice {
			tok, err := secrets.NewToken(secrets.PrefixDevice)
			if err != nil {
				return err
			}
			d := &account.Device{ID: newID(), AccountID: acc.ID, TokenHash: a.Keyed.Hash(secrets.KindDevice, tok),
				CreatedAt: now, ExpiresAt: now.Add(account.DeviceTTL), UserAgent: truncate(m.UserAgent, 512)}
			if err := tx.InsertDevice(ctx, d); err != nil {
				return err
			}
			res.DeviceToken, res.DeviceExpiresAt = tok, d.ExpiresAt
		}
		// A sign-in that needed the one-time password came from a device not trusted
		// yet: tell the owner (D1 compensating control, ASVS 6.3.5).
		ev, err := event(acc.ID, acc.Version, now, &identityv1.SignedInFromNewDevice{AccountId: acc.ID, Email: acc.Email,
			UserAgent: truncate(m.UserAgent, 512), Ip: m.IP})
		if err != nil {
			return err
		}
		return tx.Append(ctx, ev)
	})
	if err != nil {
		return nil, internal(err)
	}
	if verdict != nil {
		return nil, verdict
	}
	return res, nil
}

// openSession stores a new session with a fresh random token (never the attempt id or
// anything the client chose: no fixation) and audits the sign-in.
func (a *App) openSession(ctx context.Context, tx Tx, m Meta, acc *account.Account, method, detail string) (*NewSession, error) {
	now := a.Clock.Now()
	tok, err := secrets.NewToken(secrets.PrefixSession)
	if err != nil {
		return nil, err
	}
	s := &account.Session{ID: newID(), AccountID: acc.ID, TokenHash: a.Keyed.Hash(secrets.KindSession, tok),
		CreatedAt: now, ExpiresAt: now.Add(a.cfg.SessionTTL), IP: m.IP, UserAgent: truncate(m.UserAgent, 512), Method: method}
	if err := tx.InsertSession(ctx, s); err != nil {
		return nil, err
	}
	err = a.audit(ctx, tx, account.AuditEntry{Action: "SIGN_IN", Outcome: "SUCCESS_" + upper(method), ActorAccountID: acc.ID,
		ActorRole: string(acc.Role), SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID,
		OfficeCode: acc.OfficeCode, Detail: detail}, m)
	return &NewSession{ID: s.ID, Token: tok, ExpiresAt: s.ExpiresAt}, err
}

func estOf(a *account.Account) string {
	if a == nil {
		return ""
	}
	return a.EstablishmentID
}

func officeOf(a *account.Account) string {
	if a == nil {
		return ""
	}
	return a.OfficeCode
}
