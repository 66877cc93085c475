package deploy_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// composeProject is compose.yaml decoded, interpolated and checked, with
// only the services the enabled profiles activate in Services.
type composeProject struct {
	Name     string
	Services map[string]*composeService
	Volumes  map[string]*struct {
		Name       string
		Driver     string
		DriverOpts map[string]string `yaml:"driver_opts"`
		External   bool
		Labels     map[string]string
	}
	Secrets map[string]*struct {
		Name        string
		File        string
		Environment string
		External    bool
	}
	Networks map[string]*struct {
		Name     string
		Driver   string
		External bool
		Internal bool
	}
}

// composeService holds the service keys compose.yaml uses and their usual
// neighbours; a key outside this list is refused (compose knows more:
// add them here when the file needs them).
type composeService struct {
	Image           string
	Build           *composeBuild
	Restart         string
	Command         stringOrList
	Entrypoint      stringOrList
	ShmSize         string   `yaml:"shm_size"`
	EnvFile         envFiles `yaml:"env_file"`
	Environment     environment
	Volumes         []volumeMount
	Ports           []portMapping
	DependsOn       dependsOn `yaml:"depends_on"`
	Healthcheck     *healthcheck
	Profiles        []string
	Secrets         []secretRef
	Networks        []string
	User            string
	WorkingDir      string `yaml:"working_dir"`
	ContainerName   string `yaml:"container_name"`
	Labels          map[string]string
	Expose          []string
	ExtraHosts      []string `yaml:"extra_hosts"`
	MemLimit        string   `yaml:"mem_limit"`
	StopGracePeriod string   `yaml:"stop_grace_period"`
	Init            bool
	ReadOnly        bool     `yaml:"read_only"`
	CapDrop         []string `yaml:"cap_drop"`
	SecurityOpt     []string `yaml:"security_opt"`
}

type composeBuild struct {
	Context    string
	Dockerfile string
	Target     string
	Args       map[string]string
}

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode { // build: ./dir
		b.Context = n.Value
		return nil
	}
	if err := checkKeys(n, "build", "context", "dockerfile", "target", "args"); err != nil {
		return err
	}
	type plain composeBuild
	return n.Decode((*plain)(b))
}

// stringOrList: `command: serve` or `command: ["serve"]`.
type stringOrList []string

func (s *stringOrList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = strings.Fields(n.Value)
		return nil
	}
	return n.Decode((*[]string)(s))
}

type envFile struct {
	Path     string
	Required bool
}

type envFiles []envFile

func (e *envFiles) UnmarshalYAML(n *yaml.Node) error {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, it := range items {
		f := envFile{Required: true}
		switch it.Kind {
		case yaml.ScalarNode:
			f.Path = it.Value
		case yaml.MappingNode:
			if err := checkKeys(it, "env_file", "path", "required", "format"); err != nil {
				return err
			}
			if err := it.Decode(&f); err != nil {
				return err
			}
		default:
			return fmt.Errorf("line %d: env_file entry must be a path or {path, required}", it.Line)
		}
		*e = append(*e, f)
	}
	return nil
}

// environment: a mapping, or a list of KEY=VALUE (KEY alone: nil, taken from the shell).
type environment map[string]*string

func (e *environment) UnmarshalYAML(n *yaml.Node) error {
	*e = environment{}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: environment %s must be a string, number, boolean or null", v.Line, k.Value)
			}
			if v.Tag == "!!null" {
				(*e)[k.Value] = nil
			} else {
				val := v.Value
				(*e)[k.Value] = &val
			}
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			k, v, ok := strings.Cut(it.Value, "=")
			if ok {
				(*e)[k] = &v
			} else {
				(*e)[k] = nil
			}
		}
	default:
		return fmt.Errorf("line %d: environment must be a mapping or a list", n.Line)
	}
	return nil
}

type volumeMount struct {
	Type     string // volume, bind, tmpfs
	Source   string
	Target   string
	ReadOnly bool `yaml:"read_only"`
}

func (v *volumeMount) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		if err := checkKeys(n, "volume", "type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency"); err != nil {
			return err
		}
		type plain volumeMount
		return n.Decode((*plain)(v))
	}
	// short syntax: [SOURCE:]TARGET[:MODE]
	parts := strings.Split(n.Value, ":")
	switch len(parts) {
	case 1:
		v.Target = parts[0]
	case 2, 3:
		v.Source, v.Target = parts[0], parts[1]
		if len(parts) == 3 {
			for _, m := range strings.Split(parts[2], ",") {
				if !slices.Contains([]string{"ro", "rw", "z", "Z", "cached", "delegated", "consistent", "nocopy"}, m) {
					return fmt.Errorf("line %d: volume %q: unknown mode %q", n.Line, n.Value, m)
				}
				v.ReadOnly = v.ReadOnly || m == "ro"
			}
		}
	default:
		return fmt.Errorf("line %d: volume %q: want [SOURCE:]TARGET[:MODE]", n.Line, n.Value)
	}
	switch {
	case v.Source == "":
		v.Type = "volume" // anonymous
	case strings.HasPrefix(v.Source, ".") || strings.HasPrefix(v.Source, "/") || strings.HasPrefix(v.Source, "~"):
		v.Type = "bind"
	default:
		v.Type = "volume"
	}
	return nil
}

