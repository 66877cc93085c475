package rag

import (
	"reflect"
	"testing"

	"github.com/letters-app/letters"
)

// TestAYearCountsNothing: "how many" is answered by a figure beside what
// is counted, not a year beside it ("February 2025 (children in care)").
func TestAYearCountsNothing(t *testing.T) {
	q := Parse("How many kids were in care at the time of the February 2025 visit?", nil, nil)
	s := NewScorer(q, TermStats{})
	for sent, want := range map[string]float64{
		// a number, but of nothing counted
		"Ofsted has carried out monitoring visits in January 2024 (front door) and February 2025 (children in care).": 0.5,
		"At the time of this visit, 598 children were in the care of the local authority.":                            1,
	} {
		if got, _ := s.answerTypeMatch(sent); got != want {
			t.Errorf("answerTypeMatch(%q) = %v, want %v", sent, got, want)
		}
	}
}

func TestRequestedDetailStated(t *testing.T) {
	tests := []struct {
		question string
		passage  string
		want     string // the detail asked for ("" none)
		stated   bool
	}{
		{"What percentage of social workers are agency staff?", "Around 30% of social workers are agency staff.", "a percentage or proportion", true},
		{"What percentage of social workers are agency staff?", "Many social workers are agency staff and turnover is high.", "a percentage or proportion", false},
		{"What proportion of social workers are agency staff?", "Half of the social workers are agency staff.", "a percentage or proportion", true},
		// a grade: focused and monitoring visits give none
		{"What grade did the council get at its 2024 focused visit?", "A focused visit looks at a single area of practice and does not result in a graded judgement for the council.", "a grade", false},
		{"What grade did the council get at its 2024 focused visit?", "At the focused visit, managers in the council had a good understanding of their services.", "a grade", false},
		{"What grade did the council get for the impact of leaders at its 2022 inspection?", "The impact of leaders on social work practice with children and families Good", "a grade", true},
		{"What judgements did inspectors make about the quality of plans?", "Plans are not specific enough.", "", false},
		{"What grade did the council get for children in care at its 2024 inspection?", "The experiences and progress of children in care at the council were judged to require improvement to be good in 2024.", "a grade", true},
		// a grade for one judgement is not the overall grade
		{"What grade did the council get for children in care at its 2021 inspection?", "The council was last inspected in November 2021, when children's services were judged to be good.", "a grade", false},
		{"What grade did the council get for children in care at its 2021 inspection?", "At the inspection in 2021, the experiences and progress of children in care were judged good.", "a grade", true},
		{"What overall grade did the council get at its 2021 inspection?", "The council was last inspected in November 2021, when children's services were judged to be good.", "a grade", true},
		// "what's X's current Ofsted grade" asks for one
		{"What's the council's current Ofsted grade?", "The council has appointed a new director of children's services.", "a grade", false},
		{"What is Testford's latest rating?", "Testford's children's services were rated requires improvement to be good overall.", "a grade", true},
		// a grade is of the year it was given
		{"What grade did the council get when it was inspected in 2021?", "The council was judged to require improvement to be good at its last ILACS inspection in 2021.", "a grade", true},
		// a question about change wants the grades of other years too
		{"How was the council rated at the 2024 inspection, compared with when it was judged inadequate in 2021?", "The council was judged good at its inspection in 2024.", "a grade", true},
		{"What grade did the council get for children in care when it was judged inadequate in 2024?", "The council was judged to require improvement to be good for children in care at its last ILACS inspection in 2021.", "a grade", false},

		// a rate is a share: "rated red" is not one; nor is a rate of progress
		{"What was the rate of progress since the last monitoring visit?", "Progress has been slow.", "", false},
		{"What is the council doing to reduce its re-referral rate?", "Leaders have commissioned a review.", "", false},
		{"What was Harwick City's re-referral rate back in 2023?", "Leaders have commissioned a review of re-referrals.", "a percentage or proportion", false},
		{"What was the council's re-referral rate in 2023?", "In 2023, 23% of referrals were re-referrals within 12 months.", "a percentage or proportion", true},
		{"What was the council's re-referral rate in 2023?", "Action 5.1f on re-referrals is rated red because training was late.", "a percentage or proportion", false},
		{"How much funding did the council invest in the front door?", "The council invested £1.2 million in the front door.", "an amount of money", true},
		{"How much funding did the council invest in the front door?", "The council invested in the front door in 2024.", "an amount of money", false},
		// a count of "kids" is a count of children
		{"How many kids were in care at the time of the visit?", "At the time of this visit, 598 children were in the care of the local authority.", "a number", true},
		// spending asked "how much" is a sum
		{"How much is the council spending on agency social workers?", "The proportion of social workers employed through agencies has fallen to 22%.", "an amount of money", false},
		// minutes resolve in the subjunctive: a report "be presented" in July
		{"When will the scrutiny committee next hear about progress on the action plan?", "RESOLVED that a further progress report on the action plan be presented to the Committee in July 2026.", "a future date", true},
		{"When will the scrutiny committee next hear about progress on the action plan?", "The committee heard about progress on the action plan in January 2026.", "a future date", false},
		// an overspend, a deficit or a shortfall is a sum of money
		{"How much did the council's children's services overspend by in 2024/25?", "Children's services faced rising demand and financial pressure in 2024/25.", "an amount of money", false},
		{"How much did the council's children's services overspend by in 2024/25?", "Children's services overspent by £4.2 million in 2024/25.", "an amount of money", true},
		{"How much was the deficit in the high needs budget?", "The high needs budget deficit was £12 million.", "an amount of money", true},
		// a review still to report has no findings to give
		{"What did the external review of the front door recommend?", "Leaders have commissioned an external review of the front door, which is due to report in September 2024.", "the findings of the review asked about", false},
		{"What did the external review of the front door recommend?", "The external review of the front door recommended a single point of contact for all agencies.", "the findings of the review asked about", true},
		{"What were the findings of the council's audit of care plans?", "An audit of care plans is planned for the spring.", "the findings of the review asked about", false},
		{"What were the findings of the council's audit of care plans?", "The audit of care plans found that most plans were up to date.", "the findings of the review asked about", true},
		{"What did the peer review say about the front door?", "A peer review took place in May. It found that thresholds were understood.", "the findings of the review asked about", true},
		{"What did the peer review say about the front door?", "A peer review of the front door will take place in May.", "the findings of the review asked about", false},
		// scrutiny's task and finish group reports meetings after it is set up
		{"What did the council's task and finish group on exploitation recommend?", "That a task and finish group on child exploitation and missing children be established, comprising Councillors Hussain, Oduya and Pettigrew.", "the findings of the review asked about", false},
		// a recommendation to a body is not its decision
		{"Did Tarrowshire's Cabinet agree to extend the council tax exemption for care leavers to 25?", "(2) That the Panel recommends to Cabinet that exemption from council tax for care leavers be extended from age 21 to age 25 from 1 April 2025.", "a decision", false},
		{"Did Tarrowshire's Cabinet agree to extend the council tax exemption for care leavers to 25?", "Cabinet agreed on 12 November 2024 to extend the council tax exemption for care leavers to age 25.", "a decision", true},
		{"Has the committee approved the action plan?", "RESOLVED that the action plan be approved.", "a decision", true},
		// another decision of the same minute is not this one
		{"Did Tarrowshire's Cabinet agree to extend the council tax exemption for care leavers to 25?", "RESOLVED: (1) That the Panel endorses the refreshed Pledge to children in care.", "a decision", false},
		// agreeing a report's recommendations is a decision; the board
		// accepted is asked as agreed is
		{"Did the Cabinet approve the report's recommendations?", "RESOLVED that the recommendations set out in the report be approved.", "a decision", true},
		{"Has the board accepted the recommendations?", "The board accepted the recommendations of the review in full.", "a decision", true},
		// "what did X cost" asks for a sum
		{"What did the new Willowbank children's home cost the county?", "Willowbank House, a four-bed home, was expected to open in January 2025.", "an amount of money", false},
		{"What did the new Willowbank children's home cost the county?", "The capital cost of Willowbank House had been £1.1 million.", "an amount of money", true},
		// an action to provide a figure, and an age, give no count
		{"How many care leavers would qualify for free bus travel up to 25 in the county?", "| A24/09 | Provide number of care leavers who would be eligible for free bus travel up to age 25 | Kerry Ndlovu | 14 January 2025 | Open |", "a number", false},
		{"How many care leavers would qualify for free bus travel in the county?", "An estimated 240 care leavers would be eligible for free bus travel.", "a number", true},
		// inspectors' findings are not a review's
		{"What did inspectors find about the front door?", "Leaders have commissioned a review of the front door.", "", false},
		{"How many children were on child protection plans?", "There were 412 children on child protection plans.", "a number", true},
		{"How many children were on child protection plans?", "In 2024, child protection plans were reviewed on 12 March.", "a number", false},
		{"How many children were on child protection plans?", "Twelve children were on child protection plans.", "a number", true},
		// a figure not on the question's topic does not answer it
		{"How many children were on child protection plans?", "Fourteen staff left in the year.", "a number", false},
		// a count or a share is of what the question counts: a figure in
		// a sentence that shares one of its words is not enough
		{"How many children in the county were on child protection plans at the last inspection?",
			"35% of social workers in the child protection teams are agency staff.", "a number", false},
		{"How many children in the county were on child protection plans at the last inspection?",
			"At the last inspection, 412 children in the county were on child protection plans.", "a number", true},
		{"What proportion of care leavers in the county are in education, employment or training?",
			"Care leavers are supported by 12 personal advisers.", "a percentage or proportion", false},
		{"What proportion of care leavers in the county are in education, employment or training?",
			"Only 45% of care leavers are in education, employment or training.", "a percentage or proportion", true},
		// a count is of what the question counts: a figure or an ordinal
		// beside that noun, or "the number of …"
		{"How many children in the city were on child protection plans in 2026?",
			"In the child protection teams, average caseloads have reduced from 24 to 17 cases, and the city's plans are reviewed monthly.", "a number", false},
		{"How many monitoring visits had the council had by 2026?",
			"This was the sixth monitoring visit since the local authority was judged inadequate in May 2023.", "a number", true},
		// a letter counts its inspectors by naming them
		{"How many inspectors carried out the 2026 visit?", "His Majesty's Inspectors for this visit were Ruth Amadi and Tom Pell.", "a number", true},
		{"How many social workers joined the team in 2026?", "Social workers praised the support of the new manager, Ruth Amadi, in 2026.", "a number", false},
		{"How many children are in care in the county?", "The number of children in care in the county rose from 380 to 412 during the year.", "a number", true},
		{"How many children are in care in the county?", "Children in care: 412 (county figures, March)", "a number", true},
		// a comparison's figures are each in a sentence about one side
		{"How many children were in care in Lowdale's family homes in 2024 compared with 2026?",
			"In 2024, 640 children were looked after.", "a number", true},
		// a sentence about what the question counts gives its share
		{"What percentage of care leavers are in education, employment or training?",
			"Only 45% of care leavers are in education, employment or training.", "a percentage or proportion", true},
		// a duration is answered by the dates, and shown as their difference
		{"How many months passed between the third and fourth monitoring visits?", "The fourth visit took place in July 2025.", "", true},
		{"What did inspectors say about the MASH?", "The MASH is effective.", "", true},
		// a question about when something is to happen wants a sentence
		// that looks forward and gives a time
		{"When is the next monitoring visit due?", "Ofsted is expected to carry out the next monitoring visit in the second half of 2026.", "a future date", true},
		{"When is the next monitoring visit due?", "Ofsted will take the findings into account when planning the next monitoring visit.", "a future date", false},
		{"When is the next monitoring visit due?", "This was the third monitoring visit since the inspection in March 2024.", "a future date", false},
		{"When will the new children's home open?", "The first children's home is due to open in the summer of 2026.", "a future date", true},
		// a date of the past is not a future event, but a question about
		// when something happened wants an on-topic sentence that dates it
		{"When did the council open its family hubs?", "The council opened family hubs in 2024.", "a date", true},
		{"When did the council open its family hubs?", "The council has opened family hubs across the city.", "a date", false},
		{"When did the council open its family hubs?", "Fourteen staff left in 2024.", "a date", false},
		{"In which year did the council appoint a permanent director?", "The permanent director was appointed in February 2025.", "a date", true},
		// the document's own visit, inspection or publication is dated by
		// the passage's label, not its sentences
		{"When was the focused visit to the county?", "Inspectors found that the front door is effective.", "", true},
		{"When was the 2022 inspection report published?", "The report found services inadequate.", "", true},
		{"When did the partnership board get the paper on the inspection?", "The board considered the findings.", "", true},
		// an action's due date in a plan is not a question about the future
		{"Who owns the tracker action, and when is it due?", "Introduce a core group tracker 31 May 2025 Amber", "", true},
		// a role's holder or a person's name is answered by a sentence that
		// names a person, not by one about the role
		{"What is the name of the council's lead member for children?", "The lead member for children attends every meeting of the improvement board.", "a name", false},
		{"What is the name of the council's lead member for children?", "Councillor Priya Okafor, lead member for children, attends every meeting of the improvement board.", "a name", true},
		{"Who chairs the corporate parenting panel?", "The corporate parenting panel meets every quarter and is chaired by an elected member.", "a name", false},
		// "which <role>", and posts named by role: the principal social worker, a councillor
		{"Which councillor chairs the corporate parenting board?", "Prior to the inspection, an Improvement Adviser was appointed to act as an independent chair of the board.", "a name", false},
		{"Which councillor chairs the corporate parenting board?", "The corporate parenting board is chaired by Councillor Dev Lal.", "a name", true},
		{"What is the name of the county's principal social worker?", "Management support for the workforce is strong, and social workers receive regular supervision.", "a name", false},
		{"Who is the council's principal social worker?", "Gareth Lowe, Principal Social Worker, leads the practice review.", "a name", true},
		{"Who chairs the corporate parenting panel?", "The corporate parenting panel is chaired by Councillor Dev Lal.", "a name", true},
		{"Who is the director of children's services?", "The director of children's services, appointed in 2023, leads a stable senior team.", "a name", false},
		// not every who asks for a person: a service may be run by a council
		{"Who runs the out-of-hours service?", "The out-of-hours service is run by the neighbouring county council.", "", true},
		// a question with several parts answers those it can
		{"Who inspected the council, and who signed the letter?", "The inspection took place in May.", "", true},
		// who is asked about, not a person's name: whom inspectors met,
		// agencies, a responsibility, a service's name
		{"Who did inspectors speak to during the visit?", "Inspectors spoke to children, parents, social workers and managers.", "", true},
		{"Who are the members of the safeguarding partnership?", "The partnership brings together the council, the police and the integrated care board.", "", true},
		{"Who is responsible for monitoring the director's actions?", "The improvement board monitors progress against the plan.", "", true},
		{"What is the name of the new edge-of-care service?", "The new edge-of-care service, called Families First, opened in May.", "", true},
		{"Who was the lead inspector?", "The lead inspector was Ruth Amadi, His Majesty's Inspector.", "a name", true},
		// a name beside another post does not answer: the letter's
		// addressee is the director, not the chief executive
		{"Who is the chief executive of Testshire County Council?", "12 January 2026 Anne Coyle Executive Director Children, Families and Education County Hall", "a name", false},
		{"Who is the chief executive of Testshire County Council?", "The council's chief executive, Mark Ellis, attended the feedback meeting.", "a name", true},
		{"Who is the council's cabinet member for children?", "Councillor Ruth Dale, Portfolio Holder for Children and Young People, welcomed the letter.", "a name", true},
		{"Who chaired the scrutiny committee?", "Present: Councillor Rosalind Peake (Chair) Councillor Graham Twigg (Vice-Chair)", "a name", true},
		{"Who chaired the scrutiny committee?", "Apologies for absence were received from Councillor Linda Marsh and Councillor Stephen Roper.", "a name", false},
		// an inspection is led by a named inspector
		{"Who led the 2023 inspection?", "The inspection was led by Ruth Amadi, His Majesty's Inspector.", "a name", true},
		{"Who led the 2023 inspection?", "The 2023 inspection took place over three weeks.", "a name", false},
		{"Who did the inspection find was most at risk?", "The inspection found that children at risk of exploitation were well supported.", "", true},
		{"Who is Brackenford's cabinet member for children?", "Councillor Ade Bello is the cabinet member for children.", "a name", true},
		// a caseload counts the children one worker holds, not the children
		{"How many children were on child protection plans in 2026?", "Average caseloads in the child protection teams have reduced from 24 to 17 children.", "a number", false},
		{"How many children were on child protection plans in 2026?", "At the end of January 2026, 412 children were on child protection plans.", "a number", true},
		{"How many children does each IRO have?", "IRO caseloads have fallen to 68 children.", "a number", true},
		{"How many children are on a typical social worker's caseload?", "Caseloads in the assessment teams average 22 children.", "a number", true},
		{"How many children were on child protection plans in 2026?", "Caseloads remain high, with 412 children subject to a child protection plan.", "a number", true},
		{"How many children were on child protection plans each month?", "Average caseloads in the child protection teams have reduced from 24 to 17 children.", "a number", false},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		d := requestedDetail(q)
		got := ""
		if d != nil {
			got = d.name
		}
		if got != tt.want {
			t.Errorf("%q: detail %q, want %q", tt.question, got, tt.want)
			continue
		}
		if d == nil {
			continue
		}
		s := NewScorer(q, TermStats{})
		if stated := s.detailStated(d, []letters.Passage{{Paragraph: letters.Paragraph{Text: tt.passage}}}); stated != tt.stated {
			t.Errorf("%q in %q: stated %v, want %v", tt.question, tt.passage, stated, tt.stated)
		}
	}
}

