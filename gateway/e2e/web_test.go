package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestE2E_Web_Browser runs the browser tests of the MyPage (gateway/web/tests/browser,
// Playwright driving Debian's chromium, axe-core on every screen) against the real
// gateway and services. The employer reads auth keys and one-time passwords in a
// web inbox this test serves from the stack's SMTP server, as a person reads mail.
//
// It needs node, chromium and gateway/web/node_modules (`make test` and `make test-web`
// install them); a missing piece fails the test. SCREENS_DIR makes the script save
// screenshots there (make screens).
func TestE2E_Web_Browser(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := &world{st: st, mb: newMailbox(st), want: map[mailKey]int{}, staff: map[string]*browser{}, secrets: map[string]bool{}}

	// OPEN-3's counter part, done by staff: an establishment registered at office 1301
	// with its login e-mail, and an account creation code for it.
	staff := w.staffOf(t, "1301")
	open3Email := uniqueEmail("web-open3")
	estID, number := w.registerAtCounter(t, staff, "テスト商事 ブラウザ", "03-3333-4444", open3Email)
	waitPrimaryLogin(t, staff, number, open3Email)
	code := must2xx(t, staff.post("/v1/staff/establishments/"+estID+":issueAccountCreationCode", map[string]any{})).str(t, "code")

	runBrowserTests(t, w, "mypage.test.mjs", nil,
		"OPEN3_EMAIL="+open3Email,
		"OPEN3_NUMBER="+number,
		"OPEN3_PHONE=03-3333-4444",
		"OPEN3_CODE="+code,
		"OPEN3_NAME=テスト商事 ブラウザ",
	)
}

// runBrowserTests runs one browser test file of gateway/web/tests/browser against the
// stack of w, with the inbox at INBOX_URL. fixtures, when given, are served beside the
// inbox (at FIXTURES_URL) for steps a test file needs from another actor than the
// browser's person (staff accepting a posting, a seeker applying) until that actor has
// screens of its own; env adds variables.
func runBrowserTests(t *testing.T, w *world, file string, fixtures http.Handler, env ...string) {
	t.Helper()
	webDir, node, chromium := needBrowser(t)
	inbox := httptest.NewServer(inboxHandler(t, w.mb))
	t.Cleanup(inbox.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-concurrency=1", "--test-reporter=spec", "tests/browser/"+file)
	cmd.Dir = webDir
	// localhost, not 127.0.0.1: the name browsers treat as a secure context for the
	// gateway's Secure __Host- cookies over plain HTTP, as a person running make run uses.
	base := strings.Replace(w.st.GateURL, "127.0.0.1", "localhost", 1)
	cmd.Env = append(os.Environ(),
		"BASE_URL="+base,
		"INBOX_URL="+inbox.URL,
		"CHROMIUM="+chromium,
	)
	if fixtures != nil {
		fx := httptest.NewServer(fixtures)
		t.Cleanup(fx.Close)
		cmd.Env = append(cmd.Env, "FIXTURES_URL="+fx.URL)
	}
	cmd.Env = append(cmd.Env, env...)
	if dir := os.Getenv("SCREENS_DIR"); dir != "" {
		cmd.Env = append(cmd.Env, "SCREENS_DIR="+dir)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		t.Log(sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("browser tests failed: %v (output above)", err)
	}
}

// needBrowser fails the test unless node, chromium and the front end's node_modules are
// there, and returns where they are. Call it before starting a stack. Never a skip: a
// run without the browser would pass without testing the pages.
func needBrowser(t *testing.T) (webDir, node, chromium string) {
	t.Helper()
	webDir = filepath.Join(e2e.RepoRoot(), "gateway", "web")
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	node, err := exec.LookPath("node")
	missing := ""
	switch {
	case err != nil:
		missing = "node"
	case !fileExists(chromium):
		missing = chromium
	case !fileExists(filepath.Join(webDir, "node_modules", "playwright-core", "package.json")):
		missing = "gateway/web/node_modules (npm ci)"
	}
	if missing != "" {
		t.Fatalf("browser tests need %s: run `make test-web` (or `make web-deps web-chromium`) once, or `make test`, which installs it", missing)
	}
	return webDir, node, chromium
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// inboxHandler is a webmail for the test's SMTP server: GET /?to=ADDRESS lists the
// mails to that address, oldest first, each with its subject and text.
func inboxHandler(t *testing.T, mb *mailbox) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to := r.URL.Query().Get("to")
		var b strings.Builder
		b.WriteString(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>受信トレイ</title></head><body><main><h1>受信トレイ</h1>`)
		for _, m := range mb.st.SMTP.Messages() {
			if to != "" && !addressedTo(m, to) {
				continue
			}
			d, err := decodeMail(m)
			if err != nil {
				t.Errorf("inbox: a mail does not decode: %v", err)
				continue
			}
			fmt.Fprintf(&b, `<article class="mail"><h2>%s</h2><p class="to">%s</p><pre>%s</pre></article>`,
				html.EscapeString(d.Subject), html.EscapeString(strings.Join(d.To, ", ")), html.EscapeString(d.Body))
		}
		b.WriteString(`</main></body></html>`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(b.String()))
	})
}
