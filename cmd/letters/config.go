package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Config is the one configuration of the binary: each field is a flag with
// an environment-variable fallback. docs/config.md is generated from it
// (`letters config-doc`), and a test fails when they drift. A field's "for"
// tag names its groups; a command offers as flags only the fields of its
// groups (commandGroups), and takes the others from the environment or
// their defaults.
type Config struct {
	DatabaseURL     string `for:"db" flag:"database-url" env:"DATABASE_URL" help:"PostgreSQL URL (the database needs the pgvector extension; make db prints one)"`
	ReadDatabaseURL string `for:"db" flag:"read-database-url" env:"READ_DATABASE_URL" help:"optional PostgreSQL read replica used for retrieval and reads (writes stay on DATABASE_URL)"`
	Addr            string `for:"serve" flag:"addr" env:"LETTERS_ADDR" default:":8080" help:"HTTP listen address for serve"`

	Embedder      string `for:"embed" flag:"embedder" env:"LETTERS_EMBEDDER" default:"hash" help:"embedder: hash (built-in, offline), ollama or openai" oneof:"hash ollama openai"`
	EmbedderModel string `for:"embed" flag:"embedder-model" env:"LETTERS_EMBEDDER_MODEL" help:"embedding model name for ollama/openai (e.g. nomic-embed-text)"`
	EmbedderDim   int    `for:"embed" flag:"embedder-dim" env:"LETTERS_EMBEDDER_DIM" default:"1024" help:"dimension of the built-in hash embedder (16..2000)"`

	Answerer      string        `for:"llm" flag:"answerer" env:"LETTERS_ANSWERER" default:"extractive" help:"default answerer: extractive (offline) or llm" oneof:"extractive llm"`
	LLM           string        `for:"llm" flag:"llm" env:"LETTERS_LLM" default:"ollama" help:"model provider for the llm answerer: ollama or openai (any OpenAI-compatible server)" oneof:"ollama openai"`
	LLMModel      string        `for:"llm" flag:"llm-model" env:"LETTERS_LLM_MODEL" help:"chat model name (e.g. llama3.1, gpt-4o-mini)"`
	OllamaURL     string        `for:"embed llm" flag:"ollama-url" env:"OLLAMA_HOST" default:"http://127.0.0.1:11434" help:"Ollama server URL"`
	OpenAIURL     string        `for:"embed llm" flag:"openai-base-url" env:"OPENAI_BASE_URL" help:"OpenAI-compatible base URL (e.g. http://127.0.0.1:8000/v1 for vLLM or llama.cpp); empty for api.openai.com"`
	OpenAIKey     string        `for:"embed llm" flag:"-" env:"OPENAI_API_KEY" secret:"true" help:"API key for the OpenAI-compatible server (environment only; never logged)"`
	OpenAIKeyFile string        `for:"embed llm" flag:"openai-api-key-file" env:"OPENAI_API_KEY_FILE" help:"file holding the API key (for container secrets)"`
	LLMTimeout    time.Duration `for:"llm" flag:"llm-timeout" env:"LETTERS_LLM_TIMEOUT" default:"60s" help:"time allowed for one model call before falling back to the extractive answer" min:"0"`

	MaxFileMB          int           `for:"ingest" flag:"max-file-mb" env:"LETTERS_MAX_FILE_MB" default:"100" help:"ingest: largest file read, in MB (a larger one fails with a reason; the rest goes on)" min:"0"`
	ExtractTimeout     time.Duration `for:"ingest" flag:"extract-timeout" env:"LETTERS_EXTRACT_TIMEOUT" default:"2m" help:"ingest: time one file's text extraction (pdftotext) may take before it fails" min:"0"`
	HNSWM              int           `for:"ingest" flag:"hnsw-m" env:"LETTERS_HNSW_M" default:"16" help:"HNSW index: pgvector's m, links per node (used when the index is next built: a bulk load into an empty corpus or a new embedder)" min:"0"`
	HNSWEFConstruction int           `for:"ingest" flag:"hnsw-ef-construction" env:"LETTERS_HNSW_EF_CONSTRUCTION" default:"64" help:"HNSW index: pgvector's ef_construction (smaller builds faster with lower recall: see BENCHMARKS.md; used when the index is next built)" min:"0"`

	VectorIndex string `for:"ingest search" flag:"vector-index" env:"LETTERS_VECTOR_INDEX" default:"auto" help:"vector index: auto (none for the built-in embedder, hnsw for ollama/openai), hnsw (an HNSW graph over every paragraph) or none (no graph: the vector arm ranks exactly the paragraphs that share the question's words; ingest 3x faster; see BENCHMARKS.md)" oneof:"auto hnsw none"`

	TopK        int     `for:"search" flag:"k" env:"LETTERS_TOP_K" default:"8" help:"paragraphs given to the answerer" min:"0"`
	MinCoverage float64 `for:"search" flag:"min-coverage" env:"LETTERS_MIN_COVERAGE" default:"0" help:"refusal threshold (0: the built-in value fitted on the dev set)" min:"0"`
	EFSearch    int     `for:"search" flag:"ef-search" env:"LETTERS_EF_SEARCH" default:"400" help:"pgvector hnsw.ef_search (400 keeps HNSW recall@10 ≥ 0.95 at 600k paragraphs; 200 does not: see BENCHMARKS.md)" min:"0"`

	RequestTimeout  time.Duration `for:"serve" flag:"request-timeout" env:"LETTERS_REQUEST_TIMEOUT" default:"90s" help:"HTTP request timeout (streams included)" min:"0"`
	ReadTimeout     time.Duration `for:"serve" flag:"read-timeout" env:"LETTERS_READ_TIMEOUT" default:"30s" help:"time a client gets to send a request's headers and body (slow senders are cut off; the answer's time is not counted)" min:"0"`
	RateLimit       float64       `for:"serve" flag:"rate-limit" env:"LETTERS_RATE_LIMIT" default:"20" help:"requests per second per signed-in user (per client address when signed out) for /api and /v1 (0: no limit)" min:"0"`
	IPRateLimit     float64       `for:"serve" flag:"ip-rate-limit" env:"LETTERS_IP_RATE_LIMIT" default:"50" help:"requests per second per client address on every route but the health probes, checked before authentication (0: no limit)" min:"0"`
	TrustedProxies  string        `for:"serve" flag:"trusted-proxies" env:"LETTERS_TRUSTED_PROXIES" help:"comma-separated CIDR ranges of the reverse proxies in front (e.g. 10.0.0.0/8): only their X-Forwarded-For is believed; empty: the TCP peer is the client. Required by --auth proxy"`
	Auth            string        `for:"serve" flag:"auth" env:"LETTERS_AUTH" default:"none" help:"access control: none, token (API tokens + sign-in page with a session cookie) or proxy (trust an authenticating proxy's user header)" oneof:"none token proxy"`
	ProxyUserHeader string        `for:"serve" flag:"proxy-user-header" env:"LETTERS_PROXY_USER_HEADER" default:"X-Forwarded-User" help:"with --auth proxy: the header that names the signed-in user (believed only from --trusted-proxies; sent twice is refused)"`
	Admins          string        `for:"serve" flag:"admins" env:"LETTERS_ADMINS" help:"with --auth token or proxy: comma-separated users who may read every user's conversations (everyone else sees only their own)"`
	Editors         string        `for:"serve" flag:"editors" env:"LETTERS_EDITORS" help:"with --auth token or proxy: comma-separated users who may add letters from the web and correct their details (admins may too; everyone else reads)"`
	UploadDir       string        `for:"serve" flag:"upload-dir" env:"LETTERS_UPLOAD_DIR" default:"uploads" help:"where letters added from the web are saved and ingested from (keep it: the files are the source, as letters/ is); empty: no uploads"`
	CookieSecure    bool          `for:"serve" flag:"cookie-secure" env:"LETTERS_COOKIE_SECURE" default:"true" help:"mark the session and CSRF cookies Secure (HTTPS only; browsers accept them on localhost)"`
	SessionTTL      time.Duration `for:"serve" flag:"session-ttl" env:"LETTERS_SESSION_TTL" default:"12h" help:"how long a web sign-in lasts" min:"0"`
	LogLevel        string        `for:"log" flag:"log-level" env:"LETTERS_LOG_LEVEL" default:"info" help:"debug, info, warn or error (questions are logged only at debug)" oneof:"debug info warn error"`
	Retention       time.Duration `for:"retention" flag:"retention" env:"LETTERS_RETENTION" default:"8760h" help:"conversations, turns, feedback and audit log entries older than this are deleted, by serve at start and daily, and by letters gc (8760h: 365 days; 0: kept for ever)" min:"0"`
	AuditQuestions  bool          `for:"serve" flag:"audit-questions" env:"LETTERS_AUDIT_QUESTIONS" default:"false" help:"keep each question's text in the audit log (else it records who asked, when, through which route and in which conversation)"`
}

