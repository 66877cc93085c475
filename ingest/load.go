package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/letters-app/letters"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ErrEmpty reports a file with no text.
var ErrEmpty = errors.New("file has no text")

// ErrTooLarge reports a file (or its extracted text) over Limits.MaxFileSize.
var ErrTooLarge = errors.New("file too large")

// ErrExtractTimeout reports a file whose text extraction took longer than
// Limits.ExtractTimeout.
var ErrExtractTimeout = errors.New("text extraction took too long")

// Limits bound the work one file may cause; a file over them fails with a
// reason, and the rest of the run goes on.
type Limits struct {
	MaxFileSize    int64         // bytes read from one file (default 100 MB); its extracted text may be 4 times that
	ExtractTimeout time.Duration // one file's text extraction, e.g. pdftotext (default 2 minutes)
}

// Default limits.
const (
	DefaultMaxFileSize    = 100 << 20
	DefaultExtractTimeout = 2 * time.Minute
)

func (l Limits) orDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.ExtractTimeout <= 0 {
		l.ExtractTimeout = DefaultExtractTimeout
	}
	return l
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// Supported reports whether the loader reads files with this name.
func Supported(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".markdown", ".pdf", ".html", ".htm":
		return true
	}
	return false
}

// Load reads a file and returns its text, within lim.
func Load(ctx context.Context, path string, lim Limits) (string, []byte, error) {
	lim = lim.orDefaults()
	raw, err := readSource(path, lim)
	if err != nil {
		return "", raw, err
	}
	text, err := extractText(ctx, path, raw, lim)
	return text, raw, err
}

// readSource reads a file's bytes within lim, without extracting its text
// (what decides whether the file changed since it was ingested).
func readSource(path string, lim Limits) ([]byte, error) {
	raw, err := readLimited(path, lim.orDefaults().MaxFileSize)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return raw, ErrEmpty
	}
	return raw, nil
}

// extractText returns the text of the file at path whose bytes are raw:
// decoded, or extracted (pdftotext reads the file at path) within lim.
func extractText(ctx context.Context, path string, raw []byte, lim Limits) (string, error) {
	lim = lim.orDefaults()
	var text string
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".md", ".markdown":
		text = decodeText(raw)
	case ".pdf":
		text, err = pdfText(ctx, path, lim)
	case ".html", ".htm":
		text, err = htmlText(raw)
	default:
		return "", fmt.Errorf("%q: %w", filepath.Ext(path), letters.ErrUnsupportedFormat)
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}

// readLimited reads a file of at most max bytes.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, fmt.Errorf("%s, over the %s limit (--max-file-mb): %w", mb(st.Size()), mb(max), ErrTooLarge)
	}
	raw, err := io.ReadAll(io.LimitReader(f, max+1)) // the file may grow while read
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > max {
		return nil, fmt.Errorf("over the %s limit (--max-file-mb): %w", mb(max), ErrTooLarge)
	}
	return raw, nil
}

// decodeText returns UTF-8 text; bytes that are not UTF-8 are read as
// Windows-1252/Latin-1, the usual encoding of older council documents.
func decodeText(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			r = rune(b[0])
		}
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// pdfText extracts text with poppler's pdftotext (-layout keeps reading order
// of letters; the cleaner reflows the lines), within lim.ExtractTimeout and
// 4 × lim.MaxFileSize of text.
func pdfText(ctx context.Context, path string, lim Limits) (string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", errors.New("pdftotext not found: install poppler-utils to ingest PDF files")
	}
	xctx, cancel := context.WithTimeout(ctx, lim.ExtractTimeout)
	defer cancel()
	stdout := &cappedBuffer{max: 4 * lim.MaxFileSize}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(xctx, bin, "-layout", "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	cmd.WaitDelay = time.Second // a killed pdftotext's children cannot hold its pipes open
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return "", ctx.Err()
	case xctx.Err() != nil:
		return "", fmt.Errorf("text extraction took longer than %s (--extract-timeout): %w", lim.ExtractTimeout, ErrExtractTimeout)
	case stdout.over:
		return "", fmt.Errorf("extracted text over %s: %w", mb(stdout.max), ErrTooLarge)
	case err != nil:
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return "", fmt.Errorf("unreadable PDF: %s", firstNonEmpty(msg, err.Error()))
	}
	return stdout.String(), nil
}

// cappedBuffer keeps at most max bytes; writing more fails (and stops the
// command writing to it).
type cappedBuffer struct {
	bytes.Buffer
	max  int64
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if int64(b.Len()+len(p)) > b.max {
		b.over = true
		return 0, ErrTooLarge
	}
	return b.Buffer.Write(p)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// htmlText returns the main text of an HTML page: <main> or <article> when
// present, else <body>, without scripts, navigation, headers, footers and
// asides. Headings become markdown headings; blocks are separated by blank lines.
func htmlText(b []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("unreadable HTML: %w", err)
	}
	var find func(*html.Node, atom.Atom) *html.Node
	find = func(n *html.Node, a atom.Atom) *html.Node {
		if n.Type == html.ElementNode && n.DataAtom == a {
			return n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c, a); f != nil {
				return f
			}
		}
		return nil
	}
	root := find(doc, atom.Main)
	if root == nil {
		root = find(doc, atom.Article)
	}
	if root == nil {
		root = find(doc, atom.Body)
	}
	if root == nil {
		root = doc
	}
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(strings.Join(strings.Fields(n.Data), " "))
			if strings.HasSuffix(n.Data, " ") || strings.HasSuffix(n.Data, "\n") {
				sb.WriteByte(' ')
			}
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Noscript, atom.Form, atom.Template:
				if n != root {
					return
				}
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				sb.WriteString("\n\n## ")
			case atom.Li:
				sb.WriteString("\n- ")
			case atom.Br:
				sb.WriteString("\n")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Tr, atom.Section, atom.Blockquote:
				sb.WriteString("\n\n")
			}
		}
	}
	walk(root)
	return sb.String(), nil
}
