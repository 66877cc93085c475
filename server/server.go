// Package server is the HTTP face of letters: the JSON API, Server-Sent
// Events chat streams, an OpenAI-compatible endpoint, health and metrics, and
// the embedded web chat, on Echo v4.
package server

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/chat"
	"github.com/letters-app/letters/rag"
)

//go:embed web
var webFS embed.FS

//go:embed openapi.yaml
var openapiYAML []byte

// Asker answers and searches (the rag service).
type Asker interface {
	Ask(ctx context.Context, req rag.Request) (letters.Result, error)
	Search(ctx context.Context, text string, f letters.Filter, k int) ([]letters.Passage, error)
	DefaultAnswerer() string
	Answerers() []string
}

// Store is what the handlers read and write.
type Store interface {
	Ping(ctx context.Context) error
	Counts(ctx context.Context) (int, int, error)
	MissingSearchIndexes(ctx context.Context) ([]string, error)
	Documents(ctx context.Context) ([]letters.Document, error)
	Document(ctx context.Context, id int64) (letters.Document, []letters.Paragraph, error)
	Paragraph(ctx context.Context, id int64) (letters.Passage, error)
	StartConversation(ctx context.Context, user, title, question string, rec letters.TurnRecord) (string, int64, error)
	AddTurn(ctx context.Context, conversationID, question string, rec letters.TurnRecord) (int64, error)
	Conversation(ctx context.Context, id string) (letters.Conversation, error)
	AddFeedback(ctx context.Context, f letters.Feedback) (int64, error)
	TurnOwner(ctx context.Context, turnID int64) (string, error)
	ParagraphsByKey(ctx context.Context, keys []string) (map[string]letters.Passage, error)
	Conversations(ctx context.Context, user, q string, limit int) ([]letters.ConversationSummary, error)
	DeleteConversation(ctx context.Context, id string) error
	AllFeedback(ctx context.Context) ([]letters.Feedback, error)
	CorrectDocument(ctx context.Context, id int64, f letters.DocumentFields, user string) (letters.Document, error)
	DocumentsByPath(ctx context.Context, paths []string) (map[string]letters.Document, error)
	CurrentDocument(ctx context.Context, slug, sourceName string) (int64, error)
	AddAudit(ctx context.Context, e letters.AuditEntry) error
}

// Config tunes the server.
type Config struct {
	RequestTimeout time.Duration  // per request, streams included (default 90s)
	ReadTimeout    time.Duration  // reading a request's headers and body (default 30s; Run only)
	RateLimit      float64        // requests/second per user (or, signed out, per client IP) on /api and /v1; 0 disables
	IPRateLimit    float64        // requests/second per client IP on every route but health, before authentication; 0 disables
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-For names the client (and, with AuthProxy, whose user header is believed)
	BodyLimit      string         // default "64K"
	LogQuestions   bool           // log question text (at debug level only)
	AuditQuestions bool           // keep question text in the audit log (else only who, when, route and conversation)
	Logger         *slog.Logger

	Auth            string        // AuthNone (default), AuthToken or AuthProxy
	ProxyUserHeader string        // with AuthProxy: the header naming the user (e.g. X-Forwarded-User)
	CookieSecure    bool          // mark cookies Secure (HTTPS; browsers also accept it on localhost)
	SessionTTL      time.Duration // web sessions (default 12h)
	Authenticator   Authenticator // required with AuthToken
	Admins          []string      // users who may read every conversation (not append to or rate others') and review feedback
	Editors         []string      // users who may add letters and correct their details (admins may too)

	Ingester       Ingester      // adds uploaded letters (nil: no uploads)
	UploadDir      string        // where uploaded letters are kept (the files are the corpus's source, as letters/ is)
	MaxUploadBytes int64         // largest uploaded file (default ingest.DefaultMaxFileSize)
	MaxUploadFiles int           // files per upload (default 10)
	ExtractTimeout time.Duration // one uploaded file's text extraction (default ingest.DefaultExtractTimeout)
}

// Server is the HTTP service.
type Server struct {
	e       *echo.Echo
	ask     Asker
	chat    *chat.Service // every question in a conversation, and who may see it
	st      Store
	auth    Authenticator
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	streams sync.WaitGroup  // open SSE streams, drained on shutdown
	routes  map[string]bool // registered route templates (metric labels); read-only after New
	admins  map[string]bool // Config.Admins; read-only after New
	editors map[string]bool // Config.Editors; read-only after New
}

