# followup as a container. SQLite on the /data volume by default; PostgreSQL through
# FOLLOWUP_DATABASE_URL. Build: docker build -t followup .
# Run:   docker run -p 8000:8000 -v followup-data:/data \
#          -e FOLLOWUP_MIGRATE_ON_START=true -e FOLLOWUP_LOAD_ON_START=/app/seed_data followup
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/followup/bin:$PATH

# PDF implementation tables: pango (WeasyPrint draws with it) and Noto CJK (so Chinese prints).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --create-home --home-dir /home/followup followup \
    && python3 -m venv /opt/followup \
    && mkdir -p /app /data && chown followup:followup /data
WORKDIR /app

# Dependencies in their own layer, rebuilt only when the lock changes: every one pinned and
# checked against its hashes (requirements.lock; `make lock` regenerates it).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md LICENSE alembic.ini ./
COPY migrations ./migrations
COPY seed_data ./seed_data
COPY app ./app
RUN pip install --no-deps --editable . && rm -rf build

USER followup
VOLUME ["/data"]
EXPOSE 8000
# Migrations run only when asked (FOLLOWUP_MIGRATE_ON_START=true), and only from one instance:
# with several containers on one PostgreSQL, run `followup db upgrade` once as its own step.
ENV FOLLOWUP_DATABASE_URL=sqlite:////data/followup.db \
    FOLLOWUP_MIGRATE_ON_START=false

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

ENTRYPOINT ["followup"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
