package rag

import (
	"reflect"
	"testing"

	"github.com/letters-app/letters"
)

func TestInterleave(t *testing.T) {
	p := func(id int64, score float64) letters.Passage {
		return letters.Passage{Paragraph: letters.Paragraph{ID: id}, Score: score}
	}
	tests := []struct {
		name  string
		lists [][]letters.Passage
		k     int
		want  []int64
	}{
		{"the side that answers best leads each round", [][]letters.Passage{
			{p(1, 0.3), p(2, 0.2)}, {p(3, 0.9), p(4, 0.1)}, {p(5, 0.5)}}, 5, []int64{3, 5, 1, 2, 4}},
		{"every side is heard before any side's second", [][]letters.Passage{
			{p(1, 0.9), p(2, 0.8)}, {p(3, 0.1)}}, 3, []int64{1, 3, 2}},
		{"a passage in two lists once", [][]letters.Passage{
			{p(1, 0.9), p(2, 0.5), p(4, 0.4)}, {p(1, 0.9), p(2, 0.5), p(5, 0.3)}}, 5, []int64{1, 2, 4, 5}},
		{"a round of repeats does not end the merge", [][]letters.Passage{
			{p(1, 0.9), p(2, 0.5), p(3, 0.4)}, {p(2, 0.8), p(1, 0.6), p(4, 0.3)}}, 5, []int64{1, 2, 3, 4}},
		{"k bounds it", [][]letters.Passage{{p(1, 0.9), p(2, 0.5)}, {p(3, 0.7)}}, 2, []int64{1, 3}},
	}
	for _, tt := range tests {
		var got []int64
		for i, q := range interleave(tt.lists, tt.k) {
			got = append(got, q.ID)
			if q.Rank != i+1 {
				t.Errorf("%s: rank %d at position %d", tt.name, q.Rank, i+1)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
