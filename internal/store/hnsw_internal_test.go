package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/letters-app/letters"
)

// TestHNSWSQL: the build parameters default to pgvector's, are written
// into the statement when valid, and are refused outside pgvector's limits.
func TestHNSWSQL(t *testing.T) {
	tests := []struct {
		name    string
		m, efc  int
		want    string
		wantErr bool
	}{
		{"defaults", 0, 0, "WITH (m = 16, ef_construction = 64)", false},
		{"configured", 12, 48, "WITH (m = 12, ef_construction = 48)", false},
		{"m only", 8, 0, "WITH (m = 8, ef_construction = 64)", false},
		{"ef_construction below 2m", 16, 24, "", true},
		{"m too small", 1, 64, "", true},
		{"m too large", 101, 1000, "", true},
		{"ef_construction too large", 16, 1001, "", true},
		{"negative", -1, 64, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hnswSQL(tt.m, tt.efc)
			if tt.wantErr {
				if !errors.Is(err, letters.ErrInvalid) {
					t.Fatalf("hnswSQL(%d, %d) error = %v, want ErrInvalid", tt.m, tt.efc, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) || !strings.Contains(got, "USING hnsw (embedding halfvec_cosine_ops)") {
				t.Errorf("hnswSQL(%d, %d) = %q, want it to contain %q", tt.m, tt.efc, got, tt.want)
			}
		})
	}
}
