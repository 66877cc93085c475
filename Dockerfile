# syntax=docker/dockerfile:1
# letters: a static Go binary on a small Debian runtime that has pdftotext
# (poppler-utils) for PDF letters. Runs as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/letters ./cmd/letters

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 letters \
 && useradd --system --uid 10001 --gid letters --home-dir /nonexistent --shell /usr/sbin/nologin letters \
 && mkdir /uploads && chown 10001:10001 /uploads
COPY --from=build /out/letters /usr/local/bin/letters
COPY deploy/entrypoint.sh /usr/local/bin/letters-entrypoint
COPY letters /letters
USER 10001:10001
ENV LETTERS_ADDR=:8080 LETTERS_UPLOAD_DIR=/uploads
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/letters", "health", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/letters-entrypoint"]
CMD ["serve"]
