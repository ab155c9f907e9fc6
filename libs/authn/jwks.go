package authn

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// JWK is one public key of a JWK set (RFC 8037 OKP keys only).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKSet is what identity publishes for verification.
type JWKSet struct {
	Keys []JWK `json:"keys"`
}

// PublicJWK returns the JWK of an Ed25519 verification key.
func PublicJWK(kid string, key ed25519.PublicKey) JWK {
	return JWK{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(key), Kid: kid, Alg: "EdDSA", Use: "sig"}
}

// Parse decodes the Ed25519 keys of the set.
func (s JWKSet) Parse() (StaticKeys, error) {
	out := StaticKeys{}
	for _, k := range s.Keys {
		if k.Kty != "OKP" || k.Crv != "Ed25519" {
			continue
		}
		raw, err := base64.RawURLEncoding.DecodeString(k.X)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("authn: bad key %q in JWK set", k.Kid)
		}
		out[k.Kid] = ed25519.PublicKey(raw)
	}
	return out, nil
}

// RemoteKeys fetches a JWK set over HTTP (or through Fetch) and refetches it when an
// unknown key id shows up (key rotation), at most once per MinInterval, and when the
// set it holds is older than MaxAge. Each fetch replaces the set, never merges into it
// (L2): a key identity withdrew stops verifying tokens at the next refresh. A failed
// refresh keeps the old set (availability) and is retried after MinInterval.
type RemoteKeys struct {
	URL         string
	Client      *http.Client
	MinInterval time.Duration // default 10 s
	MaxAge      time.Duration // default 5 min
	Clock       clock.Clock   // default the real clock
	// Fetch, when set, replaces the HTTP GET of URL: services fetch identity's keys
	// over gRPC from identity's own address (issue 9, M5; runner).
	Fetch func(ctx context.Context) (JWKSet, error)

	mu      sync.Mutex
	keys    StaticKeys
	fetched time.Time
	tried   time.Time
}

func (r *RemoteKeys) now() time.Time {
	if r.Clock == nil {
		return time.Now()
	}
	return r.Clock.Now()
}

// Key implements Keys.
func (r *RemoteKeys) Key(ctx context.Context, kid string) (ed25519.PublicKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	minInterval, maxAge := r.MinInterval, r.MaxAge
	if minInterval <= 0 {
		minInterval = 10 * time.Second
	}
	if maxAge <= 0 {
		maxAge = 5 * time.Minute
	}
	now := r.now()
	_, known := r.keys[kid]
	stale := r.keys == nil || now.Sub(r.fetched) >= maxAge
	if (stale || !known) && (r.keys == nil || now.Sub(r.tried) >= minInterval) {
		r.tried = now
		if err := r.fetch(ctx, now); err != nil && r.keys == nil {
			return nil, err
		}
	}
	if k, ok := r.keys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("authn: unknown key id %q", kid)
}

func (r *RemoteKeys) fetch(ctx context.Context, now time.Time) error {
	if r.Fetch != nil {
		set, err := r.Fetch(ctx)
		if err != nil {
			return fmt.Errorf("authn: fetch JWK set: %w", err)
		}
		keys, err := set.Parse()
		if err != nil {
			return err
		}
		r.keys, r.fetched = keys, now
		return nil
	}
	client := r.Client
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("authn: fetch JWK set: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("authn: fetch JWK set: HTTP %d", resp.StatusCode)
	}
	var set JWKSet
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return fmt.Errorf("authn: decode JWK set: %w", err)
	}
	keys, err := set.Parse()
	if err != nil {
		return err
	}
	r.keys, r.fetched = keys, now
	return nil
}
