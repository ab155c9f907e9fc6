package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/status"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

// The applicant-selection routes of the REST authorization matrix (authz_rest_test.go):
// each tenant has an applicant (a demo seeker's オンライン自主応募 to its published
// posting) with a message thread; the other tenant's primary and additional accounts,
// a provisional account (OPEN-1), staff of another office and a caller without a
// session try every route on them. A role the RPC's policy
// (applicant_selection_service.proto) admits gets 404 exactly as for a missing
// applicant; a role it does not admit gets 403; no session, 401.

const (
	subjApplicationReceived = "応募通知"
	subjNewMessage          = "新着メッセージ通知"
)

// tenantApplicants is a tenant's applicant and what is behind it.
type tenantApplicants struct {
	applicant string
	message   string // the employer's message in the applicant's thread
	seeker    *asv1.RegisterSeekerRequest
	request   string // a 直接リクエスト of the published posting (SEEK-1)
	ref       string // the seeker_ref it names (global: any establishment's search shows it)
}

// values are the ids and the seeker's personal data another tenant must never see.
func (a tenantApplicants) values() []string {
	if a.seeker == nil {
		return nil
	}
	return []string{a.applicant, a.message, a.request, a.seeker.GetSeekerNumber(), a.seeker.GetName(), a.seeker.GetPhone(), a.seeker.GetEmail()}
}

// dialPortal connects the seeker portal's client (bin/seekersim's) to the stack.
func dialPortal(t *testing.T, w *world) *seekerportal.Client {
	t.Helper()
	tokens, err := seekerportal.TokenSource(w.st.Env["TOKEN_SIGNING_KEY"], "hellowork-identity", "hellowork")
	if err != nil {
		t.Fatal(err)
	}
	portal, err := seekerportal.Dial(w.st.Addr("applicant-selection"), tokens)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = portal.Close() })
	return portal
}

