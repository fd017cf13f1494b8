# syntax=docker/dockerfile:1
# Build: docker build -t migrate .
# Run:   docker run --rm -v "$PWD:/work" -w /work migrate upgrade head
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/migrate .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/migrate /usr/local/bin/migrate
ENTRYPOINT ["migrate"]
