package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

func TestError_IsMatchesReasonThroughWrapping(t *testing.T) {
	locked := errs.New(errs.KindFailedPrecondition, "ACCOUNT_LOCKED", "locked", "ロック中です。")
	err := fmt.Errorf("sign in: %w", locked.WithRule("LOGIN-1").WithMeta("until", "10:30"))
	if !errors.Is(err, locked) {
		t.Fatal("errors.Is lost the reason through wrapping and copies")
	}
	if errors.Is(err, errs.ErrPermissionDenied) {
		t.Fatal("errors.Is matched a different reason")
	}
	if got := errs.KindOf(err); got != errs.KindFailedPrecondition {
		t.Fatalf("KindOf = %v", got)
	}
}

func TestError_CopiesDoNotShareMetadata(t *testing.T) {
	base := errs.New(errs.KindInvalidArgument, "X", "x", "x")
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