type portMapping struct {
	HostIP    string `yaml:"host_ip"`
	Published string
	Target    int
	Protocol  string
	Mode      string
}

func (p *portMapping) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		if err := checkKeys(n, "port", "target", "published", "host_ip", "protocol", "mode", "name", "app_protocol"); err != nil {
			return err
		}
		type plain portMapping
		if err := n.Decode((*plain)(p)); err != nil {
			return err
		}
		if p.Target < 1 || p.Target > 65535 {
			return fmt.Errorf("line %d: port target %d outside 1..65535", n.Line, p.Target)
		}
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: a port is a string or a mapping", n.Line)
	}
	q, err := parsePort(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*p = q
	return nil
}

// parsePort reads the short syntax [[HOST_IP:][PUBLISHED]:]TARGET[/PROTOCOL];
// ports may be ranges a-b, an IPv6 host in brackets. Only a single target
// port is supported (a range maps to several ports).
func parsePort(s string) (portMapping, error) {
	var p portMapping
	rest, proto, hasProto := strings.Cut(s, "/")
	p.Protocol = "tcp"
	if hasProto {
		if !slices.Contains([]string{"tcp", "udp", "sctp"}, proto) {
			return p, fmt.Errorf("port %q: unknown protocol %q", s, proto)
		}
		p.Protocol = proto
	}
	if strings.HasPrefix(rest, "[") { // [::1]:8080:80
		i := strings.Index(rest, "]:")
		if i < 0 {
			return p, fmt.Errorf("port %q: bad IPv6 host", s)
		}
		p.HostIP, rest = rest[1:i], rest[i+2:]
		if strings.Count(rest, ":") != 1 {
			return p, fmt.Errorf("port %q: want [IP]:PUBLISHED:TARGET", s)
		}
	}
	parts := strings.Split(rest, ":")
	switch len(parts) {
	case 1:
	case 2:
		p.Published = parts[0]
	case 3:
		if p.HostIP != "" {
			return p, fmt.Errorf("port %q: too many colons", s)
		}
		p.HostIP, p.Published = parts[0], parts[1]
	default:
		return p, fmt.Errorf("port %q: too many colons (IPv6 hosts go in brackets)", s)
	}
	if p.HostIP != "" {
		if _, err := netip.ParseAddr(p.HostIP); err != nil {
			return p, fmt.Errorf("port %q: host IP: %w", s, err)
		}
	}
	if p.Published != "" {
		if _, _, err := portRange(p.Published); err != nil {
			return p, fmt.Errorf("port %q: published: %w", s, err)
		}
	}
	lo, hi, err := portRange(parts[len(parts)-1])
	if err != nil {
		return p, fmt.Errorf("port %q: target: %w", s, err)
	}
	if lo != hi {
		return p, fmt.Errorf("port %q: target ranges are not supported here", s)
	}
	p.Target = lo
	return p, nil
}

func portRange(s string) (int, int, error) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err := strconv.Atoi(a)
	if err != nil || lo < 1 || lo > 65535 {
		return 0, 0, fmt.Errorf("%q is not a port number 1..65535", a)
	}
	hi := lo
	if isRange {
		if hi, err = strconv.Atoi(b); err != nil || hi < lo || hi > 65535 {
			return 0, 0, fmt.Errorf("%q is not a port range", s)
		}
	}
	return lo, hi, nil
}

type dependency struct {
	Condition string
	Required  *bool
	Restart   bool
}

type dependsOn map[string]dependency

func (d *dependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = dependsOn{}
	switch n.Kind {
	case yaml.SequenceNode: // depends_on: [db]
		for _, it := range n.Content {
			(*d)[it.Value] = dependency{Condition: "service_started"}
		}
	case yaml.MappingNode:
		for i := 0; i < len(n.Content); i += 2 {
			v := n.Content[i+1]
			if err := checkKeys(v, "depends_on."+n.Content[i].Value, "condition", "required", "restart"); err != nil {
				return err
			}
			var dep dependency
			if err := v.Decode(&dep); err != nil {
				return err
			}
			if dep.Condition == "" {
				dep.Condition = "service_started"
			}
			(*d)[n.Content[i].Value] = dep
		}
	default:
		return fmt.Errorf("line %d: depends_on must be a list or a mapping", n.Line)
	}
	return nil
}

