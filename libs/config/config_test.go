package config_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/config"
)

type serviceConfig struct {
	config.Common
	AuthKeyTTLMinutes int `env:"AUTH_KEY_TTL_MINUTES" envDefault:"50"`
}

func (c *serviceConfig) Validate() error { return c.Common.Validate() }

func TestLoad_ReadsDefaultsAndEnvironment(t *testing.T) {
	t.Setenv("GRPC_ADDR", "127.0.0.1:9101")
	t.Setenv("AUTH_KEY_TTL_MINUTES", "30")
	cfg, err := config.Load[serviceConfig]()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.GRPCAddr != "127.0.0.1:9101" || cfg.AuthKeyTTLMinutes != 30 || cfg.LogFormat != "json" {
		t.Fatalf("unexpected config %+v", cfg)
	}
}

func TestLoad_ReportsEveryProblemAtOnce(t *testing.T) {
	t.Setenv("GRPC_ADDR", "")
	t.Setenv("LOG_LEVEL", "loud")
	t.Setenv("DATABASE_URL", "mysql://x")
	_, err := config.Load[serviceConfig]()
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, want := range []string{"GRPC_ADDR", "LOG_LEVEL", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestLoad_RejectsUnparseableValues(t *testing.T) {
	t.Setenv("GRPC_ADDR", "127.0.0.1:1")
	t.Setenv("AUTH_KEY_TTL_MINUTES", "fifty")
	if _, err := config.Load[serviceConfig](); err == nil || !strings.Contains(err.Error(), "AUTH_KEY_TTL_MINUTES") {
		t.Fatalf("err = %v, want a message naming AUTH_KEY_TTL_MINUTES", err)
	}
}

func TestRedacted_HidesPassword(t *testing.T) {
	got := config.Redacted("postgres://app:s3cret@db:5432/hw")
	if strings.Contains(got, "s3cret") {
		t.Fatalf("password not redacted: %s", got)
	}
}

func TestDecodeKey(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i * 7)
	}
	for _, s := range []string{
		base64.StdEncoding.EncodeToString(key), base64.RawStdEncoding.EncodeToString(key),
		base64.URLEncoding.EncodeToString(key), base64.RawURLEncoding.EncodeToString(key),
		base64.StdEncoding.EncodeToString(key) + "\n",
	} {
		got, err := config.DecodeKey("K", s, 32)
		if err != nil || string(got) != string(key) {
			t.Fatalf("DecodeKey(%q) = %x, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(key[:31])} {
		_, err := config.DecodeKey("HASH_PEPPER", s, 32)
		if err == nil || !strings.Contains(err.Error(), "HASH_PEPPER must be the base64 of at least 32") {
			t.Fatalf("DecodeKey(%q) err = %v", s, err)
		}
	}
}
