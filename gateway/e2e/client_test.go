package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/secretscan"
	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
)

// This file is the browser and the mailbox the end-to-end tests use: an HTTP client per
// browser with its own cookie jar, and helpers that read auth keys and one-time
// passwords out of the mails the notification service delivered to the test SMTP server.

// stepTimeout bounds every wait for something another process does asynchronously
// (an event consumed, a mail delivered). Polling, never a sleep standing for a rule.
const stepTimeout = 30 * time.Second

// Passwords that satisfy PW-1 (half-width, 8-32, digit + letter + symbol).
const (
	employerPassword = "Kyujin#2026ok"
	staffPassword    = "Shokuin#2026ok"
)

// suiteEnv is the extra environment of every stack of these tests: many requests come
// from one loopback IP, and the per-IP limit is not what they test; nor is the throttle
// per establishment number (L5, identity's TestOpen3_ThrottledPerEstablishmentNumber),
// while TestE2E_OPEN3 makes OPEN-3's ten mistakes in a row. job-posting's scheduled jobs
// (expiry, renewal-window notices) run every second, so a test that brings a 紹介期限日
// forward sees their effect (and their mail) at once.
var suiteEnv = map[string]string{"RATE_LIMIT_IP_PER_MINUTE": "100000", "RATE_LIMIT_CREATION_CODE_PER_NUMBER_PER_MINUTE": "100",
	"JOB_EXPIRY_POLL_INTERVAL": "1s"}

// allServices are the services an employer MyPage needs end to end.
var allServices = []e2e.Binary{e2e.Identity, e2e.EmployerRegistration, e2e.Notification, e2e.JobPosting, e2e.ApplicantSelection}

var uniq atomic.Int64

// uniqueEmail returns a fresh address for this test process.
func uniqueEmail(prefix string) string {
	return fmt.Sprintf("%s-%d-%d@example.co.jp", prefix, time.Now().UnixNano()%1e6, uniq.Add(1))
}

// browser is one browser: its own cookies (the gateway's __Host- session and device
// cookies) and user agent. Go's cookiejar would refuse Secure cookies over
// http://127.0.0.1, so the jar here is a plain map that honours Max-Age deletion.
type browser struct {
	t    *testing.T
	st   *e2e.Stack
	name string
	*jar
}

// jar is a browser's cookie store, shared by the browser's views in subtests.
type jar struct {
	mu      sync.Mutex
	cookies map[string]*http.Cookie
	// setCookies keeps every Set-Cookie header seen, to check attributes.
	setCookies []*http.Cookie
}

func newBrowser(t *testing.T, st *e2e.Stack, name string) *browser {
	return &browser{t: t, st: st, name: name, jar: &jar{cookies: map[string]*http.Cookie{}}}
}

// in is the same browser (same cookies) reporting to t, for use inside a subtest.
func (b *browser) in(t *testing.T) *browser {
	c := *b
	c.t = t
	return &c
}

// response is one HTTP answer of the gateway.
type response struct {
	Method, Path string
	Code         int
	Header       http.Header
	Body         []byte
}

func (r *response) String() string {
	return fmt.Sprintf("%s %s → %d %s", r.Method, r.Path, r.Code, truncate(string(r.Body), 600))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// decode unmarshals the JSON body into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: decode: %v", r, err)
	}
}

// obj is the JSON body as a generic object.
func (r *response) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// str reads a string at a dotted path of the JSON body ("account.role").
func (r *response) str(t *testing.T, path string) string {
	t.Helper()
	var cur any = r.obj(t)
	for _, k := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: no %q in body", r, path)
		}
		cur = m[k]
	}
	switch v := cur.(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// reason is the ErrorInfo reason of an error body (google.rpc.Status JSON).
func (r *response) reason() string {
	var st struct {
		Details []struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		} `json:"details"`
	}
	_ = json.Unmarshal(r.Body, &st)
	for _, d := range st.Details {
		if strings.HasSuffix(d.Type, "google.rpc.ErrorInfo") {
			return d.Reason
		}
	}
	return ""
}

