package server

import (
	"container/list"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// limiterStore is a token bucket per client key, bounded: at most max keys
// are kept, the least recently seen evicted first, and keys unseen for ttl
// dropped. It implements echo's middleware.RateLimiterStore.
type limiterStore struct {
	mu    sync.Mutex
	rate  rate.Limit
	burst int
	max   int
	ttl   time.Duration
	keys  map[string]*list.Element
	lru   *list.List // of *visitor, most recently seen first
}

type visitor struct {
	key  string
	lim  *rate.Limiter
	seen time.Time
}

func newLimiterStore(perSecond float64, max int, ttl time.Duration) *limiterStore {
	return &limiterStore{rate: rate.Limit(perSecond), burst: int(perSecond*2) + 1, max: max, ttl: ttl,
		keys: make(map[string]*list.Element), lru: list.New()}
}

// Allow reports whether the client key may make one more request now.
func (l *limiterStore) Allow(key string) (bool, error) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for b := l.lru.Back(); b != nil && (l.lru.Len() >= l.max || now.Sub(b.Value.(*visitor).seen) > l.ttl); b = l.lru.Back() {
		if b.Value.(*visitor).key == key {
			break
		}
		delete(l.keys, b.Value.(*visitor).key)
		l.lru.Remove(b)
	}
	el, ok := l.keys[key]
	if !ok {
		el = l.lru.PushFront(&visitor{key: key, lim: rate.NewLimiter(l.rate, l.burst)})
		l.keys[key] = el
	}
	v := el.Value.(*visitor)
	v.seen = now
	l.lru.MoveToFront(el)
	return v.lim.AllowN(now, 1), nil
}

// clientKey is the rate-limit key of a client address: the address itself,
// or its /64 for IPv6 (one host usually holds a whole /64).
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "ip:" + ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "ip:" + p.String()
	}
	return "ip:" + a.String()
}

// ipExtractor is how c.RealIP() finds the client: the TCP peer, unless
// the peer is one of the trusted proxies, in which case X-Forwarded-For is
// read back to the first untrusted address. X-Real-IP is never read.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(prefixNet(p)))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// peerTrusted reports whether the request's TCP peer is a trusted proxy.
func peerTrusted(r *http.Request, trusted []netip.Prefix) bool {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap().WithZone("")
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies parses a comma-separated list of CIDR ranges
// ("10.0.0.0/8, fd00::/8") strictly: every element must be a range in
// canonical form (no host bits set); "" is no range.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR range such as 10.0.0.0/8: %w", f, letters.ErrInvalid)
		}
		if p != p.Masked() {
			return nil, fmt.Errorf("%q has host bits set (did you mean %s?): %w", f, p.Masked(), letters.ErrInvalid)
		}
		out = append(out, p)
	}
	return out, nil
}

func prefixNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}
