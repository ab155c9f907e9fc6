package app

import (
	"errors"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// ErrNotFound answers a missing posting and another tenant's alike (libs/authn).
var ErrNotFound = authn.ErrNotFound

// ErrEstablishmentNotFound: the caller's establishment is not known to this service
// yet (employer-registration's event has not arrived).
var ErrEstablishmentNotFound = errs.New(errs.KindNotFound, "ESTABLISHMENT_NOT_FOUND", "establishment not known to job-posting")

// ErrSelectionCheckUnavailable: applicant-selection cannot be asked whether the
// posting's applicants all have a selection result (§2.4), so the stop, cancellation
// or change lowering 採用人数 is refused (fails closed); nothing was changed.
var ErrSelectionCheckUnavailable = errs.New(errs.KindUnavailable, "SELECTION_CHECK_UNAVAILABLE",
	"cannot check the applicants' selection results now; nothing was changed")

// ErrOfficeCodeUnknown: the public search's 管内検索 names no office of libs/office.
var ErrOfficeCodeUnknown = errs.New(errs.KindInvalidArgument, "OFFICE_CODE_UNKNOWN", "office_code names no Hello Work office").
	WithField(errs.Field("office_code", "OFFICE_CODE_UNKNOWN", "office_code names no Hello Work office"))

// ErrNoSuchPosting is what the Postings port returns for an unknown id.
var ErrNoSuchPosting = errors.New("app: no such posting")

// Warning is a confirmable warning (orange): the client sends Code back to confirm it.
type Warning struct {
	Reason  string
	Field   string
	Code    string
	Message string
}

func warnings(fs finding.Findings) []Warning {
	var out []Warning
	for _, f := range fs.Warnings() {
		v := errs.Field(f.Field, string(f.Reason), "warning", f.Params...)
		out = append(out, Warning{Reason: string(f.Reason), Field: f.Field, Code: f.Code(), Message: v.MessageJA})
	}
	return out
}

var kinds = map[string]errs.Kind{
	"INVALID_ARGUMENT": errs.KindInvalidArgument, "FAILED_PRECONDITION": errs.KindFailedPrecondition,
	"NOT_FOUND": errs.KindNotFound, "ALREADY_EXISTS": errs.KindAlreadyExists, "ABORTED": errs.KindAborted,
}

// domainErr turns the domain's refusals into errs values with the declared reasons:
// a failed validation lists each finding as a field violation, unconfirmed warnings
// likewise; other refusals carry their params as metadata and their rule.
func domainErr(err error) error {
	var r *finding.Refusal
	if !errors.As(err, &r) {
		return err
	}
	d, ok := errs.Lookup(string(r.Reason))
	kind, known := kinds[d.Code]
	if !ok || !known {
		return errs.Internalf("job-posting: refusal %s has no usable declaration", r.Reason)
	}
	e := errs.New(kind, string(r.Reason), "job-posting: refused: "+string(r.Reason))
	if r.Rule != "" {
		e = e.WithRule(r.Rule)
	}
	for i := 0; i+1 < len(r.Params); i += 2 {
		e = e.WithMeta(r.Params[i], r.Params[i+1])
	}
	for _, f := range r.Findings.All() {
		e = e.WithField(errs.Field(f.Field, string(f.Reason), f.Code(), f.Params...))
	}
	return e
}
