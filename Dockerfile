# policykg API image: `docker compose up` runs it against the neo4j service
# (see docker-compose.yml); on its own it uses the embedded FalkorDB.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Metadata first, then the four packages pyproject.toml names: source edits
# elsewhere in the repo (tests, docs) do not invalidate the install layer.
COPY pyproject.toml README.md ./
COPY nlp ./nlp
COPY graph ./graph
COPY api ./api
COPY cypher ./cypher
RUN pip install . \
    && useradd --create-home --uid 10001 policykg

# Run unprivileged; the embedded FalkorDB (used when no graph URL is set) keeps its data here.
USER policykg
WORKDIR /home/policykg
ENV POLICYKG_DATA_DIR=/home/policykg/policykg-data

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
# 0.0.0.0 inside the container; docker-compose.yml publishes it on the host's loopback only.
CMD ["policykg", "serve", "--host", "0.0.0.0"]
