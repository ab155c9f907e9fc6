// Package errs is the one error vocabulary of every hellowork service.
//
// Domain and application code return *Error values: a Kind (what went wrong, in terms a
// transport can map), a stable machine-readable Reason, an English message for
// operators, a Japanese message for employers, the rule ID it enforces, and optional
// field violations. The package has no gRPC, SQL or NATS dependency so that domain
// packages can use it; libs/grpcx turns it into a gRPC status with ErrorInfo,
// LocalizedMessage and BadRequest details.
//
// Reasons are a contract declared in proto/hellowork/errors/v1/reasons.proto (enum
// hellowork.errors.v1.Reason): each has one meaning, one gRPC code and one Japanese
// text. New and Field take the Japanese text from that declaration and panic for a
// reason that is not declared (or, for New, declared with another code), so a package
// that declares its errors as package-level variables fails as soon as any binary or
// test that links it starts. Domain packages import only this package, never the
// generated code.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error the way a caller must react to it. Each kind maps to exactly
// one gRPC code (see libs/grpcx).
type Kind int

// Kinds, in the order of the gRPC codes they map to.
const (
	KindInternal           Kind = iota // a bug or an unexpected failure; never shown in detail
	KindInvalidArgument                // the request is malformed or breaks a field rule
	KindNotFound                       // the resource does not exist for this caller
	KindAlreadyExists                  // the resource exists already
	KindPermissionDenied               // the caller may not do this
	KindUnauthenticated                // no valid credentials
	KindFailedPrecondition             // the state does not allow the action now
	KindAborted                        // a concurrent change won; retry with fresh data
	KindResourceExhausted              // a rate limit or quota was hit
	KindUnavailable                    // a dependency is down; retry later
	KindDeadlineExceeded               // the operation took too long
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case KindInvalidArgument:
		return "INVALID_ARGUMENT"
	case KindNotFound:
		return "NOT_FOUND"
	case KindAlreadyExists:
		return "ALREADY_EXISTS"
	case KindPermissionDenied:
		return "PERMISSION_DENIED"
	case KindUnauthenticated:
		return "UNAUTHENTICATED"
	case KindFailedPrecondition:
		return "FAILED_PRECONDITION"
	case KindAborted:
		return "ABORTED"
	case KindResourceExhausted:
		return "RESOURCE_EXHAUSTED"
	case KindUnavailable:
		return "UNAVAILABLE"
	case KindDeadlineExceeded:
		return "DEADLINE_EXCEEDED"
	default:
		return "INTERNAL"
	}
}

// FieldViolation names one field of a request that broke a rule. Services build it with
// Field (or Error.OnField), which takes the Japanese text from the declared reason;
// only libs/grpcx fills it directly, with a protovalidate rule id as the reason.
type FieldViolation struct {
	Field     string // proto field path, e.g. "password_confirmation"
	Reason    string // a declared reason, e.g. "PASSWORD_MISMATCH", or a protovalidate rule id
	Message   string // English, for operators
	MessageJA string // Japanese, for employers
}

// Error is a classified, user-presentable error.
type Error struct {
	Kind      Kind
	Reason    string            // declared reason, e.g. "INVALID_CREDENTIALS"
	Message   string            // English, developer/operator facing
	MessageJA string            // Japanese, employer facing: the declared text, placeholders filled from Metadata
	RuleID    string            // the rule (docs/rules.md) it enforces, if any
	Metadata  map[string]string // dynamic values; they fill the {name} placeholders of MessageJA
	Fields    []FieldViolation
	template  string // the declared Japanese text, before placeholders are filled
	cause     error
}

// New returns an error with a declared reason; its Japanese text is the declared one.
// It panics if the reason is not declared in hellowork.errors.v1.Reason or is declared
// with a gRPC code other than kind's: call it for package-level variables so that a
// mistake stops every binary and test at start-up.
func New(kind Kind, reason, message string) *Error {
	d := mustLookup(reason)
	if d.Code != kind.String() {
		panic(fmt.Sprintf("errs: reason %s is declared with code %s, not %s (proto/hellowork/errors/v1/reasons.proto)", reason, d.Code, kind))
	}
	return &Error{Kind: kind, Reason: reason, Message: message, MessageJA: d.MessageJA, template: d.MessageJA}
}

