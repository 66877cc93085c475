package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
)

// TestBadConfigStopsCommand runs commands through run with a bad value for
// each kind of field, from the environment or a flag: the command stops
// with an error naming the variable (or flag) and the value, before it
// opens anything. The good values get past the configuration to the
// missing database.
func TestBadConfigStopsCommand(t *testing.T) {
	const noDB = "no database"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // in the error; noDB: the configuration was accepted
	}{
		{"int", map[string]string{"LETTERS_TOP_K": "eight"}, []string{"ask", "q"}, `LETTERS_TOP_K: "eight" is not a whole number`},
		{"float", map[string]string{"LETTERS_RATE_LIMIT": "20/s"}, []string{"serve"}, `LETTERS_RATE_LIMIT: "20/s" is not a number`},
		{"bool", map[string]string{"LETTERS_COOKIE_SECURE": "yes"}, []string{"serve"}, `LETTERS_COOKIE_SECURE: "yes" is not true or false`},
		{"duration", map[string]string{"LETTERS_LLM_TIMEOUT": "60"}, []string{"ask", "q"}, `LETTERS_LLM_TIMEOUT: "60" is not a duration`},
		{"env of a field the command has no flag for", map[string]string{"LETTERS_COOKIE_SECURE": "yes"}, []string{"gc"}, `LETTERS_COOKIE_SECURE: "yes" is not true or false`},
		{"embedder env", map[string]string{"LETTERS_EMBEDDER": "bert"}, []string{"ingest", "x"}, `LETTERS_EMBEDDER: "bert" is not one of hash, ollama, openai`},
		{"embedder flag", nil, []string{"ingest", "--embedder", "bert", "x"}, `--embedder: "bert" is not one of hash, ollama, openai`},
		{"answerer env", map[string]string{"LETTERS_ANSWERER": "gpt"}, []string{"ask", "q"}, `LETTERS_ANSWERER: "gpt" is not one of extractive, llm`},
		{"answerer flag", nil, []string{"eval", "--answerer", "gpt"}, `--answerer: "gpt" is not one of extractive, llm`},
		{"llm env", map[string]string{"LETTERS_LLM": "anthropic"}, []string{"ask", "q"}, `LETTERS_LLM: "anthropic" is not one of ollama, openai`},
		{"auth env", map[string]string{"LETTERS_AUTH": "basic"}, []string{"serve"}, `LETTERS_AUTH: "basic" is not one of none, token, proxy`},
		{"auth flag", nil, []string{"serve", "--auth", "basic"}, `--auth: "basic" is not one of none, token, proxy`},
		{"log level env", map[string]string{"LETTERS_LOG_LEVEL": "verbose"}, []string{"gc"}, `LETTERS_LOG_LEVEL: "verbose" is not one of debug, info, warn, error`},
		{"log level flag", nil, []string{"gc", "--log-level", "loud"}, `--log-level: "loud" is not one of debug, info, warn, error`},
		{"negative rate limit env", map[string]string{"LETTERS_IP_RATE_LIMIT": "-1"}, []string{"serve"}, `LETTERS_IP_RATE_LIMIT: "-1" is negative`},
		{"negative rate limit flag", nil, []string{"serve", "--rate-limit", "-2"}, `--rate-limit: "-2" is negative`},
		{"negative timeout env", map[string]string{"LETTERS_REQUEST_TIMEOUT": "-1s"}, []string{"serve"}, `LETTERS_REQUEST_TIMEOUT: "-1s" is negative`},
		{"negative timeout flag", nil, []string{"ingest", "--extract-timeout", "-1m", "x"}, `--extract-timeout: "-1m0s" is negative`},
		{"negative k env", map[string]string{"LETTERS_TOP_K": "-3"}, []string{"ask", "q"}, `LETTERS_TOP_K: "-3" is negative`},
		{"negative k flag", nil, []string{"ask", "--k", "-3", "q"}, `--k: "-3" is negative`},
		{"negative ef-search", map[string]string{"LETTERS_EF_SEARCH": "-1"}, []string{"ask", "q"}, `LETTERS_EF_SEARCH: "-1" is negative`},
		{"negative max-file-mb", nil, []string{"ingest", "--max-file-mb", "-5", "x"}, `--max-file-mb: "-5" is negative`},
		{"vector index env", map[string]string{"LETTERS_VECTOR_INDEX": "ivfflat"}, []string{"ingest", "x"}, `LETTERS_VECTOR_INDEX: "ivfflat" is not one of auto, hnsw, none`},
		{"vector index flag", nil, []string{"ask", "--vector-index", "graph", "q"}, `--vector-index: "graph" is not one of auto, hnsw, none`},
		{"good values", map[string]string{"LETTERS_RATE_LIMIT": "0", "LETTERS_COOKIE_SECURE": "false", "LETTERS_TOP_K": "3",
			"LETTERS_LLM_TIMEOUT": "5s", "LETTERS_EMBEDDER": "hash", "LETTERS_AUTH": "token"}, []string{"serve"}, noDB},
		{"enumerations in any case", map[string]string{"LETTERS_LOG_LEVEL": "DEBUG", "LETTERS_ANSWERER": "Extractive"}, []string{"ask", "q"}, noDB},
		{"good flags", nil, []string{"ingest", "--max-file-mb", "0", "--embedder", "hash", "x"}, noDB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DATABASE_URL", "") // unset: a command that gets past its configuration stops here
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if err == nil {
				t.Fatalf("run %v: no error, want %q", tt.args, tt.want)
			}
			if got := err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("run %v: got error %q, want it to contain %q", tt.args, got, tt.want)
			}
			if tt.want != noDB && !errors.Is(err, errConfig) {
				t.Errorf("run %v: error %v is not errConfig", tt.args, err)
			}
		})
	}
}

// TestConfigDefaultsAreValid: every field's default passes its own checks.
func TestConfigDefaultsAreValid(t *testing.T) {
	for cmd := range commandGroups {
		t.Run(cmd, func(t *testing.T) {
			ct := reflect.TypeOf(Config{})
			for i := 0; i < ct.NumField(); i++ {
				t.Setenv(ct.Field(i).Tag.Get("env"), "")
			}
			if _, _, err := parse(flag.NewFlagSet(cmd, flag.ContinueOnError), nil, &bytes.Buffer{}); err != nil {
				t.Errorf("defaults: %v", err)
			}
		})
	}
}

func TestHelpRedactsDatabasePassword(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://letters:s3cret-pw@db.example:5432/letters")
	var out, errb strings.Builder
	_ = run(context.Background(), []string{"ask", "-h"}, strings.NewReader(""), &out, &errb)
	help := out.String() + errb.String()
	if !strings.Contains(help, "-database-url") {
		t.Fatalf("no -database-url in the help:\n%s", help)
	}
	if strings.Contains(help, "s3cret-pw") {
		t.Errorf("the help shows the database password:\n%s", help)
	}
	if !strings.Contains(help, "postgres://letters:xxxxx@db.example:5432/letters") {
		t.Errorf("the help does not show the redacted URL:\n%s", help)
	}
}
