// Package errs is the one error vocabulary of every hellowork service.
//
// Domain and application code return *Error values: a Kind (what went wrong, in terms a
// transport can map), a stable machine-readable Reason (UPPER_SNAKE, never reworded once
// published), an English message for operators, a Japanese message for employers, the
// rule ID it enforces, and optional field violations. The package has no gRPC, SQL or
// NATS dependency so that domain packages can use it; libs/grpcx turns it into a gRPC
// status with ErrorInfo, LocalizedMessage and BadRequest details.
package errs

import (
	"errors"
	"fmt"
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

// FieldViolation names one field of a request that broke a rule.
type FieldViolation struct {
	Field     string // proto field path, e.g. "password_confirmation"
	Reason    string // UPPER_SNAKE, e.g. "PASSWORD_MISMATCH" or a protovalidate rule id
	Message   string // English, for operators
	MessageJA string // Japanese, for employers
}

// Error is a classified, user-presentable error.
type Error struct {
	Kind      Kind
	Reason    string            // stable UPPER_SNAKE reason, e.g. "ACCOUNT_LOCKED"
	Message   string            // English, developer/operator facing
	MessageJA string            // Japanese, employer facing
	RuleID    string            // the rule of docs/rules.md it enforces, if any
	Metadata  map[string]string // dynamic values that appear in the messages
	Fields    []FieldViolation
	cause     error
}

// New returns an error of the given kind.
func New(kind Kind, reason, message, messageJA string) *Error {
	return &Error{Kind: kind, Reason: reason, Message: message, MessageJA: messageJA}
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
	return c
}

// WithField returns a copy with one field violation added.
func (e *Error) WithField(v FieldViolation) *Error {
	c := e.clone()
	c.Fields = append(c.Fields, v)
	return c
}

// Wrap returns a copy that keeps cause for logs (never shown to callers).
func (e *Error) Wrap(cause error) *Error {
	c := e.clone()
	c.cause = cause
	return c
}

// Invalid returns an INVALID_ARGUMENT error carrying field violations.
func Invalid(fields ...FieldViolation) *Error {
	return &Error{
		Kind:      KindInvalidArgument,
		Reason:    "INVALID_ARGUMENT",
		Message:   "the request has invalid fields",
		MessageJA: "入力内容に誤りがあります。",
		Fields:    fields,
	}
}

// Internal wraps an unexpected error; callers see only a generic message.
func Internal(cause error) *Error {
	return &Error{
		Kind:      KindInternal,
		Reason:    "INTERNAL",
		Message:   "internal error",
		MessageJA: "システムエラーが発生しました。時間をおいて再度お試しください。",
		cause:     cause,
	}
}

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
	ErrUnauthenticated = New(KindUnauthenticated, "UNAUTHENTICATED",
		"authentication required", "ログインしてください。")
	// ErrPermissionDenied: the caller's principal may not do this. It is also returned
	// for resources of another establishment, so existence never leaks (AIP-193).
	ErrPermissionDenied = New(KindPermissionDenied, "PERMISSION_DENIED",
		"permission denied", "この操作を行う権限がありません。")
	// ErrUnavailable: a dependency cannot be reached; the request changed nothing.
	ErrUnavailable = New(KindUnavailable, "SERVICE_UNAVAILABLE",
		"a dependency is unavailable", "ただいま処理できません。時間をおいて再度お試しください。")
	// ErrRateLimited: too many requests from this caller or for this account.
	ErrRateLimited = New(KindResourceExhausted, "RATE_LIMITED",
		"too many requests", "短時間に多くの操作が行われました。時間をおいて再度お試しください。")
)
