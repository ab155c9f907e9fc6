package natsacl_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hellowork-jp/hellowork/libs/natsx/natsacl"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
)

func TestNaming_MatchesOutbox(t *testing.T) {
	if err := natsacl.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, s := range natsacl.Services {
		if natsacl.StreamName(s.Name) != outbox.StreamName(s.Name) || natsacl.StreamSubject(s.Name) != outbox.StreamSubject(s.Name) {
			t.Errorf("%s: natsacl names %s %s, outbox %s %s", s.Name, natsacl.StreamName(s.Name),
				natsacl.StreamSubject(s.Name), outbox.StreamName(s.Name), outbox.StreamSubject(s.Name))
		}
	}
}

// violations records the permission errors the server reports on a connection.
type violations struct {
	mu   sync.Mutex
	errs []error
}

func (v *violations) handler(_ *nats.Conn, _ *nats.Subscription, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.errs = append(v.errs, err)
}

func (v *violations) saw() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, err := range v.errs {
		if errors.Is(err, nats.ErrPermissionViolation) {
			return true
		}
	}
	return false
}

// as connects as service and returns its JetStream and the violations the server reports.
func as(t *testing.T, srv *natstest.Server, service string) (jetstream.JetStream, *violations) {
	t.Helper()
	v := &violations{}
	js, err := jetstream.New(srv.ConnectAs(t, service, nats.ErrorHandler(v.handler)))
	if err != nil {
		t.Fatal(err)
	}
	return js, v
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	t.Cleanup(cancel)
	return c
}

// M5: a service publishes only its own events and administers only its own stream.
func TestPermissions_ServiceCannotTouchAnotherServicesEventsOrStream(t *testing.T) {
	srv := natstest.Run(t)
	admin, err := jetstream.New(srv.Connect(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := outbox.EnsureStream(ctx(t), admin, "identity"); err != nil {
		t.Fatal(err)
	}
	forged := &nats.Msg{Subject: "hellowork.identity.v1.AuthKeyIssued", Data: []byte("forged"), Header: nats.Header{}}
	forged.Header.Set(jetstream.MsgIDHeader, "forged-1")

	tests := []struct {
		name string
		do   func(js jetstream.JetStream) error
	}{
		{"publish on identity's subject", func(js jetstream.JetStream) error {
			_, err := js.PublishMsg(ctx(t), forged)
			return err
		}},
		{"core publish on identity's subject", func(js jetstream.JetStream) error {
			if err := js.Conn().PublishMsg(forged); err != nil {
				return err
			}
			return js.Conn().Flush()
		}},
		{"delete identity's stream", func(js jetstream.JetStream) error {
			return js.DeleteStream(ctx(t), outbox.StreamName("identity"))
		}},
		{"purge identity's stream", func(js jetstream.JetStream) error {
			_, err := js.Conn().Request("$JS.API.STREAM.PURGE."+outbox.StreamName("identity"), nil, time.Second)
			return err
		}},
		{"redeclare identity's stream with other subjects", func(js jetstream.JetStream) error {
			cfg := outbox.StreamConfig("identity")
			cfg.Subjects = []string{"hellowork.>"}
			_, err := js.UpdateStream(ctx(t), cfg)
			return err
		}},
		{"create a consumer on a stream it does not read", func(js jetstream.JetStream) error {
			_, err := js.CreateOrUpdateConsumer(ctx(t), outbox.StreamName("identity"), jetstream.ConsumerConfig{Durable: "spy"})
			return err
		}},
		{"subscribe to identity's events", func(js jetstream.JetStream) error {
			if _, err := js.Conn().SubscribeSync("hellowork.identity.>"); err != nil {
				return err
			}
			return js.Conn().Flush()
		}},
		{"subscribe to another service's inboxes", func(js jetstream.JetStream) error {
			if _, err := js.Conn().SubscribeSync(natsacl.InboxPrefix("notification") + ".>"); err != nil {
				return err
			}
			return js.Conn().Flush()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js, v := as(t, srv, "employer-registration")
			err := tt.do(js)
			// A refused publish or request either fails at once or times out; the
			// server always reports the violation on the connection.
			testkit.Eventually(t, 5*time.Second, v.saw, "a permission violation (call returned %v)", err)
		})
	}

	info, err := admin.Stream(ctx(t), outbox.StreamName("identity"))
	if err != nil {
		t.Fatalf("identity's stream is gone: %v", err)
	}
	if st := info.CachedInfo(); st.State.Msgs != 0 || len(st.Config.Subjects) != 1 {
		t.Fatalf("identity's stream changed: %d messages, subjects %v", st.State.Msgs, st.Config.Subjects)
	}
}

// The permissions are enough for what a service does: declare its stream, publish its
// events, consume the streams it reads through its durable, and fetch a message by
// sequence for a dead letter.
func TestPermissions_ServiceDoesItsOwnWork(t *testing.T) {
	srv := natstest.Run(t)
	producer, pv := as(t, srv, "employer-registration")
	if err := outbox.EnsureStream(ctx(t), producer, "employer-registration"); err != nil {
		t.Fatal(err)
	}
	msg := &nats.Msg{Subject: "hellowork.employer_registration.v1.Test", Data: []byte("x"), Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, "1")
	if _, err := producer.PublishMsg(ctx(t), msg); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ service, durable string }{
		{"notification", "notification-employer-registration"},
		{"identity", "identity"},
		{"job-posting", "job-posting-employer-registration"},
	} {
		t.Run(r.service, func(t *testing.T) {
			js, v := as(t, srv, r.service)
			st, err := js.Stream(ctx(t), outbox.StreamName("employer-registration"))
			if err != nil {
				t.Fatal(err)
			}
			cons, err := js.CreateOrUpdateConsumer(ctx(t), st.CachedInfo().Config.Name, jetstream.ConsumerConfig{
				Durable: r.durable, AckPolicy: jetstream.AckExplicitPolicy,
				FilterSubjects: []string{"hellowork.employer_registration.v1.Test", "hellowork.employer_registration.v1.Other"}})
			if err != nil {
				t.Fatal(err)
			}
			batch, err := cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for m := range batch.Messages() {
				if err := m.DoubleAck(ctx(t)); err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 1 {
				t.Fatalf("fetched %d messages (err %v)", n, batch.Error())
			}
			if _, err := st.GetMsg(ctx(t), 1); err != nil {
				t.Fatal(err)
			}
			if v.saw() {
				t.Fatalf("permission violations: %v", v.errs)
			}
		})
	}
	if pv.saw() {
		t.Fatalf("producer permission violations: %v", pv.errs)
	}
}
