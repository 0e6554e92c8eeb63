# Production image of the one binary: built statically, run as non-root on distroless.
# The web app is built first (npm ci from the lock file) and embedded by go:embed.
FROM node:20-bookworm AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /web/dist ./web/dist
RUN CGO_ENABLED=0 go build -trimpath -o /out/cronica ./cmd/cronica && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/cronica /cronica
# CRONICA_DATA_DIR; owned by the nonroot user (65532) so a fresh named volume is writable.
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/cronica"]
CMD ["serve"]
