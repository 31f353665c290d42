# One image for every Procfile role: release, web, worker and clock differ only by command.
#   docker build -t prepbot .
#   docker run --rm --env-file .env prepbot prepbot db upgrade
# BASE is any Debian-like image with python3 (3.11+) and its venv module; the official
# slim image by default. docs/hosting.md has the whole set-up.
ARG BASE=python:3.11-slim

FROM ${BASE} AS build
# A CA bundle for pip behind a TLS-inspecting proxy, as a path inside the build context
# (e.g. --build-arg PIP_CERT=/src/pip-ca.pem). It stays in this stage: the final image
# gets the installed packages only.
ARG PIP_CERT=
COPY . /src
RUN set -eu; \
    if [ -z "${PIP_CERT}" ]; then unset PIP_CERT; fi; \
    python3 -m venv /opt/prepbot; \
    /opt/prepbot/bin/python -m pip install --no-cache-dir --disable-pip-version-check /src; \
    /opt/prepbot/bin/prepbot content check >/dev/null

FROM ${BASE}
COPY --from=build /opt/prepbot /opt/prepbot
# Not root: the process can write only its data folder (the default SQLite file, if no
# DATABASE_URL is set). DATABASE_URL wins over the data folder.
RUN useradd --uid 10001 --user-group --home-dir /data --create-home prepbot
ENV PATH=/opt/prepbot/bin:$PATH \
    PREPBOT_DATA_DIR=/data \
    PYTHONUNBUFFERED=1 \
    PORT=3000
USER prepbot
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
CMD ["prepbot", "run"]
