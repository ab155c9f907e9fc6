package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/clock"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

// TestE2E_Web_Applicants runs gateway/web/tests/browser/applicants.test.mjs: the
// employer's 応募者管理 (APP-1, APP-4), 選考結果登録 (APP-2), メッセージ (MSG-1) and
// 求職情報検索 with 直接リクエスト (SEEK-1) in a real browser, against the stack.
//
// The employer's establishment is opened through OPEN-2 with one posting submitted
// (provisional, so the seeker search is first refused). The other actors' steps come
// from the fixtures server at FIXTURES_URL, called by the browser test when the story
// needs them: /publish (staff accept and publish the posting, and refer demo seeker 2
// at the counter with a 紹介状), /apply (demo seeker 1 self-applies with a motivation)
// and /reply (seeker 1 answers the employer's message), the seeker portal played by
// bin/seekersim's client (libs/seekerportal); then /online-referral (the office offers
// the posting to 利用登録者 seeker 4, who applies through オンラインハローワーク紹介),
// /direct-requests (the employer's requests to nine more seekers over REST, so the
// browser's next one is the 11th), /invalidate (the posting's 紹介期限日
// passes: it expires and is invalid) and /backdate (the invalidation moved five months
// back in applicant-selection's read model, so the result deadline has passed). Every
// mail the story causes is expected.
func TestE2E_Web_Applicants(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	w := startWorld(t)
	const name = "テスト商事 応募者ブラウザ"
	o := open2(t, w, name, "03-4100-0021")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	posting := draftPosting(t, o.employer, "一般事務")
	w.expect(o.email, subjPostingProv)
	submitPosting(t, o.employer, posting)

	portal := dialPortal(t, w)
	valid := time.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	applicant := seekerportal.DemoSeeker(1, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid)
	referred := seekerportal.DemoSeeker(2, asv1.SeekerKind_SEEKER_KIND_REGISTERED, valid)
	onlineReferred := seekerportal.DemoSeeker(4, asv1.SeekerKind_SEEKER_KIND_REGISTERED, valid)
	seekers := []*asv1.RegisterSeekerRequest{applicant, referred, seekerportal.DemoSeeker(3, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid), onlineReferred}
	// Seekers 5 to 14 for the 直接リクエスト limit (10 per posting, SEEK-1).
	for n := 5; n <= 14; n++ {
		seekers = append(seekers, seekerportal.DemoSeeker(n, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid))
	}
	for _, s := range seekers {
		if _, err := portal.RegisterSeeker(context.Background(), s); err != nil {
			t.Fatalf("register demo seeker %s: %v", s.GetSeekerNumber(), err)
		}
	}

	// The browser signs the employer in twice (one fresh browser per test), with the
	// one-time password each time.
	for range 2 {
		w.expect(o.email, subjOTP)
		w.expect(o.email, subjNewDevice)
	}

	fx := &applicantFixtures{w: w, staff: staff, emp: o.employer, portal: portal, posting: posting, employer: o.email, applicant: applicant,
		referred: referred, onlineReferred: onlineReferred}
	runBrowserTests(t, w, "applicants.test.mjs", fx.handler(),
		"EMPLOYER_EMAIL="+o.email,
		"ESTABLISHMENT_NAME="+name,
		"POSTING_ID="+posting,
		"APPLICANT_NAME="+applicant.GetName(),
		"REFERRED_NAME="+referred.GetName(),
		"ONLINE_REFERRED_NAME="+onlineReferred.GetName(),
	)
	if err := fx.failed(); err != nil {
		t.Fatal(err)
	}
}

// applicantFixtures are the steps of the office and the seeker portal.
type applicantFixtures struct {
	w                                   *world
	staff, emp                          *browser
	portal                              *seekerportal.Client
	posting, employer                   string
	applicant, referred, onlineReferred *asv1.RegisterSeekerRequest

	mu          sync.Mutex
	applicantID string
	err         error
}

func (f *applicantFixtures) failed() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *applicantFixtures) handler() http.Handler {
	mux := http.NewServeMux()
	step := func(path string, do func() (any, error)) {
		mux.HandleFunc("POST "+path, func(rw http.ResponseWriter, _ *http.Request) {
			out, err := do()
			if err != nil {
				f.mu.Lock()
				f.err = fmt.Errorf("fixture %s: %w", path, err)
				f.mu.Unlock()
				http.Error(rw, err.Error(), http.StatusInternalServerError)
				return
			}
			rw.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(rw).Encode(out)
		})
	}
	step("/publish", f.publish)
	step("/apply", f.apply)
	step("/reply", f.reply)
	step("/online-referral", f.onlineReferral)
	step("/direct-requests", f.directRequests)
	step("/invalidate", f.invalidate)
	step("/backdate", f.backdate)
	return mux
}

