package natstest_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
)

func TestServer_JetStreamKeepsMessagesAcrossRestart(t *testing.T) {
	s := natstest.Run(t)
	nc := s.Connect(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}, Storage: jetstream.FileStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "t.a", []byte("x"), jetstream.WithMsgID("1")); err != nil {
		t.Fatal(err)
	}
	s.Restart()
	var info *jetstream.StreamInfo
	for ctx.Err() == nil {
		st, err := js.Stream(ctx, "T")
		if err == nil {
			if info, err = st.Info(ctx); err == nil {
				break
			}
		}
		time.Sleep(20 * time.Millisecond) // polling for the reconnect, not for a rule
	}
	if info == nil || info.State.Msgs != 1 {
		t.Fatalf("stream after restart: %+v", info)
	}
}