// selfApply registers demo seeker n and has them self-apply to postingID (APP-4),
// retrying until job-posting's events reached applicant-selection; the employer gets
// 応募通知.
func selfApply(t *testing.T, w *world, portal *seekerportal.Client, n int, postingID, employerEmail string) (*asv1.RegisterSeekerRequest, string) {
	t.Helper()
	ctx := context.Background()
	demo := seekerportal.DemoSeeker(n, asv1.SeekerKind_SEEKER_KIND_ONLINE, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	if _, err := portal.RegisterSeeker(ctx, demo); err != nil {
		t.Fatalf("register demo seeker %d: %v", n, err)
	}
	var applicant string
	eventually(t, stepTimeout, func() string {
		res, err := portal.ApplyOnline(ctx, &asv1.ApplyOnlineRequest{SeekerNumber: demo.GetSeekerNumber(), PostingId: postingID,
			Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "事務の経験を活かしたいと考え応募しました。"})
		if err != nil {
			return "self-application: " + status.Convert(err).Message()
		}
		applicant = res.GetApplicantId()
		return ""
	})
	w.expect(employerEmail, subjApplicationReceived)
	return demo, applicant
}

// addApplicant gives tn an applicant on its published posting, with one message from
// the employer. Seeker numbers are per tenant (demo seekers 11, 12, ...).
func (aw *authzWorld) addApplicant(t *testing.T, tn *tenant, n int) {
	t.Helper()
	ap := &tn.ap
	ap.seeker, ap.applicant = selfApply(t, aw.w, aw.portal, n, tn.jp.published, tn.o.email)
	r := must2xx(t, tn.o.employer.post("/v1/applicants/"+ap.applicant+"/messages", map[string]any{"body": "面接日程のご相談です。"}))
	ap.message = r.str(t, "message_id")
	if ap.message == "" {
		t.Fatalf("tenant %s: message: %s", tn.label, r)
	}
	// SEEK-1: a 直接リクエスト of the published posting to a seeker found by the search.
	demo := seekerportal.DemoSeeker(n+10, asv1.SeekerKind_SEEKER_KIND_ONLINE, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	if _, err := aw.portal.RegisterSeeker(context.Background(), demo); err != nil {
		t.Fatal(err)
	}
	var found struct {
		Seekers []struct {
			Ref string `json:"seeker_ref"`
		} `json:"seekers"`
	}
	must2xx(t, tn.o.employer.get("/v1/seekers?page_size=50")).decode(t, &found)
	for _, s := range found.Seekers {
		r := tn.o.employer.post("/v1/direct-requests", map[string]any{"seeker_ref": s.Ref, "posting_id": tn.jp.published,
			"message": "ぜひご応募ください。"})
		if r.Code == 200 {
			ap.request, ap.ref = r.str(t, "direct_request_id"), s.Ref
			break
		}
	}
	if ap.request == "" {
		t.Fatalf("tenant %s: no direct request could be sent to %d seekers", tn.label, len(found.Seekers))
	}
}

// applicantCells are the matrix cells of the applicant-selection routes with x's
// callers (and the provisional, other-office and anonymous ones) acting on v's applicant.
func (aw *authzWorld) applicantCells(x, v *tenant, victim []string) []cell {
	ap := v.ap
	type actor struct {
		who  string
		as   *browser
		role string
	}
	actors := []actor{{"primary-" + x.label, x.o.employer, "primary"}, {"additional-" + x.label, x.extra, "additional"},
		{"provisional-P", aw.provisional, "provisional"}, {"staff-" + aw.otherOffice, aw.staffOther, "staff"}}
	const (
		employersAndStaff = "primary additional staff"
		employers         = "primary additional"
		staff             = "staff"
	)
	a := func(verb string) string { return "/v1/applicants/" + ap.applicant + verb }
	result := map[string]any{"result": map[string]any{"decision": "DECISION_NOT_HIRED", "condition_mismatch": false,
		"not_hired_reason": "乗っ取り"}}
	type target struct {
		route, path string
		body        any
		roles       string
	}
	targets := []target{
		{"GET /v1/applicants/{applicant_id}", a(""), nil, employersAndStaff},
		{"POST /v1/applicants/{applicant_id}:registerResult", a(":registerResult"), result, employersAndStaff},
		// Body id vs path id: the path names v's applicant, the body x's.
		{"POST /v1/applicants/{applicant_id}:registerResult", a(":registerResult"),
			map[string]any{"applicant_id": x.ap.applicant, "result": result["result"]}, employersAndStaff},
		{"POST /v1/applicants/{applicant_id}:correctResult", a(":correctResult"), result, employersAndStaff},
		{"GET /v1/applicants/{applicant_id}/messages", a("/messages"), nil, employers},
		{"POST /v1/applicants/{applicant_id}/messages", a("/messages"), map[string]any{"body": "乗っ取り"}, employers},
		// Staff only (any office may refer to any office's posting, so other-office
		// staff have no cross-tenant cell here): function level for the others.
		{"POST /v1/staff/referrals", "/v1/staff/referrals", map[string]any{"posting_id": v.jp.published,
			"seeker_number": ap.seeker.GetSeekerNumber()}, staff},
		{"POST /v1/staff/referral-offers", "/v1/staff/referral-offers", map[string]any{"posting_id": v.jp.published,
			"seeker_number": ap.seeker.GetSeekerNumber()}, staff},
		// SEEK-1: v's posting sent by x to a seeker x may well find (refs are global).
		{"POST /v1/direct-requests", "/v1/direct-requests", map[string]any{"seeker_ref": x.ap.ref, "posting_id": v.jp.published,
			"message": "乗っ取り"}, employers},
		// MSG-1: the thread of v's 直接リクエスト.
		{"GET /v1/direct-requests/{direct_request_id}/messages", "/v1/direct-requests/" + ap.request + "/messages", nil, employers},
		{"POST /v1/direct-requests/{direct_request_id}/messages", "/v1/direct-requests/" + ap.request + "/messages",
			map[string]any{"body": "乗っ取り"}, employers},
	}
	lists := []target{
		{"GET /v1/applicants", "/v1/applicants?page_size=100", nil, ""},
		{"GET /v1/applicants", "/v1/applicants?page_size=100&posting_id=" + v.jp.published, nil, ""},
		{"GET /v1/applicants:homeCounts", "/v1/applicants:homeCounts", nil, ""},
		// SEEK-1: the search and a seeker's safe projection carry no tenant's data and
		// none of the seekers' personal data (victim values include them).
		{"GET /v1/seekers", "/v1/seekers?page_size=50", nil, ""},
		{"GET /v1/seekers/{seeker_ref}", "/v1/seekers/" + v.ap.ref, nil, ""},
		{"GET /v1/direct-requests", "/v1/direct-requests", nil, ""},
		{"GET /v1/direct-requests", "/v1/direct-requests?posting_id=" + v.jp.published, nil, ""},
	}
	var cs []cell
	add := func(route, who string, as *browser, path string, body any, mode cellMode) {
		method, _, _ := strings.Cut(route, " ")
		cs = append(cs, cell{route: route, who: who, as: as, method: method, path: path, body: body, mode: mode, victim: victim})
	}
	for _, ac := range actors {
		for _, tg := range targets {
			if tg.roles == staff && ac.role == "staff" {
				continue
			}
			mode := refused
			if strings.Contains(tg.roles, ac.role) {
				mode = hidden
			}
			add(tg.route, ac.who, ac.as, tg.path, tg.body, mode)
		}
		for _, l := range lists {
			add(l.route, ac.who, ac.as, l.path, nil, noLeak)
		}
	}
	for _, tg := range append(targets, lists...) {
		add(tg.route, "anonymous", aw.anonymous, tg.path, tg.body, unauth)
	}
	return cs
}

// applicantsUnchanged checks that the matrix registered no result on tn's applicant
// and added no message to its thread.
func (aw *authzWorld) applicantsUnchanged(t *testing.T, tn *tenant) {
	t.Helper()
	d := must2xx(t, tn.o.employer.get("/v1/applicants/"+tn.ap.applicant))
	var detail struct {
		Applicant struct {
			Decision string `json:"decision"`
		} `json:"applicant"`
		Results []any `json:"results"`
	}
	d.decode(t, &detail)
	if detail.Applicant.Decision != "DECISION_UNSPECIFIED" || len(detail.Results) != 0 || strings.Contains(string(d.Body), "乗っ取り") {
		t.Errorf("tenant %s's applicant has a result from another tenant: %s", tn.label, d)
	}
	var th struct {
		Messages []struct {
			ID string `json:"message_id"`
		} `json:"messages"`
	}
	must2xx(t, tn.o.employer.get("/v1/applicants/"+tn.ap.applicant+"/messages")).decode(t, &th)
	if len(th.Messages) != 1 || th.Messages[0].ID != tn.ap.message {
		t.Errorf("tenant %s's thread changed: %v", tn.label, th.Messages)
	}
	var drs struct {
		Requests []struct {
			ID string `json:"direct_request_id"`
		} `json:"direct_requests"`
	}
	must2xx(t, tn.o.employer.get("/v1/direct-requests")).decode(t, &drs)
	if len(drs.Requests) != 1 || drs.Requests[0].ID != tn.ap.request {
		t.Errorf("tenant %s's direct requests changed: %v", tn.label, drs.Requests)
	}
	// The request's thread holds its own message only.
	rt := must2xx(t, tn.o.employer.get("/v1/direct-requests/"+tn.ap.request+"/messages"))
	th.Messages = nil
	rt.decode(t, &th)
	if len(th.Messages) != 1 || strings.Contains(string(rt.Body), "乗っ取り") {
		t.Errorf("tenant %s's direct request thread changed: %s", tn.label, rt)
	}
}
