package app

import (
	"context"
	"errors"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// LoginAttempts stores password steps awaiting their one-time password (LOGIN-2).
// Start supersedes the account's other pending attempts and counts the code; Update
// loads an attempt under a row lock, runs fn and saves it (a code replaced by fn is
// counted too); an unknown attempt is account.ErrNotFound.
type LoginAttempts interface {
	IssuedSince(ctx context.Context, accountID string, since time.Time) (int, error)
	Start(ctx context.Context, a *account.LoginAttempt) error
	Update(ctx context.Context, id string, fn func(*account.LoginAttempt) error) error
	SupersedePending(ctx context.Context, accountID string) error
}

// SignIn is the password step (LOGIN-1) of an e-mail and a password, with the
// credentials that may skip the one-time password: a visitor terminal's (LOGIN-4) or
// a trusted device's (LOGIN-3).
type SignIn struct {
	Meta               Meta
	Email              string
	Password           string
	DeviceToken        string
	TerminalCredential string
}

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
	// VisitorTerminal: opened on a visitor terminal (LOGIN-4); a browser-session cookie.
	VisitorTerminal bool
	// DeviceToken and DeviceExpiresAt are set when the device was trusted (LOGIN-3).
	DeviceToken     string
	DeviceExpiresAt time.Time
}

// passwordCheck is one credential-accepting step's LOGIN-1 check.
type passwordCheck struct {
	op       string // rate-limit operation
	meta     Meta
	loginID  string // the e-mail key, or
	id       string // the account id (settings steps)
	allowed  []account.Status
	password string
	action   string // audit action of a refusal
	answer   error  // what every refusal answers (its reason is audited)
}

// checkPassword is the race-proof password check of LOGIN-1 shared by every
// credential-accepting step, in two transactions around the argon2 comparison (which
// must not hold a row lock or a connection):
//
//  1. the call's rate-limit hits are counted and the attempt is reserved: counted as a
//     wrong password under the account's row lock before any comparison, so N parallel
//     guesses get exactly Threshold comparisons (Account.RecordPasswordFailure);
//  2. the outcome: a refusal or a wrong password is audited (a lock or a disabled
//     password is mailed to the owner); a right password clears the counters and
//     onSuccess, if any, runs in the same transaction with the account still locked.
//
// Unknown, locked and disabled accounts pay a dummy hash, so timing does not tell them
// apart. It returns nil and no error for every refusal; rate limiting is an error.
func (a *App) checkPassword(ctx context.Context, c passwordCheck, onSuccess func(ctx context.Context, acc *account.Account) error) (*account.Account, error) {
	now := a.Clock.Now()
	var (
		acc     *account.Account
		refusal = account.RefusedNotAllowed
		over    error
	)
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		subject := c.loginID
		if subject == "" {
			subject = c.id
		}
		var err error
		if over, err = a.hitRate(ctx, c.op, c.meta, subject); err != nil || over != nil {
			return err
		}
		reserve := func(x *account.Account) error {
			// Staff only from their office's networks (issue 9 item 8), refused before
			// the lockout counts the attempt: an outsider cannot lock staff out.
			if refusal = x.StaffAdmission(a.Rules.Offices, c.meta.IP); refusal == account.NotRefused {
				refusal = x.RecordPasswordFailure(now, a.Rules.Lockout, c.allowed...)
			}
			snapshot := *x
			acc = &snapshot
			return nil
		}
		if c.loginID != "" {
			err = a.Accounts.UpdateByEmailKey(ctx, c.loginID, reserve)
		} else {
			err = a.Accounts.Update(ctx, c.id, reserve)
		}
		if errors.Is(err, account.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, internal(err)
	}
	if over != nil {
		return nil, over
	}
	phc := ""
	if acc != nil && refusal == account.NotRefused {
		phc = acc.PasswordHash
	}
	ok, rehash, err := a.Hasher.Verify(ctx, phc, c.password)
	if err != nil {
		return nil, internal(err)
	}
	if phc == "" || !ok {
		return nil, internal(a.Tx.InTx(ctx, func(ctx context.Context) error {
			return a.passwordRefused(ctx, c, acc, refusal)
		}))
	}
	newHash := ""
	if rehash {
		// The parameters changed since this hash was made: store one with today's.
		if newHash, err = a.Hasher.Hash(ctx, c.password); err != nil {
			return nil, internal(err)
		}
	}
	err = a.Tx.InTx(ctx, func(ctx context.Context) error {
		err := a.Accounts.Update(ctx, acc.ID, func(x *account.Account) error {
			x.RecordPasswordSuccess(newHash)
			snapshot := *x
			acc = &snapshot
			return nil
		})
		if err != nil || onSuccess == nil {
			return err
		}
		return onSuccess(ctx, acc)
	})
	if err != nil {
		return nil, internal(err)
	}
	return acc, nil
}

