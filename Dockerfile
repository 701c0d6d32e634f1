# Co-production Week Scotland: production image.
# Build:   docker build -t coproweek .
# Release: docker run --rm --env-file prod.env coproweek python manage.py migrate --noinput
# Web:     docker run --env-file prod.env -p 8000:8000 coproweek
# Cron:    every minute, docker run --rm --env-file prod.env coproweek python manage.py publish_scheduled
#          (with REDIS_URL set in prod.env: that is how it tells the web containers what changed)
# Not run in this repository's CI (no Docker engine there); reviewed by hand.

# --- Stage 1: build wheels for everything in requirements.txt ---------------------------
# Pillow and psycopg come as binary wheels with their C libraries inside; the compiler
# is only for any dependency that ships as source.
FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN pip wheel --wheel-dir /wheels -r /tmp/requirements.txt

# --- Stage 2: the runtime, without compilers ---------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=site_config.settings.production \
    PORT=8000
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 coproweek
COPY --from=builder /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/* && rm -rf /wheels

WORKDIR /app
COPY --chown=coproweek:coproweek . /app
# Fingerprinted, compressed static files are part of the image. The key below exists
# only for this build step; the running container must be given its own SECRET_KEY.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /app/private-media && chown coproweek:coproweek /app/media /app/private-media

USER coproweek
EXPOSE 8000
# Migrations are a release step (see the top of this file), never part of start-up,
# so several web containers can start at once safely.
CMD ["sh", "-c", "exec gunicorn site_config.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --no-control-socket"]
