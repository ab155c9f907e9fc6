// Command images turns the static binaries of the hellowork components into OCI images
// without a container daemon (go-containerregistry), for `make images`: a base layer assembled
// here (CA certificates, time zone data, /etc/passwd and /etc/group with the nonroot user
// 65532, an empty /tmp), a layer with the binary at /usr/local/bin/service, user 65532:65532,
// OCI labels. Every timestamp is -created (the commit's time), files are written in a fixed
// order with fixed owners, so the same inputs give the same digest.
//
//	images -out bin/images -version 0.1.0 -created 1733200000 -source https://... name=path/to/binary ...
//
// Each image is written as an OCI layout at <out>/<name>, its reference in the
// org.opencontainers.image.ref.name annotation; it prints <reference>@<digest> per image.
// Push: crane push <out>/<name> <reference> (deploy/README.md, "Images").
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

const uid = 65532

func main() {
	out := flag.String("out", "bin/images", "directory of the OCI layouts")
	version := flag.String("version", "dev", "org.opencontainers.image.version and the tag")
	registry := flag.String("registry", "ghcr.io/hellowork-jp/hellowork", "image references are <registry>/<name>:<version> (the chart's default)")
	source := flag.String("source", "https://github.com/hellowork-jp/hellowork", "org.opencontainers.image.source")
	revision := flag.String("revision", "", "org.opencontainers.image.revision (the commit)")
	created := flag.Int64("created", 0, "Unix time of every timestamp (the commit's time)")
	certs := flag.String("ca-certificates", "/etc/ssl/certs/ca-certificates.crt", "CA bundle to include")
	zoneinfo := flag.String("zoneinfo", "/usr/share/zoneinfo", "time zone database to include")
	flag.Parse()
	if flag.NArg() == 0 {
		fail(fmt.Errorf("usage: images [flags] name=binary..."))
	}
	t := time.Unix(*created, 0).UTC()
	base, err := baseLayer(t, *certs, *zoneinfo)
	if err != nil {
		fail(err)
	}
	for _, arg := range flag.Args() {
		name, bin, ok := strings.Cut(arg, "=")
		if !ok {
			fail(fmt.Errorf("%q: want name=binary", arg))
		}
		d, err := build(base, t, name, bin, *out, *registry, *version, *source, *revision)
		if err != nil {
			fail(fmt.Errorf("%s: %w", name, err))
		}
		fmt.Printf("%s/%s:%s@%s\n", *registry, name, *version, d)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "images:", err)
	os.Exit(1)
}

type entry struct {
	name string
	mode int64
	data []byte // nil: directory
}

// baseLayer is the distroless-like base: no shell, no package manager.
func baseLayer(t time.Time, certs, zoneinfo string) (v1.Layer, error) {
	ca, err := os.ReadFile(certs)
	if err != nil {
		return nil, err
	}
	es := []entry{
		{name: "etc/", mode: 0o755},
		{name: "etc/passwd", mode: 0o644, data: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
		{name: "etc/group", mode: 0o644, data: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{name: "etc/ssl/", mode: 0o755},
		{name: "etc/ssl/certs/", mode: 0o755},
		{name: "etc/ssl/certs/ca-certificates.crt", mode: 0o644, data: ca},
		{name: "home/", mode: 0o755},
		{name: "home/nonroot/", mode: 0o700},
		{name: "tmp/", mode: 0o1777},
		{name: "usr/", mode: 0o755},
		{name: "usr/share/", mode: 0o755},
	}
	err = filepath.WalkDir(zoneinfo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(zoneinfo), p)
		name := "usr/share/" + filepath.ToSlash(rel)
		if d.IsDir() {
			es = append(es, entry{name: name + "/", mode: 0o755})
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(p); err != nil || st.IsDir() {
				return nil // posix/ and right/ are links to whole trees on Debian: the plain tree suffices
			}
		}
		data, err := os.ReadFile(p) // a file link becomes a copy
		if err != nil {
			return err
		}
		es = append(es, entry{name: name, mode: 0o644, data: data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return layer(t, es, 0)
}

// layer writes a tar with sorted names, fixed owners and times.
func layer(t time.Time, es []entry, owner int) (v1.Layer, error) {
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		h := &tar.Header{Name: e.name, Mode: e.mode, ModTime: t, Uid: owner, Gid: owner, Format: tar.FormatPAX}
		if e.data == nil {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.data))
		}
		if e.name == "home/nonroot/" {
			h.Uid, h.Gid = uid, uid
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if e.data != nil {
			if _, err := tw.Write(e.data); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
		tarball.WithMediaType(types.OCILayer))
}

func build(base v1.Layer, t time.Time, name, bin, out, registry, version, source, revision string) (v1.Hash, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return v1.Hash{}, err
	}
	app, err := layer(t, []entry{
		{name: "usr/local/", mode: 0o755},
		{name: "usr/local/bin/", mode: 0o755},
		{name: "usr/local/bin/service", mode: 0o755, data: data},
	}, 0)
	if err != nil {
		return v1.Hash{}, err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img,
		mutate.Addendum{Layer: base, History: v1.History{Created: v1.Time{Time: t}, CreatedBy: "hellowork base: CA certificates, zoneinfo, nonroot user"}},
		mutate.Addendum{Layer: app, History: v1.History{Created: v1.Time{Time: t}, CreatedBy: "hellowork " + name}})
	if err != nil {
		return v1.Hash{}, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return v1.Hash{}, err
	}
	cf = cf.DeepCopy()
	cf.Created = v1.Time{Time: t}
	cf.Architecture, cf.OS = "amd64", "linux"
	cf.Config.User = fmt.Sprintf("%d:%d", uid, uid)
	cf.Config.Entrypoint = []string{"/usr/local/bin/service"}
	cf.Config.WorkingDir = "/"
	cf.Config.Env = []string{"PATH=/usr/local/bin"}
	cf.Config.ExposedPorts = map[string]struct{}{"8080/tcp": {}, "9090/tcp": {}, "9100/tcp": {}}
	cf.Config.Labels = map[string]string{
		"org.opencontainers.image.title":       "hellowork-" + name,
		"org.opencontainers.image.description": "hellowork " + name + " (Hello Work employer MyPage)",
		"org.opencontainers.image.source":      source,
		"org.opencontainers.image.version":     version,
		"org.opencontainers.image.revision":    revision,
		"org.opencontainers.image.created":     t.Format(time.RFC3339),
	}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return v1.Hash{}, err
	}
	dir := filepath.Join(out, name)
	if err := os.RemoveAll(dir); err != nil {
		return v1.Hash{}, err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return v1.Hash{}, err
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": registry + "/" + name + ":" + version})); err != nil {
		return v1.Hash{}, err
	}
	return img.Digest()
}
