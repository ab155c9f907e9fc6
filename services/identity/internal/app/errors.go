package app

import (
	"errors"

	"github.com/hellowork-jp/hellowork/libs/errs"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// Errors of the identity use cases. Reasons are stable API.
var (
	// ErrInvalidCredentials answers every failed password step alike: unknown e-mail,
	// wrong password, locked or disabled account (LOGIN-1, no enumeration).
	ErrInvalidCredentials = errs.New(errs.KindUnauthenticated, "INVALID_CREDENTIALS",
		"the login ID or password is incorrect").WithRule("LOGIN-1")
	// ErrCurrentPasswordIncorrect: a settings step's current password was wrong (or the
	// account is locked), ACC-1/ACC-3.
	ErrCurrentPasswordIncorrect = errs.New(errs.KindFailedPrecondition, "CURRENT_PASSWORD_INCORRECT",
		"the current password is incorrect").WithRule("LOGIN-1")
	// ErrConsentRequired: OPEN-1 needs agreement to both the privacy policy and the terms.
	ErrConsentRequired = errs.New(errs.KindInvalidArgument, "CONSENT_REQUIRED",
		"agreement to the privacy policy and the terms of use is required").WithRule("OPEN-1")
	// ErrSessionInvalid: unknown, expired or revoked session.
	ErrSessionInvalid = errs.New(errs.KindUnauthenticated, "SESSION_INVALID",
		"the session is not valid")
	// ErrNothingToChange: ACC-1 without a new e-mail or password.
	ErrNothingToChange = errs.New(errs.KindInvalidArgument, "NOTHING_TO_CHANGE",
		"give a new e-mail or a new password").WithRule("ACC-1")
	// ErrPendingSelfApplications: ACC-3 refusal.
	ErrPendingSelfApplications = errs.New(errs.KindFailedPrecondition, "PENDING_SELF_APPLICATIONS",
		"an online self-application has no selection result yet").WithRule("ACC-3")
	// ErrWithdrawalCheckUnavailable: ACC-3 fails closed while applicant-selection is away.
	ErrWithdrawalCheckUnavailable = errs.New(errs.KindUnavailable, "WITHDRAWAL_CHECK_UNAVAILABLE",
		"cannot check the pending self-applications now; nothing was changed").WithRule("ACC-3")
	// ErrRestoreExpired: ACC-4 after day 30.
	ErrRestoreExpired = errs.New(errs.KindFailedPrecondition, "RESTORE_PERIOD_EXPIRED",
		"the 30-day restore period has ended").WithRule("ACC-4")
	// ErrCreationCodeInvalid: OPEN-3 verification failed (never says which field).
	ErrCreationCodeInvalid = errs.New(errs.KindFailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID",
		"the establishment number, telephone number or account creation code is wrong, or the code expired").WithRule("OPEN-3")
	// ErrCreationCodeUnavailable: employer-registration cannot be reached.
	ErrCreationCodeUnavailable = errs.New(errs.KindUnavailable, "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE",
		"cannot verify the account creation code now").WithRule("OPEN-3")
)

// onField tags a validation error with the request field it concerns.
func onField(err error, field string) error {
	e, ok := errs.As(err)
	if !ok {
		return err
	}
	return e.OnField(field)
}

// emailPairError puts credential.EmailPair's refusal on the field that is wrong: the
// address itself when it is not a valid e-mail (EMAIL-1), the confirmation only when
// a valid address was typed differently the second time (issue 12 item 7: an invalid
// e-mail with a valid confirmation was reported on the confirmation).
func emailPairError(err error, field, confirmationField string) error {
	if errors.Is(err, credential.ErrEmailMismatch) {
		return onField(err, confirmationField)
	}
	return onField(err, field)
}
