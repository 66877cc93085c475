// Package deploy holds the container entrypoint, database init scripts and
// example env files; its tests keep compose.yaml and the Dockerfile honest
// without a Docker engine.
//
// How: compose.yaml is decoded with a plain YAML library (go.yaml.in/yaml/v3)
// into types that know only the keys this file uses and their usual
// neighbours, after compose's own ${…} interpolation; explicit rules then
// refuse what `docker compose config` would refuse of such a file (unknown
// top-level or service keys, a service without image or build, depends_on
// an unknown or profile-disabled service or an unknown condition, waiting
// for the health of a service without a healthcheck, volumes and secrets
// used but not declared, a missing ${VAR:?message} variable, port syntax,
// healthcheck shape and durations, a required env file that is missing).
// The Dockerfile is read by a small line parser (instructions and their
// flags, continuation lines, FROM … AS stages, COPY --from naming an
// earlier stage, exec forms, HEALTHCHECK options). compose_rules_test.go
// and dockerfile_rules_test.go hold them; TestComposeRejects and
// TestDockerfileRejects show each rule refusing a broken copy.
//
// Why not link compose-go and BuildKit's parser, as these tests did: they
// brought about twenty modules (and a YAML v4 release candidate) into
// go.mod for a test of two files. The cost of the plain decode is that it
// knows less than compose: keys this file does not use are refused until
// added, and nothing here follows compose's own evolution — when the file
// starts using a new compose feature, its rule is written here too
// (`docker compose config` on a machine with Docker remains the final word).
package deploy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// composeDir is a folder with what compose.yaml reads besides itself: a
// throwaway env file stands in for the operator's secrets.
func composeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "deploy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "deploy", "letters.env"),
		[]byte("POSTGRES_PASSWORD=test\nDATABASE_URL=postgres://letters:test@db:5432/letters\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func loadCompose(t *testing.T, profiles ...string) *composeProject {
	t.Helper()
	p, err := loadComposeFile([]byte(readFile(t, "../compose.yaml")), composeDir(t), map[string]string{}, profiles...)
	if err != nil {
		t.Fatalf("compose.yaml does not load: %v", err)
	}
	return p
}

func service(t *testing.T, p *composeProject, name string) *composeService {
	t.Helper()
	s, ok := p.Services[name]
	if !ok {
		t.Fatalf("no service %s (enabled: %v)", name, sortedKeys(p.Services))
	}
	return s
}

func TestCompose(t *testing.T) {
	p := loadCompose(t)
	if p.Name != "letters" {
		t.Errorf("project name %q, want letters", p.Name)
	}
	db := service(t, p, "db")
	if !strings.HasPrefix(db.Image, "pgvector/pgvector:pg17") {
		t.Errorf("db image %q, want pgvector/pgvector:pg17", db.Image)
	}
	if db.Healthcheck == nil || !strings.Contains(strings.Join(db.Healthcheck.Test, " "), "pg_isready") {
		t.Errorf("db healthcheck %+v", db.Healthcheck)
	}
	if !hasVolume(db, "pgdata", "/var/lib/postgresql/data") {
		t.Errorf("db volumes %+v: want the named volume pgdata", db.Volumes)
	}
	if _, ok := p.Volumes["pgdata"]; !ok {
		t.Error("named volume pgdata not declared")
	}
	// defaults of the interpolated settings
	if db.ShmSize != "2gb" || !slices.Contains(db.Command, "shared_buffers=1GB") {
		t.Errorf("db shm_size %q, command %v: want the defaults 2gb and shared_buffers=1GB", db.ShmSize, db.Command)
	}
	l := service(t, p, "letters")
	if l.Build == nil || l.Build.Dockerfile != "Dockerfile" || l.Build.Target != "runtime" {
		t.Errorf("letters build %+v", l.Build)
	}
	if dep, ok := l.DependsOn["db"]; !ok || dep.Condition != "service_healthy" {
		t.Errorf("letters depends_on %+v: want db service_healthy", l.DependsOn)
	}
	if l.Healthcheck == nil || !strings.Contains(strings.Join(l.Healthcheck.Test, " "), "letters health") {
		t.Errorf("letters healthcheck %+v", l.Healthcheck)
	}
	if len(l.Ports) != 1 || l.Ports[0].Target != 8080 || l.Ports[0].Published != "8080" || l.Ports[0].HostIP != "127.0.0.1" {
		t.Errorf("letters ports %+v", l.Ports)
	}
	if !hasVolume(l, "", "/letters") {
		t.Errorf("letters volumes %+v: want ./letters mounted at /letters", l.Volumes)
	}
	// letters added from the web are kept in a volume the service writes
	if dir := l.Environment["LETTERS_UPLOAD_DIR"]; dir == nil || *dir != "/uploads" || !hasVolume(l, "uploads", "/uploads") {
		t.Errorf("letters: LETTERS_UPLOAD_DIR %v and volumes %+v: want the named volume uploads at /uploads", dir, l.Volumes)
	}
	if _, ok := p.Volumes["uploads"]; !ok {
		t.Error("named volume uploads not declared")
	}
	if !slices.Contains(l.Command, "serve") {
		t.Errorf("letters command %v", l.Command)
	}
	// secrets only through env files: no password, key or token is written in compose.yaml
	for i, line := range strings.Split(readFile(t, "../compose.yaml"), "\n") {
		code := strings.TrimSpace(strings.SplitN(line, "#", 2)[0])
		if reSecret.MatchString(code) {
			t.Errorf("compose.yaml line %d sets a secret: %q", i+1, code)
		}
	}
	for _, name := range []string{"db", "letters", "letters-ollama"} {
		if s, ok := loadCompose(t, "ollama").Services[name]; !ok || len(s.EnvFile) == 0 {
			t.Errorf("service %s takes no env file", name)
		}
	}
	if _, ok := p.Services["ollama"]; ok {
		t.Error("ollama runs without its profile")
	}
}

