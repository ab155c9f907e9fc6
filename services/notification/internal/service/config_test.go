package service

import (
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/config"
)

func TestConfig_LoadFromEnvironment(t *testing.T) {
	key := "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" // 32 bytes
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{"defaults with a sealing key", map[string]string{"EVENT_SEALING_KEY": key}, ""},
		{"sealing key required", map[string]string{}, "EVENT_SEALING_KEY is required"},
		{"sealing key must be 32 bytes", map[string]string{"EVENT_SEALING_KEY": "c2hvcnQ="}, "EVENT_SEALING_KEY"},
		{"tls mode checked", map[string]string{"EVENT_SEALING_KEY": key, "SMTP_URL": "smtp://h?tls=sometimes"}, "tls="},
		{"sender checked", map[string]string{"EVENT_SEALING_KEY": key, "MAIL_FROM": "nobody"}, "MAIL_FROM"},
		{"retry bounds checked", map[string]string{"EVENT_SEALING_KEY": key, "MAIL_RETRY_MAX": "1s"}, "MAIL_RETRY_MAX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GRPC_ADDR", "127.0.0.1:9105")
			for _, k := range []string{"EVENT_SEALING_KEY", "SMTP_URL", "MAIL_FROM", "MAIL_RETRY_MAX"} {
				t.Setenv(k, "")
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, err := config.Load[Config]()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s, _ := cfg.SMTP()
			if cfg.MailFrom != "system@mail.hellowork.mhlw.go.jp" || s.TLS != "none" || s.Port != 1025 {
				t.Errorf("defaults: from %q smtp %+v", cfg.MailFrom, s)
			}
		})
	}
}