// errorShape is what an error answer looks like without anything that legitimately
// varies between two calls: status, reason and message.
func (r *response) errorShape() string {
	var st struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Type    string `json:"@type"`
			Reason  string `json:"reason"`
			Message string `json:"message"`
		} `json:"details"`
	}
	_ = json.Unmarshal(r.Body, &st)
	parts := []string{fmt.Sprint(r.Code), fmt.Sprint(st.Code), st.Message}
	for _, d := range st.Details {
		parts = append(parts, d.Type, d.Reason, d.Message)
	}
	return strings.Join(parts, "|")
}

// do sends one request as this browser. POSTs carry Sec-Fetch-Site: same-origin like
// a browser on the MyPage's own origin.
func (b *browser) do(method, path string, body io.Reader, contentType string) *response {
	b.t.Helper()
	req, err := http.NewRequest(method, b.st.GateURL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("User-Agent", "e2e-browser/"+b.name)
	if method != http.MethodGet && method != http.MethodHead {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	b.mu.Lock()
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	b.mu.Unlock()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("%s %s: read: %v", method, path, err)
	}
	b.mu.Lock()
	for _, c := range resp.Cookies() {
		b.setCookies = append(b.setCookies, c)
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c
	}
	b.mu.Unlock()
	r := &response{Method: method, Path: path, Code: resp.StatusCode, Header: resp.Header, Body: raw}
	scanForDemoSeekers(b.t, r)
	return r
}

func (b *browser) post(path string, body any) *response {
	b.t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(http.MethodPost, path, bytes.NewReader(raw), "application/json")
}

func (b *browser) get(path string) *response {
	b.t.Helper()
	return b.do(http.MethodGet, path, nil, "")
}

func (b *browser) delete(path string) *response {
	b.t.Helper()
	return b.do(http.MethodDelete, path, nil, "")
}

// upload posts a multipart form with one file part named "file".
func (b *browser) upload(path, filename, contentType string, content []byte, fields map[string]string) *response {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filename))
	h.Set("Content-Type", contentType)
	w, err := mw.CreatePart(h)
	if err != nil {
		b.t.Fatal(err)
	}
	_, _ = w.Write(content)
	_ = mw.Close()
	return b.do(http.MethodPost, path, &buf, mw.FormDataContentType())
}

func (b *browser) cookie(name string) *http.Cookie {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cookies[name]
}

// must2xx fails the test unless r is a success.
func must2xx(t *testing.T, r *response) *response {
	t.Helper()
	if r.Code < 200 || r.Code > 299 {
		t.Fatalf("want success: %s", r)
	}
	return r
}

// wantError fails unless r is an error with the HTTP status and (if given) reason.
func wantError(t *testing.T, r *response, code int, reason string) {
	t.Helper()
	if r.Code != code || (reason != "" && r.reason() != reason) {
		t.Fatalf("want HTTP %d %s: %s", code, reason, r)
	}
}

// ---- mails ----

// received is one delivered mail, decoded.
type received struct {
	To        []string
	From      string
	Subject   string
	MessageID string
	Body      string
	Raw       []byte
}

// decodeMail parses a raw mail: RFC 2047 subject, base64 or quoted-printable UTF-8
// body (single part or the text/plain part of a multipart mail).
func decodeMail(m smtptest.Message) (received, error) {
	msg, err := m.Parsed()
	if err != nil {
		return received{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return received{}, fmt.Errorf("subject: %w", err)
	}
	body, err := decodeBody(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		return received{}, err
	}
	return received{To: m.To, From: m.From, Subject: subject, MessageID: msg.Header.Get("Message-Id"),
		Body: strings.ReplaceAll(body, "\r\n", "\n"), Raw: m.Data}, nil
}

func decodeBody(contentType, encoding string, r io.Reader) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err == nil && strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(r, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return "", fmt.Errorf("no text/plain part: %w", err)
			}
			if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
				return decodeBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "base64":
		raw, err := io.ReadAll(r)
		if err != nil {
			return "", err
		}
		clean := strings.Map(func(c rune) rune {
			if c == '\r' || c == '\n' || c == ' ' || c == '\t' {
				return -1
			}
			return c
		}, string(raw))
		b, err := base64.StdEncoding.DecodeString(clean)
		return string(b), err
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(r))
		return string(b), err
	default:
		b, err := io.ReadAll(r)
		return string(b), err
	}
}

