# syntax=docker/dockerfile:1
# Build: docker build -t migrate .    (VERSION and COMMIT as build args, else "(devel)")
# Run:   docker run --rm -v "$PWD:/work" -w /work migrate upgrade head
# The binary is built by scripts/release.sh, exactly as in the release archives.
FROM golang:1.26 AS build
ARG TARGETOS=linux TARGETARCH=amd64 VERSION="(devel)" COMMIT=""
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN VERSION="$VERSION" COMMIT="$COMMIT" scripts/release.sh binary "$TARGETOS" "$TARGETARCH" /out/migrate

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/migrate /usr/local/bin/migrate
ENTRYPOINT ["migrate"]
