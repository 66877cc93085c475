// Package deploy holds the container entrypoint, database init scripts and
// example env files; its tests keep compose.yaml and the Dockerfile honest
// without a Docker engine.
package deploy_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func loadCompose(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	// a throwaway env file stands in for the operator's secrets
	dir := t.TempDir()
	root, _ := filepath.Abs("..")
	b, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "compose.yaml"), b, 0o644)
	os.MkdirAll(filepath.Join(dir, "deploy"), 0o755)
	os.WriteFile(filepath.Join(dir, "deploy", "letters.env"), []byte("POSTGRES_PASSWORD=test\nDATABASE_URL=postgres://letters:test@db:5432/letters\n"), 0o644)
	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, "compose.yaml")},
		cli.WithWorkingDirectory(dir), cli.WithName("letters"), cli.WithProfiles(profiles), cli.WithDotEnv)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("compose.yaml does not load: %v", err)
	}
	return p
}

func TestCompose(t *testing.T) {
	p := loadCompose(t)
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(db.Image, "pgvector/pgvector:pg17") {
		t.Errorf("db image %q, want pgvector/pgvector:pg17", db.Image)
	}
	if db.HealthCheck == nil || !strings.Contains(strings.Join(db.HealthCheck.Test, " "), "pg_isready") {
		t.Errorf("db healthcheck %+v", db.HealthCheck)
	}
	if !hasVolume(db, "pgdata", "/var/lib/postgresql/data") {
		t.Errorf("db volumes %+v: want the named volume pgdata", db.Volumes)
	}
	if _, ok := p.Volumes["pgdata"]; !ok {
		t.Error("named volume pgdata not declared")
	}
	l, err := p.GetService("letters")
	if err != nil {
		t.Fatal(err)
	}
	if l.Build == nil || l.Build.Dockerfile != "Dockerfile" || l.Build.Target != "runtime" {
		t.Errorf("letters build %+v", l.Build)
	}
	if dep, ok := l.DependsOn["db"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("letters depends_on %+v: want db service_healthy", l.DependsOn)
	}
	if l.HealthCheck == nil || !strings.Contains(strings.Join(l.HealthCheck.Test, " "), "letters health") {
		t.Errorf("letters healthcheck %+v", l.HealthCheck)
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
	raw, _ := os.ReadFile("../compose.yaml")
	for i, line := range strings.Split(string(raw), "\n") {
		code := strings.TrimSpace(strings.SplitN(line, "#", 2)[0])
		if reSecret.MatchString(code) {
			t.Errorf("compose.yaml line %d sets a secret: %q", i+1, code)
		}
	}
	for _, s := range p.Services {
		if s.Name == "db" || s.Name == "letters" || s.Name == "letters-ollama" {
			if len(s.EnvFiles) == 0 {
				t.Errorf("service %s takes no env file", s.Name)
			}
		}
	}
	if _, err := p.GetService("ollama"); err == nil {
		t.Error("ollama runs without its profile")
	}
}

func TestComposeOllamaProfile(t *testing.T) {
	p := loadCompose(t, "ollama")
	o, err := p.GetService("ollama")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(o.Profiles, "ollama") || o.HealthCheck == nil {
		t.Errorf("ollama service %+v", o)
	}
	lo, err := p.GetService("letters-ollama")
	if err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if v := lo.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	if env("LETTERS_ANSWERER") != "llm" || env("LETTERS_LLM") != "ollama" || env("LETTERS_EMBEDDER") != "ollama" || env("OLLAMA_HOST") != "http://ollama:11434" {
		t.Errorf("letters-ollama environment %v", lo.Environment)
	}
	if dep, ok := lo.DependsOn["ollama"]; !ok || dep.Condition != types.ServiceConditionHealthy {
		t.Errorf("letters-ollama depends_on %+v", lo.DependsOn)
	}
}

// TestComposePublishesOnLoopback: the service runs without access control by
// default, so no compose service publishes it beyond the host (issue #14,
// finding 12: it was 0.0.0.0:8080).
func TestComposePublishesOnLoopback(t *testing.T) {
	p := loadCompose(t, "ollama")
	for _, name := range []string{"letters", "letters-ollama", "db", "ollama"} {
		s, err := p.GetService(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, port := range s.Ports {
			if port.HostIP != "127.0.0.1" {
				t.Errorf("%s publishes %s:%s → %d, want host IP 127.0.0.1", name, port.HostIP, port.Published, port.Target)
			}
		}
	}
}

var reSecret = regexp.MustCompile(`(?i)^[A-Z_]*(PASSWORD|API_KEY|SECRET|TOKEN)[A-Z_]*\s*[:=]\s*\S`)

func hasVolume(s types.ServiceConfig, source, target string) bool {
	for _, v := range s.Volumes {
		if v.Target == target && (source == "" || v.Source == source) {
			return true
		}
	}
	return false
}

func TestDockerfile(t *testing.T) {
	f, err := os.Open("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	stages, _, err := instructions.Parse(res.AST, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]instructions.Stage{}
	for _, s := range stages {
		names[s.Name] = s
	}
	build, ok := names["build"]
	if !ok || !strings.HasPrefix(build.BaseName, "golang:") {
		t.Fatalf("no golang build stage: %+v", names)
	}
	rt, ok := names["runtime"]
	if !ok || stages[len(stages)-1].Name != "runtime" {
		t.Fatalf("the last stage must be runtime: %v", names)
	}
	if strings.HasPrefix(rt.BaseName, "golang") {
		t.Errorf("runtime image %q carries the toolchain", rt.BaseName)
	}
	var user string
	var copiesBinary, pdftotext, static, entry, uploads bool
	for _, cmd := range build.Commands {
		if r, ok := cmd.(*instructions.RunCommand); ok && strings.Contains(strings.Join(r.CmdLine, " "), "CGO_ENABLED=0") {
			static = true
		}
	}
	for _, cmd := range rt.Commands {
		switch c := cmd.(type) {
		case *instructions.UserCommand:
			user = c.User
		case *instructions.CopyCommand:
			if c.From == "build" {
				copiesBinary = true
			}
		case *instructions.RunCommand:
			if strings.Contains(strings.Join(c.CmdLine, " "), "poppler-utils") {
				pdftotext = true
			}
			if strings.Contains(strings.Join(c.CmdLine, " "), "chown 10001:10001 /uploads") {
				uploads = true
			}
		case *instructions.EntrypointCommand:
			entry = true
		}
	}
	if user == "" || user == "root" || strings.HasPrefix(user, "0") {
		t.Errorf("runtime USER %q: want a non-root user", user)
	}
	if !copiesBinary || !pdftotext || !static || !entry || !uploads {
		t.Errorf("copies binary %v, pdftotext %v, static build %v, entrypoint %v, /uploads owned by the service's user %v",
			copiesBinary, pdftotext, static, entry, uploads)
	}
	if _, err := os.Stat("entrypoint.sh"); err != nil {
		t.Errorf("entrypoint: %v", err)
	}
}