// passwordRefused audits a refused or wrong password and, when this attempt locked the
// account or reached the consecutive cap, publishes AccountLocked so the owner is mailed.
func (a *App) passwordRefused(ctx context.Context, c passwordCheck, acc *account.Account, refusal account.Refusal) error {
	e := subjectEntry(c.action, acc)
	e = e.WithResult(c.answer)
	switch {
	case acc == nil:
		e.Detail = map[string]string{"cause": "unknown_account"}
	case refusal != account.NotRefused:
		e.Detail = map[string]string{"cause": string(refusal)}
	default:
		e.Detail = map[string]string{"cause": "wrong_password"}
		locked, disabled := acc.LockedByFailure(a.Rules.Lockout)
		if locked || disabled {
			msg := &identityv1.AccountLocked{AccountId: acc.ID, Email: acc.Email, PasswordDisabled: disabled}
			if acc.LockedUntil != nil {
				msg.LockedUntil = timestamppb.New(*acc.LockedUntil)
			}
			if err := a.emit(ctx, acc.ID, acc.Version, msg); err != nil {
				return err
			}
			e.Detail["locked"] = "true"
			if disabled {
				e.Detail["password_disabled"] = "true"
			}
		}
	}
	return a.audit(ctx, e, c.meta)
}

// SignIn is the password step (LOGIN-1). Then, in order: a valid visitor-terminal
// credential (LOGIN-4) or a valid trusted-device token of this account (LOGIN-3) opens a
// session at once; otherwise a one-time password is mailed (LOGIN-2), in the
// transaction that records the right password.
func (a *App) SignIn(ctx context.Context, cmd SignIn) (SignInResult, error) {
	var res SignInResult
	var verdict error
	acc, err := a.checkPassword(ctx, passwordCheck{op: "sign-in", meta: cmd.Meta, loginID: email.Key(cmd.Email),
		allowed: []account.Status{account.StatusActive}, password: cmd.Password, action: "session.sign_in", answer: ErrInvalidCredentials},
		func(ctx context.Context, acc *account.Account) error {
			var err error
			res, verdict, err = a.secondFactor(ctx, cmd, acc)
			return err
		})
	if err != nil {
		return SignInResult{}, err
	}
	if acc == nil {
		return SignInResult{}, ErrInvalidCredentials
	}
	return res, verdict
}

// secondFactor opens a session for a visitor terminal or a trusted device, or mails a
// one-time password. verdict is an answer that still commits the right password.
func (a *App) secondFactor(ctx context.Context, cmd SignIn, acc *account.Account) (res SignInResult, verdict, err error) {
	now := a.Clock.Now()
	// LOGIN-4: only a credential the server issued, used from its office's networks,
	// marks a visitor terminal; nothing the client merely claims does (terminals.go).
	if s, err := a.terminalSignIn(ctx, cmd, acc); err != nil || s != nil {
		return SignInResult{Session: s}, nil, err
	}
	// Staff never skip the one-time password (issue 9 item 8).
	if acc.MaySkipOTP() && cmd.DeviceToken != "" && credential.WellFormed(cmd.DeviceToken, credential.PrefixDevice) {
		d, err := a.Devices.ByTokenHash(ctx, a.Keyed.Hash(credential.KindDevice, cmd.DeviceToken))
		if err != nil {
			return res, nil, err
		}
		if d != nil && d.SkipsOTP(acc.ID, now) {
			if err := a.Devices.Touch(ctx, d.ID, now); err != nil {
				return res, nil, err
			}
			s, err := a.openSession(ctx, cmd.Meta, acc, account.MethodDevice, map[string]string{"device_id": d.ID})
			return SignInResult{Session: s}, nil, err
		}
	}
	if verdict, err := a.checkOTPCap(ctx, acc.ID); verdict != nil || err != nil {
		return res, verdict, err
	}
	otp, err := account.RandomDigits(account.OTPDigits)
	if err != nil {
		return res, nil, err
	}
	id := newID()
	att := account.NewLoginAttempt(id, acc.ID, a.Keyed.Hash(credential.KindOTP, id+":"+otp), now, a.Rules.OTP, cmd.Meta.IP, cmd.Meta.ua())
	if err := a.Attempts.Start(ctx, att); err != nil {
		return res, nil, err
	}
	if err := a.mailOTP(ctx, cmd.Meta, acc, att, otp); err != nil {
		return res, nil, err
	}
	return SignInResult{AttemptID: att.ID, OTPExpiresAt: att.OTPExpiresAt}, nil, nil
}

