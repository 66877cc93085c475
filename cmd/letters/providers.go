package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/letters-app/letters"

	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"

	"github.com/letters-app/letters/internal/hashembed"
)

func (c *Config) apiKey() (string, error) {
	if c.OpenAIKeyFile != "" {
		b, err := os.ReadFile(c.OpenAIKeyFile)
		if err != nil {
			return "", fmt.Errorf("read API key file: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if c.OpenAIKey != "" {
		return c.OpenAIKey, nil
	}
	return "not-needed", nil // local OpenAI-compatible servers ignore the key
}

// newEmbedder returns the configured embedder, its recorded name and its dimension.
func newEmbedder(ctx context.Context, c *Config) (embeddings.Embedder, string, int, error) {
	switch c.Embedder {
	case "", "hash":
		e, err := hashembed.New(c.EmbedderDim)
		if err != nil {
			return nil, "", 0, err
		}
		return e, e.Name(), e.Dimension(), nil
	case "ollama", "openai":
		if c.EmbedderModel == "" {
			return nil, "", 0, errors.New("--embedder-model is required for the " + c.Embedder + " embedder")
		}
		var client embeddings.EmbedderClient
		if c.Embedder == "ollama" {
			m, err := ollama.New(ollama.WithServerURL(c.OllamaURL), ollama.WithModel(c.EmbedderModel), ollama.WithHTTPClient(http.DefaultClient))
			if err != nil {
				return nil, "", 0, err
			}
			client = m
		} else {
			key, err := c.apiKey()
			if err != nil {
				return nil, "", 0, err
			}
			opts := []openai.Option{openai.WithToken(key), openai.WithEmbeddingModel(c.EmbedderModel), openai.WithModel(c.EmbedderModel)}
			if c.OpenAIURL != "" {
				opts = append(opts, openai.WithBaseURL(c.OpenAIURL))
			}
			m, err := openai.New(opts...)
			if err != nil {
				return nil, "", 0, err
			}
			client = m
		}
		e, err := embeddings.NewEmbedder(client)
		if err != nil {
			return nil, "", 0, err
		}
		probe, err := e.EmbedQuery(ctx, "dimension probe")
		if err != nil {
			return nil, "", 0, fmt.Errorf("embedder %s/%s: %w: %w", c.Embedder, c.EmbedderModel, letters.ErrUnavailable, err)
		}
		return e, c.Embedder + ":" + c.EmbedderModel, len(probe), nil
	}
	return nil, "", 0, fmt.Errorf("unknown embedder %q (hash, ollama or openai)", c.Embedder)
}

// newModel returns the configured chat model, or nil when no model is configured.
func newModel(c *Config) (llms.Model, string, error) {
	if c.LLMModel == "" {
		if c.Answerer == "llm" {
			return nil, "", errors.New("--answerer llm needs --llm-model")
		}
		return nil, "", nil
	}
	hc := &http.Client{Timeout: c.LLMTimeout}
	switch c.LLM {
	case "ollama":
		m, err := ollama.New(ollama.WithServerURL(c.OllamaURL), ollama.WithModel(c.LLMModel), ollama.WithHTTPClient(hc))
		return m, "ollama:" + c.LLMModel, err
	case "openai":
		key, err := c.apiKey()
		if err != nil {
			return nil, "", err
		}
		opts := []openai.Option{openai.WithToken(key), openai.WithModel(c.LLMModel), openai.WithHTTPClient(hc)}
		if c.OpenAIURL != "" {
			opts = append(opts, openai.WithBaseURL(c.OpenAIURL))
		}
		m, err := openai.New(opts...)
		return m, "openai:" + c.LLMModel, err
	}
	return nil, "", fmt.Errorf("unknown model provider %q (ollama or openai)", c.LLM)
}
