package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/letters-app/letters"
)

// filterFromFlags builds a filter from comma-separated flag values.
func filterFromFlags(authority, kind, from, to string) (letters.Filter, error) {
	var f letters.Filter
	for _, a := range strings.Split(authority, ",") {
		if a = strings.TrimSpace(a); a != "" {
			f.Authorities = append(f.Authorities, a)
		}
	}
	for _, k := range strings.Split(kind, ",") {
		if k = strings.TrimSpace(k); k != "" {
			if !letters.IsKind(k) {
				return f, fmt.Errorf("unknown document kind %q (one of %s): %w", k, strings.Join(letters.Kinds, ", "), letters.ErrInvalid)
			}
			f.Kinds = append(f.Kinds, k)
		}
	}
	for _, d := range []struct {
		s   string
		dst **time.Time
	}{{from, &f.From}, {to, &f.To}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.s)
		if err != nil {
			return f, fmt.Errorf("date %q is not YYYY-MM-DD: %w", d.s, letters.ErrInvalid)
		}
		*d.dst = &t
	}
	return f, nil
}