// retry runs do until it succeeds or stepTimeout passes (events between services are
// asynchronous: applicant-selection learns of a publication from job-posting's event).
func retry(do func() error) error {
	deadline := time.Now().Add(stepTimeout)
	for {
		err := do()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// publish: staff accept (求人情報受理通知) and publish the posting, then refer demo
// seeker 2 at the counter (窓口紹介) with a 紹介状: selection method and interview.
func (f *applicantFixtures) publish() (any, error) {
	f.w.expect(f.employer, subjPostingAccepted)
	for _, action := range []string{":accept", ":publish"} {
		if r := f.staff.post("/v1/staff/postings/"+f.posting+action, map[string]any{}); r.Code != 200 {
			return nil, fmt.Errorf("%s: %s", action, r)
		}
	}
	interview := time.Now().AddDate(0, 0, 7).Truncate(time.Hour).Format(time.RFC3339)
	var id string
	err := retry(func() error {
		r := f.staff.post("/v1/staff/referrals", map[string]any{"posting_id": f.posting, "seeker_number": f.referred.GetSeekerNumber(),
			"selection": map[string]any{"method": "面接", "interview_at": interview, "place": "本社 3階会議室"},
			"documents": "履歴書、職務経歴書", "office_name": "ハローワーク飯田橋"})
		if r.Code != 200 {
			return fmt.Errorf("counter referral: %s", r)
		}
		var a struct {
			ID string `json:"applicant_id"`
		}
		if err := json.Unmarshal(r.Body, &a); err != nil {
			return err
		}
		id = a.ID
		return nil
	})
	return map[string]string{"applicant_id": id}, err
}

// apply: demo seeker 1 self-applies (オンライン自主応募) with a motivation; the employer
// is mailed 応募通知.
func (f *applicantFixtures) apply() (any, error) {
	var id string
	err := retry(func() error {
		res, err := f.portal.ApplyOnline(context.Background(), &asv1.ApplyOnlineRequest{SeekerNumber: f.applicant.GetSeekerNumber(),
			PostingId: f.posting, Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "事務の経験を活かしたいと考え応募しました。"})
		if err != nil {
			return fmt.Errorf("self-application: %s", status.Convert(err).Message())
		}
		id = res.GetApplicantId()
		return nil
	})
	if err == nil {
		f.w.expect(f.employer, subjApplicationReceived)
		f.mu.Lock()
		f.applicantID = id
		f.mu.Unlock()
	}
	return map[string]string{"applicant_id": id}, err
}

// reply: seeker 1 answers in the thread; the employer is mailed 新着メッセージ通知.
func (f *applicantFixtures) reply() (any, error) {
	f.mu.Lock()
	id := f.applicantID
	f.mu.Unlock()
	if id == "" {
		return nil, fmt.Errorf("no self-application yet (call /apply first)")
	}
	if _, err := f.portal.SendSeekerMessage(context.Background(), &asv1.SendSeekerMessageRequest{SeekerNumber: f.applicant.GetSeekerNumber(),
		ApplicantId: id, Body: "ご連絡ありがとうございます。面接の日程、承知しました。"}); err != nil {
		return nil, fmt.Errorf("the seeker's reply: %s", status.Convert(err).Message())
	}
	f.w.expect(f.employer, subjNewMessage)
	return map[string]string{}, nil
}

// onlineReferral: the office offers the posting to 利用登録者 seeker 4, who applies
// through オンラインハローワーク紹介 (APP-4's third channel); the employer is mailed 応募通知.
func (f *applicantFixtures) onlineReferral() (any, error) {
	if r := f.staff.post("/v1/staff/referral-offers", map[string]any{"posting_id": f.posting,
		"seeker_number": f.onlineReferred.GetSeekerNumber(), "office_name": "ハローワーク飯田橋"}); r.Code != 200 {
		return nil, fmt.Errorf("referral offer: %s", r)
	}
	res, err := f.portal.ApplyOnline(context.Background(), &asv1.ApplyOnlineRequest{SeekerNumber: f.onlineReferred.GetSeekerNumber(),
		PostingId: f.posting, Channel: asv1.Channel_CHANNEL_ONLINE_REFERRAL, Motivation: "ハローワークから紹介を受けて応募しました。"})
	if err != nil {
		return nil, fmt.Errorf("online referral application: %s", status.Convert(err).Message())
	}
	f.w.expect(f.employer, subjApplicationReceived)
	return map[string]string{"applicant_id": res.GetApplicantId()}, nil
}

// directRequests: the employer sends 直接リクエスト over REST to the seekers of the
// search it has not yet asked until the posting has reached its 10 (SEEK-1), and
// returns the handle of one more seeker for the browser's 11th.
func (f *applicantFixtures) directRequests() (any, error) {
	r := f.emp.get("/v1/seekers?prefecture=13&page_size=50")
	if r.Code != 200 {
		return nil, fmt.Errorf("seeker search: %s", r)
	}
	var res struct {
		Seekers []struct {
			Ref string `json:"seeker_ref"`
		} `json:"seekers"`
	}
	if err := json.Unmarshal(r.Body, &res); err != nil {
		return nil, err
	}
	sent := 0
	for _, s := range res.Seekers {
		r := f.emp.post("/v1/direct-requests", map[string]any{"seeker_ref": s.Ref, "posting_id": f.posting, "message": "ご経験を拝見しました。"})
		switch {
		case r.Code == 200:
			sent++
		case r.reason() == "DIRECT_REQUEST_DUPLICATE", r.reason() == "SEEKER_PROFILE_NOT_PUBLISHED", r.reason() == "SEEKER_NO_MYPAGE":
		case r.reason() == "DIRECT_REQUEST_LIMIT":
			return map[string]any{"seeker_ref": s.Ref, "sent": sent}, nil
		default:
			return nil, fmt.Errorf("direct request to %s: %s", s.Ref, r)
		}
	}
	return nil, fmt.Errorf("the search found %d seekers and %d requests went out without reaching the limit", len(res.Seekers), sent)
}

// invalidate: the posting expires (its 紹介期限日 moved to yesterday in job-posting's
// table and document, as a day passing would; the expiry job runs every second here);
// returns once applicant-selection's read model has the posting invalid (job-posting's
// event). Not a 募集停止: the office takes a stop only once every applicant has a
// result (domain.md §2.4, S17), and this posting keeps applicants without one.
func (f *applicantFixtures) invalidate() (any, error) {
	yesterday := time.Now().In(clock.JST).AddDate(0, 0, -1).Format(time.DateOnly)
	if err := f.db(func(db *pgx.Conn) error {
		tag, err := db.Exec(context.Background(), `UPDATE job_posting.postings SET referral_deadline = $2::date,
			doc = jsonb_set(doc, '{ReferralDeadline}', to_jsonb(($2 || 'T00:00:00+09:00')::text)) WHERE id = $1`, f.posting, yesterday)
		if err == nil && tag.RowsAffected() != 1 {
			err = fmt.Errorf("back-dating the 紹介期限日: %v", tag)
		}
		return err
	}); err != nil {
		return nil, err
	}
	return map[string]string{}, retry(func() error {
		var invalidFrom string
		if err := f.db(func(db *pgx.Conn) error {
			return db.QueryRow(context.Background(), `SELECT coalesce(facts->>'InvalidFrom', '') FROM applicant_selection.postings WHERE id = $1`,
				f.posting).Scan(&invalidFrom)
		}); err != nil {
			return err
		}
		if invalidFrom == "" || strings.HasPrefix(invalidFrom, "0001-") {
			return fmt.Errorf("applicant-selection has not seen the stop yet")
		}
		return nil
	})
}

// backdate moves the posting's invalidation five months back in applicant-selection's
// read model (as applicantsel_test.go back-dates rows): its 翌々々月末 has passed.
func (f *applicantFixtures) backdate() (any, error) {
	y, m, _ := time.Now().In(clock.JST).Date()
	from := time.Date(y, m-5, 10, 0, 0, 0, 0, clock.JST)
	err := f.db(func(db *pgx.Conn) error {
		tag, err := db.Exec(context.Background(), `UPDATE applicant_selection.postings SET facts = jsonb_set(facts, '{InvalidFrom}', to_jsonb($2::text))
			WHERE id = $1`, f.posting, from.Format(time.RFC3339))
		if err == nil && tag.RowsAffected() != 1 {
			err = fmt.Errorf("back-dating the posting: %v", tag)
		}
		return err
	})
	return map[string]string{"invalid_from": from.Format(time.DateOnly)}, err
}

func (f *applicantFixtures) db(do func(*pgx.Conn) error) error {
	ctx := context.Background()
	db, err := pgx.Connect(ctx, f.w.st.DBURL)
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	return do(db)
}
