package testdb

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"testing"
)

// Cluster is a private PostgreSQL server a test can stop and start, made
// with the machine's PostgreSQL binaries (the ones `make db` uses; pgvector
// is installed into them).
type Cluster struct {
	t    testing.TB
	bin  string
	dir  string
	port int
	run  func(args ...string) *exec.Cmd
}

// NewCluster initialises and starts a cluster in a temporary folder; it is
// stopped and removed when the test ends.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Fatal("no PostgreSQL server binaries under /usr/lib/postgresql (make db installs them)")
	}
	sort.Strings(bins)
	c := &Cluster{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "letters-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	c.run = func(args ...string) *exec.Cmd { return exec.Command(args[0], args[1:]...) }
	if os.Geteuid() == 0 { // initdb refuses to run as root
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal("running as root needs the postgres user to own a private cluster")
		}
		exec.Command("chown", "-R", u.Username, dir).Run()
		c.run = func(args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	if out, err := c.run(filepath.Join(c.bin, "initdb"), "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.Start()
	t.Cleanup(func() {
		c.run(filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(dir, "data"), "-m", "immediate", "stop").Run()
		os.RemoveAll(dir)
	})
	return c
}

// URL is the connection URL of database db on the cluster.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// Start starts the server and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	out, err := c.run(filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-l", filepath.Join(c.dir, "log"), "-w",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", c.port, c.dir), "start").CombinedOutput()
	if err != nil {
		c.t.Fatalf("pg_ctl start: %v\n%s", err, out)
	}
}

// Stop stops the server (fast shutdown: connections are cut).
func (c *Cluster) Stop() {
	c.t.Helper()
	if out, err := c.run(filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "fast", "-w", "stop").CombinedOutput(); err != nil {
		c.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// CreateDB creates a database with psql-free SQL over the postgres database.
func (c *Cluster) CreateDB(name string) string {
	c.t.Helper()
	out, err := c.run(filepath.Join(c.bin, "createdb"), "-h", "127.0.0.1", "-p", fmt.Sprint(c.port), "-U", "postgres", name).CombinedOutput()
	if err != nil {
		// createdb may live in /usr/bin only
		out, err = exec.Command("createdb", "-h", "127.0.0.1", "-p", fmt.Sprint(c.port), "-U", "postgres", name).CombinedOutput()
	}
	if err != nil {
		c.t.Fatalf("createdb: %v\n%s", err, out)
	}
	return c.URL(name)
}
