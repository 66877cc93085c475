package rag

import (
	"github.com/letters-app/letters/internal/terms"
)

// relatedWeight is what a related term of the thesaurus counts for, against
// 1 for the asker's own word (or its acronym, or a plain synonym): a
// paragraph in the letters' words for what was asked ranks above one
// without them, never above one in the asker's words.
const relatedWeight = 0.5

// thesaurus groups the ways children's services documents and the people
// who read them name one thing. Each group comes from the genre, not from
// a question: the Ofsted ILACS framework and its letters ("children in
// care" / "children looked after", "care leavers" / "young people leaving
// care", "front door" / "multi-agency safeguarding hub" / "contacts and
// referrals"), and council board papers and minutes, which write
// "workforce turnover", "recruitment and retention" and "agency staff" for
// what a board member calls staff leaving. A question naming one member is
// also matched, at relatedWeight, by the others.
var thesaurus = [][]string{
	// ILACS judgement areas and their everyday names
	{"children in care", "looked after children", "children looked after", "cared for children"},
	{"care leavers", "leaving care", "young people leaving care", "care experienced", "care-experienced young people"},
	{"front door", "multi-agency safeguarding hub", "contacts and referrals", "first point of contact", "requests for help", "initial response"},
	// practice
	{"caseloads", "workloads", "caseload", "workload"},
	{"management oversight", "supervision", "managerial oversight", "manager oversight"},
	{"permanence", "permanency", "permanent homes", "permanence planning"},
	{"strategy meetings", "strategy discussions", "section 47 enquiries", "child protection enquiries"},
	{"re-referrals", "repeat referrals", "re-referral"},
	{"early help", "family help", "early intervention"},
	{"foster carers", "fostering households", "foster families"},
	{"domestic abuse", "domestic violence"},
	{"disabled children", "children with disabilities"},
	{"voice of the child", "children's views", "wishes and feelings", "direct work", "lived experience"},
	{"timeliness", "delays", "drift", "timely", "delay"},
	// leadership and governance
	{"corporate parenting", "corporate parents", "corporate parent"},
	{"quality assurance", "audits", "auditing", "audit"},
	{"elected members", "councillors", "lead member", "cabinet member"},
	{"leaders", "leadership"},
	{"self-assessment", "self-evaluation"},
	// performance reports compare a council with its statistical
	// neighbours (the DfE's ten most similar councils); readers say
	// "similar councils"
	{"statistical neighbours", "similar councils", "similar authorities", "comparator authorities", "comparable authorities", "comparable councils"},
	// workforce, as board papers and letters report it
	{"workforce", "recruitment and retention", "agency staff", "agency social workers", "turnover", "vacancies", "permanent staff", "workforce stability", "staff stability"},
	{"staff leaving", "staff turnover", "workforce turnover", "retention"},
	{"morale", "wellbeing", "feel supported", "feel valued"},
	{"training", "learning and development", "learning academy", "professional development"},
	// the press quotes social workers' union by name: Unison (and the
	// professional association, BASW)
	{"union", "trade union", "unison", "basw"},
}

// related holds each thesaurus member's stems with the stems of the other
// members of its groups.
type relatedEntry struct {
	member  []string
	related [][]string
	phrases []string // the related members as written
}

var relatedEntries = func() []relatedEntry {
	var out []relatedEntry
	for _, g := range thesaurus {
		stems := make([][]string, len(g))
		for i, p := range g {
			stems[i] = terms.Stems(p)
		}
		for i := range g {
			e := relatedEntry{member: stems[i]}
			for j := range g {
				if j != i && len(stems[j]) > 0 && !equalStems(stems[j], stems[i]) {
					e.related = append(e.related, stems[j])
					e.phrases = append(e.phrases, g[j])
				}
			}
			out = append(out, e)
		}
	}
	return out
}()

// withRelated gives each term the thesaurus members related to a member
// the question names: the term of the member's last word (its head: "care"
// of "children in care") gets them, weighed at relatedWeight. A related
// member already among the term's alternatives is not repeated.
func withRelated(ts []Term, text string) []Term {
	toks := terms.Content(text)
	stems := make([]string, len(toks))
	for i, t := range toks {
		stems[i] = t.Stem
	}
	for _, e := range relatedEntries {
		n := len(e.member)
		if n == 0 {
			continue
		}
		for i := 0; i+n <= len(stems); i++ {
			if !equalStems(stems[i:i+n], e.member) {
				continue
			}
			ti := termOf(ts, stems[i+n-1])
			if ti < 0 {
				continue
			}
			for k, r := range e.related {
				if !hasAlt(ts[ti].Alts, r) && !hasAlt(ts[ti].Related, r) {
					ts[ti].Related = append(ts[ti].Related, r)
					ts[ti].RelatedPhrases = append(ts[ti].RelatedPhrases, e.phrases[k])
				}
			}
		}
	}
	return ts
}

// termOf is the index of the term one of whose alternatives holds stem.
func termOf(ts []Term, stem string) int {
	for i, t := range ts {
		for _, a := range t.Alts {
			for _, s := range a {
				if s == stem {
					return i
				}
			}
		}
	}
	return -1
}

func hasAlt(alts [][]string, a []string) bool {
	for _, b := range alts {
		if equalStems(a, b) {
			return true
		}
	}
	return false
}
