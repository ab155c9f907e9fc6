package e2e_test

import (
	"regexp"
	"strings"
	"testing"
)

// The scan of every answer the e2e suite's browsers receive for the demo seekers'
// identifying data (issue 11 item 9, SEEK-1; libs/seekerportal.DemoSeeker makes them
// recognisable: デモ求職者N, 99999-0000000N, 090-0000-NNNN, demo-seeker-N@example.com,
// 九段南1-2-3 デモ).
//
// Decision (docs/security.md, "Seeker data at employer routes"): a seeker's contact
// data (phone, e-mail, address below the municipality) reaches no employer route at
// all. The name and 求職番号 reach an employer only for its own applicants: the
// applicant list, the applicant detail with its 紹介状 (domain.md §3.2: the letter names
// the seeker to the establishment it refers them to) and the answers of registering or
// correcting a result, which return that detail. Every other route (the seeker search
// and profile, direct requests and their messages, applicant messages, home counts,
// postings, accounts...) is scanned for those too. Staff routes (/v1/staff/) are not
// scanned: the counter referral is staff's own record of the seeker. The pages' own
// requests in the browser tests (chromium) are not seen here; the routes they call are
// the same ones.
var (
	demoSeekerContact = regexp.MustCompile(`090-0000-[0-9]{4}|demo-seeker-[0-9]+@example\.com|九段南1-2-3 デモ`)
	demoSeekerName    = regexp.MustCompile(`デモ求職者[0-9]+|99999-[0-9]{8}`)
	// namesOwnApplicant: GET /v1/applicants, GET /v1/applicants/{id}, POST
	// /v1/applicants/{id}:registerResult and :correctResult.
	namesOwnApplicant = regexp.MustCompile(`^/v1/applicants(/[^/?:]+(:(registerResult|correctResult))?)?(\?.*)?$`)
)

// scanForDemoSeekers reports an answer that carries what the decision above keeps from it.
func scanForDemoSeekers(t *testing.T, r *response) {
	t.Helper()
	if strings.HasPrefix(r.Path, "/v1/staff/") {
		return
	}
	if m := demoSeekerContact.Find(r.Body); m != nil {
		t.Errorf("a seeker's contact data %q in %s", m, r)
	}
	if namesOwnApplicant.MatchString(r.Path) {
		return
	}
	if m := demoSeekerName.Find(r.Body); m != nil {
		t.Errorf("a seeker's name or 求職番号 %q outside the employer's own applicants: %s", m, r)
	}
}

// TestScanForDemoSeekers_Routes: the scan spares exactly the routes of the decision.
func TestScanForDemoSeekers_Routes(t *testing.T) {
	for path, want := range map[string]bool{
		"/v1/applicants": true, "/v1/applicants?posting_id=p1": true, "/v1/applicants/a1": true,
		"/v1/applicants/a1:registerResult": true, "/v1/applicants/a1:correctResult": true,
		"/v1/applicants/a1/messages": false, "/v1/applicants:homeCounts": false, "/v1/seekers": false,
		"/v1/seekers/ref1": false, "/v1/direct-requests": false, "/v1/direct-requests/d1/messages": false,
	} {
		if got := namesOwnApplicant.MatchString(path); got != want {
			t.Errorf("%s names the employer's own applicant: %v, want %v", path, got, want)
		}
	}
}
