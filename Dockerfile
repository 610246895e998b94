# rcsim in a container: two simulated 3PAR arrays on one address.
#   docker build -t rcsim .
#   docker run --rm -e RCSIM_TOKEN=secret -p 8008:8008 -p 8009:8009 \
#       -p 8080:8080 -p 8081:8081 -p 2222:2222 -p 2223:2223 -p 8090:8090 \
#       -p 10809:10809 -p 10810:10810 rcsim
# site-a: WSAPI 8008 (http) / 8080 (https), SSH 2222; site-b: 8009 / 8081,
# SSH 2223; NBD (host data path) 10809 / 10810; control API 8090 (needs
# RCSIM_TOKEN: it listens on 0.0.0.0).
# State lives in /data (a volume); mount it to keep it across containers.

FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      gcc make pkg-config xxd libsqlite3-dev libmicrohttpd-dev libcjson-dev libssh-dev libnbd-dev \
      libxxhash-dev \
      libcurl4-openssl-dev libgnutls28-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make clean && make all && install -D -m 0755 build/rcsim /out/rcsim

FROM debian:12-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      libsqlite3-0 libmicrohttpd12 libcjson1 libssh-4 libcurl4 libgnutls30 libxxhash0 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin rcsim \
 && mkdir -p /data /etc/rcsim && chown rcsim:rcsim /data
COPY --from=build /out/rcsim /usr/local/bin/rcsim
COPY fixtures/docker.json /etc/rcsim/docker.json
USER rcsim
VOLUME ["/data"]
EXPOSE 8008 8009 8080 8081 2222 2223 8090 10809 10810
# RCSIM_TOKEN (required here, the control API listens on 0.0.0.0) is read by
# `rcsim serve` and by `rcsim` client commands run inside the container.
ENV RCSIM_URL=http://127.0.0.1:8090
# While starting, probe every second (Docker 25+), so that compose's
# service_healthy follows the server's start-up (about 0.1 s), not the
# 10 s interval.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --start-interval=1s \
  CMD ["sh", "-c", "exec rcsim status >/dev/null"]
CMD ["rcsim", "serve", "--db", "/data/rcsim.db", "--fixture", "/etc/rcsim/docker.json", \
     "--control", "0.0.0.0:8090", "--clock", "real", "--log-level", "info"]
