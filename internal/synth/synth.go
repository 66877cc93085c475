// Package synth writes realistic synthetic inspection letters for
// benchmarks: it recombines and perturbs the sample letters' paragraphs under
// other local authorities (never a sample's own), dates and inspectors,
// deterministically from a seed.
package synth

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/rag"
)

var reNumber = regexp.MustCompile(`^\d+(\.\d+)*\s+`)

var authorities = []string{"Barnsley", "Birmingham", "Bristol", "Cambridgeshire", "Cornwall", "Croydon", "Cumbria", "Derby",
	"Derbyshire", "Devon", "Dorset", "Durham", "Essex", "Gateshead", "Gloucestershire", "Hampshire", "Hertfordshire",
	"Kent", "Kirklees", "Lancashire", "Leeds", "Leicester", "Leicestershire", "Lincolnshire", "Liverpool", "Luton",
	"Manchester", "Medway", "Newcastle", "Norfolk", "Northumberland", "Nottingham City", "Nottinghamshire", "Oldham",
	"Oxfordshire", "Plymouth", "Portsmouth", "Reading", "Rochdale", "Rotherham", "Salford", "Sandwell", "Sheffield",
	"Shropshire", "Somerset", "Southampton", "Southwark", "Staffordshire", "Stockport", "Suffolk", "Sunderland", "Surrey",
	"Swindon", "Tameside", "Torbay", "Wakefield", "Walsall", "Warwickshire", "Wigan", "Wiltshire", "Wolverhampton", "Worcestershire", "York"}

var firstNames = []string{"Margaret", "Gemma", "Parveen", "Nick", "Rodica", "Sarah", "David", "Amina", "James", "Priya", "Tom", "Helen", "Joseph", "Fatima", "Oliver", "Ruth"}
var lastNames = []string{"Burke", "McNevin", "Hussain", "Stacey", "Cobarzan", "Ahmed", "Clarke", "Patel", "Evans", "Okafor", "Jones", "Singh", "Walker", "Taylor", "Brown", "Green"}

var headings = []string{"Headline findings", "Findings and evaluation of progress", "Main findings", "What needs to improve in this area of social work practice?", "Areas covered by the visit"}

var fillers = []string{"notably", "in most cases", "for some children", "at times", "more recently", "overall", "in particular", "consistently"}

// Options control generation.
type Options struct {
	Docs int
	Seed int64
	Out  string
}

// Write generates opt.Docs letters into opt.Out from the sample letters in
// sampleDir. It returns the number of paragraphs written (approximately what
// ingest will store).
func Write(ctx context.Context, sampleDir string, opt Options) (int, error) {
	files, err := filepath.Glob(filepath.Join(sampleDir, "*.txt"))
	if err != nil || len(files) == 0 {
		return 0, fmt.Errorf("no sample letters in %s", sampleDir)
	}
	// a pool of sentences: synthetic paragraphs are new combinations of them,
	// so that the corpus does not repeat the same few paragraphs thousands
	// of times (which no real corpus does, and which defeats HNSW)
	var pool []string
	own := map[string]bool{} // the councils the samples are about
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		parsed := ingest.Segment(string(raw))
		if a := ingest.ExtractMeta(parsed).Authority; a != "" {
			own[a] = true
		}
		for _, p := range parsed.Paragraphs {
			if strings.Contains(p.Text, "\n") || strings.HasPrefix(p.Label, "¶H") {
				continue // lists and tables; a letterhead or front sheet is not prose
			}
			for _, sent := range rag.Sentences(reNumber.ReplaceAllString(p.Text, "")) {
				if len(strings.Fields(sent)) >= 8 {
					pool = append(pool, sent)
				}
			}
		}
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return 0, err
	}
	// distractors are letters to other councils: a letter "to" a sample's
	// own council made of that council's own sentences would be a second
	// copy of its findings under another date, not a distractor
	others := make([]string, 0, len(authorities))
	for _, a := range authorities {
		if !own[a] {
			others = append(others, a)
		}
	}
	r := rand.New(rand.NewSource(opt.Seed))
	total := 0
	base := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < opt.Docs; i++ {
		if i%100 == 0 {
			if err := ctx.Err(); err != nil {
				return total, err
			}
		}
		auth := others[r.Intn(len(others))]
		visit := base.AddDate(0, 0, r.Intn(8*365))
		letter := visit.AddDate(0, 0, 20+r.Intn(30))
		insp := []string{name(r), name(r)}
		kind := "Monitoring visit"
		if r.Intn(3) == 0 {
			kind = "Focused visit"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n%s\nDirector of Children's Services\n%s Council\nCounty Hall\n\nDear %s\n\n", letter.Format("2 January 2006"), name(r), auth, strings.Split(name(r), " ")[0])
		fmt.Fprintf(&b, "%s to %s children's services\n\n", kind, auth)
		fmt.Fprintf(&b, "This letter summarises the findings of the %s to %s children's services on %d and %s. His Majesty's Inspectors for this visit were %s and %s.\n\n",
			strings.ToLower(kind), auth, visit.Day(), visit.AddDate(0, 0, 1).Format("2 January 2006"), insp[0], insp[1])
		n := 22 + r.Intn(16)
		for j := 0; j < n; j++ {
			if j%8 == 0 {
				b.WriteString(headings[(i+j/8)%len(headings)] + "\n\n")
			}
			k := 2 + r.Intn(4)
			sents := make([]string, 0, k)
			seen := map[int]bool{}
			for len(sents) < k && len(seen) < len(pool) {
				x := r.Intn(len(pool))
				if seen[x] {
					continue
				}
				seen[x] = true
				sent := pool[x]
				if r.Intn(2) == 0 { // perturb: a qualifier after the first comma
					if c := strings.Index(sent, ", "); c > 0 {
						sent = sent[:c+2] + fillers[r.Intn(len(fillers))] + ", " + sent[c+2:]
					}
				}
				sents = append(sents, sent)
			}
			p := strings.Join(sents, " ")
			p = strings.NewReplacer("Nottinghamshire", auth, "Nottingham City", auth, "Nottingham", auth).Replace(p)
			b.WriteString(p + "\n\n")
		}
		fmt.Fprintf(&b, "Yours sincerely\n\n%s\nHis Majesty's Inspector\n", insp[0])
		path := filepath.Join(opt.Out, fmt.Sprintf("synth_%06d.txt", i))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			return total, err
		}
		total += n + 1
	}
	return total, nil
}

func name(r *rand.Rand) string {
	return firstNames[r.Intn(len(firstNames))] + " " + lastNames[r.Intn(len(lastNames))]
}