// Field returns the violation of one request field with a declared reason. params are
// name, value pairs that fill the {name} placeholders of the reason's Japanese text,
// e.g. Field("basic.name", "TOO_LONG", "too long", "label", "事業所名", "max_length", "100").
// It panics for an undeclared reason, an odd number of params, a param the text does
// not use, or a placeholder left unfilled.
func Field(field, reason, message string, params ...string) FieldViolation {
	d := mustLookup(reason)
	if len(params)%2 != 0 {
		panic(fmt.Sprintf("errs: Field(%s, %s): params must be name, value pairs", field, reason))
	}
	ja := d.MessageJA
	for i := 0; i < len(params); i += 2 {
		ph := "{" + params[i] + "}"
		if !strings.Contains(ja, ph) {
			panic(fmt.Sprintf("errs: Field(%s, %s): the Japanese text has no placeholder %s", field, reason, ph))
		}
		ja = strings.ReplaceAll(ja, ph, params[i+1])
	}
	if p := placeholder.FindString(ja); p != "" {
		panic(fmt.Sprintf("errs: Field(%s, %s): placeholder %s not filled", field, reason, p))
	}
	return FieldViolation{Field: field, Reason: reason, Message: message, MessageJA: ja}
}

// Error implements error; it never contains the Japanese text or user input.
func (e *Error) Error() string {
	s := e.Reason + ": " + e.Message
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is matches another *Error with the same Reason, so sentinel errors work with errors.Is.
func (e *Error) Is(target error) bool {
	var t *Error
	if !errors.As(target, &t) {
		return false
	}
	return t.Reason == e.Reason && t.Kind == e.Kind
}

func (e *Error) clone() *Error {
	c := *e
	if e.Metadata != nil {
		c.Metadata = make(map[string]string, len(e.Metadata))
		for k, v := range e.Metadata {
			c.Metadata[k] = v
		}
	}
	c.Fields = append([]FieldViolation(nil), e.Fields...)
	return &c
}

// WithRule returns a copy tagged with the rule ID it enforces (e.g. "LOGIN-1").
func (e *Error) WithRule(id string) *Error {
	c := e.clone()
	c.RuleID = id
	return c
}

// WithMeta returns a copy with one metadata entry added.
func (e *Error) WithMeta(key, value string) *Error {
	c := e.clone()
	if c.Metadata == nil {
		c.Metadata = map[string]string{}
	}
	c.Metadata[key] = value
	c.MessageJA = fill(c.template, c.Metadata)
	return c
}

// WithField returns a copy with one field violation added.
func (e *Error) WithField(v FieldViolation) *Error {
	c := e.clone()
	c.Fields = append(c.Fields, v)
	return c
}

// OnField returns a copy with a violation of field that repeats the error's own reason,
// English message and Japanese text (the error concerns that one request field).
func (e *Error) OnField(field string) *Error {
	return e.WithField(FieldViolation{Field: field, Reason: e.Reason, Message: e.Message, MessageJA: e.MessageJA})
}

// Wrap returns a copy that keeps cause for logs (never shown to callers).
func (e *Error) Wrap(cause error) *Error {
	c := e.clone()
	c.cause = cause
	return c
}

// Invalid returns an INVALID_ARGUMENT error carrying field violations.
func Invalid(fields ...FieldViolation) *Error {
	e := errInvalid.clone()
	e.Fields = append(e.Fields, fields...)
	return e
}

// Internal wraps an unexpected error; callers see only a generic message.
func Internal(cause error) *Error { return errInternal.Wrap(cause) }

// Internalf is Internal with a formatted cause.
func Internalf(format string, args ...any) *Error { return Internal(fmt.Errorf(format, args...)) }

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// KindOf returns the kind of err, KindInternal for unclassified errors.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// Common errors shared by every service.
var (
	// ErrUnauthenticated: no token, or a token that failed verification.
	ErrUnauthenticated = New(KindUnauthenticated, "UNAUTHENTICATED", "authentication required")
	// ErrPermissionDenied: the caller's role (or, for a service, its name) may not call
	// this at all. Refusing by role reveals nothing about any resource.
	ErrPermissionDenied = New(KindPermissionDenied, "PERMISSION_DENIED", "permission denied")
	// ErrResourceAccessDenied: the role may call this, but the establishment or office
	// the request names is not the caller's own. Returned whether or not the resource
	// exists (permission is checked before existence, AIP-193), so existence never leaks.
	ErrResourceAccessDenied = New(KindPermissionDenied, "RESOURCE_ACCESS_DENIED",
		"the resource belongs to another establishment or office")
	// ErrUnavailable: a dependency cannot be reached; the request changed nothing.
	ErrUnavailable = New(KindUnavailable, "SERVICE_UNAVAILABLE", "a dependency is unavailable")
	// ErrRateLimited: too many requests from this caller or for this account.
	ErrRateLimited = New(KindResourceExhausted, "RATE_LIMITED", "too many requests")
	// ErrDeadlineExceeded: the request did not complete in time.
	ErrDeadlineExceeded = New(KindDeadlineExceeded, "DEADLINE_EXCEEDED", "the request took too long")

	errInvalid  = New(KindInvalidArgument, "INVALID_ARGUMENT", "the request has invalid fields")
	errInternal = New(KindInternal, "INTERNAL", "internal error")
)
