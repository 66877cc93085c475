-- A second database for the ollama profile: a corpus is embedded with one
-- embedder, so the Ollama-embedded corpus lives apart from the built-in one.
CREATE DATABASE letters_ollama OWNER letters;
