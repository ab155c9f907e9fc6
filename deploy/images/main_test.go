package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// TestBuild_SameInputsSameDigest: `make images` is reproducible as long as the binaries are
// (-trimpath, -buildid=, -buildvcs=false): two builds from the same inputs at different wall
// times give one digest, and the image runs as 65532 with its OCI labels.
func TestBuild_SameInputsSameDigest(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "service")
	if err := os.WriteFile(bin, []byte("\x7fELF fake binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	zi := filepath.Join(dir, "zoneinfo")
	if err := os.MkdirAll(filepath.Join(zi, "Asia"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(zi, "Asia", "Tokyo"), []byte("TZif fake"), 0o644); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(ca, []byte("-----BEGIN CERTIFICATE-----\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	created := time.Unix(1733200000, 0).UTC()
	digest := func(out string) string {
		base, err := baseLayer(created, ca, zi)
		if err != nil {
			t.Fatal(err)
		}
		d, err := build(base, created, "identity", bin, out, "r.example/hw", "0.1.0", "https://example/src", "abc")
		if err != nil {
			t.Fatal(err)
		}
		return d.String()
	}
	first := digest(filepath.Join(dir, "a"))
	if second := digest(filepath.Join(dir, "b")); second != first {
		t.Fatalf("two builds from the same inputs: %s then %s", first, second)
	}

	p, err := layout.FromPath(filepath.Join(dir, "a", "identity"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 1 || m.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != "r.example/hw/identity:0.1.0" {
		t.Fatalf("layout index: %+v", m.Manifests)
	}
	img, err := p.Image(m.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cf.Config.User != "65532:65532" || cf.Config.Entrypoint[0] != "/usr/local/bin/service" {
		t.Errorf("user %q entrypoint %v", cf.Config.User, cf.Config.Entrypoint)
	}
	for k, want := range map[string]string{"org.opencontainers.image.version": "0.1.0", "org.opencontainers.image.source": "https://example/src", "org.opencontainers.image.revision": "abc"} {
		if got := cf.Config.Labels[k]; got != want {
			t.Errorf("label %s = %q, want %q", k, got, want)
		}
	}
}