type healthcheck struct {
	Test          stringOrList
	Interval      string
	Timeout       string
	Retries       *int
	StartPeriod   string `yaml:"start_period"`
	StartInterval string `yaml:"start_interval"`
	Disable       bool
}

func (h *healthcheck) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, "healthcheck", "test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"); err != nil {
		return err
	}
	type plain healthcheck
	if err := n.Decode((*plain)(h)); err != nil {
		return err
	}
	for i := 0; i < len(n.Content); i += 2 {
		if t := n.Content[i+1]; n.Content[i].Value == "test" && t.Kind == yaml.ScalarNode {
			h.Test = stringOrList{"CMD-SHELL", t.Value} // the string form is a shell command
		}
	}
	return nil
}

type secretRef struct {
	Source string
	Target string
}

func (s *secretRef) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		s.Source = n.Value
		return nil
	}
	if err := checkKeys(n, "secret", "source", "target", "uid", "gid", "mode"); err != nil {
		return err
	}
	var long struct {
		Source, Target, UID, GID string
		Mode                     any
	}
	if err := n.Decode(&long); err != nil {
		return err
	}
	s.Source, s.Target = long.Source, long.Target
	return nil
}

// checkKeys refuses a mapping key outside allowed (x- extensions are
// removed before decoding); Node.Decode, which the union types use, does
// not check known fields itself.
func checkKeys(n *yaml.Node, what string, allowed ...string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: %s must be a mapping", n.Line, what)
	}
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(allowed, k.Value) {
			return fmt.Errorf("line %d: %s: unknown key %q", k.Line, what, k.Value)
		}
	}
	return nil
}

var topLevelKeys = []string{"version", "name", "services", "volumes", "secrets", "networks", "configs", "include", "models"}

// loadComposeFile reads compose.yaml the way `docker compose config`
// would for what this file uses: YAML, interpolation of ${…} from env,
// known keys only, then the cross-references.
func loadComposeFile(data []byte, dir string, env map[string]string, profiles ...string) (*composeProject, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("compose file: top level must be a mapping")
	}
	root := doc.Content[0]
	for i := 0; i < len(root.Content); i += 2 {
		k := root.Content[i].Value
		if !slices.Contains(topLevelKeys, k) && !strings.HasPrefix(k, "x-") {
			return nil, fmt.Errorf("line %d: unknown top-level key %q", root.Content[i].Line, k)
		}
	}
	if err := prepare(root, env); err != nil {
		return nil, err
	}
	b, err := yaml.Marshal(&doc)
	if err != nil {
		return nil, err
	}
	var p composeProject
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if len(p.Services) == 0 {
		return nil, errors.New("no services")
	}
	active := func(s *composeService) bool {
		return len(s.Profiles) == 0 || slices.ContainsFunc(s.Profiles, func(pr string) bool { return slices.Contains(profiles, pr) })
	}
	var errs []error
	for _, name := range sortedKeys(p.Services) {
		s := p.Services[name]
		if s == nil {
			errs = append(errs, fmt.Errorf("service %s: empty", name))
			continue
		}
		errs = append(errs, checkService(&p, name, s, dir, active)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for name, s := range p.Services {
		if !active(s) {
			delete(p.Services, name)
		}
	}
	return &p, nil
}

func checkService(p *composeProject, name string, s *composeService, dir string, active func(*composeService) bool) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("service "+name+": "+format, a...)) }
	if s.Image == "" && s.Build == nil {
		bad("neither image nor build is set")
	}
	for _, dep := range sortedKeys(s.DependsOn) {
		d := s.DependsOn[dep]
		t, ok := p.Services[dep]
		switch {
		case !ok:
			bad("depends on undefined service %q", dep)
			continue
		case dep == name:
			bad("depends on itself")
		case active(s) && !active(t) && (d.Required == nil || *d.Required):
			bad("depends on service %q, which its profiles do not enable", dep)
		}
		switch d.Condition {
		case "service_started", "service_completed_successfully":
		case "service_healthy":
			if t.Healthcheck == nil || t.Healthcheck.Disable {
				bad("waits for %q to be healthy, which has no healthcheck", dep)
			}
		default:
			bad("depends_on %s: unknown condition %q", dep, d.Condition)
		}
	}
	for _, v := range s.Volumes {
		if !strings.HasPrefix(v.Target, "/") {
			bad("volume target %q is not an absolute path", v.Target)
		}
		if v.Type == "volume" && v.Source != "" {
			if _, ok := p.Volumes[v.Source]; !ok {
				bad("uses volume %q, which is not declared under the top-level volumes", v.Source)
			}
		}
	}
	for _, sec := range s.Secrets {
		if _, ok := p.Secrets[sec.Source]; !ok {
			bad("uses secret %q, which is not declared under the top-level secrets", sec.Source)
		}
	}
	for _, n := range s.Networks {
		if _, ok := p.Networks[n]; !ok && n != "default" {
			bad("uses network %q, which is not declared", n)
		}
	}
	for _, f := range s.EnvFile {
		if _, err := os.Stat(filepath.Join(dir, f.Path)); err != nil && f.Required {
			bad("env file %s: %v", f.Path, err)
		}
	}
	if h := s.Healthcheck; h != nil && !h.Disable {
		switch {
		case len(h.Test) == 0:
			bad("healthcheck has no test")
		case !slices.Contains([]string{"CMD", "CMD-SHELL", "NONE"}, h.Test[0]):
			bad("healthcheck test must start with CMD, CMD-SHELL or NONE, not %q", h.Test[0])
		case h.Test[0] != "NONE" && len(h.Test) < 2:
			bad("healthcheck test %v runs nothing", h.Test)
		}
		for _, d := range []struct{ key, v string }{{"interval", h.Interval}, {"timeout", h.Timeout}, {"start_period", h.StartPeriod}, {"start_interval", h.StartInterval}} {
			if d.v == "" {
				continue
			}
			if dur, err := time.ParseDuration(d.v); err != nil || dur < 0 {
				bad("healthcheck %s %q is not a duration", d.key, d.v)
			}
		}
		if h.Retries != nil && *h.Retries < 0 {
			bad("healthcheck retries %d < 0", *h.Retries)
		}
	}
	if s.Restart != "" && !slices.Contains([]string{"no", "always", "on-failure", "unless-stopped"}, strings.SplitN(s.Restart, ":", 2)[0]) {
		bad("unknown restart policy %q", s.Restart)
	}
	return errs
}

