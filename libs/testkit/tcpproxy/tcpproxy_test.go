package tcpproxy_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/testkit/tcpproxy"
)

// echoServer echoes lines until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lis.Close() })
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return lis.Addr().String()
}

func roundTrip(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	return roundTripOn(c)
}

func roundTripOn(c net.Conn) error {
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "ping\n" {
		return errors.New("bad echo " + line)
	}
	return nil
}

func TestProxy_CutRefusesAndResetsThenRestoreForwardsAgain(t *testing.T) {
	p := tcpproxy.Start(t, echoServer(t))
	if err := roundTrip(p.Addr()); err != nil {
		t.Fatalf("before cut: %v", err)
	}
	live, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if err := roundTripOn(live); err != nil {
		t.Fatalf("live connection: %v", err)
	}
	if n := p.Connections(); n != 1 {
		t.Fatalf("connections = %d, want 1", n)
	}

	p.Cut()
	if err := roundTrip(p.Addr()); err == nil {
		t.Fatal("new connection succeeded through a cut proxy")
	}
	if err := roundTripOn(live); err == nil {
		t.Fatal("a connection opened before the cut still works")
	}
	p.Cut() // idempotent

	p.Restore()
	p.Restore() // idempotent
	if err := roundTrip(p.Addr()); err != nil {
		t.Fatalf("after restore: %v", err)
	}
}
