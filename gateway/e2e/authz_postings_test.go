package e2e_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// The job-posting routes of the REST authorization matrix (authz_rest_test.go): each
// tenant has a posting in every state a route acts on; the other tenant's primary and
// additional accounts, a provisional account (OPEN-1) of a third establishment, staff
// of another office and a caller without a session try every route on them. A role the
// RPC's policy (hellowork.authz.v1.policy in job_posting_service.proto) admits gets 404
// exactly as for a missing posting; a role it does not admit gets 403; no session, 401.

// tenantPostings are a tenant's postings, one per state a route acts on.
type tenantPostings struct {
	draft     string // 下書き: sections saved, not submitted
	applied   string // 申込み中 (PROVISIONAL): submitted, waiting for the office
	accepted  string // 受理 (ACCEPTED), not yet published, nothing pending
	published string // 公開中 (PUBLISHED) with a pending 募集停止 application
	numbers   []string
	snapshot  map[string]string // posting id → what must not change
}

// values are the ids and 求人番号 another tenant must never see.
func (p tenantPostings) values() []string {
	var out []string
	for _, v := range append([]string{p.draft, p.applied, p.accepted, p.published}, p.numbers...) {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// addPostingActors signs in the two callers only the posting routes use: a provisional
// account whose establishment job-posting knows (it may draft its first posting,
// OPEN-1) and a browser without a session.
func (aw *authzWorld) addPostingActors(t *testing.T) {
	t.Helper()
	w := aw.w
	email := uniqueEmail("authz-prov")
	prov := newBrowser(t, w.st, "provisional-P")
	must2xx(t, prov.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(email, subjAccountProvisional)
	key := w.mb.authKey(t, email, subjAccountProvisional)
	must2xx(t, prov.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.signIn(t, prov, email, employerPassword, false)
	estID := must2xx(t, prov.post("/v1/establishments", map[string]any{})).str(t, "establishment_id")
	saveSections(t, prov, estID, sections("テスト商事 AUTHZ-P", "03-3100-0003"))
	must2xx(t, prov.post("/v1/establishments/"+estID+":submit", map[string]any{}))
	w.expect(email, subjEstablishmentProv)
	waitJobPostingKnows(t, prov)
	aw.provisional = prov
	aw.anonymous = newBrowser(t, w.st, "anonymous")
}

// addPostings gives tn a posting in each state: drafted, submitted, accepted by its
// office, published with a pending stop application.
func (aw *authzWorld) addPostings(t *testing.T, tn *tenant) {
	t.Helper()
	emp := tn.o.employer
	waitJobPostingKnows(t, emp)
	jp := &tn.jp
	jp.draft = draftPosting(t, emp, "一般事務")
	jp.applied = draftPosting(t, emp, "営業事務")
	aw.w.expect(tn.o.email, subjPostingProv)
	submitPosting(t, emp, jp.applied)
	jp.accepted = draftPosting(t, emp, "経理事務")
	aw.w.expect(tn.o.email, subjPostingProv)
	submitPosting(t, emp, jp.accepted)
	aw.w.expect(tn.o.email, subjPostingAccepted)
	jp.numbers = append(jp.numbers, must2xx(t, aw.staff.post("/v1/staff/postings/"+jp.accepted+":accept", map[string]any{})).str(t, "job_number"))
	jp.published = draftPosting(t, emp, "総務事務")
	aw.w.expect(tn.o.email, subjPostingProv)
	submitPosting(t, emp, jp.published)
	aw.w.expect(tn.o.email, subjPostingAccepted)
	jp.numbers = append(jp.numbers, must2xx(t, aw.staff.post("/v1/staff/postings/"+jp.published+":accept", map[string]any{})).str(t, "job_number"))
	must2xx(t, aw.staff.post("/v1/staff/postings/"+jp.published+":publish", map[string]any{}))
	r := must2xx(t, emp.post("/v1/postings/"+jp.published+":requestStop", map[string]any{"note": "充足のため"}))
	if r.str(t, "pending_application") == "" {
		t.Fatalf("tenant %s: the stop application is not pending: %s", tn.label, r)
	}
	jp.snapshot = map[string]string{}
	for _, id := range []string{jp.draft, jp.applied, jp.accepted, jp.published} {
		jp.snapshot[id] = postingSnapshot(t, emp, id)
	}
	for id, want := range map[string]string{jp.draft: "POSTING_STATE_DRAFT", jp.applied: "POSTING_STATE_PROVISIONAL",
		jp.accepted: "POSTING_STATE_ACCEPTED", jp.published: "POSTING_STATE_PUBLISHED"} {
		if !strings.Contains(jp.snapshot[id], "state="+want+"|") {
			t.Fatalf("tenant %s: posting %s is %s, want %s", tn.label, id, jp.snapshot[id], want)
		}
	}
}

// postingSnapshot is what of a posting an attacker's call could change.
func postingSnapshot(t *testing.T, b *browser, id string) string {
	t.Helper()
	r := must2xx(t, b.get("/v1/postings/"+id))
	var parts []string
	for _, k := range []string{"state", "job_number", "pending_application", "referral_deadline", "content_version",
		"submitted_by", "office_message", "content.pr.pr", "published_at", "update_time"} {
		parts = append(parts, k+"="+r.str(t, k))
	}
	return strings.Join(parts, "|")
}

// postingsUnchanged checks that the matrix changed none of tn's postings and added none.
func (aw *authzWorld) postingsUnchanged(t *testing.T, tn *tenant) {
	t.Helper()
	for id, before := range tn.jp.snapshot {
		if after := postingSnapshot(t, tn.o.employer, id); after != before {
			t.Errorf("tenant %s's posting %s changed:\nbefore %s\nafter  %s", tn.label, id, before, after)
		}
	}
	var list struct {
		Postings []struct {
			ID string `json:"posting_id"`
		} `json:"postings"`
	}
	must2xx(t, tn.o.employer.get("/v1/postings?page_size=100")).decode(t, &list)
	if len(list.Postings) != len(tn.jp.snapshot) {
		t.Errorf("tenant %s has %d postings, want its %d: %v", tn.label, len(list.Postings), len(tn.jp.snapshot), list.Postings)
	}
}

// postingCells are the matrix cells of the job-posting routes with x's callers (and the
// provisional, other-office and anonymous ones) acting on v's postings.
func (aw *authzWorld) postingCells(x, v *tenant, victim []string) []cell {
	jp := v.jp
	type actor struct {
		who  string
		as   *browser
		role string // "primary", "additional", "provisional", "staff"
	}
	actors := []actor{{"primary-" + x.label, x.o.employer, "primary"}, {"additional-" + x.label, x.extra, "additional"},
		{"provisional-P", aw.provisional, "provisional"}, {"staff-" + aw.otherOffice, aw.staffOther, "staff"}}
	const (
		employers = "primary additional provisional"
		opened    = "primary additional" // applications on a valid posting: an opened MyPage only
		editors   = "primary additional provisional staff"
		staff     = "staff"
	)
	p := func(id, verb string) string { return "/v1/postings/" + id + verb }
	sp := func(id, verb string) string { return "/v1/staff/postings/" + id + verb }
	deadline := time.Now().In(time.FixedZone("JST", 9*3600)).AddDate(0, 0, 7).Format("2006-01-02")
	hijack := map[string]any{"pr": map[string]any{"pr": "乗っ取り", "features": []string{"FEATURE_SMOKING_MEASURES"}}}
	// Routes that name v's posting or establishment, with the roles their policy admits.
	type target struct {
		route, path string
		body        any
		roles       string
	}
	targets := []target{
		{"GET /v1/postings/{posting_id}", p(jp.draft, ""), nil, editors},
		{"GET /v1/postings/{posting_id}", p(jp.applied, ""), nil, editors},
		{"GET /v1/postings/{posting_id}", p(jp.published, ""), nil, editors},
		{"POST /v1/postings/{posting_id}:updateSection", p(jp.draft, ":updateSection"), hijack, editors},
		// Body id vs path id: the path names v's draft, the body x's.
		{"POST /v1/postings/{posting_id}:updateSection", p(jp.draft, ":updateSection"),
			map[string]any{"posting_id": x.jp.draft, "pr": hijack["pr"]}, editors},
		{"POST /v1/postings/{posting_id}:submit", p(jp.draft, ":submit"), map[string]any{}, editors},
		{"POST /v1/postings/{posting_id}:withdraw", p(jp.applied, ":withdraw"), map[string]any{}, employers},
		{"POST /v1/postings/{posting_id}:requestChange", p(jp.accepted, ":requestChange"),
			map[string]any{"content": postingContent("乗っ取り事務"), "note": "乗っ取り"}, opened},
		{"POST /v1/postings/{posting_id}:requestStop", p(jp.accepted, ":requestStop"), map[string]any{"note": "乗っ取り"}, opened},
		{"POST /v1/postings/{posting_id}:requestCancellation", p(jp.accepted, ":requestCancellation"), map[string]any{"note": "乗っ取り"}, opened},
		{"POST /v1/postings/{posting_id}:requestExtension", p(jp.accepted, ":requestExtension"), map[string]any{"note": "乗っ取り"}, opened},
		// 転用 and 更新 copy another establishment's posting into the caller's.
		{"POST /v1/postings", "/v1/postings", map[string]any{"reuse_of": jp.published}, employers},
		{"POST /v1/postings", "/v1/postings", map[string]any{"renewal_of": jp.accepted}, employers},
		{"POST /v1/staff/postings", "/v1/staff/postings", map[string]any{"establishment_id": v.o.establishmentID}, staff},
		{"POST /v1/staff/postings/{posting_id}:accept", sp(jp.applied, ":accept"), map[string]any{}, staff},
		{"POST /v1/staff/postings/{posting_id}:return", sp(jp.applied, ":return"), map[string]any{"message": "不備があります。"}, staff},
		{"POST /v1/staff/postings/{posting_id}:reject", sp(jp.applied, ":reject"), map[string]any{"message": "不備があります。"}, staff},
		{"POST /v1/staff/postings/{posting_id}:publish", sp(jp.accepted, ":publish"), map[string]any{}, staff},
		{"POST /v1/staff/postings/{posting_id}:acceptApplication", sp(jp.published, ":acceptApplication"), map[string]any{}, staff},
		{"POST /v1/staff/postings/{posting_id}:refuseApplication", sp(jp.published, ":refuseApplication"),
			map[string]any{"message": "不備があります。"}, staff},
		{"POST /v1/staff/postings/{posting_id}:bringForwardReferralDeadline", sp(jp.accepted, ":bringForwardReferralDeadline"),
			map[string]any{"referral_deadline": deadline}, staff},
	}
	// Lists: whatever they answer, never v's postings.
	lists := []target{
		{"GET /v1/postings", "/v1/postings?page_size=100", nil, ""},
		{"GET /v1/staff/postings", "/v1/staff/postings?page_size=100", nil, ""},
		{"GET /v1/staff/postings:lookup", "/v1/staff/postings:lookup?establishment_id=" + v.o.establishmentID, nil, ""},
		{"GET /v1/staff/postings:lookup", "/v1/staff/postings:lookup?job_number=" + url.QueryEscape(jp.numbers[0]), nil, ""},
	}
	var cs []cell
	add := func(route, who string, as *browser, path string, body any, mode cellMode) {
		method, _, _ := strings.Cut(route, " ")
		cs = append(cs, cell{route: route, who: who, as: as, method: method, path: path, body: body, mode: mode, victim: victim})
	}
	for _, a := range actors {
		for _, tg := range targets {
			mode := refused
			if strings.Contains(tg.roles, a.role) {
				mode = hidden
			}
			add(tg.route, a.who, a.as, tg.path, tg.body, mode)
		}
		for _, l := range lists {
			add(l.route, a.who, a.as, l.path, nil, noLeak)
		}
	}
	for _, tg := range append(targets, lists...) {
		add(tg.route, "anonymous", aw.anonymous, tg.path, tg.body, unauth)
	}
	return cs
}