// mailbox reads the stack's SMTP server in order: each mail is handed out at most once
// to next, so a test asking for "the next OTP mail to X" never gets an old one.
type mailbox struct {
	st    *e2e.Stack
	mu    sync.Mutex
	taken map[int]bool
	// onSecret is told every secret read from a mail (the world's log scan).
	onSecret func(string)
}

func newMailbox(st *e2e.Stack) *mailbox {
	return &mailbox{st: st, taken: map[int]bool{}, onSecret: func(string) {}}
}

// all decodes every mail delivered so far.
func (mb *mailbox) all(t *testing.T) []received {
	t.Helper()
	var out []received
	for i, m := range mb.st.SMTP.Messages() {
		r, err := decodeMail(m)
		if err != nil {
			t.Fatalf("mail %d does not decode: %v\n%s", i, err, m.Data)
		}
		out = append(out, r)
	}
	return out
}

// next waits for the first mail to `to` whose subject contains subject that was not
// handed out before, and returns it.
func (mb *mailbox) next(t *testing.T, to, subject string) received {
	t.Helper()
	return mb.nextOf(t, to, subject)
}

// nextOf is next for the first of several subjects (to tell which mail came instead).
func (mb *mailbox) nextOf(t *testing.T, to string, subjects ...string) received {
	t.Helper()
	subject := strings.Join(subjects, "」 or 「")
	deadline := time.Now().Add(stepTimeout)
	for {
		msgs := mb.st.SMTP.Messages()
		mb.mu.Lock()
		for i, m := range msgs {
			if mb.taken[i] || !addressedTo(m, to) {
				continue
			}
			r, err := decodeMail(m)
			if err != nil {
				mb.mu.Unlock()
				t.Fatalf("mail to %s does not decode: %v", to, err)
			}
			for _, s := range subjects {
				if strings.Contains(r.Subject, s) {
					mb.taken[i] = true
					mb.mu.Unlock()
					return r
				}
			}
		}
		mb.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no new mail 「%s」 to %s within %v; mails so far:\n%s", subject, to, stepTimeout, mb.summary(t))
		}
		_, _ = mb.st.SMTP.WaitFor(len(msgs)+1, 500*time.Millisecond) // wake on the next delivery
	}
}

// summary lists recipient and subject of every mail, for failure messages.
func (mb *mailbox) summary(t *testing.T) string {
	var lines []string
	for _, m := range mb.all(t) {
		lines = append(lines, fmt.Sprintf("  %v 「%s」 %s", m.To, m.Subject, m.MessageID))
	}
	return strings.Join(lines, "\n")
}

func addressedTo(m smtptest.Message, to string) bool {
	for _, r := range m.To {
		if strings.EqualFold(strings.Trim(r, "<>"), to) {
			return true
		}
	}
	return false
}

var (
	authKeyRe = regexp.MustCompile(`■認証キー\n\s*(\S+)`)
	otpRe     = regexp.MustCompile(`■ワンタイムパスワード\n\s*([0-9]+)`)
)

// extract returns the first submatch of re in the mail body.
func extract(t *testing.T, m received, re *regexp.Regexp, what string) string {
	t.Helper()
	s := re.FindStringSubmatch(m.Body)
	if s == nil {
		t.Fatalf("no %s in mail 「%s」:\n%s", what, m.Subject, m.Body)
	}
	return s[1]
}