// New builds the server and its routes.
func New(cfg Config, ask Asker, st Store) *Server {
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 90 * time.Second
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "64K"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Auth == AuthProxy && cfg.ProxyUserHeader == "" {
		cfg.ProxyUserHeader = "X-Forwarded-User"
	}
	s := &Server{e: echo.New(), ask: ask, st: st, auth: cfg.Authenticator, cfg: cfg, log: cfg.Logger, metrics: newMetrics()}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = ingest.DefaultMaxFileSize
	}
	if cfg.MaxUploadFiles <= 0 {
		cfg.MaxUploadFiles = 10
	}
	if cfg.ExtractTimeout <= 0 {
		cfg.ExtractTimeout = ingest.DefaultExtractTimeout
	}
	s.cfg = cfg
	s.admins, s.editors = names(cfg.Admins), names(cfg.Editors)
	s.chat = chat.New(ask, st, chat.Policy{Shared: cfg.Auth == "" || cfg.Auth == AuthNone, Admins: cfg.Admins})
	e := s.e
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	e.Use(requestID)
	e.Use(s.accessLog)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		s.log.Error("panic", "err", err, "request_id", c.Response().Header().Get(echo.HeaderXRequestID), "stack", string(stack))
		return err
	}}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY", ReferrerPolicy: "same-origin",
		HSTSMaxAge: 31536000,
		ContentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
			"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
	}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: 1024, Skipper: func(c echo.Context) bool {
		return isStream(c)
	}}))
	// an upload has its own (larger) body limit and the ingest's time
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: cfg.BodyLimit, Skipper: isUpload}))
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: cfg.RequestTimeout, Skipper: isUpload}))
	if cfg.IPRateLimit > 0 {
		// before authentication, so that a flood of bad tokens or cookies
		// is refused without a database lookup each
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper:             func(c echo.Context) bool { p := c.Request().URL.Path; return p == "/healthz" || p == "/readyz" },
			Store:               newLimiterStore(cfg.IPRateLimit, maxLimiterKeys, 3*time.Minute),
			IdentifierExtractor: func(c echo.Context) (string, error) { return clientKey(c.RealIP()), nil },
			DenyHandler:         rateLimited,
		}))
	}
	e.Use(s.authenticate)
	e.Use(s.csrf())

	e.GET("/signin", s.signinForm)
	e.POST("/signin", s.signin)
	e.POST("/signout", s.signout)
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{DisableCompression: true})))

	api := e.Group("/api")
	v1 := e.Group("/v1")
	if cfg.RateLimit > 0 {
		// after authentication: per user, so that colleagues behind one
		// address do not share a budget
		rl := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Store: newLimiterStore(cfg.RateLimit, maxLimiterKeys, 3*time.Minute),
			IdentifierExtractor: func(c echo.Context) (string, error) {
				if u := user(c); u != "" {
					return "user:" + u, nil
				}
				return clientKey(c.RealIP()), nil
			},
			DenyHandler: rateLimited,
		})
		api.Use(rl)
		v1.Use(rl)
	}
	api.GET("/openapi.yaml", func(c echo.Context) error { return c.Blob(http.StatusOK, "application/yaml", openapiYAML) })
	api.POST("/ask", s.askHandler)
	api.POST("/chat", s.chatHandler)
	api.GET("/search", s.searchHandler)
	api.GET("/documents", s.documentsHandler)
	api.GET("/documents/:id", s.documentHandler)
	api.POST("/documents", s.uploadHandler, middleware.BodyLimit(fmt.Sprintf("%dK", (cfg.MaxUploadBytes*int64(cfg.MaxUploadFiles)>>10)+1024)))
	api.PATCH("/documents/:id", s.correctHandler)
	api.GET("/paragraphs/:id", s.paragraphHandler)
	api.GET("/me", s.meHandler)
	api.GET("/conversations", s.conversationsHandler)
	api.GET("/conversations/:id", s.conversationHandler)
	api.DELETE("/conversations/:id", s.deleteConversationHandler)
	api.POST("/feedback", s.feedbackHandler)
	api.GET("/feedback", s.feedbackListHandler)
	api.GET("/feedback/export", s.feedbackExportHandler)
	api.Any("/*", func(c echo.Context) error { return notFound("no such API route") })
	v1.POST("/chat/completions", s.chatCompletions)
	v1.GET("/models", s.models)

	web, _ := fs.Sub(webFS, "web")
	assets := http.FileServer(http.FS(web))
	e.GET("/assets/*", echo.WrapHandler(cacheLong(assets)))
	e.GET("/app.js", echo.WrapHandler(assets))
	e.GET("/app.css", echo.WrapHandler(assets))
	index, _ := fs.ReadFile(web, "index.html")
	page := func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, index) }
	// pages answer HEAD too (link checkers and uptime probes send it)
	for _, path := range []string{"/", "/documents", "/documents/:id", "/documents/:id/edit", "/c/:id", "/history", "/feedback", "/upload"} {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, page)
	}
	briefingPage, _ := fs.ReadFile(web, "briefing.html")
	e.GET("/briefing.js", echo.WrapHandler(assets))
	s.briefingRoutes(api, func(c echo.Context) error { return c.HTMLBlob(http.StatusOK, briefingPage) })
	s.routes = make(map[string]bool)
	for _, r := range e.Routes() {
		s.routes[r.Path] = true
	}
	return s
}

