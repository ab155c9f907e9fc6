package message

import (
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

func jst(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, clock.JST) }

var applied = time.Date(2026, 6, 1, 10, 0, 0, 0, clock.JST)

func published() posting.Facts {
	return posting.Facts{ID: "p-1", EstablishmentID: "est-1", OfficeCode: "1301", OfficeName: "ハローワーク飯田橋",
		JobNumber: "13010-00000001", Occupation: "一般事務", Scope: posting.ScopeFull, AcceptsSelfApplication: true,
		Status: posting.StatusPublished, Version: 1, ReferralDeadline: jst(2026, 6, 30), SubmittedBy: "acc-dept"}
}

func cancelledOn(d time.Time) posting.Facts {
	p := published()
	p.Status, p.InvalidCause, p.InvalidFrom = posting.StatusInvalid, posting.CauseCancelled, d
	return p
}

func person(myPage bool) *seeker.Seeker {
	return &seeker.Seeker{Number: seeker.MustNumber("13020-00000007"), Kind: seeker.KindRegistered,
		ValidUntil: jst(2026, 12, 31), HasMyPage: myPage, Personal: seeker.Personal{Name: "デモ 求職者七"},
		Profile: &seeker.Profile{}}
}

func thread(t *testing.T) *Thread {
	t.Helper()
	a, err := application.SelfApply(application.SelfApplication{ID: "a-1", Motivation: "m"}, published(), person(true), nil, applied)
	if err != nil {
		t.Fatal(err)
	}
	th, err := OpenForApplication("t-1", a, published(), "acc-primary", applied)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// MSG-1: only with a seeker who has a 求職者マイページ.
func TestOpenForApplication_OnlyWithAMyPageOwnedByThePostingsAccount(t *testing.T) {
	th := thread(t)
	if th.Owner != "acc-dept" || th.ApplicationID != "a-1" || th.EstablishmentID != "est-1" {
		t.Errorf("%+v", th)
	}
	a, err := application.ReferAtCounter(application.CounterReferral{ID: "a-2", Office: seeker.Office{Code: "1302", Name: "ハローワーク新宿"}}, published(), person(false), nil, applied)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenForApplication("t-2", a, published(), "acc-primary", applied); finding.ReasonOf(err) != finding.SeekerNoMyPage {
		t.Errorf("thread with a seeker without MyPage: %v", err)
	}
	p := published()
	p.SubmittedBy = ""
	a.SeekerHasMyPage = true
	if th, _ := OpenForApplication("t-3", a, p, "acc-primary", applied); th.Owner != "acc-primary" {
		t.Errorf("owner %s", th.Owner)
	}
}

// MSG-1, §4: send while the posting is valid; read only until the result deadline;
// then purged. A posting cancelled on 6/10 (deadline 9/30).
func TestWindow_SendReadPurgePerPhase(t *testing.T) {
	pol := DefaultPolicy()
	cases := []struct {
		name string
		p    posting.Facts
		now  time.Time
		want Window
	}{
		{"valid", published(), jst(2026, 6, 9), WindowOpen},
		{"the 紹介期限日's last minute", published(), time.Date(2026, 6, 30, 23, 59, 0, 0, clock.JST), WindowOpen},
		{"the day after the 紹介期限日, before the expiry event", published(), jst(2026, 7, 1), WindowReadOnly},
		{"the day of the cancellation", cancelledOn(jst(2026, 6, 10)), time.Date(2026, 6, 10, 9, 0, 0, 0, clock.JST), WindowReadOnly},
		{"the deadline's last second", cancelledOn(jst(2026, 6, 10)), time.Date(2026, 9, 30, 23, 59, 59, 0, clock.JST), WindowReadOnly},
		{"the day after the deadline", cancelledOn(jst(2026, 6, 10)), jst(2026, 10, 1), WindowPurge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := pol.WindowAt(c.p, c.now); got != c.want {
				t.Errorf("%s, want %s", got, c.want)
			}
		})
	}
	kept := Policy{MaxBody: 2000, Retention: 30 * 24 * time.Hour}
	if kept.WindowAt(cancelledOn(jst(2026, 6, 10)), jst(2026, 10, 30)) != WindowReadOnly || kept.WindowAt(cancelledOn(jst(2026, 6, 10)), jst(2026, 10, 31)) != WindowPurge {
		t.Error("retention after the deadline")
	}
}