// commandGroups are the configuration groups each command (by its flag
// set's name) offers as flags.
var commandGroups = map[string][]string{
	"ingest":          {"db", "embed", "ingest", "log"},
	"ask":             {"db", "embed", "llm", "search", "log"},
	"brief":           {"db", "embed", "llm", "search", "log"},
	"eval":            {"db", "embed", "llm", "search", "log"},
	"serve":           {"db", "embed", "llm", "search", "ingest", "serve", "retention", "log"},
	"feedback export": {"db", "log"},
	"gc":              {"db", "retention", "log"},
	"user erase":      {"db", "log"},
	"audit":           {"db", "log"},
	"token create":    {"db", "log"},
	"token revoke":    {"db", "log"},
	"token list":      {"db", "log"},
}

func inGroups(tag string, groups []string) bool {
	for _, g := range strings.Fields(tag) {
		for _, want := range groups {
			if g == want {
				return true
			}
		}
	}
	return false
}

// errConfig marks a configuration value that cannot be used: the command
// stops before doing anything.
var errConfig = errors.New("bad configuration")

// bind registers the fields of cfg in the groups of fs's command on fs,
// with defaults from the environment, then the struct tag default; the
// other fields get those values without a flag. An environment value that
// does not parse as its field's type is an error naming the variable.
func bind(fs *flag.FlagSet, cfg *Config) error {
	groups, ok := commandGroups[fs.Name()]
	if !ok {
		panic("config: no flag groups for the command " + fs.Name())
	}
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		def := f.Tag.Get("default")
		env := f.Tag.Get("env")
		if e := os.Getenv(env); e != "" {
			def = e
		}
		fv := v.Field(i)
		name := f.Tag.Get("flag")
		target, help := flag.NewFlagSet("", flag.ContinueOnError), ""
		if name != "-" && inGroups(f.Tag.Get("for"), groups) {
			target, help = fs, f.Tag.Get("help")+" [$"+env+"]"
		} else {
			name = "v" // environment or default only, read as its flag would read it
		}
		if err := register(target, fv, name, def, help); err != nil {
			return fmt.Errorf("%s: %q %w", env, def, err)
		}
		if fl := target.Lookup(name); fl != nil {
			fl.DefValue = redactURL(fl.DefValue) // -h prints defaults: never a password from the environment
		}
	}
	return nil
}