// checkOTPCap applies LOGIN-2's hourly cap; the caller holds the account's row lock,
// so parallel requests cannot exceed it.
func (a *App) checkOTPCap(ctx context.Context, accountID string) (verdict, err error) {
	n, err := a.Attempts.IssuedSince(ctx, accountID, a.Clock.Now().Add(-time.Hour))
	if err != nil {
		return nil, err
	}
	return a.Rules.OTP.CheckHourlyCap(n), nil
}

// mailOTP publishes the attempt's one-time password, sealed, for notification to mail.
func (a *App) mailOTP(ctx context.Context, m Meta, acc *account.Account, att *account.LoginAttempt, otp string) error {
	msg := &identityv1.OneTimePasswordIssued{AccountId: acc.ID, Email: acc.Email, LoginAttemptId: att.ID,
		ExpiresAt: timestamppb.New(att.OTPExpiresAt)}
	ev, err := a.sealedEvent(acc.ID, a.Clock.Now(), msg, otp, func(b []byte) { msg.SealedSecret = b })
	if err != nil {
		return err
	}
	if err := a.Events.Append(ctx, ev); err != nil {
		return err
	}
	return a.audit(ctx, subjectEntry("one_time_password.issue", acc), m)
}

// ResendOneTimePassword asks for a new one-time password of a pending attempt.
type ResendOneTimePassword struct {
	Meta      Meta
	AttemptID string
}

// ResendOneTimePassword mails a new one-time password for a pending attempt; the old
// one stops working (LOGIN-2). A cooldown and the hourly cap apply. One transaction:
// the rate-limit hit, the attempt and the account's row locks, the new code.
func (a *App) ResendOneTimePassword(ctx context.Context, cmd ResendOneTimePassword) (time.Time, error) {
	var exp time.Time
	var verdict error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if verdict, err = a.hitRate(ctx, "otp-resend", cmd.Meta, cmd.AttemptID); err != nil || verdict != nil {
			return err
		}
		err = a.Attempts.Update(ctx, cmd.AttemptID, func(att *account.LoginAttempt) error {
			now := a.Clock.Now()
			if verdict = att.CanResend(now, a.Rules.OTP); verdict != nil {
				return nil
			}
			var acc *account.Account
			err := a.Accounts.Update(ctx, att.AccountID, func(x *account.Account) error { acc = x; return nil })
			if errors.Is(err, account.ErrNotFound) || err == nil && acc.Status != account.StatusActive {
				verdict = account.ErrLoginAttemptEnded
				return nil
			}
			if err != nil {
				return err
			}
			if verdict, err = a.checkOTPCap(ctx, acc.ID); verdict != nil || err != nil {
				return err
			}
			otp, err := account.RandomDigits(account.OTPDigits)
			if err != nil {
				return err
			}
			att.ReplaceOTP(a.Keyed.Hash(credential.KindOTP, att.ID+":"+otp), now, a.Rules.OTP) // bound to the attempt
			exp = att.OTPExpiresAt
			return a.mailOTP(ctx, cmd.Meta, acc, att, otp)
		})
		if errors.Is(err, account.ErrNotFound) {
			verdict = account.ErrLoginAttemptEnded
			return nil
		}
		return err
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return exp, verdict
}

// VerifyOneTimePassword is LOGIN-2's step of a login attempt.
type VerifyOneTimePassword struct {
	Meta      Meta
	AttemptID string
	OTP       string
	// RememberDevice asks for a trusted-device token (LOGIN-3).
	RememberDevice bool
}