func TestOffTopic(t *testing.T) {
	authorities := []string{"Nottingham City", "Nottinghamshire", "Lowdale City"}
	tests := []struct {
		question string
		df       map[string]int
		want     []string
	}{
		// a place the letters name, a subject they never mention
		{"What is the weather in Nottingham?", map[string]int{"weather": 0, "nottingham": 50}, []string{"weather"}},
		// a capitalised topic the letters do use ties the question to them
		{"What is the verdict on the Front Door?", map[string]int{"verdict": 0, "front door": 40, "front": 40, "door": 40}, nil},
		// a council the question names ties it to the letters
		{"What is the verdict on Lowdale City?", map[string]int{"verdict": 0}, nil},
		{"How do I renew my passport?", map[string]int{"renew": 1, "passport": 0}, nil},
		// one everyday word in the letters, the rest of the question not
		{"What is the best recipe for lasagne?", map[string]int{"best": 5, "recipe": 0, "lasagne": 0}, []string{"recipe", "lasagne"}},
		// "like" and "today" frame the question; they are not its topic
		{"What is the weather like in Nottingham today?", map[string]int{"weather": 0, "like": 12, "nottingham": 50, "today": 3}, []string{"weather"}},
		{"What are things like for care leavers now?", map[string]int{"like": 12, "care leavers": 30, "care": 80, "leavers": 30, "now": 60}, nil},
		// an acronym the letters define carries the question, whatever else it holds
		{"What does NFA mean in the letters, asked at level info?", map[string]int{"nfa": 3, "no further action": 3, "asked": 0, "level": 5, "info": 0}, nil},
	}
	glossary := []letters.GlossaryEntry{{Acronym: "NFA", Expansion: "no further action"}}
	for _, tt := range tests {
		q := Parse(tt.question, authorities, glossary)
		got := NewScorer(q, TermStats{DF: tt.df, Total: 400}).OffTopic()
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: OffTopic() = %q, want %q", tt.question, got, tt.want)
		}
	}
}