func names(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, a := range list {
		if a = strings.TrimSpace(a); a != "" {
			m[a] = true
		}
	}
	return m
}

// maxLimiterKeys bounds each rate limiter's memory (clients tracked at once).
const maxLimiterKeys = 10000

func rateLimited(c echo.Context, id string, err error) error {
	return &apiError{status: http.StatusTooManyRequests, code: "rate_limited", msg: "too many requests; slow down"}
}

func cacheLong(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

func isStream(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == "/api/chat" || (p == "/v1/chat/completions" && strings.Contains(c.Request().Header.Get("Accept"), "text/event-stream")) ||
		c.Request().Header.Get("X-Letters-Stream") != ""
}

// Handler is the server's http.Handler (for tests).
func (s *Server) Handler() http.Handler { return s.e }

// Run serves on addr until ctx ends, then shuts down gracefully: new
// connections are refused, in-flight requests and streams get up to
// drain to finish. ready, if set, is called with the bound address.
func (s *Server) Run(ctx context.Context, addr string, drain time.Duration, ready func(string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// ReadTimeout bounds reading headers and body, so a client trickling a
	// body cannot hold a connection; net/http lifts the deadline once the
	// body has been read, so a long answer or stream is not cut off (tested)
	srv := &http.Server{Handler: s.e, ReadHeaderTimeout: min(10*time.Second, s.cfg.ReadTimeout), ReadTimeout: s.cfg.ReadTimeout,
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "drain", drain)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	err = srv.Shutdown(sctx)
	done := make(chan struct{})
	go func() { s.streams.Wait(); close(done) }()
	select {
	case <-done:
	case <-sctx.Done():
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// apiError is an error with its HTTP status and a public message.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(msg string) error { return &apiError{http.StatusBadRequest, "bad_request", msg} }
func notFound(msg string) error   { return &apiError{http.StatusNotFound, "not_found", msg} }

// errorTable maps sentinel errors to status codes and public codes.
var errorTable = []struct {
	err    error
	status int
	code   string
	public bool // the error's own message is safe to show
}{
	// a client that went away or a request out of time, whatever failed then
	{context.Canceled, statusClientClosed, "client_closed", false},
	{context.DeadlineExceeded, http.StatusGatewayTimeout, "timeout", false},
	{letters.ErrInvalid, http.StatusBadRequest, "bad_request", true},
	{letters.ErrNotFound, http.StatusNotFound, "not_found", false},
	{letters.ErrUnauthorized, http.StatusUnauthorized, "unauthorized", false},
	{letters.ErrForbidden, http.StatusForbidden, "forbidden", false},
	{letters.ErrConversationFull, http.StatusConflict, "conversation_full", true},
	{letters.ErrEmptyCorpus, http.StatusServiceUnavailable, "empty_corpus", true},
	{letters.ErrEmbedderMismatch, http.StatusServiceUnavailable, "embedder_mismatch", false},
	{letters.ErrUnavailable, http.StatusServiceUnavailable, "unavailable", false},
	{letters.ErrProviderFailed, http.StatusBadGateway, "provider_failed", false},
}

// statusClientClosed is nginx's code for a client that went away before the
// answer (nobody reads it; it keeps such requests out of the 5xx counts).
const statusClientClosed = 499

// classify maps an error to status, code and a message safe to show.
func classify(err error) (int, string, string) {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.status, ae.code, ae.msg
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			msg = m
		}
		code := strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_"))
		return he.Code, code, msg
	}
	for _, row := range errorTable {
		if errors.Is(err, row.err) {
			msg := http.StatusText(row.status)
			if row.public {
				msg = err.Error()
			} else if row.status == http.StatusServiceUnavailable {
				msg = "the service is temporarily unavailable; try again shortly"
			} else if row.status == http.StatusNotFound {
				msg = "not found"
			} else if row.status == http.StatusGatewayTimeout {
				msg = "the request took too long"
			}
			return row.status, row.code, msg
		}
	}
	return http.StatusInternalServerError, "internal", "internal error"
}

func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, msg := classify(err)
	if status >= 500 {
		s.log.Error("request failed", "err", err, "path", c.Path(), "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	} else if status == statusClientClosed {
		s.log.Debug("client went away", "path", c.Path())
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = c.JSON(status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

// requestID keeps a client's X-Request-Id only when it is a short token
// (validRequestID); anything else is replaced by a fresh random id, so that
// a client cannot make log lines long or forge fields in them.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !validRequestID(id) {
			id = newRequestID()
			c.Request().Header.Set(echo.HeaderXRequestID, id)
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

const maxRequestID = 64

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// accessLog writes one structured line per request and feeds the metrics.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := s.routeLabel(c.Path())
		method := methodLabel(c.Request().Method)
		status := c.Response().Status
		d := time.Since(start)
		s.metrics.observe(method, route, status, d)
		s.log.Info("http", "method", method, "route", route, "status", status,
			"ms", float64(d.Microseconds())/1000, "bytes", c.Response().Size,
			"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "remote", c.RealIP())
		return nil
	}
}

// methods are the label values of the HTTP method: any other method a client
// makes up is counted as OTHER, so that it cannot grow the metrics.
var methods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true, http.MethodConnect: true, http.MethodTrace: true}

func methodLabel(m string) string {
	if methods[m] {
		return m
	}
	return "OTHER"
}

// routeLabel is the registered route template a request matched, or
// "unmatched": never the raw path.
func (s *Server) routeLabel(path string) string {
	if s.routes[path] {
		return path
	}
	return "unmatched"
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.st.Ping(ctx); err != nil {
		return &apiError{http.StatusServiceUnavailable, "not_ready", "database unreachable or schema not migrated"}
	}
	docs, paras, err := s.st.Counts(ctx)
	if err != nil {
		return &apiError{http.StatusServiceUnavailable, "not_ready", "database unreachable"}
	}
	if docs == 0 {
		return &apiError{http.StatusServiceUnavailable, "empty_corpus", "no documents ingested yet"}
	}
	// a first bulk load drops the search indexes and builds them at its
	// end: if it stopped in between, searches scan every paragraph
	missing, err := s.st.MissingSearchIndexes(ctx)
	if err != nil {
		return &apiError{http.StatusServiceUnavailable, "not_ready", "database unreachable"}
	}
	if len(missing) > 0 {
		return &apiError{http.StatusServiceUnavailable, "not_ready", "search indexes missing (" + strings.Join(missing, ", ") +
			"): a bulk load stopped before building them; run letters ingest to build them"}
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ready", "documents": docs, "paragraphs": paras})
}

type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	retrieval   prometheus.Histogram
	answer      prometheus.Histogram
	refusals    prometheus.Counter
	unsupported prometheus.Counter
	answers     *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "letters_http_requests_total", Help: "HTTP requests by route and status."}, []string{"method", "route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "letters_http_request_duration_seconds", Help: "HTTP request latency.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 16)}, []string{"route"})
	m.retrieval = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "letters_retrieval_duration_seconds", Help: "Retrieval latency per answer.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)})
	m.answer = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "letters_answer_duration_seconds", Help: "Answering latency (after retrieval).", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 18)})
	m.refusals = prometheus.NewCounter(prometheus.CounterOpts{Name: "letters_refusals_total", Help: "Answers refused because the letters do not answer."})
	m.unsupported = prometheus.NewCounter(prometheus.CounterOpts{Name: "letters_unsupported_citations_total", Help: "Citations whose paragraph does not support the sentence."})
	m.answers = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "letters_answers_total", Help: "Answers by answerer."}, []string{"answerer"})
	m.reg.MustRegister(m.requests, m.latency, m.retrieval, m.answer, m.refusals, m.unsupported, m.answers,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, fmt.Sprint(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) result(r letters.Result) {
	m.retrieval.Observe(r.Timings.RetrieveMS / 1000)
	m.answer.Observe(r.Timings.AnswerMS / 1000)
	if r.Refused {
		m.refusals.Inc()
	}
	m.unsupported.Add(float64(r.Unsupported))
	m.answers.WithLabelValues(r.Record.Answerer).Inc()
}
