package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/letters-app/letters"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Auth modes.
const (
	AuthNone  = "none"  // no access control (a trusted network, or a proxy that authenticates everything)
	AuthToken = "token" // bearer tokens for the API; a sign-in page and session cookie for the web chat
	AuthProxy = "proxy" // trust the user header set by an authenticating reverse proxy (e.g. oauth2-proxy)
)

// Authenticator is what access control needs from the store.
type Authenticator interface {
	TokenUser(ctx context.Context, secret string) (string, int64, error)
	CreateSession(ctx context.Context, user string, tokenID int64, ttl time.Duration) (string, error)
	SessionUser(ctx context.Context, secret string) (string, error)
	DeleteSession(ctx context.Context, secret string) error
}

const (
	sessionCookie = "letters_session"
	csrfCookie    = "letters_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// public routes need no sign-in: health probes, the sign-in page and the
// static styling it uses.
func public(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/signin" || strings.HasPrefix(path, "/assets/")
}

func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/v1/") || path == "/metrics"
}

// authenticate sets the "user" and "auth" ("bearer", "cookie", "proxy")
// context values, or refuses the request.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		path := c.Request().URL.Path
		if s.cfg.Auth == "" || s.cfg.Auth == AuthNone || public(path) {
			return next(c)
		}
		ctx := c.Request().Context()
		switch s.cfg.Auth {
		case AuthProxy:
			// the header is believed only from the proxy itself, and only
			// when it names one user
			if !peerTrusted(c.Request(), s.cfg.TrustedProxies) {
				s.log.Warn("proxy auth: request not from a trusted proxy", "remote", c.Request().RemoteAddr)
				return &apiError{http.StatusUnauthorized, "unauthorized", "sign in through the organisation's proxy"}
			}
			vals := c.Request().Header.Values(s.cfg.ProxyUserHeader)
			if len(vals) > 1 {
				return badRequest("the user header appears more than once")
			}
			if len(vals) == 1 {
				if u := strings.TrimSpace(vals[0]); u != "" && len(u) <= 200 && checkText("user", u, 200) == nil {
					c.Set("user", u)
					c.Set("auth", "proxy")
					return next(c)
				}
			}
		case AuthToken:
			if h := c.Request().Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
				u, _, err := s.auth.TokenUser(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
				if err != nil && !errors.Is(err, letters.ErrUnauthorized) {
					return err
				}
				if err == nil {
					c.Set("user", u)
					c.Set("auth", "bearer")
					return next(c)
				}
			} else if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
				u, err := s.auth.SessionUser(ctx, ck.Value)
				if err != nil && !errors.Is(err, letters.ErrUnauthorized) {
					return err
				}
				if err == nil {
					c.Set("user", u)
					c.Set("auth", "cookie")
					c.Set("session", ck.Value)
					return next(c)
				}
			}
		}
		if isAPI(path) {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="letters"`)
			return &apiError{http.StatusUnauthorized, "unauthorized", "sign in or send an API token (Authorization: Bearer …)"}
		}
		if s.cfg.Auth == AuthProxy {
			return &apiError{http.StatusUnauthorized, "unauthorized", "the authenticating proxy did not identify you"}
		}
		return c.Redirect(http.StatusSeeOther, "/signin?next="+url.QueryEscape(c.Request().URL.RequestURI()))
	}
}

// csrf protects cookie-authenticated unsafe requests with a token bound to
// the session: an HMAC of the session secret, set as a cookie the page's
// script reads and echoes in the X-CSRF-Token header (or the _csrf field of
// the sign-out form). A new session means a new token, so sign-in rotates
// it, and a token planted or read before sign-in is worthless. The sign-in
// form itself (no session yet) keeps echo's double-submit token.
func (s *Server) csrf() echo.MiddlewareFunc {
	signinCSRF := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:" + csrfHeader + ",form:_csrf",
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieSecure:   s.cfg.CookieSecure,
		CookieSameSite: http.SameSiteStrictMode,
		CookieMaxAge:   86400,
		ErrorHandler: func(err error, c echo.Context) error {
			return errCSRF
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		signin := signinCSRF(next)
		return func(c echo.Context) error {
			if s.cfg.Auth != AuthToken {
				return next(c)
			}
			if c.Request().URL.Path == "/signin" {
				return signin(c)
			}
			sess, _ := c.Get("session").(string)
			if c.Get("auth") != "cookie" || sess == "" {
				return next(c) // bearer tokens are not sent by browsers on their own
			}
			want := csrfToken(sess)
			switch c.Request().Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				if ck, err := c.Cookie(csrfCookie); err != nil || ck.Value != want {
					s.setCSRFCookie(c, want)
				}
				return next(c)
			}
			got := c.Request().Header.Get(csrfHeader)
			if got == "" {
				got = c.FormValue("_csrf")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
				return errCSRF
			}
			return next(c)
		}
	}
}

var errCSRF = &apiError{http.StatusForbidden, "csrf", "missing or wrong CSRF token; reload the page"}

// csrfToken is the CSRF token of a session: HMAC-SHA256 of a fixed label
// keyed by the session secret (which it does not reveal).
func csrfToken(session string) string {
	m := hmac.New(sha256.New, []byte(session))
	m.Write([]byte("letters csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (s *Server) setCSRFCookie(c echo.Context, v string) {
	maxAge := int(s.cfg.SessionTTL.Seconds())
	if v == "" {
		maxAge = -1
	}
	// readable by the page's script (not HttpOnly): it echoes the value
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: v, Path: "/", Secure: s.cfg.CookieSecure,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

var signinPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>Sign in – Inspection letters</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/govuk/govuk-frontend.min.css"></head>
<body class="govuk-template__body govuk-frontend-supported">
<header class="govuk-header"><div class="govuk-width-container"><div class="govuk-header__logo">
<span class="govuk-header__product-name">Inspection letters</span></div></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Sign in</h1>
{{if .Error}}<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body">
<ul class="govuk-list govuk-error-summary__list"><li><a href="#token">{{.Error}}</a></li></ul></div></div></div>{{end}}
<form method="post" action="/signin" novalidate>
<input type="hidden" name="_csrf" value="{{.CSRF}}"><input type="hidden" name="next" value="{{.Next}}">
<div class="govuk-form-group{{if .Error}} govuk-form-group--error{{end}}">
<label class="govuk-label govuk-label--s" for="token">Access token</label>
<div class="govuk-hint" id="token-hint">Your administrator gives you a personal access token.</div>
<input class="govuk-input" id="token" name="token" type="password" autocomplete="current-password" aria-describedby="token-hint" autofocus>
</div>
<button type="submit" class="govuk-button">Sign in</button>
</form></div></div></main></div></body></html>`))

