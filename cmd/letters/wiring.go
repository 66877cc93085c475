package main

import (
	"github.com/letters-app/letters/evals"
	"github.com/letters-app/letters/ingest"
	"github.com/letters-app/letters/internal/chat"
	"github.com/letters-app/letters/internal/store"
	"github.com/letters-app/letters/rag"
	"github.com/letters-app/letters/server"
)

// The wiring: each package declares the small interfaces it needs, and
// these checks, where the implementations are plugged in, keep them
// satisfied.
var (
	_ rag.Searcher         = (*store.DB)(nil)
	_ rag.BriefStore       = (*store.DB)(nil)
	_ ingest.Store         = (*store.DB)(nil)
	_ chat.Store           = (*store.DB)(nil)
	_ chat.Asker           = (*rag.Service)(nil)
	_ server.Store         = (*store.DB)(nil)
	_ server.Asker         = (*rag.Service)(nil)
	_ server.Briefer       = (*rag.Service)(nil)
	_ server.Ingester      = (*ingest.Pipeline)(nil)
	_ server.Authenticator = (*store.DB)(nil)
	_ evals.Asker          = (*rag.Service)(nil)
)
