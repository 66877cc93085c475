package main

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Config is the one configuration of the binary: each field is a flag with
// an environment-variable fallback. docs/config.md is generated from it
// (`letters config-doc`), and a test fails when they drift.
type Config struct {
	DatabaseURL     string `flag:"database-url" env:"DATABASE_URL" help:"PostgreSQL URL (the database needs the pgvector extension; make db prints one)"`
	ReadDatabaseURL string `flag:"read-database-url" env:"READ_DATABASE_URL" help:"optional PostgreSQL read replica used for retrieval and reads (writes stay on DATABASE_URL)"`
	Addr            string `flag:"addr" env:"LETTERS_ADDR" default:":8080" help:"HTTP listen address for serve"`

	Embedder      string `flag:"embedder" env:"LETTERS_EMBEDDER" default:"hash" help:"embedder: hash (built-in, offline), ollama or openai"`
	EmbedderModel string `flag:"embedder-model" env:"LETTERS_EMBEDDER_MODEL" help:"embedding model name for ollama/openai (e.g. nomic-embed-text)"`
	EmbedderDim   int    `flag:"embedder-dim" env:"LETTERS_EMBEDDER_DIM" default:"1024" help:"dimension of the built-in hash embedder (16..2000)"`

	Answerer      string        `flag:"answerer" env:"LETTERS_ANSWERER" default:"extractive" help:"default answerer: extractive (offline) or llm"`
	LLM           string        `flag:"llm" env:"LETTERS_LLM" default:"ollama" help:"model provider for the llm answerer: ollama or openai (any OpenAI-compatible server)"`
	LLMModel      string        `flag:"llm-model" env:"LETTERS_LLM_MODEL" help:"chat model name (e.g. llama3.1, gpt-4o-mini)"`
	OllamaURL     string        `flag:"ollama-url" env:"OLLAMA_HOST" default:"http://127.0.0.1:11434" help:"Ollama server URL"`
	OpenAIURL     string        `flag:"openai-base-url" env:"OPENAI_BASE_URL" help:"OpenAI-compatible base URL (e.g. http://127.0.0.1:8000/v1 for vLLM or llama.cpp); empty for api.openai.com"`
	OpenAIKey     string        `flag:"-" env:"OPENAI_API_KEY" secret:"true" help:"API key for the OpenAI-compatible server (environment only; never logged)"`
	OpenAIKeyFile string        `flag:"openai-api-key-file" env:"OPENAI_API_KEY_FILE" help:"file holding the API key (for container secrets)"`
	LLMTimeout    time.Duration `flag:"llm-timeout" env:"LETTERS_LLM_TIMEOUT" default:"60s" help:"time allowed for one model call before falling back to the extractive answer"`

	MaxFileMB      int           `flag:"max-file-mb" env:"LETTERS_MAX_FILE_MB" default:"100" help:"ingest: largest file read, in MB (a larger one fails with a reason; the rest goes on)"`
	ExtractTimeout time.Duration `flag:"extract-timeout" env:"LETTERS_EXTRACT_TIMEOUT" default:"2m" help:"ingest: time one file's text extraction (pdftotext) may take before it fails"`

	TopK        int     `flag:"k" env:"LETTERS_TOP_K" default:"8" help:"paragraphs given to the answerer"`
	MinCoverage float64 `flag:"min-coverage" env:"LETTERS_MIN_COVERAGE" default:"0" help:"refusal threshold (0: the built-in value fitted on the dev set)"`
	EFSearch    int     `flag:"ef-search" env:"LETTERS_EF_SEARCH" default:"400" help:"pgvector hnsw.ef_search (400 keeps HNSW recall@10 ≥ 0.95 at 600k paragraphs; 200 does not: see BENCHMARKS.md)"`

	RequestTimeout  time.Duration `flag:"request-timeout" env:"LETTERS_REQUEST_TIMEOUT" default:"90s" help:"HTTP request timeout (streams included)"`
	ReadTimeout     time.Duration `flag:"read-timeout" env:"LETTERS_READ_TIMEOUT" default:"30s" help:"time a client gets to send a request's headers and body (slow senders are cut off; the answer's time is not counted)"`
	RateLimit       float64       `flag:"rate-limit" env:"LETTERS_RATE_LIMIT" default:"20" help:"requests per second per signed-in user (per client address when signed out) for /api and /v1 (0: no limit)"`
	IPRateLimit     float64       `flag:"ip-rate-limit" env:"LETTERS_IP_RATE_LIMIT" default:"50" help:"requests per second per client address on every route but the health probes, checked before authentication (0: no limit)"`
	TrustedProxies  string        `flag:"trusted-proxies" env:"LETTERS_TRUSTED_PROXIES" help:"comma-separated CIDR ranges of the reverse proxies in front (e.g. 10.0.0.0/8): only their X-Forwarded-For is believed; empty: the TCP peer is the client. Required by --auth proxy"`
	Auth            string        `flag:"auth" env:"LETTERS_AUTH" default:"none" help:"access control: none, token (API tokens + sign-in page with a session cookie) or proxy (trust an authenticating proxy's user header)"`
	ProxyUserHeader string        `flag:"proxy-user-header" env:"LETTERS_PROXY_USER_HEADER" default:"X-Forwarded-User" help:"with --auth proxy: the header that names the signed-in user (believed only from --trusted-proxies; sent twice is refused)"`
	Admins          string        `flag:"admins" env:"LETTERS_ADMINS" help:"with --auth token or proxy: comma-separated users who may read every user's conversations (everyone else sees only their own)"`
	CookieSecure    bool          `flag:"cookie-secure" env:"LETTERS_COOKIE_SECURE" default:"true" help:"mark the session and CSRF cookies Secure (HTTPS only; browsers accept them on localhost)"`
	SessionTTL      time.Duration `flag:"session-ttl" env:"LETTERS_SESSION_TTL" default:"12h" help:"how long a web sign-in lasts"`
	LogLevel        string        `flag:"log-level" env:"LETTERS_LOG_LEVEL" default:"info" help:"debug, info, warn or error (questions are logged only at debug)"`
	Retention       time.Duration `flag:"retention" env:"LETTERS_RETENTION" default:"8760h" help:"conversations, turns, feedback and audit log entries older than this are deleted, by serve at start and daily, and by letters gc (8760h: 365 days; 0: kept for ever)"`
	AuditQuestions  bool          `flag:"audit-questions" env:"LETTERS_AUDIT_QUESTIONS" default:"false" help:"keep each question's text in the audit log (else it records who asked, when, through which route and in which conversation)"`
}

