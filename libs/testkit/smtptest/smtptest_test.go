package smtptest_test

import (
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
)

func send(addr string) error {
	return smtp.SendMail(addr, nil, "system@example.jp", []string{"a@example.jp"},
		[]byte("Subject: hi\r\n\r\nbody\r\n"))
}

func TestServer_RecordsRefusesAndRecovers(t *testing.T) {
	s := smtptest.Start(t)
	if err := send(s.Addr()); err != nil {
		t.Fatal(err)
	}
	s.FailWith(451)
	if err := send(s.Addr()); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("err = %v, want a 451", err)
	}
	s.FailWith(0)
	s.Stop()
	if err := send(s.Addr()); err == nil {
		t.Fatal("sent to a stopped server")
	}
	s.Resume()
	if err := send(s.Addr()); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.WaitFor(2, 5*time.Second)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("msgs %d, err %v", len(msgs), err)
	}
	m, err := msgs[0].Parsed()
	if err != nil || m.Header.Get("Subject") != "hi" || msgs[0].To[0] != "a@example.jp" {
		t.Fatalf("parsed %v %v", m, err)
	}
}

func TestServer_StopRightAfterStartRefuses(t *testing.T) {
	for range 20 {
		s := smtptest.Start(t)
		s.Stop()
		if err := send(s.Addr()); err == nil {
			t.Fatal("a stopped server accepted mail")
		}
	}
}
