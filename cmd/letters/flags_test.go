package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/letters-app/letters/internal/testdb"
)

// TestCommandFlagSets reads each command's -h: it lists the flags that
// command uses and none of another command's.
func TestCommandFlagSets(t *testing.T) {
	tests := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"ask"}, []string{"-json", "-database-url", "-k", "-llm-model", "-embedder", "-authority"},
			[]string{"-addr", "-auth", "-rate-limit", "-session-ttl", "-cookie-secure", "-trusted-proxies", "-max-file-mb", "-extract-timeout"}},
		{[]string{"ingest"}, []string{"-prune", "-database-url", "-embedder", "-max-file-mb", "-extract-timeout"},
			[]string{"-addr", "-auth", "-llm-model", "-answerer", "-k", "-min-coverage", "-rate-limit"}},
		{[]string{"serve"}, []string{"-addr", "-auth", "-rate-limit", "-llm-model", "-database-url", "-k", "-max-file-mb"}, nil},
		{[]string{"eval"}, []string{"-set", "-database-url", "-k", "-answerer"},
			[]string{"-addr", "-auth", "-max-file-mb"}},
		{[]string{"feedback", "export"}, []string{"-database-url"},
			[]string{"-addr", "-auth", "-llm-model", "-embedder", "-k", "-max-file-mb"}},
		{[]string{"gc"}, []string{"-older-than", "-retention", "-database-url"},
			[]string{"-addr", "-auth", "-llm-model", "-embedder", "-k"}},
		{[]string{"token", "list"}, []string{"-database-url"},
			[]string{"-addr", "-auth", "-llm-model", "-embedder", "-k"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			_ = Run(context.Background(), append(tt.args, "-h"), &stdout, &stderr)
			got := stdout.String() + stderr.String()
			for _, w := range tt.want {
				if !strings.Contains(got, "  "+w+" ") && !strings.Contains(got, "  "+w+"\n") {
					t.Errorf("-h lacks %s", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, "  "+n+" ") || strings.Contains(got, "  "+n+"\n") {
					t.Errorf("-h lists %s, which this command does not use", n)
				}
			}
		})
	}
}

// TestGCCommand: letters gc applies the retention period and says how many
// pruned documents it deleted, in one run.
func TestGCCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	url := testdb.New(t)
	if err := Run(context.Background(), []string{"gc", "--database-url", url}, &stdout, &stderr); err != nil {
		t.Fatalf("gc: %v\n%s", err, stderr.String())
	}
	if got := stdout.String(); !strings.HasPrefix(got, "deleted, older than 8760h0m0s: 0 conversations") ||
		!strings.HasSuffix(got, "\ngc: 0 pruned documents deleted for good\n") {
		t.Errorf("gc printed %q; want the retention line, then the pruned documents' line", got)
	}
	if err := Run(context.Background(), []string{"gc", "--database-url", url, "--older-than", "-1h"}, &stdout, &stderr); err == nil {
		t.Error("a negative --older-than is accepted")
	}
}
