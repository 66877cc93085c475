package rag

import "testing"

func TestMaskWord(t *testing.T) {
	tests := []struct {
		s, w, want string
		found      bool
	}{
		{"nottingham city's mash", "nottingham city", " 's mash", true},
		{"nottinghamshire's front door", "nottingham", "nottinghamshire's front door", false},
		{"in nottingham, and nottingham.", "nottingham", "in  , and  .", true},
		{"derby", "derby", " ", true},
		{"derbyshire and derby", "derby", "derbyshire and  ", true},
		{"", "derby", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.s+"/"+tc.w, func(t *testing.T) {
			got, found := maskWord(tc.s, tc.w)
			if got != tc.want || found != tc.found {
				t.Errorf("maskWord(%q, %q) = %q, %v; want %q, %v", tc.s, tc.w, got, found, tc.want, tc.found)
			}
		})
	}
}