// Mail subjects (docs/rules.md "The mails the system sends" and the security notices).
const (
	subjAccountProvisional = "アカウント仮登録完了通知"
	subjPasswordRegistered = "パスワード登録申込受付通知"
	subjPasswordReset      = "パスワード再登録申込受付通知"
	subjOTP                = "ワンタイムパスワード通知"
	subjEstablishmentProv  = "事業所情報仮登録完了通知"
	subjLocked             = "アカウントロック通知"
	subjNewDevice          = "新しい端末からのログイン通知"
	subjAdditionalAdded    = "ログインアカウント追加通知"
	subjAdditionalDeleted  = "ログインアカウント削除通知"
	subjPasswordChanged    = "パスワード変更完了通知"
	subjRegistrationTried  = "アカウント登録に関するお知らせ"
	subjMyPageOpened       = "求人者マイページ開設通知"
	subjLoginRegistered    = "ログインアカウント登録通知"
	subjPostingProv        = "求人情報仮登録完了通知"
	subjPostingReturned    = "求人情報修正依頼通知"
	subjPostingAccepted    = "求人情報受理通知"
	subjPostingRenewal     = "求人情報更新受付開始通知"
)

// authKey waits for the next mail of subject to `to` and returns its auth key.
func (mb *mailbox) authKey(t *testing.T, to, subject string) string {
	t.Helper()
	k := extract(t, mb.next(t, to, subject), authKeyRe, "認証キー")
	mb.onSecret(k)
	return k
}

// otp waits for the next ワンタイムパスワード通知 to `to` and returns the code.
func (mb *mailbox) otp(t *testing.T, to string) string {
	t.Helper()
	code := extract(t, mb.next(t, to, subjOTP), otpRe, "ワンタイムパスワード")
	mb.onSecret(code)
	return code
}

// ---- flows shared by the tests ----

// world is one running suite with its mailbox, the mails its flows expect, and the
// staff accounts signed in so far (one per office).
type world struct {
	st *e2e.Stack
	mb *mailbox

	mu      sync.Mutex
	want    map[mailKey]int
	staff   map[string]*browser
	secrets map[string]bool // auth keys, OTPs, passwords and tokens seen by the test
}

// secret records a value that must never appear in any process's log.
func (w *world) secret(v string) {
	if len(v) < 6 { // too short to search for without false alarms
		return
	}
	w.mu.Lock()
	w.secrets[v] = true
	w.mu.Unlock()
}

// checkLogsForSecrets fails if any process logged a secret the test handled
// (secrets are never logged).
func (w *world) checkLogsForSecrets(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	secrets := make([]string, 0, len(w.secrets))
	for s := range w.secrets {
		secrets = append(secrets, s)
	}
	w.mu.Unlock()
	logs := w.st.Logs()
	for _, line := range logs {
		for _, s := range secrets {
			if secretscan.ContainsToken(line, s) {
				t.Errorf("a secret the test handled appears in a log line: %s", strings.ReplaceAll(line, s, "«SECRET»"))
			}
		}
	}
	t.Logf("METRIC log_lines_scanned=%d secrets_searched=%d", len(logs), len(secrets))
}

// completeReset finishes RESET-1 after its request: it reads the mailed auth key,
// sets newPassword through b, and takes the password-changed notice that follows.
func (w *world) completeReset(t *testing.T, b *browser, email, newPassword string) {
	t.Helper()
	w.expect(email, subjPasswordReset)
	key := w.mb.authKey(t, email, subjPasswordReset)
	w.secret(newPassword)
	must2xx(t, b.post("/v1/identity/passwordResets:complete", map[string]any{"email": email, "auth_key": key,
		"password": newPassword, "password_confirmation": newPassword}))
	w.expect(email, subjPasswordChanged)
	w.mb.next(t, email, subjPasswordChanged)
}

// mailKey is a recipient and a subject.
type mailKey struct{ to, subject string }

func startWorld(t *testing.T) *world {
	t.Helper()
	started := time.Now()
	st := e2e.StartWith(t, suiteEnv, allServices...)
	t.Logf("METRIC stack_start_s=%.1f", time.Since(started).Seconds())
	return newWorld(t, st)
}