// TestPurge_AfterTheDeadlinePlusRetention (MSG-1): a valid posting's threads are never
// purged; an invalid one's are kept through the result deadline's last second (plus the
// configured retention) and purged from the next instant.
func TestPurge_AfterTheDeadlinePlusRetention(t *testing.T) {
	cancelled := cancelledOn(jst(2026, 6, 10)) // result deadline 9/30
	for _, c := range []struct {
		name      string
		retention time.Duration
		p         posting.Facts
		now       time.Time
		want      bool
	}{
		{"valid, long after", 0, published(), jst(2026, 6, 29), false},
		{"the deadline's last second", 0, cancelled, time.Date(2026, 9, 30, 23, 59, 59, 0, clock.JST), false},
		{"the day after the deadline", 0, cancelled, jst(2026, 10, 1), true},
		{"retention 30 days: its last second", 30 * 24 * time.Hour, cancelled, time.Date(2026, 10, 30, 23, 59, 59, 0, clock.JST), false},
		{"retention 30 days: the day after", 30 * 24 * time.Hour, cancelled, jst(2026, 10, 31), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			pol := Policy{MaxBody: 2000, Retention: c.retention}
			if got := pol.Purge(c.p, c.now); got != c.want {
				t.Errorf("Purge = %v, want %v", got, c.want)
			}
		})
	}
}

// TestSendAndRead_EveryActionInEveryWindow is MSG-1's table: who may do what in each
// window of the thread's posting.
func TestSendAndRead_EveryActionInEveryWindow(t *testing.T) {
	pol := DefaultPolicy()
	at := map[Window]struct {
		p   posting.Facts
		now time.Time
	}{
		WindowOpen:     {published(), jst(2026, 6, 9)},
		WindowReadOnly: {cancelledOn(jst(2026, 6, 10)), jst(2026, 6, 10)},
		WindowPurge:    {cancelledOn(jst(2026, 6, 10)), jst(2026, 10, 1)},
	}
	actions := map[string]func(*Thread, posting.Facts, time.Time) error{
		"employer_sends": func(th *Thread, p posting.Facts, now time.Time) error {
			_, err := pol.EmployerSends("m", th, "acc-1", "面接日程のご相談です。", p, person(true), now)
			return err
		},
		"seeker_sends": func(th *Thread, p posting.Facts, now time.Time) error {
			_, _, err := pol.SeekerSends("m", th, "よろしくお願いします。", p, person(true), now)
			return err
		},
		"read": func(_ *Thread, p posting.Facts, now time.Time) error { return pol.CheckReadable(p, now) },
	}
	want := map[string][3]finding.Reason{
		"employer_sends": {"", finding.MessagePostingNotValid, finding.MessageThreadClosed},
		"seeker_sends":   {"", finding.MessagePostingNotValid, finding.MessageThreadClosed},
		"read":           {"", "", finding.MessageThreadClosed},
	}
	for name, do := range actions {
		for i, w := range []Window{WindowOpen, WindowReadOnly, WindowPurge} {
			t.Run(name+"/"+w.String(), func(t *testing.T) {
				if pol.WindowAt(at[w].p, at[w].now) != w {
					t.Fatal("fixture in the wrong window")
				}
				err := do(thread(t), at[w].p, at[w].now)
				if got := finding.ReasonOf(err); got != want[name][i] {
					t.Errorf("got %v, want %q", err, want[name][i])
				}
			})
		}
	}
}

func TestEmployerSends_BodyAndSeekerChecks(t *testing.T) {
	pol := DefaultPolicy()
	th := thread(t)
	expired := person(true)
	expired.ValidUntil = jst(2026, 6, 1)
	cases := []struct {
		name string
		body string
		s    *seeker.Seeker
		want finding.Reason
	}{
		{"2,000 characters", strings.Repeat("あ", 2000), person(true), ""},
		{"2,001 characters", strings.Repeat("あ", 2001), person(true), finding.ValidationFailed},
		{"empty", " \r\n ", person(true), finding.ValidationFailed},
		{"a control character", "a\x07b", person(true), finding.ValidationFailed},
		{"seeker without a MyPage any more", "こんにちは", person(false), finding.SeekerNoMyPage},
		{"seeker's registration expired", "こんにちは", expired, finding.SeekerRegistrationExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := pol.EmployerSends("m-1", th, "acc-1", c.body, published(), c.s, jst(2026, 6, 9))
			if got := finding.ReasonOf(err); got != c.want {
				t.Fatalf("got %v", err)
			}
			if err == nil && (m.From != FromEmployer || m.AccountID != "acc-1" || m.EstablishmentID != "est-1" || !m.Unread()) {
				t.Errorf("%+v", m)
			}
		})
	}
	m, err := pol.EmployerSends("m-2", th, "acc-1", "  一行目\r\n二行目  ", published(), person(true), jst(2026, 6, 9))
	if err != nil || m.Body != "一行目\n二行目" {
		t.Errorf("%q %v", m.Body, err)
	}
}

// SEEK-1: once the seeker withdraws the profile, the employer may not continue a
// direct-request thread.
func TestEmployerSends_DirectRequestThreadNeedsThePublishedProfile(t *testing.T) {
	pol := DefaultPolicy()
	th := OpenForDirectRequest("t-9", "est-1", "p-1", "dr-1", seeker.MustNumber("13020-00000007"), "acc-2", applied)
	s := person(true)
	if _, err := pol.EmployerSends("m", th, "acc-2", "ご検討ください。", published(), s, jst(2026, 6, 9)); err != nil {
		t.Fatal(err)
	}
	s.Profile = nil
	if _, err := pol.EmployerSends("m", th, "acc-2", "ご検討ください。", published(), s, jst(2026, 6, 9)); finding.ReasonOf(err) != finding.SeekerProfileNotPublished {
		t.Errorf("got %v", err)
	}
	if _, _, err := pol.SeekerSends("m", th, "辞退します。", published(), s, jst(2026, 6, 9)); err != nil {
		t.Errorf("the seeker may still answer: %v", err)
	}
}

