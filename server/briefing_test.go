package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

func getJSON(t *testing.T, url string, dst any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if dst != nil {
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatalf("GET %s: %v\n%s", url, err, raw)
		}
	}
	return resp.StatusCode
}

type bulletJSON struct {
	Text        string `json:"text"`
	Key         string `json:"key"`
	ParagraphID int64  `json:"paragraph_id"`
	Citation    string `json:"citation"`
	Document    struct {
		Authority string `json:"authority"`
		Date      string `json:"date"`
	} `json:"document"`
}

func TestBriefingAPI(t *testing.T) {
	srv, _ := newServer(t, false)

	var councils struct {
		Councils []struct {
			ID, Name, From, To string
			Documents          int
		}
	}
	if code := getJSON(t, srv.URL+"/api/councils", &councils); code != 200 {
		t.Fatalf("GET /api/councils = %d", code)
	}
	byID := map[string]int{}
	for _, c := range councils.Councils {
		byID[c.ID] = c.Documents
	}
	if byID["nottingham-city"] != 4 || byID["nottinghamshire"] != 1 {
		t.Errorf("councils = %+v, want nottingham-city with 4 documents and nottinghamshire with 1", councils.Councils)
	}

	var br struct {
		Council  struct{ ID, Name string }
		Sections []struct {
			ID      string       `json:"id"`
			Bullets []bulletJSON `json:"bullets"`
		}
	}
	if code := getJSON(t, srv.URL+"/api/councils/nottingham-city/briefing", &br); code != 200 {
		t.Fatalf("briefing = %d", code)
	}
	n := 0
	for _, s := range br.Sections {
		prev := "9999"
		for _, b := range s.Bullets {
			n++
			if b.Document.Authority != "Nottingham City" {
				t.Errorf("%s: bullet from %q: %q", s.ID, b.Document.Authority, b.Text)
			}
			if b.ParagraphID == 0 || b.Citation == "" || !strings.Contains(b.Citation, b.Key) {
				t.Errorf("%s: bullet without a citation: %+v", s.ID, b)
			}
			if b.Document.Date > prev {
				t.Errorf("%s: bullets not newest first: %s after %s", s.ID, b.Document.Date, prev)
			}
			prev = b.Document.Date
		}
	}
	if n < 20 {
		t.Errorf("Nottingham City briefing has %d bullets, want ≥ 20", n)
	}

	// summaries asked for without a model: the extractive briefing, complete, without summaries
	var plain map[string]any
	if code := getJSON(t, srv.URL+"/api/councils/nottingham-city/briefing?summaries=true", &plain); code != 200 {
		t.Errorf("briefing?summaries=true without a model = %d, want 200", code)
	} else if strings.Contains(fmt.Sprint(plain), "summary:") {
		t.Errorf("a summary without a model: %v", plain["sections"])
	}

	var one struct {
		Documents []struct{ Slug string }
	}
	getJSON(t, srv.URL+"/api/councils/Nottingham%20City%20Council/briefing?document=2024-09-02-nottingham-city-monitoring-visit", &one)
	if len(one.Documents) != 1 || one.Documents[0].Slug != "2024-09-02-nottingham-city-monitoring-visit" {
		t.Errorf("briefing of one document = %+v", one.Documents)
	}
	var ranged struct {
		Documents []struct{ Date string }
	}
	getJSON(t, srv.URL+"/api/councils/nottingham-city/briefing?from=2024-01-01&to=2025-12-31", &ranged)
	if len(ranged.Documents) != 1 || ranged.Documents[0].Date != "2024-09-02" {
		t.Errorf("briefing from 2024 to 2025 = %+v, want the 2024-09-02 letter only", ranged.Documents)
	}

	var tl struct {
		Entries []struct {
			Date       string `json:"date"`
			GapDays    int    `json:"gap_days"`
			Judgements []struct{ Area, Grade string }
			Headline   *bulletJSON `json:"headline"`
		}
	}
	if code := getJSON(t, srv.URL+"/api/councils/nottingham-city/timeline", &tl); code != 200 || len(tl.Entries) != 4 {
		t.Fatalf("timeline = %d with %d entries, want 200 with 4", code, len(tl.Entries))
	}
	last := tl.Entries[3]
	if last.Date != "2026-03-12" || last.GapDays != 559 || len(last.Judgements) == 0 || last.Headline == nil {
		t.Errorf("latest timeline entry = %+v, want 2026-03-12, 559 days after the 2024 visit, a judgement and a headline", last)
	}

	var ch struct {
		Earlier, Later struct{ Slug string }
		Topics         []struct {
			Topic          string
			Earlier, Later *bulletJSON
			Note           string
		}
	}
	if code := getJSON(t, srv.URL+"/api/councils/nottingham-city/changes", &ch); code != 200 {
		t.Fatalf("changes = %d", code)
	}
	if ch.Earlier.Slug != "2024-09-02-nottingham-city-monitoring-visit" || ch.Later.Slug != "2026-03-12-nottingham-city-monitoring-visit" {
		t.Errorf("changes compare %s → %s, want the latest two monitoring visits", ch.Earlier.Slug, ch.Later.Slug)
	}
	both := 0
	for _, tc := range ch.Topics {
		if tc.Earlier != nil && tc.Later != nil {
			both++
		} else if tc.Note == "" {
			t.Errorf("topic %s in one document only without saying so", tc.Topic)
		}
	}
	if both < 5 {
		t.Errorf("%d topics compared side by side, want ≥ 5", both)
	}

	tests := []struct {
		name, path string
		status     int
		code       string
	}{
		{"unknown council", "/api/councils/atlantis/briefing", 404, "not_found"},
		{"bad from date", "/api/councils/nottingham-city/briefing?from=2024-13-01", 400, "bad_request"},
		{"from after to", "/api/councils/nottingham-city/briefing?from=2025-01-01&to=2024-01-01", 400, "bad_request"},
		{"unknown document", "/api/councils/nottingham-city/briefing?document=nope", 404, "not_found"},
		{"bad format", "/api/councils/nottingham-city/briefing?format=odt", 400, "bad_request"},
		{"bad summaries", "/api/councils/nottingham-city/briefing?summaries=maybe", 400, "bad_request"},
		{"changes with one document named", "/api/councils/nottingham-city/changes?from=2024-09-02-nottingham-city-monitoring-visit", 400, "bad_request"},
		{"changes of another council's document", "/api/councils/nottingham-city/changes?from=2026-01-12-nottinghamshire-focused-visit&to=2026-03-12-nottingham-city-monitoring-visit", 404, "not_found"},
		{"changes with one document of its kind", "/api/councils/nottinghamshire/changes", 404, "not_found"},
		{"timeline of an unknown council", "/api/councils/atlantis/timeline", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body, _ := do(t, "GET", srv.URL+tt.path, "", "")
			if code != tt.status {
				t.Fatalf("GET %s = %d, want %d (%v)", tt.path, code, tt.status, body)
			}
			if e, _ := body["error"].(map[string]any); e == nil || e["code"] != tt.code {
				t.Errorf("GET %s error = %v, want code %s", tt.path, body, tt.code)
			}
		})
	}

	downloads := []struct{ format, ctype, magic string }{
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"},
		{"pdf", "application/pdf", "%PDF"},
		{"md", "text/markdown; charset=utf-8", "# Briefing: Nottingham City"},
		{"html", "text/html; charset=utf-8", "<!DOCTYPE html>"},
	}
	for _, d := range downloads {
		resp, err := http.Get(srv.URL + "/api/councils/nottingham-city/briefing?format=" + d.format)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != d.ctype || !strings.HasPrefix(string(raw), d.magic) ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "briefing-nottingham-city-") {
			t.Errorf("download %s = %d %q %q, starts %q", d.format, resp.StatusCode, resp.Header.Get("Content-Type"),
				resp.Header.Get("Content-Disposition"), string(raw[:min(len(raw), 30)]))
		}
	}

	for _, page := range []string{"/briefing", "/briefing/nottingham-city"} {
		if resp, err := http.Head(srv.URL + page); err != nil || resp.StatusCode != 200 {
			t.Errorf("HEAD %s = %v %v, want 200", page, resp, err)
		}
		resp, err := http.Get(srv.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(raw), `<script src="/briefing.js">`) {
			t.Errorf("GET %s = %d, want the briefing page", page, resp.StatusCode)
		}
	}
}