// newWorld wraps a running stack; when the test passed, its mails are verified at the end.
func newWorld(t *testing.T, st *e2e.Stack) *world {
	t.Helper()
	w := &world{st: st, mb: newMailbox(st), want: map[mailKey]int{}, staff: map[string]*browser{},
		secrets: map[string]bool{employerPassword: true, staffPassword: true}}
	w.mb.onSecret = w.secret
	// Registered after the stack's own cleanup, so it runs first, while SMTP still runs.
	t.Cleanup(func() {
		if !t.Failed() {
			w.verifyMails(t)
		}
		w.checkLogsForSecrets(t)
	})
	return w
}

// expect records that one more mail of subject must reach to.
func (w *world) expect(to, subject string) {
	w.mu.Lock()
	w.want[mailKey{strings.ToLower(to), subject}]++
	w.mu.Unlock()
}

// settled waits until the notification service has nothing pending: every delivery in
// its table is committed as SENT and the inbox holds one mail per delivery. Killing the
// service after that cannot hit the documented "sent, not yet committed" window.
func (w *world) settled(t *testing.T, staff *browser) {
	t.Helper()
	// First every mail asked for so far: an event not yet consumed has no delivery row,
	// so the log alone could look settled while a mail is about to be sent.
	eventually(t, stepTimeout, func() string {
		got := w.received(t)
		w.mu.Lock()
		defer w.mu.Unlock()
		for k, n := range w.want {
			if got[k] < n {
				return fmt.Sprintf("「%s」 to %s: %d of %d mails so far", k.subject, k.to, got[k], n)
			}
		}
		return ""
	})
	eventually(t, stepTimeout, func() string {
		log, err := w.storedDeliveries()
		if err != nil {
			return err.Error()
		}
		for _, d := range log {
			if d.Status != "sent" {
				return "a delivery is " + d.Status
			}
		}
		if n := len(w.st.SMTP.Messages()); n != len(log) {
			return fmt.Sprintf("%d deliveries, %d mails", len(log), n)
		}
		return ""
	})
	// What staff read is their office's part of that log (LOGIN-5): every delivery they
	// see concerns an establishment, and no withheld address shows.
	r := must2xx(t, staff.get("/v1/notification/deliveries?page_size=1000"))
	var log struct {
		Deliveries []struct {
			EstablishmentID string `json:"establishment_id"`
			Recipient       string `json:"recipient"`
			Withheld        bool   `json:"recipient_withheld"`
		} `json:"deliveries"`
	}
	r.decode(t, &log)
	for _, d := range log.Deliveries {
		if d.EstablishmentID == "" || (d.Withheld && d.Recipient != "") {
			t.Errorf("staff log shows %+v", d)
		}
	}
}

// storedDelivery is one row of notification's delivery table.
type storedDelivery struct {
	Recipient, Status, MessageID, LastError string
	Attempts                                int
}

