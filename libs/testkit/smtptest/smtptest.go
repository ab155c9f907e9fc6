// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) inside the
// test process, records every mail it accepts, and can be told to refuse mail or to go
// down, so tests can assert deliveries and outages without a mail host.
package smtptest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one accepted mail.
type Message struct {
	From string
	To   []string
	Data []byte // the raw message, headers and body
}

// Parsed parses the raw message.
func (m Message) Parsed() (*mail.Message, error) { return mail.ReadMessage(bytes.NewReader(m.Data)) }

// Server is an in-process SMTP server.
type Server struct {
	t    testing.TB
	mu   sync.Mutex
	msgs []Message
	fail *smtp.SMTPError
	srv  *smtp.Server
	lis  net.Listener
	addr string
	cond *sync.Cond
}

// Start runs a server on a free loopback port and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t}
	s.cond = sync.NewCond(&s.mu)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	s.addr = l.Addr().String()
	s.serve(l)
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) serve(l net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	s.mu.Lock()
	s.srv, s.lis = srv, l
	s.mu.Unlock()
	go func() { _ = srv.Serve(l) }()
}

// Addr is host:port of the server (stable across Stop and Resume).
func (s *Server) Addr() string { return s.addr }

// URL is an smtp:// URL for the server, without TLS.
func (s *Server) URL() string { return "smtp://" + s.addr }

// Stop closes the listener: connections are refused until Resume.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, l := s.srv, s.lis
	s.srv, s.lis = nil, nil
	s.mu.Unlock()
	if srv != nil {
		// Close the listener ourselves too: if Serve has not registered it yet,
		// srv.Close alone would leave it accepting.
		_ = l.Close()
		_ = srv.Close()
	}
}

// Resume listens again on the same address after Stop.
func (s *Server) Resume() {
	s.t.Helper()
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger briefly after Close
		if l, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtptest: resume: %v", err)
	}
	s.serve(l)
}

// FailWith makes the server answer every MAIL FROM with code (e.g. 451 or 550) until
// FailWith(0).
func (s *Server) FailWith(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		s.fail = nil
		return
	}
	s.fail = &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: "refused by test"}
}

// Messages returns a copy of the mails accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// WaitFor waits until at least n mails were accepted or timeout passes, and returns them.
func (s *Server) WaitFor(n int, timeout time.Duration) ([]Message, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() { s.mu.Lock(); s.cond.Broadcast(); s.mu.Unlock() })
	defer timer.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.msgs) < n {
		if time.Now().After(deadline) {
			return append([]Message(nil), s.msgs...), fmt.Errorf("smtptest: %d mails after %v, want %d", len(s.msgs), timeout, n)
		}
		s.cond.Wait()
	}
	return append([]Message(nil), s.msgs...), nil
}

type backend struct{ s *Server }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: b.s}, nil }

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) AuthPlain(string, string) error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.s.mu.Lock()
	fail := x.s.fail
	x.s.mu.Unlock()
	if fail != nil {
		return fail
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if x.from == "" || len(x.to) == 0 {
		return errors.New("no envelope")
	}
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, Message{From: x.from, To: append([]string(nil), x.to...), Data: data})
	x.s.cond.Broadcast()
	x.s.mu.Unlock()
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
