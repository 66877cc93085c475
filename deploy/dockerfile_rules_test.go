package deploy_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// dockerInstruction is one instruction of a Dockerfile, continuation
// lines joined.
type dockerInstruction struct {
	Line  int
	Cmd   string            // upper case: RUN, COPY…
	Flags map[string]string // --from=build → from: build (repeated flags: the last)
	Args  string            // the rest, flags removed
}

type dockerStage struct {
	Name, Base string
	Commands   []dockerInstruction
}

var dockerFlags = map[string][]string{
	"FROM":        {"platform"},
	"RUN":         {"mount", "network", "security"},
	"COPY":        {"from", "chown", "chmod", "link", "parents", "exclude"},
	"ADD":         {"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude"},
	"HEALTHCHECK": {"interval", "timeout", "start-period", "start-interval", "retries"},
	"ARG":         nil, "CMD": nil, "ENTRYPOINT": nil, "ENV": nil, "EXPOSE": nil, "LABEL": nil, "ONBUILD": nil,
	"SHELL": nil, "STOPSIGNAL": nil, "USER": nil, "VOLUME": nil, "WORKDIR": nil, "MAINTAINER": nil,
}

var reStageName = regexp.MustCompile(`\A[a-z][a-z0-9_.-]*\z`)

// parseDockerfile splits a Dockerfile into stages of instructions and
// checks what BuildKit would refuse of what this file uses: unknown
// instructions or flags, an instruction other than ARG before the first
// FROM, a malformed FROM … AS name or a stage name used twice, COPY
// --from naming no earlier stage (BuildKit would take an unknown bare name
// for an image; here a name without ':' or '/' must be a stage), a JSON
// (exec) form that is not a list of strings, a HEALTHCHECK with bad
// options or without CMD/NONE.
func parseDockerfile(src string) ([]dockerStage, error) {
	var stages []dockerStage
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for strings.HasSuffix(line, `\`) { // continuation; comments and blank lines inside are dropped
			line = strings.TrimSuffix(line, `\`)
			i++
			for i < len(lines) && (strings.TrimSpace(lines[i]) == "" || strings.HasPrefix(strings.TrimSpace(lines[i]), "#")) {
				i++
			}
			if i == len(lines) {
				return nil, fmt.Errorf("line %d: continuation at the end of the file", start)
			}
			line += " " + strings.TrimSpace(lines[i])
		}
		word, rest, _ := strings.Cut(line, " ")
		ins := dockerInstruction{Line: start, Cmd: strings.ToUpper(word), Flags: map[string]string{}}
		allowed, known := dockerFlags[ins.Cmd]
		if !known {
			return nil, fmt.Errorf("line %d: unknown instruction %q", start, word)
		}
		rest = strings.TrimSpace(rest)
		for strings.HasPrefix(rest, "--") {
			var flag string
			flag, rest, _ = strings.Cut(rest, " ")
			rest = strings.TrimSpace(rest)
			k, v, _ := strings.Cut(strings.TrimPrefix(flag, "--"), "=")
			if !slices.Contains(allowed, k) {
				return nil, fmt.Errorf("line %d: %s: unknown flag --%s", start, ins.Cmd, k)
			}
			ins.Flags[k] = v
		}
		ins.Args = rest
		if ins.Args == "" {
			return nil, fmt.Errorf("line %d: %s needs arguments", start, ins.Cmd)
		}
		if ins.Cmd == "FROM" {
			f := strings.Fields(ins.Args)
			st := dockerStage{Base: f[0]}
			switch {
			case len(f) == 3 && strings.EqualFold(f[1], "AS"):
				st.Name = strings.ToLower(f[2])
				if !reStageName.MatchString(st.Name) {
					return nil, fmt.Errorf("line %d: bad stage name %q", start, f[2])
				}
				if slices.ContainsFunc(stages, func(s dockerStage) bool { return s.Name == st.Name }) {
					return nil, fmt.Errorf("line %d: duplicate stage name %q", start, st.Name)
				}
			case len(f) != 1:
				return nil, fmt.Errorf("line %d: want FROM image [AS name], got %q", start, ins.Args)
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if ins.Cmd != "ARG" {
				return nil, fmt.Errorf("line %d: %s before the first FROM", start, ins.Cmd)
			}
			continue
		}
		if err := checkInstruction(ins, stages); err != nil {
			return nil, fmt.Errorf("line %d: %s: %w", start, ins.Cmd, err)
		}
		cur := &stages[len(stages)-1]
		cur.Commands = append(cur.Commands, ins)
	}
	if len(stages) == 0 {
		return nil, fmt.Errorf("no FROM")
	}
	return stages, nil
}

func checkInstruction(ins dockerInstruction, stages []dockerStage) error {
	switch ins.Cmd {
	case "COPY":
		from, ok := ins.Flags["from"]
		if !ok || strings.ContainsAny(from, ":/@") {
			return nil // the build context, or an image
		}
		earlier := stages[:len(stages)-1]
		if n, err := strconv.Atoi(from); err == nil {
			if n < 0 || n >= len(earlier) {
				return fmt.Errorf("--from=%d: no earlier stage %d", n, n)
			}
			return nil
		}
		if !slices.ContainsFunc(earlier, func(s dockerStage) bool { return s.Name == from }) {
			return fmt.Errorf("--from=%s names no earlier stage", from)
		}
	case "CMD", "ENTRYPOINT", "SHELL":
		if strings.HasPrefix(ins.Args, "[") {
			if _, err := execForm(ins.Args); err != nil {
				return err
			}
		} else if ins.Cmd == "SHELL" {
			return fmt.Errorf("SHELL takes the JSON form")
		}
	case "HEALTHCHECK":
		for k, v := range ins.Flags {
			if k == "retries" {
				if n, err := strconv.Atoi(v); err != nil || n < 0 {
					return fmt.Errorf("--retries=%s is not a count", v)
				}
			} else if d, err := time.ParseDuration(v); err != nil || d < 0 {
				return fmt.Errorf("--%s=%s is not a duration", k, v)
			}
		}
		word, rest, _ := strings.Cut(ins.Args, " ")
		switch strings.ToUpper(word) {
		case "NONE":
			if rest != "" || len(ins.Flags) > 0 {
				return fmt.Errorf("NONE takes nothing else")
			}
		case "CMD":
			rest = strings.TrimSpace(rest)
			if rest == "" {
				return fmt.Errorf("CMD runs nothing")
			}
			if strings.HasPrefix(rest, "[") {
				if _, err := execForm(rest); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("want CMD … or NONE, got %q", word)
		}
	}
	return nil
}

// execForm reads the JSON (exec) form of CMD, ENTRYPOINT, SHELL.
func execForm(s string) ([]string, error) {
	var args []string
	if err := json.Unmarshal([]byte(s), &args); err != nil || len(args) == 0 {
		return nil, fmt.Errorf("exec form %s is not a JSON list of strings", s)
	}
	return args, nil
}