// storedDeliveries reads notification's whole delivery table. The staff API shows each
// office only its own establishments' deliveries and no mail that concerns no
// establishment yet (OPEN-1 keys), so the complete log is checked at its source.
func (w *world) storedDeliveries() ([]storedDelivery, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgkit.Open(ctx, w.st.DBURL, "notification")
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, `SELECT recipient, status, message_id, last_error, attempts FROM deliveries ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (storedDelivery, error) {
		var d storedDelivery
		err := r.Scan(&d.Recipient, &d.Status, &d.MessageID, &d.LastError, &d.Attempts)
		return d, err
	})
}

// received counts the mails delivered so far by recipient and subject.
func (w *world) received(t *testing.T) map[mailKey]int {
	t.Helper()
	got := map[mailKey]int{}
	for _, m := range w.mb.all(t) {
		for _, to := range m.To {
			got[mailKey{strings.ToLower(strings.Trim(to, "<>")), m.Subject}]++
		}
	}
	return got
}

// verifyMails checks the mails of the whole test: every expected mail arrived exactly
// once, none arrived that no step asked for, and every Message-ID is unique (the
// notification service derives it from the event and recipient).
func (w *world) verifyMails(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	want := map[mailKey]int{}
	total := 0
	for k, v := range w.want {
		want[k] = v
		total += v
	}
	w.mu.Unlock()
	_, _ = w.st.SMTP.WaitFor(total, stepTimeout)
	got := w.received(t)
	ids := map[string]received{}
	for _, m := range w.mb.all(t) {
		if m.MessageID == "" {
			t.Errorf("mail 「%s」 to %v has no Message-ID", m.Subject, m.To)
		} else if prev, dup := ids[m.MessageID]; dup {
			t.Errorf("Message-ID %s twice: 「%s」 to %v and 「%s」 to %v", m.MessageID, prev.Subject, prev.To, m.Subject, m.To)
		}
		ids[m.MessageID] = m
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("「%s」 to %s: %d mails, want exactly %d", k.subject, k.to, got[k], n)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected mail 「%s」 to %s (%d×)", k.subject, k.to, n)
		}
	}
	if t.Failed() {
		t.Logf("mails:\n%s", w.mb.summary(t))
	}
}

// signIn runs both sign-in steps (LOGIN-1, LOGIN-2) as b, reading the OTP from the
// mail; remember asks to skip the OTP on this browser (LOGIN-3).
func (w *world) signIn(t *testing.T, b *browser, email, password string, remember bool) {
	t.Helper()
	r := must2xx(t, b.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": password}))
	var s struct {
		OTPRequired bool   `json:"one_time_password_required"`
		AttemptID   string `json:"login_attempt_id"`
	}
	r.decode(t, &s)
	if !s.OTPRequired || s.AttemptID == "" {
		t.Fatalf("sign-in of %s from a new browser must ask for the one-time password: %s", email, r)
	}
	w.expect(email, subjOTP)
	w.expect(email, subjNewDevice) // D1 compensating control: a sign-in that needed the OTP
	code := w.mb.otp(t, email)
	r = must2xx(t, b.post("/v1/identity/sessions:verifyOneTimePassword", map[string]any{
		"login_attempt_id": s.AttemptID, "one_time_password": code, "remember_device": remember, "user_agent": "e2e-browser/" + b.name}))
	if b.cookie(sessionCookie) == nil {
		t.Fatalf("no session cookie after the OTP step: %s", r)
	}
	w.secret(b.cookie(sessionCookie).Value)
	if c := b.cookie(deviceCookie); c != nil {
		w.secret(c.Value)
	}
	if strings.Contains(string(r.Body), b.cookie(sessionCookie).Value) {
		t.Fatal("the session token must live only in the HttpOnly cookie, never in the body")
	}
}

const (
	sessionCookie = "__Host-hw_session"
	deviceCookie  = "__Host-hw_device"
)

// me returns GET /v1/identity/account as b.
func me(t *testing.T, b *browser) *response {
	t.Helper()
	return must2xx(t, b.get("/v1/identity/account"))
}

// staffOf returns a signed-in staff member of office, bootstrapping one on first use.
func (w *world) staffOf(t *testing.T, office string) *browser {
	t.Helper()
	w.mu.Lock()
	b := w.staff[office]
	w.mu.Unlock()
	if b != nil {
		return b
	}
	b = newBrowser(t, w.st, "staff-"+office)
	w.bootstrapStaff(t, b, office)
	w.mu.Lock()
	w.staff[office] = b
	w.mu.Unlock()
	return b
}

// bootstrapStaff creates a staff account of office with identity's bootstrap-staff
// subcommand, then signs it in with b.
func (w *world) bootstrapStaff(t *testing.T, b *browser, office string) string {
	t.Helper()
	email := uniqueEmail("staff" + office)
	out, err := w.st.Command(e2e.Identity.Name, map[string]string{"IDENTITY_BOOTSTRAP_PASSWORD": staffPassword},
		"bootstrap-staff", "-office", office, "-email", email)
	if err != nil {
		t.Fatalf("identity bootstrap-staff: %v\n%s", err, out)
	}
	if strings.Contains(string(out), staffPassword) {
		t.Fatal("bootstrap-staff printed the password")
	}
	w.signIn(t, b, email, staffPassword, false)
	if role := me(t, b).str(t, "role"); role != "ACCOUNT_ROLE_STAFF" {
		t.Fatalf("bootstrapped staff has role %s", role)
	}
	return email
}

// Valid sections 1-5 of a Tokyo establishment (千代田区 13101 → ハローワーク飯田橋 1301),
// in the gateway's JSON (proto field names). Kana and digits are deliberately mixed
// full-width/half-width: the service normalises them.
func sections(name, phone string) []map[string]any {
	return []map[string]any{
		{"company": map[string]any{"corporate_number": "7000012050002", "company_name": "株式会社テスト商事",
			"company_name_kana": "ｶﾌﾞｼｷｶﾞｲｼｬﾃｽﾄｼｮｳｼﾞ", "head_office_postal_code": "１００－０００１",
			"head_office_address": "東京都千代田区千代田１－１", "established_year": 1990, "capital_yen": "10000000",
			"employees_company": 50, "representative_title": "代表取締役", "representative_name": "試験太郎"}},
		{"basic": map[string]any{"name": name, "name_kana": "てすとしょうじ ほんしゃ", "postal_code": "1000001",
			"municipality_code": "13101", "address": "東京都千代田区千代田1-1", "phone_number": phone, "industry_code": "50"}},
		{"detail": map[string]any{"employees_at_workplace": 20, "employees_female": 8, "employees_part_time": 3,
			"business_description": "事務用品の卸売および通信販売を行っています。"}},
		{"workplace": map[string]any{"same_as_establishment": true, "nearest_station": "東京駅"}},
		{"pr": map[string]any{"pr_text": "働きやすい職場です。"}},
	}
}

// profile is the same data as a counter-registration profile.
func profile(name, phone string) map[string]any {
	p := map[string]any{}
	for _, s := range sections(name, phone) {
		for k, v := range s {
			p[k] = v
		}
	}
	return p
}

// registerAtCounter has staff register an establishment with its login e-mail (OPEN-2)
// and returns its id and 事業所番号.
func (w *world) registerAtCounter(t *testing.T, staff *browser, name, phone, loginEmail string) (id, number string) {
	t.Helper()
	r := must2xx(t, staff.post("/v1/staff/establishments", map[string]any{"profile": profile(name, phone), "login_email": loginEmail}))
	w.expect(loginEmail, subjLoginRegistered) // tells the address what to do next (OPEN-2)
	id, number = r.str(t, "establishment_id"), r.str(t, "establishment_number")
	if !estNumberRe.MatchString(number) || r.str(t, "state") != "ESTABLISHMENT_STATE_REGISTERED" {
		t.Fatalf("counter registration: number %q (ESTNO-1), state %s", number, r.str(t, "state"))
	}
	return id, number
}

// estNumberRe is ESTNO-1: 4-6-1 half-width digits.
var estNumberRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{6}-[0-9]$`)

// waitPrimaryLogin waits until identity has consumed employer-registration's event and
// staff can look up the establishment's primary login ID (LOGIN-5).
func waitPrimaryLogin(t *testing.T, staff *browser, number, want string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		r := staff.get("/v1/identity/staff/establishments/" + number + "/primaryLoginId")
		if r.Code == 200 && strings.EqualFold(r.str(t, "email"), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("identity never learnt the login e-mail of %s: %s", number, r)
		}
		time.Sleep(100 * time.Millisecond) // polling another process's consumer
	}
}

// eventually polls f until it returns "" (success) or the deadline, then fails with
// the last message.
func eventually(t *testing.T, within time.Duration, f func() string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		msg := f()
		if msg == "" {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("not within %v: %s", within, msg)
		}
		time.Sleep(100 * time.Millisecond) // polling another process
	}
}