// TestNameFromFrontMatter: a front sheet's "Lead inspector:" field names
// the person a who-question asks for; a letterhead's date and telephone
// number still state no other detail.
func TestNameFromFrontMatter(t *testing.T) {
	front := letters.Passage{Paragraph: letters.Paragraph{Label: letters.FrontMatterLabel, Section: "Front matter",
		Text: "Lead inspector: Ruth Amadi, His Majesty's Inspector Report published: 3 May 2025 Telephone: 01632 960 123"}}
	tests := []struct {
		question string
		want     string
		stated   bool
	}{
		{"Who was the lead inspector for the 2025 inspection?", "a name", true},
		{"How many inspectors were on the team at the 2025 inspection?", "a number", false},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		d := requestedDetail(q)
		if d == nil || d.name != tt.want {
			t.Fatalf("%q: detail %v, want %q", tt.question, d, tt.want)
		}
		if got := NewScorer(q, TermStats{}).detailStated(d, []letters.Passage{front}); got != tt.stated {
			t.Errorf("%q in the front matter: stated %v, want %v", tt.question, got, tt.stated)
		}
	}
}

// TestFutureDateByDocumentDate: a paper looks forward by its dates as well
// as by "will": "takes effect from 1 April 2025" in a report of March 2025
// gives a date to come; in a report of May 2025 it does not.
func TestFutureDateByDocumentDate(t *testing.T) {
	const sent = "The extension of the council tax exemption to age 25 was approved by Full Council on 20 February 2025 and takes effect from 1 April 2025."
	q := Parse("From when will care leavers up to 25 stop paying council tax?", nil, nil)
	d := requestedDetail(q)
	if d == nil || d.name != "a future date" {
		t.Fatalf("requestedDetail = %v, want a future date", d)
	}
	for _, tt := range []struct {
		date string
		want bool
	}{{"2025-03-18", true}, {"2025-05-20", false}, {"", false}} {
		p := letters.Passage{Paragraph: letters.Paragraph{Text: sent}, Document: letters.DocRef{Date: tt.date}}
		if got := NewScorer(q, TermStats{}).detailStated(d, []letters.Passage{p}); got != tt.want {
			t.Errorf("document dated %q: stated %v, want %v", tt.date, got, tt.want)
		}
	}
}

