package natsacl_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
	"go.yaml.in/yaml/v3"

	"github.com/hellowork-jp/hellowork/libs/natsx/natsacl"
)

// The nats.conf block that `make run` appends (deploy/local/deps.sh) holds, for each
// service, exactly the permissions the tests' embedded server enforces.
func TestConf_ServerReadsThePermissions(t *testing.T) {
	dir := t.TempDir()
	pubs, err := natsacl.EnsureSeeds(filepath.Join(dir, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := natsacl.EnsureSeeds(filepath.Join(dir, "seeds"))
	if err != nil || !equalMaps(pubs, again) {
		t.Fatalf("seeds not kept across runs: %v", err)
	}
	fi, err := os.Stat(filepath.Join(dir, "seeds", "identity.nk"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("seed file mode: %v %v", fi, err)
	}
	auth, err := natsacl.Build(pubs)
	if err != nil {
		t.Fatal(err)
	}
	conf, err := auth.Conf()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "nats.conf")
	base := "listen: 127.0.0.1:-1\njetstream { store_dir: \"" + dir + "/js\" }\n"
	if err := os.WriteFile(path, append([]byte(base), conf...), 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := server.ProcessConfigFile(path)
	if err != nil {
		t.Fatalf("nats-server rejects the block: %v\n%s", err, conf)
	}
	if len(opts.Nkeys) != len(natsacl.Services) {
		t.Fatalf("%d users, want %d", len(opts.Nkeys), len(natsacl.Services))
	}
	for _, u := range opts.Nkeys {
		var svc natsacl.Service
		for _, s := range natsacl.Services {
			if pubs[s.Name] == u.Nkey {
				svc = s
			}
		}
		want := natsacl.For(svc)
		if !slices.Equal(u.Permissions.Publish.Allow, want.Publish) || !slices.Equal(u.Permissions.Subscribe.Allow, want.Subscribe) {
			t.Errorf("%s: server reads %+v / %+v, want %+v", svc.Name, u.Permissions.Publish, u.Permissions.Subscribe, want)
		}
	}
}

func TestHelmValues_CarryThePermissions(t *testing.T) {
	pubs, err := natsacl.EnsureSeeds(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	auth, _ := natsacl.Build(pubs)
	b, err := auth.HelmValues()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Config struct {
			Merge struct {
				Authorization natsacl.Authorization `yaml:"authorization"`
			} `yaml:"merge"`
		} `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	got := v.Config.Merge.Authorization.Users
	if len(got) != len(natsacl.Services) {
		t.Fatalf("%d users", len(got))
	}
	for i, s := range natsacl.Services {
		want := natsacl.For(s)
		if got[i].NKey != pubs[s.Name] || !slices.Equal(got[i].Permissions.Publish.Allow, want.Publish) ||
			!slices.Equal(got[i].Permissions.Subscribe.Allow, want.Subscribe) {
			t.Errorf("%s: %+v", s.Name, got[i])
		}
	}
}

func TestBuild_RefusesMissingKey(t *testing.T) {
	if _, err := natsacl.Build(map[string]string{}); err == nil {
		t.Fatal("built without keys")
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
