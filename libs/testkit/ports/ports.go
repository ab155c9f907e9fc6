// Package ports hands out free loopback ports to tests that must name a port before
// the program that listens on it starts (a service process, a restartable nats-server).
//
// Asking the kernel for port 0 and closing the socket is racy on its own: Linux readily
// hands the same freed port to the next request, so two servers started in parallel by
// one test binary could be given the same port. This package never returns a port twice
// within a process.
package ports

import (
	"net"
	"sync"
	"testing"
)

var (
	mu    sync.Mutex
	given = map[int]bool{}
)

// Free returns a loopback port that is free now and was not returned before in this
// process.
func Free(t testing.TB) int {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	for range 1000 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("ports: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		_ = l.Close()
		if !given[port] {
			given[port] = true
			return port
		}
	}
	t.Fatal("ports: no fresh port after 1000 tries")
	return 0
}