func TestComposeOllamaProfile(t *testing.T) {
	p := loadCompose(t, "ollama")
	o := service(t, p, "ollama")
	if !slices.Contains(o.Profiles, "ollama") || o.Healthcheck == nil {
		t.Errorf("ollama service %+v", o)
	}
	lo := service(t, p, "letters-ollama")
	env := func(k string) string {
		if v := lo.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	if env("LETTERS_ANSWERER") != "llm" || env("LETTERS_LLM") != "ollama" || env("LETTERS_EMBEDDER") != "ollama" || env("OLLAMA_HOST") != "http://ollama:11434" {
		t.Errorf("letters-ollama environment %v", lo.Environment)
	}
	if got := env("LETTERS_LLM_MODEL"); got != "llama3.1" {
		t.Errorf("LETTERS_LLM_MODEL = %q, want the default llama3.1", got)
	}
	if dep, ok := lo.DependsOn["ollama"]; !ok || dep.Condition != "service_healthy" {
		t.Errorf("letters-ollama depends_on %+v", lo.DependsOn)
	}
}

// TestComposePublishesOnLoopback: the service runs without access control by
// default, so no compose service publishes it beyond the host (issue #14,
// finding 12: it was 0.0.0.0:8080).
func TestComposePublishesOnLoopback(t *testing.T) {
	p := loadCompose(t, "ollama")
	for _, name := range []string{"letters", "letters-ollama", "db", "ollama"} {
		for _, port := range service(t, p, name).Ports {
			if port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s:%s → %d, want host IP 127.0.0.1", name, port.HostIP, port.Published, port.Target)
			}
		}
	}
}