// redactURL hides the password of a URL ("postgres://u:secret@h/db" →
// "postgres://u:xxxxx@h/db"); anything else is returned as it is.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); !ok {
		return s
	}
	return u.Redacted()
}

// register defines fv as the flag name on fs with the default def, which
// must parse as fv's type.
func register(fs *flag.FlagSet, fv reflect.Value, name, def, help string) error {
	switch p := fv.Addr().Interface().(type) {
	case *string:
		fs.StringVar(p, name, def, help)
	case *int:
		n, err := strconv.Atoi(orZero(def))
		if err != nil {
			return fmt.Errorf("is not a whole number: %w", errConfig)
		}
		fs.IntVar(p, name, n, help)
	case *float64:
		x, err := strconv.ParseFloat(orZero(def), 64)
		if err != nil {
			return fmt.Errorf("is not a number: %w", errConfig)
		}
		fs.Float64Var(p, name, x, help)
	case *bool:
		b, err := strconv.ParseBool(orFalse(def))
		if err != nil {
			return fmt.Errorf("is not true or false: %w", errConfig)
		}
		fs.BoolVar(p, name, b, help)
	case *time.Duration:
		d, err := time.ParseDuration(orZero(def))
		if err != nil {
			return fmt.Errorf("is not a duration (e.g. 90s, 2m, 12h): %w", errConfig)
		}
		fs.DurationVar(p, name, d, help)
	default:
		panic("config: unsupported field type " + fv.Type().String())
	}
	return nil
}

// validate checks the parsed cfg: a field tagged oneof holds one of its
// values (any case; stored as listed), one tagged min:"0" is not negative.
// The error names the flag when fs set it, else the environment variable.
func validate(fs *flag.FlagSet, cfg *Config) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		source, raw := f.Tag.Get("env"), os.Getenv(f.Tag.Get("env"))
		if name := f.Tag.Get("flag"); set[name] && fs.Lookup(name) != nil {
			source, raw = "--"+name, fs.Lookup(name).Value.String()
		}
		if err := checkField(f, v.Field(i), raw); err != nil {
			return fmt.Errorf("%s: %w", source, err)
		}
	}
	return nil
}

// checkField checks one field's value against its oneof and min tags; raw
// is the value as given, for the error.
func checkField(f reflect.StructField, fv reflect.Value, raw string) error {
	if oneof := f.Tag.Get("oneof"); oneof != "" {
		allowed := strings.Fields(oneof)
		for _, a := range allowed {
			if strings.EqualFold(fv.String(), a) {
				fv.SetString(a)
				return nil
			}
		}
		return fmt.Errorf("%q is not one of %s: %w", fv.String(), strings.Join(allowed, ", "), errConfig)
	}
	if f.Tag.Get("min") == "0" {
		neg := false
		switch fv.Kind() {
		case reflect.Int, reflect.Int64: // int, time.Duration
			neg = fv.Int() < 0
		case reflect.Float64:
			neg = fv.Float() < 0
		}
		if neg {
			return fmt.Errorf("%q is negative: %w", raw, errConfig)
		}
	}
	return nil
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
