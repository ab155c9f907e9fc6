// Package tcpproxy is a tiny TCP proxy for fault-injection tests: put it between a
// service and a dependency (PostgreSQL, NATS, SMTP), then Cut() to simulate the
// dependency vanishing (the listening port closes and every live connection is reset)
// and Restore() to bring it back on the same address.
//
// It replaces toxiproxy for the simple down/up case; netem cannot inject faults on the
// development and CI machines (their kernel lacks the netem qdisc).
package tcpproxy

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy forwards connections from Addr() to a target address.
type Proxy struct {
	t      testing.TB
	target string
	addr   string

	mu    sync.Mutex
	lis   net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// Start listens on a free loopback port and forwards to target until the test ends.
func Start(t testing.TB, target string) *Proxy {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("tcpproxy: %v", err)
	}
	p := &Proxy{t: t, target: target, addr: lis.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(lis)
	t.Cleanup(p.Cut)
	return p
}

// Addr is the proxy's address ("127.0.0.1:port"), stable across Cut and Restore.
func (p *Proxy) Addr() string { return p.addr }

// Cut closes the listener and resets every live connection: clients see connection
// refused for new connections and a reset on open ones. It is idempotent.
func (p *Proxy) Cut() {
	p.mu.Lock()
	if p.lis != nil {
		_ = p.lis.Close()
		p.lis = nil
	}
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // RST, not FIN: like a crashed host
		}
		_ = c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	p.wg.Wait()
}

// Restore listens again on the same address. It is idempotent.
func (p *Proxy) Restore() {
	p.t.Helper()
	p.mu.Lock()
	if p.lis != nil {
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	lis, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("tcpproxy: listen again on %s: %v", p.addr, err)
	}
	p.serve(lis)
}

// Connections is the number of client connections currently proxied.
func (p *Proxy) Connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns) / 2
}

func (p *Proxy) serve(lis net.Listener) {
	p.mu.Lock()
	p.lis = lis
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			in, err := lis.Accept()
			if err != nil {
				return // closed by Cut
			}
			out, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = in.Close()
				continue
			}
			if !p.track(lis, in, out) {
				return
			}
			p.wg.Add(2)
			go p.pipe(in, out)
			go p.pipe(out, in)
		}
	}()
}

// track registers a pair unless the listener it came from was cut meanwhile.
func (p *Proxy) track(lis net.Listener, in, out net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lis != lis {
		_ = in.Close()
		_ = out.Close()
		return false
	}
	p.conns[in], p.conns[out] = struct{}{}, struct{}{}
	return true
}

func (p *Proxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	_, _ = io.Copy(dst, src)
	// Either side ending ends the pair; the protocols proxied here need no half-close.
	_ = src.Close()
	_ = dst.Close()
	p.mu.Lock()
	delete(p.conns, src)
	delete(p.conns, dst)
	p.mu.Unlock()
}
