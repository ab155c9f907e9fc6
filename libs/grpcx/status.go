// Package grpcx is the gRPC side of every hellowork service: the server bootstrap
// (health, reflection, metrics, graceful shutdown), the interceptor chain, the one place
// where errs.Error becomes a gRPC status, and client dialling.
package grpcx

import (
	"context"
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

var kindCodes = map[errs.Kind]codes.Code{
	errs.KindInternal:           codes.Internal,
	errs.KindInvalidArgument:    codes.InvalidArgument,
	errs.KindNotFound:           codes.NotFound,
	errs.KindAlreadyExists:      codes.AlreadyExists,
	errs.KindPermissionDenied:   codes.PermissionDenied,
	errs.KindUnauthenticated:    codes.Unauthenticated,
	errs.KindFailedPrecondition: codes.FailedPrecondition,
	errs.KindAborted:            codes.Aborted,
	errs.KindResourceExhausted:  codes.ResourceExhausted,
	errs.KindUnavailable:        codes.Unavailable,
	errs.KindDeadlineExceeded:   codes.DeadlineExceeded,
}

// Code returns the gRPC code of an error kind.
func Code(k errs.Kind) codes.Code {
	if c, ok := kindCodes[k]; ok {
		return c
	}
	return codes.Internal
}

// Status converts any error a handler returns into the status a caller sees.
//
//   - *errs.Error: its code, English message, and details ErrorInfo{reason, domain,
//     metadata (with rule_id)}, LocalizedMessage{ja-JP}, and BadRequest when it has
//     field violations.
//   - an existing gRPC status: kept as it is.
//   - context cancellation/deadline: CANCELLED / DEADLINE_EXCEEDED.
//   - anything else: INTERNAL with a generic message; the cause is only logged.
func Status(err error, domain string) *status.Status {
	if err == nil {
		return status.New(codes.OK, "")
	}
	if e, ok := errs.As(err); ok {
		return fromError(e, domain)
	}
	if s, ok := status.FromError(err); ok {
		return s
	}
	switch {
	case errors.Is(err, context.Canceled):
		return status.New(codes.Canceled, "request cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return status.New(codes.DeadlineExceeded, "deadline exceeded")
	}
	return fromError(errs.Internal(err), domain)
}

func fromError(e *errs.Error, domain string) *status.Status {
	msg := e.Message
	st := status.New(Code(e.Kind), msg)
	meta := map[string]string{}
	for k, v := range e.Metadata {
		meta[k] = v
	}
	if e.RuleID != "" {
		meta["rule_id"] = e.RuleID
	}
	details := []protoadapt.MessageV1{
		&errdetails.ErrorInfo{Reason: e.Reason, Domain: domain, Metadata: meta},
	}
	if e.MessageJA != "" {
		details = append(details, &errdetails.LocalizedMessage{Locale: "ja-JP", Message: e.MessageJA})
	}
	if len(e.Fields) > 0 {
		br := &errdetails.BadRequest{}
		for _, f := range e.Fields {
			fv := &errdetails.BadRequest_FieldViolation{Field: f.Field, Description: f.Message, Reason: f.Reason}
			if f.MessageJA != "" {
				fv.LocalizedMessage = &errdetails.LocalizedMessage{Locale: "ja-JP", Message: f.MessageJA}
			}
			br.FieldViolations = append(br.FieldViolations, fv)
		}
		details = append(details, br)
	}
	withDetails, err := st.WithDetails(details...)
	if err != nil {
		return st
	}
	return withDetails
}

// Reason returns the ErrorInfo reason of a status error (as a client sees it), or "".
func Reason(err error) string {
	s, ok := status.FromError(err)
	if !ok {
		return ""
	}
	for _, d := range s.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info.Reason
		}
	}
	return ""
}

// LocalizedMessage returns the ja-JP message of a status error, or "".
func LocalizedMessage(err error) string {
	s, ok := status.FromError(err)
	if !ok {
		return ""
	}
	for _, d := range s.Details() {
		if m, ok := d.(*errdetails.LocalizedMessage); ok {
			return m.Message
		}
	}
	return ""
}

// FieldViolations returns the BadRequest field violations of a status error.
func FieldViolations(err error) []*errdetails.BadRequest_FieldViolation {
	s, ok := status.FromError(err)
	if !ok {
		return nil
	}
	for _, d := range s.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			return br.FieldViolations
		}
	}
	return nil
}