// TestFigureOfANamedThing: a question about a thing it names ("Larch
// Lodge") is answered by a figure in a paragraph naming it, not by a sum
// in a paragraph about something else; a name most paragraphs carry
// ("Ofsted") is the letters' subject, not such a thing.
func TestFigureOfANamedThing(t *testing.T) {
	st := TermStats{DF: map[string]int{"larch": 2, "lodge": 2, "cost": 40, "county": 300, "run": 50, "year": 400, "ofsted": 500, "inspection": 300}, Total: 1000}
	tests := []struct {
		question, passage string
		stated            bool
	}{
		{"How much will Larch Lodge cost the county to run each year?", "The estimated cost was £185,000 a year, shared with the district councils.", false},
		{"How much will Larch Lodge cost the county to run each year?", "Larch Lodge, a four-bed home, will cost £620,000 a year to run.", true},
		{"How much did the Ofsted inspection cost the county?", "The inspection cost the county £12,000 in staff time.", true},
	}
	for _, tt := range tests {
		q := Parse(tt.question, nil, nil)
		d := requestedDetail(q)
		if d == nil {
			t.Fatalf("%q: no detail asked", tt.question)
		}
		p := letters.Passage{Paragraph: letters.Paragraph{Text: tt.passage}}
		if got := NewScorer(q, st).detailStated(d, []letters.Passage{p}); got != tt.stated {
			t.Errorf("%q in %q: stated %v, want %v", tt.question, tt.passage, got, tt.stated)
		}
	}
}

