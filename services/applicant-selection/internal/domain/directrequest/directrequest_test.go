package directrequest

import (
	"fmt"
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

var now = time.Date(2026, 6, 9, 10, 0, 0, 0, clock.JST)

func published() posting.Facts {
	return posting.Facts{ID: "p-1", EstablishmentID: "est-1", OfficeCode: "1301", Scope: posting.ScopeFull,
		AcceptsSelfApplication: true, Status: posting.StatusPublished, ReferralDeadline: jst(2026, 6, 30)}
}

func publishing(n int) *seeker.Seeker {
	return &seeker.Seeker{Number: seeker.MustNumber(fmt.Sprintf("13020-%08d", n)), Kind: seeker.KindOnline,
		ValidUntil: jst(2026, 12, 31), HasMyPage: true, Profile: &seeker.Profile{}}
}

func sentTo(t *testing.T, n int) []*Request {
	t.Helper()
	var out []*Request
	for i := 1; i <= n; i++ {
		r, err := DefaultPolicy().Send(Input{ID: fmt.Sprint(i), Message: "ご応募をご検討ください。", SentBy: "acc-1"}, published(), publishing(i), out, now)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		out = append(out, r)
	}
	return out
}

// SEEK-1, §5: at most 10 seekers per posting; the 10th passes, the 11th is refused.
func TestSend_TenthPassesEleventhIsRefused(t *testing.T) {
	pol := DefaultPolicy()
	nine := sentTo(t, 9)
	if pol.Remaining("p-1", nine) != 1 {
		t.Errorf("remaining %d", pol.Remaining("p-1", nine))
	}
	tenth, err := pol.Send(Input{ID: "10", Message: "m", SentBy: "acc-1"}, published(), publishing(10), nine, now)
	if err != nil {
		t.Fatalf("10th: %v", err)
	}
	ten := append(nine, tenth)
	_, err = pol.Send(Input{ID: "11", Message: "m", SentBy: "acc-1"}, published(), publishing(11), ten, now)
	if finding.ReasonOf(err) != finding.DirectRequestLimit || err.(*finding.Refusal).Param("max") != "10" || err.(*finding.Refusal).Validate() != nil {
		t.Fatalf("11th: %v", err)
	}
	if pol.Remaining("p-1", ten) != 0 {
		t.Error("remaining after 10")
	}
	other := published()
	other.ID = "p-2"
	if _, err := pol.Send(Input{ID: "x", Message: "m"}, other, publishing(11), ten, now); err != nil {
		t.Errorf("the limit is per posting: %v", err)
	}
}

func TestSend_EachRefusal(t *testing.T) {
	pol := DefaultPolicy()
	withdrawn := publishing(1)
	withdrawn.Profile = nil
	noMyPage := publishing(1)
	noMyPage.HasMyPage = false
	expired := publishing(1)
	expired.ValidUntil = jst(2026, 6, 8)
	scope3 := published()
	scope3.Scope = posting.ScopeAnonymous
	noSelf := published()
	noSelf.AcceptsSelfApplication = false
	held := published()
	held.Status = posting.StatusHeld
	invalid := published()
	invalid.Status, invalid.InvalidCause, invalid.InvalidFrom = posting.StatusInvalid, posting.CauseStopped, jst(2026, 6, 5)
	cases := []struct {
		name    string
		msg     string
		p       posting.Facts
		s       *seeker.Seeker
		earlier []*Request
		at      time.Time
		want    finding.Reason
	}{
		{"a good request", "m", published(), publishing(1), nil, now, ""},
		{"empty message", " ", published(), publishing(1), nil, now, finding.ValidationFailed},
		{"message of 2,001 characters", strings.Repeat("あ", 2001), published(), publishing(1), nil, now, finding.ValidationFailed},
		{"invalid posting", "m", invalid, publishing(1), nil, now, finding.PostingNotAcceptingApplicants},
		{"the day after the 紹介期限日", "m", published(), publishing(1), nil, jst(2026, 7, 1), finding.PostingNotAcceptingApplicants},
		{"posting without オンライン自主応募", "m", noSelf, publishing(1), nil, now, finding.DirectRequestNeedsSelfApply},
		{"scope-3 posting", "m", scope3, publishing(1), nil, now, finding.DirectRequestNeedsSelfApply},
		{"held posting", "m", held, publishing(1), nil, now, finding.DirectRequestNeedsSelfApply},
		{"seeker withdrew the profile", "m", published(), withdrawn, nil, now, finding.SeekerProfileNotPublished},
		{"seeker without a MyPage", "m", published(), noMyPage, nil, now, finding.SeekerNoMyPage},
		{"seeker's registration expired", "m", published(), expired, nil, now, finding.SeekerRegistrationExpired},
		{"the same seeker twice", "m", published(), publishing(1), []*Request{{PostingID: "p-1", Seeker: publishing(1).Number}}, now, finding.DirectRequestDuplicate},
		{"the same seeker for another posting", "m", published(), publishing(1), []*Request{{PostingID: "p-2", Seeker: publishing(1).Number}}, now, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := pol.Send(Input{ID: "r", Message: c.msg, SentBy: "acc-1"}, c.p, c.s, c.earlier, c.at)
			if got := finding.ReasonOf(err); got != c.want {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if ref, ok := err.(*finding.Refusal); ok && ref.Validate() != nil {
				t.Error(ref.Validate())
			}
			if err == nil && (r.Status != StatusSent || r.PostingID != c.p.ID || r.SentBy != "acc-1" || r.EstablishmentID != "est-1") {
				t.Errorf("%+v", r)
			}
		})
	}
}

// §3.1 item 4: applying through a request is an オンライン自主応募, recorded once.
func TestApplied_ArrivesAsSelfApplicationOnce(t *testing.T) {
	r := sentTo(t, 1)[0]
	s := publishing(1)
	a, err := application.SelfApply(application.SelfApplication{ID: "a-1", Motivation: "リクエストを拝見しました。", DirectRequestID: r.ID}, published(), s, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Channel != application.ChannelSelf || a.DirectRequestID != r.ID {
		t.Errorf("%+v", a)
	}
	if err := r.Applied(a.ID, now); err != nil || r.Status != StatusApplied || r.ApplicationID != "a-1" {
		t.Fatalf("%+v %v", r, err)
	}
	if finding.ReasonOf(r.Applied("a-2", now)) != finding.InvalidState {
		t.Error("applied twice")
	}
	if application.PendingSelfApplications([]*application.Application{a}) != 1 {
		t.Error("a request's application counts for ACC-3")
	}
}
