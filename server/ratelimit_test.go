package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, false},
		{" 10.0.0.0/8 , fd00::/8", []string{"10.0.0.0/8", "fd00::/8"}, false},
		{"10.0.0.1", nil, true},     // an address, not a range
		{"10.0.0.1/8", nil, true},   // host bits set
		{"10.0.0.0/33", nil, true},  // no such prefix length
		{"10.0.0.0/8,", nil, true},  // empty element
		{"localhost/8", nil, true},  // names are not ranges
		{"0.0.0.0/0 x", nil, true},  // trailing junk
		{"10.0.0.0/8;1", nil, true}, // wrong separator
	}
	for _, tt := range tests {
		got, err := ParseTrustedProxies(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseTrustedProxies(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseTrustedProxies(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].String() != tt.want[i] {
				t.Errorf("ParseTrustedProxies(%q)[%d] = %s, want %s", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestIPExtractor(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}
	tests := []struct {
		name, peer, xff string
		trusted         []netip.Prefix
		want            string
	}{
		{"direct by default", "198.51.100.7:4000", "203.0.113.9", nil, "198.51.100.7"},
		{"loopback peer is not trusted by default", "127.0.0.1:4000", "203.0.113.9", nil, "127.0.0.1"},
		{"trusted proxy", "10.1.2.3:4000", "203.0.113.9", proxies, "203.0.113.9"},
		{"forged hop before the proxy", "10.1.2.3:4000", "1.1.1.1, 203.0.113.9", proxies, "203.0.113.9"},
		{"untrusted peer", "198.51.100.7:4000", "203.0.113.9", proxies, "198.51.100.7"},
		{"private peer outside the range", "192.168.1.1:4000", "203.0.113.9", proxies, "192.168.1.1"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		r.Header.Set("X-Forwarded-For", tt.xff)
		r.Header.Set("X-Real-IP", "192.0.2.1")
		if got := ipExtractor(tt.trusted)(r); got != tt.want {
			t.Errorf("%s: client %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLimiterStoreIsBounded(t *testing.T) {
	l := newLimiterStore(1, 100, 1<<62)
	for i := 0; i < 10000; i++ {
		if _, err := l.Allow(clientKey(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String())); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(l.keys); n > 100 || l.lru.Len() != n {
		t.Errorf("%d keys kept (list %d), want at most 100", n, l.lru.Len())
	}
	// one IPv6 host rotating through its /64 is one client
	a, _ := l.Allow(clientKey("2001:db8::1"))
	b, _ := l.Allow(clientKey("2001:db8::2"))
	c, _ := l.Allow(clientKey("2001:db8::3"))
	d, _ := l.Allow(clientKey("2001:db8::4"))
	if a && b && c && d {
		t.Error("four addresses of one /64 at 1 request/s (burst 3) were all allowed")
	}
}
