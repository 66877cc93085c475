// Package rag is the question-answering engine: the question analysis and
// follow-up resolution, hybrid retrieval through a Searcher, reranking, the
// answerers (extractive and LLM), citation checking, and the briefings,
// timelines and what-changed views. Its domain types (documents,
// paragraphs, citations, results) are the root package letters'; it
// declares the small interfaces it needs (Searcher, BriefStore) and the
// store package implements them.
package rag
