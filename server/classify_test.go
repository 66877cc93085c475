package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/letters-app/letters"
)

// TestClassifyStoreErrors: a store error that is not an outage (a bad
// statement: a bug) is a 500 whose body says nothing of the database; an
// outage is a 503.
func TestClassifyStoreErrors(t *testing.T) {
	syntax := &pgconn.PgError{Code: "42601", Message: `syntax error at or near "SELEC"`}
	for _, tt := range []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"bad statement", fmt.Errorf("store: search: %w", syntax), http.StatusInternalServerError, "internal", "internal error"},
		{"scan", errors.New("store: documents: can't scan into dest[0]: cannot scan text into *int"), http.StatusInternalServerError, "internal", "internal error"},
		{"outage", fmt.Errorf("store: search: %w: %w", letters.ErrUnavailable, &pgconn.PgError{Code: "57P01"}), http.StatusServiceUnavailable, "unavailable",
			"the service is temporarily unavailable; try again shortly"},
		{"deadline", fmt.Errorf("store: search: %w", context.DeadlineExceeded), http.StatusGatewayTimeout, "timeout", "the request took too long"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, code, msg := classify(tt.err)
			if status != tt.wantStatus || code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("classify(%v) = %d %q %q, want %d %q %q", tt.err, status, code, msg, tt.wantStatus, tt.wantCode, tt.wantMsg)
			}
			if strings.Contains(msg, "store") || strings.Contains(msg, "SQLSTATE") || strings.Contains(msg, "scan") {
				t.Errorf("message %q shows internals", msg)
			}
		})
	}
}