// §4: a seeker's message belongs to the thread's owner and mails it without the body.
func TestSeekerSends_ReceivedByTheOwnerWithAMailNotice(t *testing.T) {
	th := thread(t)
	m, n, err := DefaultPolicy().SeekerSends("m-1", th, "質問があります。", published(), person(true), jst(2026, 6, 9))
	if err != nil {
		t.Fatal(err)
	}
	if m.AccountID != "acc-dept" || m.From != FromSeeker || n != (Notice{Account: "acc-dept", ThreadID: "t-1"}) {
		t.Errorf("%+v %+v", m, n)
	}
}

// LOGIN-6: 「新着メッセージ N件」 counts unread messages from seekers and Hello Work;
// only the recipient's reading counts, once.
func TestNewForEmployer_CountsUnreadIncomingMessages(t *testing.T) {
	pol := DefaultPolicy()
	th := thread(t)
	now := jst(2026, 6, 9)
	in1, _, _ := pol.SeekerSends("m-1", th, "一通目", published(), person(true), now)
	in2, _, _ := pol.SeekerSends("m-2", th, "二通目", published(), person(true), now)
	out, _ := pol.EmployerSends("m-3", th, "acc-1", "返信", published(), person(true), now)
	sys := System("m-4", th, "応募がありました。", now)
	msgs := []*Message{in1, in2, out, sys}
	if got := NewForEmployer(msgs); got != 3 {
		t.Fatalf("new %d", got)
	}
	if in1.MarkRead(FromSeeker, now) {
		t.Error("the sender's reading counted")
	}
	if !in1.MarkRead(FromEmployer, now.Add(time.Hour)) || in1.MarkRead(FromEmployer, now.Add(2*time.Hour)) || !in1.ReadAt.Equal(now.Add(time.Hour)) {
		t.Error("first reading by the employer")
	}
	if !out.MarkRead(FromSeeker, now) || NewForEmployer(msgs) != 2 {
		t.Errorf("new %d", NewForEmployer(msgs))
	}
}

// ACC-2: deleting an additional account deletes exactly the messages exchanged
// through it: those it sent and those it received as the thread's owner.
func TestOfAccount_ExactlyTheMessagesOfTheDeletedAccount(t *testing.T) {
	pol := DefaultPolicy()
	now := jst(2026, 6, 9)
	owned := thread(t) // owner acc-dept
	other := thread(t)
	other.ID, other.Owner = "t-2", "acc-primary"
	a, _, _ := pol.SeekerSends("a", owned, "to dept", published(), person(true), now)
	b, _ := pol.EmployerSends("b", owned, "acc-dept", "from dept", published(), person(true), now)
	c, _ := pol.EmployerSends("c", owned, "acc-primary", "from primary in dept's thread", published(), person(true), now)
	d, _, _ := pol.SeekerSends("d", other, "to primary", published(), person(true), now)
	e, _ := pol.EmployerSends("e", other, "acc-dept", "from dept in primary's thread", published(), person(true), now)
	msgs := []*Message{a, b, c, d, e}
	got := OfAccount(msgs, "acc-dept")
	ids := ""
	for _, m := range got {
		ids += m.ID
	}
	if ids != "abe" {
		t.Errorf("deleted %q, want abe", ids)
	}
	if len(OfAccount(nil, "acc-dept")) != 0 || len(OfAccount(msgs, "")) != 0 {
		t.Error("nothing to delete")
	}
	changed := Reassign([]*Thread{owned, other}, "acc-dept", "acc-primary")
	if len(changed) != 1 || owned.Owner != "acc-primary" || len(Reassign([]*Thread{owned, other}, "acc-dept", "acc-primary")) != 0 {
		t.Error("reassign is idempotent and moves only the deleted account's threads")
	}
}

// §3.1: the 応募通知 of an online referral names the office, 求人番号, 職種 and seeker.
func TestApplicationNotice_NamesOfficeNumberOccupationAndSeeker(t *testing.T) {
	a, err := application.ApplyOnlineReferral(application.OnlineReferral{ID: "a", Offer: &application.Offer{PostingID: "p-1", Office: seeker.Office{Code: "1302", Name: "ハローワーク新宿"}}},
		published(), person(true), nil, applied)
	if err != nil {
		t.Fatal(err)
	}
	body := ApplicationNotice(a.Letter)
	for _, s := range []string{"応募通知（オンラインハローワーク紹介）", "ハローワーク新宿", "13010-00000001", "一般事務", "デモ 求職者七"} {
		if !strings.Contains(body, s) {
			t.Errorf("missing %q in %q", s, body)
		}
	}
}
