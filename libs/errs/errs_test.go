package errs_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

func TestError_IsMatchesReasonThroughWrapping(t *testing.T) {
	locked := errs.New(errs.KindUnauthenticated, "INVALID_CREDENTIALS", "locked")
	err := fmt.Errorf("sign in: %w", locked.WithRule("LOGIN-1").WithMeta("until", "10:30"))
	if !errors.Is(err, locked) {
		t.Fatal("errors.Is lost the reason through wrapping and copies")
	}
	if errors.Is(err, errs.ErrPermissionDenied) {
		t.Fatal("errors.Is matched a different reason")
	}
	if got := errs.KindOf(err); got != errs.KindUnauthenticated {
		t.Fatalf("KindOf = %v", got)
	}
}

func TestError_CopiesDoNotShareMetadata(t *testing.T) {
	base := errs.New(errs.KindInvalidArgument, "INVALID_ARGUMENT", "x")
	a := base.WithMeta("k", "a")
	b := a.WithMeta("k", "b")
	if a.Metadata["k"] != "a" || b.Metadata["k"] != "b" || base.Metadata != nil {
		t.Fatalf("metadata shared between copies: base=%v a=%v b=%v", base.Metadata, a.Metadata, b.Metadata)
	}
}

func TestInternal_HidesCauseFromMessage(t *testing.T) {
	e := errs.Internal(errors.New("pq: password=secret"))
	if e.Message != "internal error" || e.MessageJA == "" {
		t.Fatalf("internal error leaks details: %+v", e)
	}
	if errs.KindOf(errors.New("plain")) != errs.KindInternal {
		t.Fatal("unclassified error is not internal")
	}
}

func TestNew_TakesTheDeclaredJapaneseText(t *testing.T) {
	e := errs.New(errs.KindFailedPrecondition, "INVALID_STATE", "the state does not allow this")
	d, _ := errs.Lookup("INVALID_STATE")
	if e.MessageJA != d.MessageJA || e.MessageJA != "現在の状態ではこの操作はできません。" {
		t.Fatalf("MessageJA = %q, declared %q", e.MessageJA, d.MessageJA)
	}
	if errs.Invalid().Reason != "INVALID_ARGUMENT" || errs.Internal(nil).Reason != "INTERNAL" {
		t.Fatal("Invalid/Internal reasons changed")
	}
}

func TestNew_RefusesUndeclaredReasonsAndOtherCodes(t *testing.T) {
	tests := []struct {
		name string
		make func()
		want string
	}{
		{"an undeclared reason", func() { _ = errs.New(errs.KindFailedPrecondition, "ACCOUNT_LOCKED", "x") }, "not declared"},
		{"a reason with the REASON_ prefix", func() { _ = errs.New(errs.KindFailedPrecondition, "REASON_INVALID_STATE", "x") }, "not declared"},
		{"a declared reason with another code", func() { _ = errs.New(errs.KindInvalidArgument, "INVALID_STATE", "x") }, "declared with code FAILED_PRECONDITION"},
		{"an undeclared field reason", func() { errs.Field("f", "NOT_A_REASON", "x") }, "not declared"},
		{"a field param the text does not use", func() { errs.Field("f", "PASSWORD_MISMATCH", "x", "label", "y") }, "no placeholder {label}"},
		{"an unfilled placeholder", func() { errs.Field("f", "TOO_LONG", "x", "label", "事業所名") }, "{max_length} not filled"},
		{"odd params", func() { errs.Field("f", "REQUIRED", "x", "label") }, "pairs"}, //nolint:staticcheck // SA5012: an odd number of params on purpose
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Fatalf("panic = %v, want one containing %q", r, tc.want)
				}
			}()
			tc.make()
		})
	}
}

func TestField_FillsPlaceholders(t *testing.T) {
	v := errs.Field("basic.name", "TOO_LONG", "too long", "label", "事業所名", "max_length", "100")
	if v.Field != "basic.name" || v.Reason != "TOO_LONG" || v.Message != "too long" ||
		v.MessageJA != "事業所名は100文字以内で入力してください。" {
		t.Fatalf("violation = %+v", v)
	}
	e := errs.New(errs.KindInvalidArgument, "EMAIL_INVALID", "bad e-mail").OnField("login_email")
	if len(e.Fields) != 1 || e.Fields[0] != (errs.FieldViolation{Field: "login_email", Reason: "EMAIL_INVALID",
		Message: "bad e-mail", MessageJA: e.MessageJA}) {
		t.Fatalf("OnField = %+v", e.Fields)
	}
}