// TestGradeOfTheJudgementAsked: asked a grade for one judgement, the row or
// sentence giving that judgement's grade ranks above the overall grade.
func TestGradeOfTheJudgementAsked(t *testing.T) {
	overall := "Services for children in Ambleton have deteriorated since the last inspection in 2019, when they were judged to require improvement to be good."
	row := "The experiences and progress of children in care Requires improvement to be good"
	ps := []letters.Passage{
		{Paragraph: letters.Paragraph{ID: 1, Text: overall}, Document: letters.DocRef{ID: 1}},
		{Paragraph: letters.Paragraph{ID: 2, Text: row}, Document: letters.DocRef{ID: 1}},
	}
	q := Parse("What grade did Ambleton get for children in care?", nil, nil)
	cands, _ := NewScorer(q, TermStats{}).rankSentences(ps)
	if len(cands) == 0 || cands[0].text != row {
		t.Errorf("best sentence %v, want the children in care row", cands)
	}
}

// TestReviewFindingsSession14: an independent review's cases, each of a
// rule that reached further than meant.
func TestReviewFindingsSession14(t *testing.T) {
	// a figure's check for a named thing does not apply to a decision, nor
	// take a capitalised body ("Cabinet") for such a thing
	st := TermStats{DF: map[string]int{"cabinet": 3, "agree": 50, "extend": 20, "offer": 30, "local": 200}, Total: 1000}
	q := Parse("Did the Cabinet agree to extend the local offer?", nil, nil)
	d := requestedDetail(q)
	if d == nil || d.name != "a decision" {
		t.Fatalf("requestedDetail = %v, want a decision", d)
	}
	p := letters.Passage{Paragraph: letters.Paragraph{Text: "RESOLVED that the extension of the local offer be approved."}}
	if !NewScorer(q, st).detailStated(d, []letters.Passage{p}) {
		t.Errorf("a minuted approval of the extension does not answer %q", q.Text)
	}
	// a SEND area inspection is joint, but not a JTAI
	if reJointInspection.MatchString("What did the joint inspection of SEND services find?") {
		t.Errorf("a joint SEND inspection read as a joint targeted area inspection")
	}
	// a lettered paragraph of several sentences is not a list item
	if items := bulletItems("(a) Councillor Brierley asked about the waiting list. Officers said it had fallen.\n(b) Councillor Hussain asked about missing children. Officers said most were seen."); len(items) != 0 {
		t.Errorf("bulletItems = %q, want none: lettered paragraphs", items)
	}
}
