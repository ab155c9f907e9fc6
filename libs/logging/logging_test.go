package logging_test

import (
	"testing"

	"github.com/hellowork-jp/hellowork/libs/logging"
)

func TestNew_DoesNotSampleBursts(t *testing.T) {
	for _, format := range []string{"json", "console"} {
		log, err := logging.New("svc", "info", format)
		if err != nil {
			t.Fatal(err)
		}
		// A sampling core would drop most of 1,000 identical lines in one second.
		for range 1000 {
			if ce := log.Check(log.Level(), "grpc call"); ce == nil {
				t.Fatalf("%s: a line was dropped", format)
			}
		}
	}
	if _, err := logging.New("svc", "loud", "json"); err == nil {
		t.Fatal("bad level accepted")
	}
}
