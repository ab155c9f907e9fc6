package edge

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Option changes what New builds.
type Option func(*options)

type options struct {
	web   fs.FS
	clock clock.Clock
}

// WithClock sets the clock of the session cache (tests move it instead of sleeping).
func WithClock(c clock.Clock) Option { return func(o *options) { o.clock = c } }

// WithWeb serves the browser front end (gateway/web, built by Vite) from fsys on the
// same origin as /v1/, so the __Host- session cookie and the cross-origin protection
// apply to the pages unchanged. fsys holds index.html and assets/ (see docs/web.md).
func WithWeb(fsys fs.FS) Option { return func(o *options) { o.web = fsys } }

// webCSP is the Content-Security-Policy of the pages: scripts, styles, images, fonts and
// API calls from this origin only; no inline script or style element, no plugins, no
// framing, no <base> rewriting, forms post only here. React sets style attributes
// through the DOM, which style-src does not govern; images may be data: URIs (the
// design system's CSS draws some icons that way).
const webCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// Cache-Control of the answers of the web handler.
const (
	// Files under assets/ carry a content hash in their name (Vite): a new build gets
	// new names, so a cached copy is never stale.
	cacheImmutable = "public, max-age=31536000, immutable"
	// Other files at the root (favicon, robots.txt) keep their names across builds:
	// browsers revalidate them with the ETag.
	cacheRevalidate = "no-cache"
	// index.html names the current assets; a cached copy would run an old build
	// against a new API.
	cacheNever = "no-store"
)

// webFile is one file of the front end, read once at start.
type webFile struct {
	body        []byte
	contentType string
	etag        string
}

// webHandler serves the front end:
//   - an existing file: its content, immutable caching under assets/, revalidated otherwise;
//   - a missing file (a path whose last segment has an extension, or anything under
//     assets/): 404, never index.html, so a stale script tag fails loudly instead of
//     parsing HTML as JavaScript;
//   - any other path (a screen's deep link such as /login/otp): index.html, never
//     cached, so reloading a screen works and the router shows it.
//
// Only GET and HEAD are served. The /v1/ API and the probes are routed before this
// handler and never reach it.
type webHandler struct {
	files map[string]webFile
	index webFile
}

func newWebHandler(fsys fs.FS) (*webHandler, error) {
	h := &webHandler{files: map[string]webFile{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = http.DetectContentType(body)
		}
		sum := sha256.Sum256(body)
		h.files[p] = webFile{body: body, contentType: ct, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read the front end: %w", err)
	}
	idx, ok := h.files["index.html"]
	if !ok {
		return nil, errors.New("web: the front end has no index.html (build it: make web)")
	}
	idx.contentType = "text/html; charset=utf-8"
	h.index = idx
	return h, nil
}

func (h *webHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		hd.Set("Cache-Control", cacheNever)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "index.html" {
		name = ""
	}
	if f, ok := h.files[name]; ok && name != "" {
		cc := cacheRevalidate
		if strings.HasPrefix(name, "assets/") {
			cc = cacheImmutable
		}
		h.write(w, r, f, cc)
		return
	}
	if name != "" && (strings.HasPrefix(name, "assets/") || strings.Contains(path.Base(name), ".")) {
		hd.Set("Cache-Control", cacheNever)
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	hd.Set("Content-Security-Policy", webCSP)
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.write(w, r, h.index, cacheNever)
}

func (h *webHandler) write(w http.ResponseWriter, r *http.Request, f webFile, cacheControl string) {
	hd := w.Header()
	hd.Set("Content-Type", f.contentType)
	hd.Set("Cache-Control", cacheControl)
	if cacheControl != cacheNever {
		hd.Set("ETag", f.etag)
	}
	// ServeContent answers If-None-Match (304), Range and HEAD.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
