package graphtest

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// Proxy forwards TCP to the test Neo4j until Cut, then refuses and drops
// everything: to the driver, the server is gone. Stopping the real server
// would take half a minute and disturb the other test packages.
type Proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
	down  bool
}

// NewProxy listens on a free loopback port and forwards to the Bolt
// address of opts' URI (bolt://host:port). It is cut when the test ends.
func NewProxy(t testing.TB, boltURI string) *Proxy {
	t.Helper()
	target := boltURI[strings.Index(boltURI, "://")+3:]
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{l: l}
	t.Cleanup(p.Cut)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			if p.down {
				c.Close()
				up.Close()
				p.mu.Unlock()
				continue
			}
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

// URI is the proxy's Bolt URI.
func (p *Proxy) URI() string { return "bolt://" + p.l.Addr().String() }

// Cut drops every connection and refuses new ones.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	p.l.Close()
	for _, c := range p.conns {
		c.Close()
	}
}