// bind registers every field of cfg on fs, with defaults from the
// environment, then the struct tag default.
func bind(fs *flag.FlagSet, cfg *Config) {
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		def := f.Tag.Get("default")
		if e := os.Getenv(f.Tag.Get("env")); e != "" {
			def = e
		}
		fv := v.Field(i)
		name := f.Tag.Get("flag")
		if name == "-" {
			fv.SetString(def) // environment only
			continue
		}
		help := f.Tag.Get("help") + " [$" + f.Tag.Get("env") + "]"
		switch p := fv.Addr().Interface().(type) {
		case *string:
			fs.StringVar(p, name, def, help)
		case *int:
			n, _ := strconv.Atoi(orZero(def))
			fs.IntVar(p, name, n, help)
		case *float64:
			x, _ := strconv.ParseFloat(orZero(def), 64)
			fs.Float64Var(p, name, x, help)
		case *bool:
			b, _ := strconv.ParseBool(orFalse(def))
			fs.BoolVar(p, name, b, help)
		case *time.Duration:
			d, _ := time.ParseDuration(orZero(def))
			fs.DurationVar(p, name, d, help)
		default:
			panic("config: unsupported field type " + f.Type.String())
		}
	}
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

func orFalse(s string) string {
	if s == "" {
		return "false"
	}
	return s
}

// ConfigDoc renders the configuration reference as a Markdown table.
func ConfigDoc() string {
	var b strings.Builder
	b.WriteString("| flag | environment | default | meaning |\n| --- | --- | --- | --- |\n")
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		flagName := "--" + f.Tag.Get("flag")
		if f.Tag.Get("flag") == "-" {
			flagName = "(none)"
		}
		def := f.Tag.Get("default")
		if def == "" {
			def = "—"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", flagName, f.Tag.Get("env"), def, f.Tag.Get("help"))
	}
	return b.String()
}
