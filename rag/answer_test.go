package rag

import (
	"reflect"
	"testing"
)

func TestWithListItems(t *testing.T) {
	para := "Inspectors reviewed the front door, where decisions are made about:\n" +
		"• child protection enquiries\n• child in need assessments\n• no further action/signposting.\n"
	other := "The MASH is strong. Leaders know their services well."
	passages := []Passage{{Paragraph: Paragraph{Text: para}}, {Paragraph: Paragraph{Text: other}}}
	tests := []struct {
		name   string
		picked []candidate
		want   []string
	}{
		{"a lead-in is followed by its bullet items",
			[]candidate{{text: "Inspectors reviewed the front door, where decisions are made about:", passage: 0}},
			[]string{"Inspectors reviewed the front door, where decisions are made about:", "child protection enquiries", "child in need assessments", "no further action/signposting."}},
		{"a sentence without a colon stays alone",
			[]candidate{{text: "The MASH is strong.", passage: 1}},
			[]string{"The MASH is strong."}},
		{"an item already picked is not repeated",
			[]candidate{{text: "child in need assessments", passage: 0}, {text: "Inspectors reviewed the front door, where decisions are made about:", passage: 0}},
			[]string{"child in need assessments", "Inspectors reviewed the front door, where decisions are made about:", "child protection enquiries", "no further action/signposting."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range withListItems(tt.picked, passages) {
				got = append(got, c.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
