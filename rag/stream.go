package rag

import (
	"regexp"
	"strings"
)

var (
	reMarkerFull    = regexp.MustCompile(`^[\[【]\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*[\]】]`)
	reMarkerPartial = regexp.MustCompile(`^[\[【][\d,;\s]*$`)
)

// MarkerStream passes streamed answer text on while holding back a
// half-written marker ("[1") until it is complete; complete markers are
// renumbered for display and unknown ones removed, so a client never shows
// a broken or unknown marker.
type MarkerStream struct {
	nb   *Numbering
	buf  string
	emit func(string)
}

// NewMarkerStream streams to emit for a context of n passages.
func NewMarkerStream(n int, emit func(string)) *MarkerStream {
	return &MarkerStream{nb: NewNumbering(n), emit: emit}
}

// Write takes the next chunk of model output.
func (s *MarkerStream) Write(chunk string) {
	s.buf += chunk
	for s.buf != "" {
		i := strings.IndexAny(s.buf, "[【")
		if i < 0 {
			s.out(s.buf)
			s.buf = ""
			return
		}
		if i > 0 {
			s.out(s.buf[:i])
			s.buf = s.buf[i:]
		}
		if m := reMarkerFull.FindString(s.buf); m != "" {
			s.out(s.nb.Rewrite(m))
			s.buf = s.buf[len(m):]
			continue
		}
		if reMarkerPartial.MatchString(s.buf) {
			return // wait for the rest of the marker
		}
		_, n := firstRune(s.buf)
		s.out(s.buf[:n])
		s.buf = s.buf[n:]
	}
}

// Flush emits whatever is held back (an unfinished bracket is plain text).
func (s *MarkerStream) Flush() {
	if s.buf != "" && !reMarkerPartial.MatchString(s.buf) {
		s.out(s.buf)
	}
	s.buf = ""
}

func (s *MarkerStream) out(t string) {
	if t != "" {
		s.emit(t)
	}
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}