// prepare removes x- extension keys and interpolates every scalar value
// (not the keys), as compose does before validating.
func prepare(n *yaml.Node, env map[string]string) error {
	switch n.Kind {
	case yaml.MappingNode:
		var kept []*yaml.Node
		for i := 0; i < len(n.Content); i += 2 {
			if strings.HasPrefix(n.Content[i].Value, "x-") {
				continue
			}
			if err := prepare(n.Content[i+1], env); err != nil {
				return err
			}
			kept = append(kept, n.Content[i], n.Content[i+1])
		}
		n.Content = kept
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := prepare(c, env); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		v, err := interpolate(n.Value, env)
		if err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		n.Value = v
	case yaml.AliasNode:
		return fmt.Errorf("line %d: aliases are not supported here", n.Line)
	}
	return nil
}

var reInterp = regexp.MustCompile(`(?s)\A([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?\z`)

// interpolate expands $$, $NAME and ${NAME}, ${NAME:-default},
// ${NAME-default}, ${NAME:?message}, ${NAME?message}, ${NAME:+alt},
// ${NAME+alt}; a required variable that is missing is an error.
func interpolate(s string, env map[string]string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; {
		case c == '$':
			b.WriteByte('$')
			i++
		case c == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", fmt.Errorf("invalid interpolation format for %q: unclosed ${", s)
			}
			v, err := expand(s[i+2:i+2+end], env)
			if err != nil {
				return "", err
			}
			b.WriteString(v)
			i += 2 + end
		default:
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || j > i+1 && s[j] >= '0' && s[j] <= '9') {
				j++
			}
			if j == i+1 {
				b.WriteByte('$')
				continue
			}
			b.WriteString(env[s[i+1:j]])
			i = j - 1
		}
	}
	return b.String(), nil
}

func expand(expr string, env map[string]string) (string, error) {
	m := reInterp.FindStringSubmatch(expr)
	if m == nil {
		return "", fmt.Errorf("invalid interpolation format for ${%s}", expr)
	}
	v, set := env[m[1]]
	empty := v == ""
	switch m[2] {
	case "":
		return v, nil
	case ":-":
		if empty {
			return m[3], nil
		}
	case "-":
		if !set {
			return m[3], nil
		}
	case ":?":
		if empty {
			return "", fmt.Errorf("required variable %s is missing a value: %s", m[1], m[3])
		}
	case "?":
		if !set {
			return "", fmt.Errorf("required variable %s is missing a value: %s", m[1], m[3])
		}
	case ":+":
		if empty {
			return "", nil
		}
		return m[3], nil
	case "+":
		if !set {
			return "", nil
		}
		return m[3], nil
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
