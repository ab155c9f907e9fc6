package application

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

var (
	applied   = time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)
	iidabashi = seeker.Office{Code: "1301", Name: "ハローワーク飯田橋"}
	shinjuku  = seeker.Office{Code: "1302", Name: "ハローワーク新宿"}
	employer  = Registrar{Role: RoleEmployer, AccountID: "acc-1"}
	staff     = Registrar{Role: RoleStaff, AccountID: "staff-1", OfficeCode: "1301"} // the posting's office
	yes, no   = true, false
)

// published is a valid posting of establishment est-1 at 飯田橋 that takes every channel.
func published() posting.Facts {
	return posting.Facts{
		ID: "p-1", EstablishmentID: "est-1", OfficeCode: "1301", OfficeName: "ハローワーク飯田橋",
		JobNumber: "13010-00000001", Occupation: "一般事務", Category: posting.CategoryGeneral,
		Scope: posting.ScopeFull, AcceptsSelfApplication: true, Status: posting.StatusPublished, Version: 2,
		ReferralDeadline: jst(2026, 6, 30), SubmittedBy: "acc-1",
	}
}

// expired is the same posting after its 紹介期限日 6/30: results until 9/30.
func expired() posting.Facts {
	p := published()
	p.Status, p.InvalidCause, p.InvalidFrom = posting.StatusInvalid, posting.CauseExpired, jst(2026, 7, 1)
	return p
}

// cancelled is the posting cancelled on 6/10: results until 9/30.
func cancelled() posting.Facts {
	p := published()
	p.Status, p.InvalidCause, p.InvalidFrom = posting.StatusInvalid, posting.CauseCancelled, jst(2026, 6, 10)
	return p
}

func person(kind seeker.Kind, myPage bool) *seeker.Seeker {
	return &seeker.Seeker{
		Number: seeker.MustNumber("13020-00000007"), Kind: kind, ValidUntil: jst(2026, 7, 31), HasMyPage: myPage,
		ContactOffice: shinjuku,
		Personal:      seeker.Personal{Name: "デモ 求職者七", Kana: "デモ キュウショクシャナナ", BirthDate: jst(1996, 4, 2), Phone: "090-0000-0007"},
	}
}

func selfApp(t *testing.T) *Application {
	t.Helper()
	a, err := SelfApply(SelfApplication{ID: "a-1", Motivation: "事務の経験を活かしたいです。"}, published(), person(seeker.KindOnline, true), nil, applied)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func counterApp(t *testing.T) *Application {
	t.Helper()
	a, err := ReferAtCounter(CounterReferral{ID: "a-2", LetterNo: "L-1", Office: shinjuku, StaffID: "staff-9",
		Selection: Selection{Method: "面接", InterviewAt: jst(2026, 6, 5), Place: "本社"}, Documents: "履歴書"},
		published(), person(seeker.KindRegistered, false), nil, applied)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func hire() ResultInput {
	return ResultInput{Decision: Hired, ConditionMismatch: &no, HireDate: jst(2026, 7, 1)}
}

func reject() ResultInput {
	return ResultInput{Decision: NotHired, NotHiredReason: "経験が条件に満たないため"}
}

func mustValid(t *testing.T, err error) {
	t.Helper()
	if r, ok := err.(*finding.Refusal); ok {
		if verr := r.Validate(); verr != nil {
			t.Error(verr)
		}
	}
}