// TestComposeRejects: each rule refuses a broken copy of compose.yaml.
func TestComposeRejects(t *testing.T) {
	orig := readFile(t, "../compose.yaml")
	for _, tt := range []struct {
		name     string
		old, new string // the breakage: old (which must be in the file) replaced by new
		env      map[string]string
		profiles []string
		wantErr  string // "": loads
	}{
		{"unknown top-level key", "volumes:\n  pgdata:", "volume:\n  pgdata:", nil, nil, `unknown top-level key "volume"`},
		{"x- extension allowed", "name: letters\n", "name: letters\nx-common: &c {restart: always}\n", nil, nil, ""},
		{"unknown service key", "    shm_size:", "    shm_sise:", nil, nil, "field shm_sise not found"},
		{"unknown build key", "      target: runtime", "      stage: runtime", nil, nil, `unknown key "stage"`},
		{"service without image or build", "    image: ollama/ollama:latest\n", "", nil, nil, "service ollama: neither image nor build"},
		{"depends_on an unknown service", "      ollama:\n        condition: service_healthy", "      olama:\n        condition: service_healthy", nil, nil,
			`service letters-ollama: depends on undefined service "olama"`},
		{"depends_on a disabled profile", "    depends_on:\n      db:\n        condition: service_healthy\n    env_file",
			"    depends_on:\n      ollama:\n        condition: service_healthy\n    env_file", nil, nil, `service letters: depends on service "ollama", which its profiles do not enable`},
		{"depends_on an unknown condition", "      letters:\n        condition: service_started", "      letters:\n        condition: service_up", nil, []string{"ollama"},
			`unknown condition "service_up"`},
		{"healthy without a healthcheck", "      test: [\"CMD\", \"ollama\", \"list\"]\n      interval: 10s\n      timeout: 5s\n      retries: 30\n      start_period: 20s\n", "      disable: true\n",
			nil, []string{"ollama"}, `service letters-ollama: waits for "ollama" to be healthy, which has no healthcheck`},
		{"undeclared volume", "      - uploads:/uploads", "      - upload:/uploads", nil, nil, `uses volume "upload", which is not declared`},
		{"relative volume target", "      - uploads:/uploads", "      - uploads:uploads", nil, nil, `volume target "uploads" is not an absolute path`},
		{"bad volume mode", "      - ./letters:/letters:ro\n      - uploads:/uploads", "      - ./letters:/letters:readonly\n      - uploads:/uploads", nil, nil, `unknown mode "readonly"`},
		{"undeclared secret", "    shm_size:", "    secrets: [db_password]\n    shm_size:", nil, nil, `uses secret "db_password", which is not declared`},
		{"declared secret", "    shm_size:", "    secrets: [db_password]\n    shm_size:", nil, nil, ""},
		{"required variable missing", "image: pgvector/pgvector:pg17", "image: ${DB_IMAGE:?set DB_IMAGE to a pgvector image}", nil, nil,
			"required variable DB_IMAGE is missing a value: set DB_IMAGE to a pgvector image"},
		{"required variable empty", "image: pgvector/pgvector:pg17", "image: ${DB_IMAGE:?set DB_IMAGE}", map[string]string{"DB_IMAGE": ""}, nil,
			"required variable DB_IMAGE is missing a value"},
		{"required variable set", "image: pgvector/pgvector:pg17", "image: ${DB_IMAGE:?set DB_IMAGE}", map[string]string{"DB_IMAGE": "pgvector/pgvector:pg17"}, nil, ""},
		{"unclosed interpolation", "${PG_SHM_SIZE:-2gb}", "${PG_SHM_SIZE:-2gb", nil, nil, "unclosed ${"},
		{"bad variable name", "${PG_SHM_SIZE:-2gb}", "${PG SHM:-2gb}", nil, nil, "invalid interpolation format"},
		{"port out of range", `"127.0.0.1:8080:8080"`, `"127.0.0.1:80800:8080"`, nil, nil, `"80800" is not a port number`},
		{"port not a number", `"127.0.0.1:8080:8080"`, `"127.0.0.1:8080:http"`, nil, nil, `"http" is not a port number`},
		{"port bad host IP", `"127.0.0.1:8080:8080"`, `"127.0.0.300:8080:8080"`, nil, nil, "host IP"},
		{"port bad protocol", `"127.0.0.1:8080:8080"`, `"127.0.0.1:8080:8080/tpc"`, nil, nil, `unknown protocol "tpc"`},
		{"port IPv6 in brackets", `"127.0.0.1:8080:8080"`, `"[::1]:8080:8080"`, nil, nil, ""},
		{"port long form", `      - "127.0.0.1:8080:8080"`, "      - {target: 8080, published: \"8080\", host_ip: 127.0.0.1}", nil, nil, ""},
		{"port long form unknown key", `      - "127.0.0.1:8080:8080"`, "      - {target: 8080, publish: \"8080\"}", nil, nil, `unknown key "publish"`},
		{"healthcheck test verb", `["CMD-SHELL", "pg_isready`, `["CMD-SHEL", "pg_isready`, nil, nil, `must start with CMD, CMD-SHELL or NONE, not "CMD-SHEL"`},
		{"healthcheck runs nothing", `["CMD-SHELL", "pg_isready -U letters -d letters"]`, `["CMD"]`, nil, nil, "runs nothing"},
		{"healthcheck duration", "      interval: 5s", "      interval: 5 seconds", nil, nil, `healthcheck interval "5 seconds" is not a duration`},
		{"healthcheck retries", "      retries: 20", "      retries: many", nil, nil, "cannot unmarshal"},
		{"healthcheck unknown key", "      retries: 20", "      retry: 20", nil, nil, `unknown key "retry"`},
		{"required env file missing", "      - path: deploy/letters.env\n        required: true\n    environment:\n      POSTGRES_USER",
			"      - path: deploy/missing.env\n        required: true\n    environment:\n      POSTGRES_USER", nil, nil, "env file deploy/missing.env"},
		{"restart policy", "    image: pgvector/pgvector:pg17\n    restart: unless-stopped", "    image: pgvector/pgvector:pg17\n    restart: sometimes", nil, nil,
			`unknown restart policy "sometimes"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(orig, tt.old) {
				t.Fatalf("compose.yaml no longer contains %q: update the case", tt.old)
			}
			env := tt.env
			if env == nil {
				env = map[string]string{}
			}
			broken := strings.Replace(orig, tt.old, tt.new, 1)
			if tt.name == "declared secret" {
				broken += "\nsecrets:\n  db_password:\n    file: ./db_password.txt\n"
			}
			_, err := loadComposeFile([]byte(broken), composeDir(t), env, tt.profiles...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want it to load", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

var reSecret = regexp.MustCompile(`(?i)^[A-Z_]*(PASSWORD|API_KEY|SECRET|TOKEN)[A-Z_]*\s*[:=]\s*\S`)

func hasVolume(s *composeService, source, target string) bool {
	for _, v := range s.Volumes {
		if v.Target == target && (source == "" || v.Source == source) {
			return true
		}
	}
	return false
}

// dockerfileProblems checks what this project needs of its image: a golang
// build stage that builds statically, a final runtime stage without the
// toolchain that copies the binary from build, has pdftotext, owns
// /uploads for the service's user, runs as a non-root USER, and has a
// HEALTHCHECK and exec-form ENTRYPOINT and CMD.
func dockerfileProblems(stages []dockerStage) []string {
	var problems []string
	bad := func(s string) { problems = append(problems, s) }
	byName := map[string]dockerStage{}
	for _, s := range stages {
		byName[s.Name] = s
	}
	build, ok := byName["build"]
	if !ok || !strings.HasPrefix(build.Base, "golang:") {
		return append(problems, "no golang build stage")
	}
	rt := stages[len(stages)-1]
	if rt.Name != "runtime" {
		return append(problems, "the last stage must be runtime")
	}
	if strings.HasPrefix(rt.Base, "golang") {
		bad("runtime image " + rt.Base + " carries the toolchain")
	}
	var user string
	var copiesBinary, pdftotext, static, entry, cmd, health, uploads bool
	for _, c := range build.Commands {
		if c.Cmd == "RUN" && strings.Contains(c.Args, "CGO_ENABLED=0") {
			static = true
		}
	}
	for _, c := range rt.Commands {
		switch c.Cmd {
		case "USER":
			user = c.Args
		case "COPY":
			copiesBinary = copiesBinary || c.Flags["from"] == "build"
		case "RUN":
			pdftotext = pdftotext || strings.Contains(c.Args, "poppler-utils")
			uploads = uploads || strings.Contains(c.Args, "chown 10001:10001 /uploads")
		case "ENTRYPOINT":
			_, err := execForm(c.Args)
			entry = err == nil
		case "CMD":
			_, err := execForm(c.Args)
			cmd = err == nil
		case "HEALTHCHECK":
			health = strings.HasPrefix(strings.ToUpper(c.Args), "CMD")
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || strings.Trim(u, "0") == "" {
		bad("runtime USER " + strconvQuote(user) + ": want a non-root user")
	}
	for _, c := range []struct {
		ok   bool
		what string
	}{
		{copiesBinary, "copies the binary from build"}, {pdftotext, "installs pdftotext (poppler-utils)"}, {static, "builds statically (CGO_ENABLED=0)"},
		{entry, "has an exec-form ENTRYPOINT"}, {cmd, "has an exec-form CMD"}, {health, "has a HEALTHCHECK"},
		{uploads, "owns /uploads for the service's user"},
	} {
		if !c.ok {
			bad("the runtime stage never " + c.what)
		}
	}
	return problems
}

func strconvQuote(s string) string { return `"` + s + `"` }

func TestDockerfile(t *testing.T) {
	stages, err := parseDockerfile(readFile(t, "../Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(stages), 2; got != want {
		t.Errorf("%d stages, want %d", got, want)
	}
	for _, p := range dockerfileProblems(stages) {
		t.Error(p)
	}
	if _, err := os.Stat("entrypoint.sh"); err != nil {
		t.Errorf("entrypoint: %v", err)
	}
}

// TestDockerfileRejects: each rule refuses a broken copy of the Dockerfile.
func TestDockerfileRejects(t *testing.T) {
	orig := readFile(t, "../Dockerfile")
	for _, tt := range []struct {
		name, old, new, wantErr string
	}{
		{"unknown instruction", "WORKDIR /src", "WORKDIRR /src", `unknown instruction "WORKDIRR"`},
		{"unknown flag", "COPY --from=build", "COPY --form=build", "COPY: unknown flag --form"},
		{"instruction before FROM", "FROM golang", "WORKDIR /x\nFROM golang", "WORKDIR before the first FROM"},
		{"ARG before FROM allowed", "FROM golang", "ARG GO=1.26\nFROM golang", ""},
		{"bad FROM", "AS build", "AZ build", "want FROM image [AS name]"},
		{"duplicate stage", "AS runtime", "AS build", `duplicate stage name "build"`},
		{"COPY --from an unknown stage", "COPY --from=build", "COPY --from=biuld", "--from=biuld names no earlier stage"},
		{"COPY --from a later stage", "COPY --from=build", "COPY --from=runtime", "--from=runtime names no earlier stage"},
		{"COPY --from an image", "COPY --from=build /out/letters", "COPY --from=busybox:1 /bin/sh /x\nCOPY --from=build /out/letters", ""},
		{"COPY --from a stage index", "COPY --from=build /out/letters", "COPY --from=0 /src/go.mod /x\nCOPY --from=build /out/letters", ""},
		{"COPY --from a stage index out of range", "COPY --from=build", "COPY --from=1", "--from=1: no earlier stage"},
		{"entrypoint not JSON", `ENTRYPOINT ["/usr/local/bin/letters-entrypoint"]`, `ENTRYPOINT ["/usr/local/bin/letters-entrypoint"`, "is not a JSON list of strings"},
		{"entrypoint shell form", `ENTRYPOINT ["/usr/local/bin/letters-entrypoint"]`, `ENTRYPOINT /usr/local/bin/letters-entrypoint`, "never has an exec-form ENTRYPOINT"},
		{"no entrypoint", `ENTRYPOINT ["/usr/local/bin/letters-entrypoint"]`, ``, "never has an exec-form ENTRYPOINT"},
		{"cmd shell form", `CMD ["serve"]`, `CMD serve`, "never has an exec-form CMD"},
		{"root user", "USER 10001:10001", "USER root", `runtime USER "root"`},
		{"uid 0", "USER 10001:10001", "USER 0:0", `runtime USER "0:0"`},
		{"no user", "USER 10001:10001\n", "", `runtime USER ""`},
		{"healthcheck without CMD", "  CMD [\"/usr/local/bin/letters\", \"health\"", "  RUN [\"/usr/local/bin/letters\", \"health\"", `want CMD … or NONE, got "RUN"`},
		{"healthcheck bad duration", "--interval=15s", "--interval=15", "--interval=15 is not a duration"},
		{"healthcheck bad retries", "--retries=3", "--retries=three", "--retries=three is not a count"},
		{"healthcheck unknown option", "--interval=15s", "--every=15s", "HEALTHCHECK: unknown flag --every"},
		{"no healthcheck", "HEALTHCHECK --interval", "# HEALTHCHECK --interval", "never has a HEALTHCHECK"}, // its CMD line becomes a CMD
		{"toolchain at runtime", "FROM debian:bookworm-slim AS runtime", "FROM golang:1.26-bookworm AS runtime", "carries the toolchain"},
		{"dynamic build", "CGO_ENABLED=0 go build", "go build", "never builds statically"},
		{"no pdftotext", "poppler-utils ca-certificates", "ca-certificates", "never installs pdftotext"},
		{"runtime not last", "EXPOSE 8080", "EXPOSE 8080\nFROM scratch AS extra", "the last stage must be runtime"},
		{"trailing continuation", `CMD ["serve"]`, `CMD ["serve"] \`, "continuation at the end of the file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(orig, tt.old) {
				t.Fatalf("Dockerfile no longer contains %q: update the case", tt.old)
			}
			stages, err := parseDockerfile(strings.Replace(orig, tt.old, tt.new, 1))
			var got string
			if err != nil {
				got = err.Error()
			} else {
				got = strings.Join(dockerfileProblems(stages), "; ")
			}
			switch {
			case tt.wantErr == "" && got != "":
				t.Errorf("got %q, want no error", got)
			case tt.wantErr != "" && !strings.Contains(got, tt.wantErr):
				t.Errorf("got %q, want an error containing %q", got, tt.wantErr)
			}
		})
	}
}