// safeNext is where to go after signing in: next when it is a path on this
// site, else "/". Browsers drop TAB, CR and LF from URLs and read "\" as
// "/", so "/\t/evil.example" would leave the site: any whitespace, control
// character or backslash is refused, as is anything with a scheme or host.
func safeNext(next string) string {
	if len(next) > 2000 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, r := range next {
		if r <= ' ' || r == 0x7f || r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

func (s *Server) signinForm(c echo.Context) error {
	return s.renderSignin(c, http.StatusOK, "")
}

func (s *Server) renderSignin(c echo.Context, status int, msg string) error {
	csrf, _ := c.Get("csrf").(string)
	var b strings.Builder
	if err := signinPage.Execute(&b, map[string]string{"CSRF": csrf, "Next": safeNext(c.FormValue("next")), "Error": msg}); err != nil {
		return err
	}
	return c.HTML(status, b.String())
}

func (s *Server) signin(c echo.Context) error {
	if s.cfg.Auth != AuthToken {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	secret := strings.TrimSpace(c.FormValue("token"))
	if secret == "" || len(secret) > 200 {
		return s.renderSignin(c, http.StatusUnauthorized, "Enter your access token")
	}
	user, id, err := s.auth.TokenUser(c.Request().Context(), secret)
	if errors.Is(err, letters.ErrUnauthorized) {
		return s.renderSignin(c, http.StatusUnauthorized, "That access token is not valid")
	}
	if err != nil {
		return err
	}
	sess, err := s.auth.CreateSession(c.Request().Context(), user, id, s.cfg.SessionTTL)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: sess, Path: "/", HttpOnly: true, Secure: s.cfg.CookieSecure,
		SameSite: http.SameSiteStrictMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	s.setCSRFCookie(c, csrfToken(sess)) // a new session, a new CSRF token
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next")))
}

func (s *Server) signout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && s.auth != nil {
		if err := s.auth.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.CookieSecure,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	s.setCSRFCookie(c, "")
	return c.Redirect(http.StatusSeeOther, "/signin")
}
