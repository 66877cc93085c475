package rag

import (
	"maps"
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

// TestPlaceKind: "the city" / "the county" that ResolvePlaces could not
// resolve (the corpus has several) still says which kind of council is
// meant, and the reranker keeps answers to councils of that kind.
func TestPlaceKind(t *testing.T) {
	auths := []string{"Brackenford City", "Ellerby City", "Brackenfordshire", "Ellerbyshire", "Tamsworth"}
	parse := []struct {
		question, want string
	}{
		{"How quickly does the city's front door respond to contacts?", "city"},
		{"What did inspectors say about county social workers' caseloads?", "county"},
		{"How does the city's front door compare with the county's?", ""},
		{"What did inspectors say about Ellerby City's front door?", ""},
		{"Which councils in the county were inspected in 2025?", "county"},
		{"What did inspectors say about the front door?", ""},
		// not a council: county lines exploitation, the city centre, a name
		{"What did inspectors say about the county lines work?", ""},
		{"Are children safe in the city centre at night?", ""},
		{"What did Leeds City Council say about its front door?", ""},
		// a question's first word is not the start of a council's name
		{"Do county social workers visit children at home?", "county"},
		// "city" and "county" before the council's services and people
		{"Why were county front door staff making wrong decisions?", "county"},
		{"How do city care leavers get help with housing?", "city"},
		{"Are county teams stable?", "county"},
		{"What is a county court order?", ""},
	}
	for _, tt := range parse {
		if got := Parse(tt.question, auths, nil).PlaceKind; got != tt.want {
			t.Errorf("Parse(%q).PlaceKind = %q, want %q", tt.question, got, tt.want)
		}
	}
	kinds := []struct {
		authority, kind string
		want            bool
	}{
		{"Brackenford City", "city", true},
		{"Brackenfordshire", "city", false},
		{"Brackenfordshire", "county", true},
		{"Kent", "county", true}, // a county council whose name does not say so
		{"Kent", "city", false},
		{"Tamsworth", "county", false},
		{"Tamsworth", "city", false},
		{"City of Ellerby", "city", true},
		{"Tamsworth", "", false},
	}
	for _, tt := range kinds {
		if got := OfPlaceKind(tt.authority, tt.kind); got != tt.want {
			t.Errorf("OfPlaceKind(%q, %q) = %v, want %v", tt.authority, tt.kind, got, tt.want)
		}
	}

	passage := func(id int64, authority, text string) letters.Passage {
		return letters.Passage{Paragraph: letters.Paragraph{ID: id, DocumentID: id, Label: "¶4", Text: text},
			Document: letters.DocRef{ID: id, Authority: authority, Date: "2025-06-01"}, Score: 0.03}
	}
	borough := passage(1, "Tamsworth", "Contacts to the front door are responded to quickly and thresholds are well understood.")
	county := passage(2, "Ellerbyshire", "Contacts to the front door are not always responded to quickly.")
	city := passage(3, "Ellerby City", "Most contacts to the front door receive a timely response.")
	q := Parse("How quickly does the city's front door respond to contacts?", auths, nil)
	s := NewScorer(q, TermStats{})
	// a borough is not the city, nor is a county
	if got := passageIDs(Rerank(s, []letters.Passage{borough, county, city}, 3)); len(got) != 1 || got[0] != city.ID {
		t.Errorf("Rerank for the city: passages %v, want only the city's (%d)", got, city.ID)
	}
	// no city among the candidates: nothing is left out
	if got := Rerank(s, []letters.Passage{borough, county}, 3); len(got) != 2 {
		t.Errorf("Rerank with no city candidate: %d passages, want 2", len(got))
	}
	// "the county": neither a city nor a borough is it; Kent is one
	qc := Parse("How quickly does the county's front door respond to contacts?", auths, nil)
	kent := county
	kent.ID, kent.Document.Authority = 4, "Kent"
	if got := passageIDs(Rerank(NewScorer(qc, TermStats{}), []letters.Passage{borough, county, city, kent}, 4)); len(got) != 2 || slices.Contains(got, city.ID) || slices.Contains(got, borough.ID) {
		t.Errorf("Rerank for the county: passages %v, want the two counties' (%d, %d)", got, county.ID, kent.ID)
	}
}

// TestPlaceNotice: an answer to a question about "the city" that quotes
// several cities says which it quotes; one city, a named council or a
// question with no place kind needs no notice.
func TestPlaceNotice(t *testing.T) {
	cite := func(a string) letters.Citation { return letters.Citation{Document: letters.DocRef{Authority: a}} }
	auths := []string{"Brackenford City", "Ellerby City", "Brackenfordshire"}
	tests := []struct {
		question string
		cits     []letters.Citation
		want     string
	}{
		{"How quickly does the city's front door respond?", []letters.Citation{cite("Ellerby City"), cite("Brackenford City"), cite("Ellerby City")},
			"“The city” names no one council here: this answer quotes Brackenford City and Ellerby City. Name the council to narrow it."},
		{"How quickly does the city's front door respond?", []letters.Citation{cite("Ellerby City")}, ""},
		{"How quickly does Ellerby City's front door respond?", []letters.Citation{cite("Ellerby City"), cite("Brackenford City")}, ""},
		{"How quickly does the front door respond?", []letters.Citation{cite("Ellerby City"), cite("Brackenford City")}, ""},
	}
	for _, tt := range tests {
		q := Parse(tt.question, auths, nil)
		if got := placeNotice(q, q.Filter, tt.cits); got != tt.want {
			t.Errorf("placeNotice(%q) = %q, want %q", tt.question, got, tt.want)
		}
	}
}

// TestDatedMention: a date that dates a visit, a document or a meeting
// tells councils apart; an event's year or a target's date does not.
func TestDatedMention(t *testing.T) {
	tests := []struct {
		text string
		want string // the mention found; "" for none
	}{
		{"What did the county's 2023 inspection find?", "2023 inspection"},
		{"Which actions were open after the October 2024 meeting?", "October 2024 meeting"},
		{"How many kids were in unregistered homes when Ofsted inspected in 2023?", "inspected in 2023"},
		{"What did its visit in March 2024 look at?", "visit in March 2024"},
		{"What did the 2024 Ofsted monitoring visit say?", "2024 Ofsted monitoring visit"},
		{"The city was judged inadequate in 2023 - how has reliance on agency staff changed?", "city was judged inadequate in 2023"},
		{"It went inadequate in July 2023; what has improved?", "It went inadequate in July 2023"},
		{"How many of the county's children's homes were rated good in 2024?", ""},
		{"Were the county's children in care visited in 2024 within timescales?", ""},
		{"How many care leavers ended up in B&Bs in 2023?", ""},
		{"Did the city reach its 85% target by March 2025?", ""},
		{"How did caseloads move over 2024/25?", ""},
	}
	for _, tt := range tests {
		if got := reDatedMention.FindString(tt.text); got != tt.want {
			t.Errorf("reDatedMention in %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestAsksVisitDates: when a visit was or how long it took, not how long
// something the visit found took.
func TestAsksVisitDates(t *testing.T) {
	tests := []struct {
		question string
		want     bool
	}{
		{"How long did the 2023 inspection of Ravenmoor City last?", true},
		{"How long did Ofsted spend inspecting the county in 2023?", true},
		{"When did inspectors visit Testshire for its second monitoring visit?", true},
		{"When did the focused visit take place?", true},
		{"How many days did the inspection last?", true},
		{"How long do care proceedings take in the city?", false},
		{"How long did social workers' home visits to children in need last?", false},
		{"How long did the inspection action plan take to complete?", false},
		{"When were home visits carried out?", false},
		{"When was the county's second monitoring visit carried out?", true},
		{"When did the council launch its new front door?", false},
		// the time between two visits: each one's dates
		{"How long after its full inspection did Ofsted go back into Testshire for the focused visit?", true},
		{"How long was there between the city's 2024 and 2026 monitoring visits?", true},
		{"How long after the inspection did children wait for home visits?", false},
		{"How long have children waited since the inspection?", false},
		// which visit was the latest (first, previous): its opening says
		{"What was the most recent Ofsted visit to Testshire and what did it look at?", true},
		{"Which is the latest inspection of Ravenmoor City?", true},
		{"What was Testshire's first monitoring visit?", true},
		{"What did the most recent visit find about care leavers?", false},
		{"What was the main finding of the last inspection?", false},
		{"Which is the most recent Ofsted visit covered in these documents?", true},
		{"What was the latest inspection judgement for Testshire?", false},
		{"What is Testshire's latest Ofsted inspection rating?", false},
		{"What were the first monitoring visit's findings?", false},
		// social workers' visits are not Ofsted's
		{"How long between statutory visits to children in care?", false},
		{"How long after the inspection were statutory visits back on time?", false},
		{"How long after Ofsted inspected Testshire was the first monitoring visit?", true},
	}
	for _, tt := range tests {
		if got := Parse(tt.question, []string{"Ravenmoor City", "Testshire"}, nil).AsksVisitDates(); got != tt.want {
			t.Errorf("AsksVisitDates(%q) = %v, want %v", tt.question, got, tt.want)
		}
	}
}

// TestCouncilAliases: a bare name that is the short name of exactly one
// other council is that council; one shared by two councils is neither.
func TestCouncilAliases(t *testing.T) {
	auths, aliases := councilAliases([]string{"Brackenford City", "Brackenford", "Brackenshire", "Testford City", "Testford Borough", "Testford", "Kent"})
	if want := map[string]string{"Brackenford": "Brackenford City"}; !maps.Equal(aliases, want) {
		t.Errorf("aliases %v, want %v", aliases, want)
	}
	if want := []string{"Brackenford City", "Brackenshire", "Testford City", "Testford Borough", "Testford", "Kent"}; !slices.Equal(auths, want) {
		t.Errorf("authorities %v, want %v", auths, want)
	}
	q := Parse("What did the first monitoring visit to Brackenford find?", auths, nil)
	if want := []string{"Brackenford City"}; !slices.Equal(q.Filter.Authorities, want) {
		t.Errorf("authorities named %v, want %v", q.Filter.Authorities, want)
	}
	if got := withAliases([]string{"Brackenford City"}, aliases); !slices.Equal(got, []string{"Brackenford City", "Brackenford"}) {
		t.Errorf("searched %v, want the bare name beside the full one", got)
	}
}
