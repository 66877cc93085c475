package store

import (
	"slices"
	"testing"

	"github.com/letters-app/letters"
)

func TestParagraphKeys(t *testing.T) {
	paras := func(texts ...string) []letters.Paragraph {
		ps := make([]letters.Paragraph, len(texts))
		for i, t := range texts {
			ps[i] = letters.Paragraph{Label: "¶" + string(rune('1'+i)), Text: t}
		}
		return ps
	}
	tests := []struct {
		name              string
		ps                []letters.Paragraph
		oldKeys, oldTexts []string
		want              []string
	}{
		{"first ingest", paras("a", "b"), nil, nil, []string{"s#¶1", "s#¶2"}},
		{"unchanged", paras("a", "b"), []string{"s#¶1", "s#¶2"}, []string{"a", "b"}, []string{"s#¶1", "s#¶2"}},
		{"one reworded", paras("a", "B"), []string{"s#¶1", "s#¶2"}, []string{"a", "b"}, []string{"s#¶1", "s#¶2"}},
		{"one deleted: the next keeps its key", paras("a", "c"), []string{"s#¶1", "s#¶2", "s#¶3"}, []string{"a", "b", "c"},
			[]string{"s#¶1", "s#¶3"}},
		{"one inserted: the moved keep theirs, the new one gets a free key", paras("x", "a", "b"), []string{"s#¶1", "s#¶2"}, []string{"a", "b"},
			[]string{"s#¶1-2", "s#¶1", "s#¶2"}},
		{"repeated text keeps its keys in order", paras("a", "a"), []string{"s#¶1", "s#¶2"}, []string{"a", "a"}, []string{"s#¶1", "s#¶2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := paragraphKeys("s", tt.ps, tt.oldKeys, tt.oldTexts)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
