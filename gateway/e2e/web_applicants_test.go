package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/status"

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
// bin/seekersim's client (libs/seekerportal). Every mail the story causes is expected.
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
	for _, s := range []*asv1.RegisterSeekerRequest{applicant, referred, seekerportal.DemoSeeker(3, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid)} {
		if _, err := portal.RegisterSeeker(context.Background(), s); err != nil {
			t.Fatalf("register demo seeker %s: %v", s.GetSeekerNumber(), err)
		}
	}

	// The browser signs the employer in once, with the one-time password.
	w.expect(o.email, subjOTP)
	w.expect(o.email, subjNewDevice)

	fx := &applicantFixtures{w: w, staff: staff, portal: portal, posting: posting, employer: o.email, applicant: applicant, referred: referred}
	runBrowserTests(t, w, "applicants.test.mjs", fx.handler(),
		"EMPLOYER_EMAIL="+o.email,
		"ESTABLISHMENT_NAME="+name,
		"POSTING_ID="+posting,
		"APPLICANT_NAME="+applicant.GetName(),
		"REFERRED_NAME="+referred.GetName(),
	)
	if err := fx.failed(); err != nil {
		t.Fatal(err)
	}
}

// applicantFixtures are the steps of the office and the seeker portal.
type applicantFixtures struct {
	w                   *world
	staff               *browser
	portal              *seekerportal.Client
	posting, employer   string
	applicant, referred *asv1.RegisterSeekerRequest

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
