package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// TestE2E_Web_Staff runs the browser tests of the office staff's screens
// (gateway/web/tests/browser/staff.test.mjs) against the real stack. The stack counts
// loopback as every office's network (OFFICE_NETWORKS in e2e.StartWith), so the
// staff member created here with identity's bootstrap-staff signs in through the
// screens like at the office (issue 9 M4: OTP always).
//
// Set up here, by the other actors: an OPEN-1 employer whose 仮登録 (establishment
// and its first posting) waits in office 1301's worklists, and a registered seeker
// for the counter referral. The fixtures server lets the browser test have the
// employer resubmit the returned posting (JOB-2), a step of the employer's screens.
func TestE2E_Web_Staff(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := newWorld(t, st) // every mail the test causes is expected below

	// The staff member of ハローワーク飯田橋 (1301); the browser signs in.
	staffEmail := uniqueEmail("web-staff1301")
	out, err := st.Command(e2e.Identity.Name, map[string]string{"IDENTITY_BOOTSTRAP_PASSWORD": staffPassword},
		"bootstrap-staff", "-office", "1301", "-email", staffEmail)
	if err != nil {
		t.Fatalf("identity bootstrap-staff: %v\n%s", err, out)
	}

	// OPEN-1: a provisional account, its establishment and first posting submitted.
	email := uniqueEmail("web-staff-open1")
	emp := newBrowser(t, st, "web-staff-open1")
	must2xx(t, emp.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(email, subjAccountProvisional)
	key := w.mb.authKey(t, email, subjAccountProvisional)
	must2xx(t, emp.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.signIn(t, emp, email, employerPassword, false)
	name := "テスト商事 職員画面 " + email[:16]
	estID := must2xx(t, emp.post("/v1/establishments", map[string]any{})).str(t, "establishment_id")
	saveSections(t, emp, estID, sections(name, "03-3100-0777"))
	must2xx(t, emp.upload("/v1/establishments/"+estID+"/images", "gaikan.png", "image/png", pngImage(t, 64, 48), map[string]string{"caption": "外観"}))
	must2xx(t, emp.post("/v1/establishments/"+estID+":submit", map[string]any{}))
	w.expect(email, subjEstablishmentProv)
	waitJobPostingKnows(t, emp)
	postingID := draftPosting(t, emp, "一般事務")
	submitPosting(t, emp, postingID)
	w.expect(email, subjPostingProv)

	// An establishment of the office with an additional account (OPEN-2, ACC-2): its
	// mails are in the office's delivery log with the additional address withheld
	// (LOGIN-5).
	other := open2(t, w, "テスト商事 職員画面 追加", "03-3100-0778")
	additional := uniqueEmail("web-staff-additional")
	must2xx(t, other.employer.post("/v1/identity/accounts", map[string]any{"email": additional, "email_confirmation": additional,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.expect(additional, subjPasswordRegistered)
	w.confirmAdditional(t, newBrowser(t, st, "web-staff-additional"), other.email, additional)

	// A registered seeker for the counter referral (APP-1).
	portal := dialPortal(t, w)
	seeker := seekerportal.DemoSeeker(7, asv1.SeekerKind_SEEKER_KIND_ONLINE, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	if _, err := portal.RegisterSeeker(context.Background(), seeker); err != nil {
		t.Fatal(err)
	}

	// The office's own business (求人の窓口入力, 事業所の移管, 職員アカウントの利用停止) and
	// paging. A staff member of 1301 on the REST edge for the fixtures' steps; two more
	// of 1301 and one of ハローワーク上野 (1302) sign in through the screens.
	staffREST := w.staffOf(t, "1301")
	colleague := bootstrapStaffEmail(t, st, "1301")
	ueno := bootstrapStaffEmail(t, st, "1302")
	// Establishments of 1301 registered at the counter: one without a login e-mail (no
	// MyPage yet, the common counter case) that the browser enters a counter posting
	// for, one with a login e-mail whose counter posting is made overdue (JOB-2), and one
	// without that the browser moves to 1302. Job-posting learns each from
	// EstablishmentRegisteredAtCounter.
	lateEmail := uniqueEmail("web-staff-late")
	counterNumber := registerWithoutLogin(t, staffREST, "テスト商事 窓口求人", "03-3100-0781").number
	lateEst, _ := w.registerAtCounter(t, staffREST, "テスト商事 期限超過", "03-3100-0783", lateEmail)
	transferEst := registerWithoutLogin(t, staffREST, "テスト商事 移管", "03-3100-0782")
	lateID := counterPosting(t, staffREST, lateEst, "倉庫作業")
	submitPosting(t, staffREST, lateID)
	db := connectDB(t, st.DBURL)
	backdatePosting(t, db, lateID, 10)
	// Paging: office 1302 gets more than 100 items in each worklist and in the delivery
	// log, copied in the database from rows of 1301 (the API would take minutes).
	const many = 105
	cloneRows(t, db, "employer_registration.establishments", "id", estID, many,
		map[string]string{"office_code": "'1302'", "owner_account_id": "''", "number": "NULL"})
	var uenoEst string
	if err := db.QueryRow(context.Background(), `SELECT id::text FROM employer_registration.establishments WHERE office_code = '1302' LIMIT 1`).Scan(&uenoEst); err != nil {
		t.Fatal(err)
	}
	var imageID string
	if err := db.QueryRow(context.Background(), `SELECT id::text FROM employer_registration.images WHERE establishment_id = $1`, estID).Scan(&imageID); err != nil {
		t.Fatal(err)
	}
	cloneRows(t, db, "employer_registration.images", "id", imageID, many, map[string]string{"establishment_id": "'" + uenoEst + "'"})
	cloneRows(t, db, "job_posting.postings", "id", lateID, many, map[string]string{"office_code": "'1302'",
		"job_number": "NULL", "doc": `src.doc || jsonb_build_object('ID', n.nid, 'OfficeCode', '1302')`})
	var deliveryID string
	if err := db.QueryRow(context.Background(), `SELECT id::text FROM notification.deliveries WHERE office_code = '1301' AND status = 'sent' LIMIT 1`).Scan(&deliveryID); err != nil {
		t.Fatal(err)
	}
	cloneRows(t, db, "notification.deliveries", "id", deliveryID, many, map[string]string{"office_code": "'1302'", "event_id": "gen_random_uuid()"})
	// Establishment changes (変更・停止・延長): one pending change per establishment
	// (establishment_changes_one_pending), so the registered establishment of the OPEN-2
	// employer is copied into 1302 (each copy its own 事業所番号) and its change applied
	// through the API is copied onto every copy; the original change is then removed so
	// that 1301 has none pending (the browser's earlier step).
	change := must2xx(t, other.employer.post("/v1/establishments/"+other.establishmentID+"/changes",
		map[string]any{"proposed": profile("テスト商事 職員画面 変更", "03-3100-0779"), "confirm_warnings": true})).str(t, "change_id")
	cloneRows(t, db, "employer_registration.establishments", "id", other.establishmentID, many, map[string]string{"office_code": "'1302'", "owner_account_id": "''",
		"number": `'1302-' || lpad((900000 + n.g)::text, 6, '0') || '-' || (n.g % 10)`})
	cloneChanges(t, db, change, other.establishmentID, many)

	fixtures := http.NewServeMux()
	// asEmployer runs a step of the employer's own screens through the REST edge. The
	// session from before the acceptance is used while it still works; when it is
	// refused (its role was provisional) the employer signs in again, skipping the
	// one-time password mails the browser already read.
	asEmployer := func(step func() *response) *response {
		res := step()
		if res.Code == 401 || res.Code == 403 {
			emp = newBrowser(t, st, "web-staff-open1-again")
			w.mb.skipAll(email, subjOTP)
			w.signIn(t, emp, email, employerPassword, false)
			res = step()
		}
		return res
	}
	reply := func(rw http.ResponseWriter, res *response) {
		rw.WriteHeader(res.Code)
		_, _ = rw.Write(res.Body)
	}
	// POST /resubmit: the employer submits the returned posting again (JOB-2).
	fixtures.HandleFunc("POST /resubmit", func(rw http.ResponseWriter, r *http.Request) {
		reply(rw, asEmployer(func() *response {
			res := emp.post("/v1/postings/"+postingID+":submit", map[string]any{})
			if res.Code >= 400 && res.reason() == "WARNINGS_NOT_CONFIRMED" {
				res = emp.post("/v1/postings/"+postingID+":submit", map[string]any{"confirmed_warnings": warningCodes(t, res)})
			}
			return res
		}))
	})
	// POST /requestStop: the employer asks to stop the published posting (募集停止, JOB-3),
	// after registering 不採用 for its applicants still without a result (the counter
	// referral of the browser's earlier step): a stop is taken only then (domain.md §2.4, S17).
	fixtures.HandleFunc("POST /requestStop", func(rw http.ResponseWriter, r *http.Request) {
		reply(rw, asEmployer(func() *response {
			list := emp.get("/v1/applicants?posting_id=" + postingID + "&pending_only=true&page_size=100")
			if list.Code != 200 {
				return list
			}
			var pending struct {
				Applicants []struct {
					ApplicantID string `json:"applicant_id"`
				} `json:"applicants"`
			}
			if err := json.Unmarshal(list.Body, &pending); err != nil {
				return &response{Code: 500, Body: []byte(err.Error())}
			}
			for _, a := range pending.Applicants {
				res := emp.post("/v1/applicants/"+a.ApplicantID+":registerResult", map[string]any{"result": map[string]any{
					"decision": "DECISION_NOT_HIRED"}})
				if res.Code != 200 {
					return res
				}
			}
			return emp.post("/v1/postings/"+postingID+":requestStop", map[string]any{"note": "充足のため募集を停止します。"})
		}))
	})
	// POST /counterSections?posting=: the sections of a counter posting the browser did
	// not type (a staff member of the same office may fill them in, JOB-2).
	fixtures.HandleFunc("POST /counterSections", func(rw http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("posting")
		for _, s := range postingSections("窓口事務") {
			if _, ok := s["job"]; ok {
				continue // typed in the browser
			}
			if res := staffREST.post("/v1/postings/"+id+":updateSection", s); res.Code != 200 {
				reply(rw, res)
				return
			}
		}
		rw.WriteHeader(http.StatusOK)
	})

	// The mails of the new steps: the colleague signs in once (then is disabled and
	// refused), the 1301 staff member three more times, the 1302 one once.
	w.expect(colleague, subjOTP)
	w.expect(colleague, subjNewDevice)
	for range 3 {
		w.expect(staffEmail, subjOTP)
		w.expect(staffEmail, subjNewDevice)
	}
	w.expect(ueno, subjOTP)
	w.expect(ueno, subjNewDevice)

	// The mails of the browser steps: five staff sign-ins (a one-time password and the
	// new-device notice each; staff never skip it), the acceptance (MyPage opened), the
	// posting returned and accepted (JOB-2), and the employer's sign-in.
	for range 5 {
		w.expect(staffEmail, subjOTP)
		w.expect(staffEmail, subjNewDevice)
	}
	w.expect(email, subjMyPageOpened)
	w.expect(email, subjPostingReturned)
	w.expect(email, subjPostingAccepted)
	w.expect(email, subjOTP)
	w.expect(email, subjNewDevice)

	runBrowserTests(t, w, "staff.test.mjs", fixtures,
		"STAFF_EMAIL="+staffEmail,
		"STAFF_PASSWORD="+staffPassword,
		"EMPLOYER_EMAIL="+email,
		"EMPLOYER_PASSWORD="+employerPassword,
		"EMPLOYER_OTP_READ=1",
		"ESTABLISHMENT_NAME="+name,
		"POSTING_OCCUPATION=一般事務",
		"SEEKER_NUMBER="+seeker.GetSeekerNumber(),
		"SEEKER_NAME="+seeker.GetName(),
		"ADDITIONAL_EMAIL="+additional,
		"COLLEAGUE_EMAIL="+colleague,
		"UENO_EMAIL="+ueno,
		"COUNTER_EST_NUMBER="+counterNumber,
		"TRANSFER_EST_NUMBER="+transferEst.number,
		fmt.Sprintf("PAGING_COUNT=%d", many),
	)
}

// skipAll marks every mail of subject to `to` received so far as handed out, so that
// the next call of next waits for a new one (mails another reader already used).
func (mb *mailbox) skipAll(to, subject string) {
	msgs := mb.st.SMTP.Messages()
	mb.mu.Lock()
	defer mb.mu.Unlock()
	for i, m := range msgs {
		if mb.taken[i] || !addressedTo(m, to) {
			continue
		}
		if r, err := decodeMail(m); err == nil && strings.Contains(r.Subject, subject) {
			mb.taken[i] = true
		}
	}
}

// bootstrapStaffEmail creates a staff account of office (identity's bootstrap-staff)
// that signs in through the screens; it returns its login ID.
func bootstrapStaffEmail(t *testing.T, st *e2e.Stack, office string) string {
	t.Helper()
	email := uniqueEmail("web-staff" + office)
	out, err := st.Command(e2e.Identity.Name, map[string]string{"IDENTITY_BOOTSTRAP_PASSWORD": staffPassword},
		"bootstrap-staff", "-office", office, "-email", email)
	if err != nil {
		t.Fatalf("identity bootstrap-staff: %v\n%s", err, out)
	}
	return email
}

type counterEstablishment struct{ id, number string }

// registerWithoutLogin registers an establishment at the counter without a login
// e-mail (no MyPage yet, so no mail).
func registerWithoutLogin(t *testing.T, staff *browser, name, phone string) counterEstablishment {
	t.Helper()
	r := must2xx(t, staff.post("/v1/staff/establishments", map[string]any{"profile": profile(name, phone)}))
	return counterEstablishment{id: r.str(t, "establishment_id"), number: r.str(t, "establishment_number")}
}

// counterPosting enters a posting for an establishment of the staff member's office
// (CreateCounterPosting, once job-posting knows the establishment) with its eight
// sections; it returns the id.
func counterPosting(t *testing.T, staff *browser, estID, occupation string) string {
	t.Helper()
	var r *response
	testkit.Eventually(t, stepTimeout, func() bool {
		r = staff.post("/v1/staff/postings", map[string]any{"establishment_id": estID})
		return r.Code == 200
	}, "job-posting to know establishment %s (last answer %v)", estID, stringerFunc(func() string { return r.String() }))
	id := r.str(t, "posting_id")
	for _, s := range postingSections(occupation) {
		must2xx(t, staff.post("/v1/postings/"+id+":updateSection", s))
	}
	return id
}

// cloneChanges copies the pending establishment change id onto every copy of its
// establishment estID (cloneRows: the establishments of 1302 with the same profile), n
// in all, each with a new id, then deletes the original so that only the copies are
// pending (ListEstablishmentChanges lists the pending changes of the office's
// establishments).
func cloneChanges(t *testing.T, db *pgx.Conn, id, estID string, n int) {
	t.Helper()
	const table = "employer_registration.establishment_changes"
	tag, err := db.Exec(context.Background(), `INSERT INTO `+table+` SELECT (jsonb_populate_record(NULL::`+table+`,
		to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'establishment_id', e.id))).*
		FROM `+table+` c, employer_registration.establishments e, employer_registration.establishments src
		WHERE c.id = $1 AND src.id = $2 AND e.id <> src.id AND e.office_code = '1302' AND e.profile = src.profile`, id, estID)
	if err != nil || tag.RowsAffected() != int64(n) {
		t.Fatalf("copying change %s: %v %v", id, tag, err)
	}
	if _, err := db.Exec(context.Background(), `DELETE FROM `+table+` WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
}

func connectDB(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	db, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	return db
}

// backdatePosting moves a submitted posting's submission and JOB-2 publication
// deadline days back (the e2e stack runs on the wall clock), in the column the
// worklist orders by and in the document the service reads.
func backdatePosting(t *testing.T, db *pgx.Conn, id string, days int) {
	t.Helper()
	jst := time.FixedZone("JST", 9*60*60)
	now := time.Now().In(jst)
	by := time.Date(now.Year(), now.Month(), now.Day()-days, 0, 0, 0, 0, jst)
	at := now.AddDate(0, 0, -days-7)
	tag, err := db.Exec(context.Background(), `UPDATE job_posting.postings SET publish_by = $2::date,
		doc = jsonb_set(jsonb_set(doc, '{PublishBy}', to_jsonb($3::text)), '{SubmittedAt}', to_jsonb($4::text)) WHERE id = $1`,
		id, by.Format(time.DateOnly), by.Format(time.RFC3339), at.Format(time.RFC3339Nano))
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("back-dating posting %s: %v %v", id, tag, err)
	}
}

// cloneRows copies the row of table whose key column is id n times, each copy with a
// new key (n.nid, a UUID as text) and the columns of set replaced by SQL expressions
// (over the source row src, the new key n.nid and the copy's number n.g). The row goes
// through jsonb, so no column list is written here.
func cloneRows(t *testing.T, db *pgx.Conn, table, key, id string, n int, set map[string]string) {
	t.Helper()
	pairs := "'" + key + "', n.nid"
	for col, expr := range set {
		pairs += ", '" + col + "', " + expr
	}
	q := `INSERT INTO ` + table + ` SELECT (jsonb_populate_record(NULL::` + table + `, to_jsonb(src) || jsonb_build_object(` + pairs + `))).*
		FROM ` + table + ` src, (SELECT gen_random_uuid()::text AS nid, g FROM generate_series(1, $2) g) n WHERE src.` + key + `::text = $1`
	tag, err := db.Exec(context.Background(), q, id, n)
	if err != nil || tag.RowsAffected() != int64(n) {
		t.Fatalf("copying %s %s: %v %v", table, id, tag, err)
	}
}