// VerifyOneTimePassword is LOGIN-2's step: the one-time password of this attempt, once,
// within its life, fewer than 10 wrong entries (LoginAttempt.VerifyOTP). The attempt
// row is locked, so two parallel correct submissions open exactly one session. With
// RememberDevice a trusted-device token valid 90 days is returned too (LOGIN-3). One
// transaction: the rate-limit hit, the check, and the session or the counted mistake.
func (a *App) VerifyOneTimePassword(ctx context.Context, cmd VerifyOneTimePassword) (*NewSession, error) {
	var res *NewSession
	var verdict error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if verdict, err = a.hitRate(ctx, "otp-verify", cmd.Meta, cmd.AttemptID); err != nil || verdict != nil {
			return err
		}
		var att account.LoginAttempt
		var counted bool
		err = a.Attempts.Update(ctx, cmd.AttemptID, func(x *account.LoginAttempt) error {
			failures := x.OTPFailures
			verdict = x.VerifyOTP(a.Clock.Now(), a.Keyed.Hash(credential.KindOTP, x.ID+":"+cmd.OTP), a.Rules.OTP)
			counted, att = x.OTPFailures > failures, *x
			return nil
		})
		if errors.Is(err, account.ErrNotFound) {
			verdict = account.ErrLoginAttemptEnded
			return nil
		}
		if err != nil || verdict != nil && !counted {
			return err
		}
		acc, err := a.Accounts.ByID(ctx, att.AccountID)
		if err != nil {
			return err
		}
		if counted {
			e := subjectEntry("session.sign_in", acc)
			e = e.WithResult(verdict)
			e.SubjectID, e.Detail = att.AccountID, map[string]string{"cause": "wrong_one_time_password"}
			return a.audit(ctx, e, cmd.Meta)
		}
		if acc == nil || acc.Status != account.StatusActive {
			verdict = account.ErrLoginAttemptEnded
			return nil
		}
		res, err = a.completeSignIn(ctx, cmd, acc)
		return err
	})
	if err != nil {
		return nil, internal(err)
	}
	if verdict != nil {
		return nil, verdict
	}
	return res, nil
}

// completeSignIn opens the session of a right one-time password, trusts the device if
// asked, and tells the owner: a sign-in that needed the one-time password came from a
// device not trusted yet (D1 compensating control, ASVS 6.3.5).
func (a *App) completeSignIn(ctx context.Context, cmd VerifyOneTimePassword, acc *account.Account) (*NewSession, error) {
	now := a.Clock.Now()
	res, err := a.openSession(ctx, cmd.Meta, acc, account.MethodOTP, nil)
	if err != nil {
		return nil, err
	}
	if cmd.RememberDevice && acc.MaySkipOTP() { // staff never skip it (issue 9 item 8)
		tok, err := credential.NewToken(credential.PrefixDevice)
		if err != nil {
			return nil, err
		}
		d := &account.Device{ID: newID(), AccountID: acc.ID, TokenHash: a.Keyed.Hash(credential.KindDevice, tok),
			CreatedAt: now, ExpiresAt: now.Add(account.DeviceTTL), UserAgent: cmd.Meta.ua()}
		if err := a.Devices.Insert(ctx, d); err != nil {
			return nil, err
		}
		res.DeviceToken, res.DeviceExpiresAt = tok, d.ExpiresAt
	}
	return res, a.emit(ctx, acc.ID, acc.Version, &identityv1.SignedInFromNewDevice{AccountId: acc.ID, Email: acc.Email,
		UserAgent: cmd.Meta.ua(), Ip: cmd.Meta.IP})
}

// openSession stores a new session with a fresh random token (never the attempt id or
// anything the client chose: no fixation) and audits the sign-in.
func (a *App) openSession(ctx context.Context, m Meta, acc *account.Account, method string, detail map[string]string) (*NewSession, error) {
	now := a.Clock.Now()
	tok, err := credential.NewToken(credential.PrefixSession)
	if err != nil {
		return nil, err
	}
	s := &account.Session{ID: newID(), AccountID: acc.ID, TokenHash: a.Keyed.Hash(credential.KindSession, tok),
		CreatedAt: now, ExpiresAt: now.Add(a.Rules.SessionTTL), IP: m.IP, UserAgent: m.ua(), Method: method}
	if method == account.MethodTerminal {
		s.TerminalID = detail["terminal_id"]
	}
	if err := a.Sessions.Insert(ctx, s); err != nil {
		return nil, err
	}
	e := ownEntry("session.sign_in", acc)
	e.Detail = map[string]string{"method": method}
	for k, v := range detail {
		e.Detail[k] = v
	}
	return &NewSession{ID: s.ID, Token: tok, ExpiresAt: s.ExpiresAt, VisitorTerminal: method == account.MethodTerminal}, a.audit(ctx, e, m)
}
