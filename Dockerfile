# A FROM scratch image holding one static binary and nothing else.
#
# The site's own address is compiled in (feed, sitemap, canonical links),
# so it is a required build argument:
#   docker build --build-arg PHASESPACE_BASE_URL=https://blog.example.org -t phasespace .
#   docker run -p 8080:8080 phasespace
# To try the image on this machine, say so:
#   --build-arg PHASESPACE_BASE_URL=http://localhost:8080
# The build fails without it rather than warn: an image is made to be
# deployed, it listens on 0.0.0.0, and a warning scrolls past in BuildKit's
# output while the image ships pointing every feed reader at 127.0.0.1.
# The site is compiled into the binary: rebuild the image to publish a post.
FROM rust:1-bookworm AS build
RUN rustup target add x86_64-unknown-linux-musl \
 && apt-get update && apt-get install -y --no-install-recommends musl-tools
# Declared after the toolchain layer, so a new address does not redo it.
ARG PHASESPACE_BASE_URL
RUN test -n "$PHASESPACE_BASE_URL" || { echo "error: set the site's public address: docker build --build-arg PHASESPACE_BASE_URL=https://your.domain ." >&2; exit 1; }
WORKDIR /src
COPY . .
# --profile dist, as the release workflow: target/<triple>/dist/phasespace.
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
