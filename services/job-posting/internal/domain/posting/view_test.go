package posting

import (
	"testing"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
)

func publishedWithScope(t *testing.T, sc codes.Scope) *Posting {
	t.Helper()
	c := content()
	c.Category.Scope = sc
	if !sc.AllowsOnlineApplication() {
		c.Category.Online = codes.OnlineNotAccepted
	}
	p := draft(c)
	if _, err := p.Submit(submission(jst(2026, 3, 30))); err != nil {
		t.Fatal(err)
	}
	if err := p.Accept(mustNumber(t, "13010-00000007"), deadline.DefaultPolicy(), jst(2026, 4, 1)); err != nil {
		t.Fatal(err)
	}
	_ = p.Publish(jst(2026, 4, 2))
	return p
}

// §2.3 and issue 10: scope 1 and 3 for everyone, scope 2 only for the seeker portal,
// scope 4 never; nothing before publication.
func TestVisibleTo_PerScopeAndAudience(t *testing.T) {
	cases := []struct {
		scope          codes.Scope
		public, portal bool
	}{
		{codes.ScopeFull, true, true},
		{codes.ScopeSeekersOnly, false, true},
		{codes.ScopeAnonymous, true, true},
		{codes.ScopeNotPublished, false, false},
	}
	for _, c := range cases {
		p := publishedWithScope(t, c.scope)
		if p.VisibleTo(AudiencePublic) != c.public || p.VisibleTo(AudienceSeekerPortal) != c.portal {
			t.Errorf("scope %d: public %v portal %v", c.scope, p.VisibleTo(AudiencePublic), p.VisibleTo(AudienceSeekerPortal))
		}
	}
	if inState(t, StateAccepted).VisibleTo(AudienceSeekerPortal) || inState(t, StateHeld).VisibleTo(AudiencePublic) {
		t.Error("an accepted or held posting is not in the search")
	}
}

func TestPublicContent_Scope3HidesWhatIdentifiesTheEstablishment(t *testing.T) {
	anon := publishedWithScope(t, codes.ScopeAnonymous).PublicContent()
	if anon.Workplace.Address != "" || anon.Workplace.PostalCode != "" || anon.Selection.Contact != (Contact{}) {
		t.Errorf("scope 3 shows %q %q %+v", anon.Workplace.Address, anon.Workplace.PostalCode, anon.Selection.Contact)
	}
	if anon.Workplace.Municipality != "13101" || anon.Workplace.NearestStation == "" || anon.Job.Occupation == "" {
		t.Error("scope 3 must keep the municipality, station and job")
	}
	full := publishedWithScope(t, codes.ScopeFull)
	if v := full.PublicContent(); v.Workplace.Address == "" || v.Selection.Contact.Phone == "" {
		t.Error("scope 1 shows the address and the contact")
	}
	if full.Content.Workplace.Address == "" {
		t.Error("PublicContent changed the posting")
	}
}

// §7: the list card's fields.
func TestCard_FieldsOfTheList(t *testing.T) {
	p := published(t)
	p.Content.Job.Age = AgeLimit{Limited: true, Max: 59, Exception: codes.AgeRetirement, Reason: "定年60歳"}
	c := p.Card(14)
	if c.Status != "公開中" || c.Number != "13010-00000001" || c.Occupation != "一般事務" || c.Prefecture != 13 ||
		c.Openings != 2 || c.Age != "59歳以下" || c.Wage.Total.Lower != 250_000 || c.Wage.Total.Upper != 300_000 ||
		!c.RenewalOpensOn.Equal(jst(2026, 6, 16)) || c.List != ListValid {
		t.Errorf("card %+v", c)
	}
	d := NewDraft("p-5", "est-1", tokyoOffice, "acc-1", deadline.ChannelMyPage, jst(2026, 3, 1)).Card(14)
	if d.Status != "入力中" || d.List != ListApplying || !d.RenewalOpensOn.IsZero() || d.Number != "" {
		t.Errorf("draft card %+v", d)
	}
}

func TestAgeLimit_Label(t *testing.T) {
	for want, a := range map[string]AgeLimit{
		"不問": {}, "59歳以下": {Limited: true, Max: 59}, "18歳以上": {Limited: true, Min: 18}, "30歳〜39歳": {Limited: true, Min: 30, Max: 39},
	} {
		if got := a.Label(); got != want {
			t.Errorf("%+v: %q, want %q", a, got, want)
		}
	}
}
