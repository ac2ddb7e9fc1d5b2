# syntax=docker/dockerfile:1
# AI Waste Coach: one image for every service, worker, beat and the migration Job.
#
# Base image: python 3.11 slim (Debian bookworm). The digest was cross-checked against several
# public repositories that pin the same tag, not against the registry itself (this project builds
# offline); verify it with `docker buildx imagetools inspect python:3.11.14-slim-bookworm`.
# Both stages must use the same reference: change them together.

# The web client's browser dependencies (Leaflet), installed from the committed lockfile.
# Pinned by exact tag only: its digest could not be checked against the registry from here.
FROM node:22.12.0-bookworm-slim AS frontend
WORKDIR /build/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && test -f node_modules/leaflet/dist/leaflet.css \
    && test -f node_modules/leaflet/dist/leaflet-src.esm.js

FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY src ./src
# A regular (non-editable) install copies the committed model and data files, which are package
# data of `wastecoach`, into site-packages; the runtime stage needs nothing from /build.
# Bytecode is compiled here on purpose: the root filesystem is read-only at run time.
RUN pip install --no-cache-dir . \
    && python -c "import wastecoach"

FROM python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d AS runtime
LABEL org.opencontainers.image.title="wastecoach" \
      org.opencontainers.image.description="AI Waste Coach API, workers and scheduler" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 wastecoach \
    && useradd --system --uid 10001 --gid wastecoach --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin wastecoach
COPY --from=build /opt/venv /opt/venv
# Served by the web client at /vendor/leaflet; the licence sits beside it, outside the served dir.
COPY --from=frontend /build/frontend/node_modules/leaflet/dist /opt/wastecoach/vendor/leaflet
COPY --from=frontend /build/frontend/node_modules/leaflet/LICENSE /opt/wastecoach/licenses/leaflet.txt
ENV PATH=/opt/venv/bin:$PATH \
    WASTECOACH_WEB_VENDOR_DIR=/opt/wastecoach/vendor/leaflet \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WASTECOACH_ENV=production \
    WASTECOACH_LOG_FORMAT=json \
    WASTECOACH_VAR_DIR=/tmp/wastecoach
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000
# Only meaningful for the HTTP commands; Kubernetes ignores it and uses the chart's probes, and
# docker compose overrides it for workers and beat.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["wastecoach"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
