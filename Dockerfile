# A FROM scratch image holding one static binary and nothing else.
#   docker build -t phasespace . && docker run -p 8080:8080 phasespace
# The site is compiled into the binary: rebuild the image to publish a post.
FROM rust:1-bookworm AS build
RUN rustup target add x86_64-unknown-linux-musl \
 && apt-get update && apt-get install -y --no-install-recommends musl-tools
WORKDIR /src
COPY . .
# Site settings can be overridden at build time, e.g.
#   docker build --build-arg PHASESPACE_BASE_URL=https://blog.example.org .
ARG PHASESPACE_BASE_URL
RUN cargo build --profile dist --locked --target x86_64-unknown-linux-musl \
 && cp target/x86_64-unknown-linux-musl/dist/phasespace /phasespace

FROM scratch
COPY --from=build /phasespace /phasespace
USER 65534:65534
ENV PHASESPACE_LISTEN=0.0.0.0:8080
EXPOSE 8080
# No shell in the image: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=3s CMD ["/phasespace", "healthcheck"]
ENTRYPOINT ["/phasespace"]
