"""The one settings object of policykg, read from `POLICYKG_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: URL schemes that select Neo4j; any other POLICYKG_GRAPH_URL is refused (not silently embedded).
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def default_data_dir() -> Path:
    """The per-user data directory (~/.local/share/policykg on Linux): the same graph from any working directory."""
    return user_data_path("policykg", appauthor=False)


class Settings(BaseSettings):
    """All configuration; every module reads settings through `get_settings()`."""

    model_config = SettingsConfigDict(env_prefix="POLICYKG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, description="Where the embedded FalkorDB keeps its "
                           "socket and data: the per-user data directory unless POLICYKG_DATA_DIR is set.")
    graph_url: str | None = Field(
        None, description="bolt://… or neo4j://… selects Neo4j; unset means the embedded FalkorDB."
    )
    graph_connect_timeout_s: float = Field(
        5.0, gt=0, description="How long connecting to Neo4j may take (per attempt and for retries) before "
        "the command fails with the URL and the reason.")
    graph_user: str = "neo4j"
    graph_password: SecretStr = SecretStr("")
    graph_database: str | None = Field(None, description="Neo4j database name; the server default when unset.")
    graph_name: str = Field("policykg", description="FalkorDB graph key.")
    aof_fsync: Literal["always", "everysec"] = Field(
        "everysec",
        description="FalkorDB append-only-file fsync policy. everysec survives a killed server with no loss "
        "(the OS holds what was written); `always` also survives a power cut, at a cost on every write.",
    )

    host: str = "127.0.0.1"
    port: int = 8000
    api_key: SecretStr | None = Field(None, description="Required on write routes (POST /documents) when set.")
    cors_origins: list[str] = Field(default_factory=list)

    query_timeout_ms: int = Field(5000, gt=0, description="Server-side timeout of ad-hoc read queries.")
    row_cap: int = Field(1000, gt=0, description="Most rows an ad-hoc query returns.")
    query_mem_mb: int = Field(1024, gt=0, description="Most memory one FalkorDB query may use (server start-up).")
    max_query_chars: int = Field(10_000, gt=0, description="Longest ad-hoc query accepted.")
    max_query_depth: int = Field(
        10, gt=0, description="Deepest nesting (brackets, CASE, NOT, signs) of an ad-hoc query: FalkorDB's parser "
        "time doubles per level (20 levels: 15 s), before the query timeout applies.")
    max_param_depth: int = Field(16, gt=0, description="Deepest nesting of lists and maps in ad-hoc parameters.")
    max_param_items: int = Field(100_000, gt=0, description="Most values (all levels) in ad-hoc parameters.")
    max_param_chars: int = Field(1_000_000, gt=0, description="Most characters of strings in ad-hoc parameters.")
    max_range_items: int = Field(
        10_000_000, gt=0, description="Largest range() an ad-hoc query may build: FalkorDB allocates the whole list "
        "at once, past the memory cap.")
    server_mem_mb: int = Field(
        8192, ge=0, description="Address-space limit of the embedded FalkorDB server (0: none), so that an "
        "allocation the per-query cap misses fails the server (which the next request restarts) instead of "
        "exhausting the machine.")
    kill_runaway_queries: bool = Field(
        True, description="When an ad-hoc query runs past its timeout plus a second (FalkorDB cannot cancel one "
        "long expression), restart the embedded server to end it; unacknowledged writes in flight then fail.")
    health_timeout_ms: int = Field(800, gt=0, description="How long /health waits for the graph's counts.")
    response_cache_mb: int = Field(
        64, ge=0, description="Memory per API worker for JSON responses cached per graph version (any write "
        "invalidates them, in every process); 0 turns the cache off.")
    response_cache_max_age_s: float = Field(
        300.0, gt=0, description="Oldest a cached response may be, whatever the graph version says: a bound on "
        "staleness should a writer die between its write and its version bump.")
    batch_size: int = Field(500, gt=0, description="Rows per UNWIND batch in the loader.")
    max_upload_bytes: int = Field(5_000_000, gt=0, description="Largest body POST /documents accepts.")

    max_file_bytes: int = Field(20_000_000, gt=0, description="Files larger than this are skipped by ingest.")
    max_unpacked_bytes: int = Field(
        100_000_000, gt=0, description="Most bytes the members of a .docx (a zip archive) may unpack to: a zip "
        "bomb of 48 KB unpacks to gigabytes; larger archives are skipped before they are unpacked.")
    max_archive_members: int = Field(1000, gt=0, description="Most members a .docx archive may hold.")
    max_pdf_pages: int = Field(2000, gt=0, description="PDFs with more pages are skipped before any page is read.")
    max_text_chars: int = Field(
        20_000_000, gt=0, description="Most characters of text a PDF or .docx may yield; extraction stops past it.")
    ingest_workers: int = Field(0, ge=0, description="Extraction processes for ingest; 0 means one per core.")
    ingest_group_rows: int = Field(2000, gt=0, description="Rows per atomic write group; 1 writes file by file.")
    ingest_log: Path | None = Field(None, description="Acknowledgement log: one line per file once it landed.")
    min_free_mb: int = Field(
        64, ge=0, description="Writes stop (not acknowledged, the CLI says why) when the embedded graph's data "
        "directory has less free space than this; 0 relies on the server's append-only-file status alone.")

    ner_model: Path | None = Field(
        None, description="A model trained by `policykg train` (its model-best folder): when set, the extractor "
        "adds the model's Agency and Organization spans that the rules did not find, as the least trusted "
        "proposals, after the rules' name filters. Unset: the rules alone (the fast path).")
    ner_train_dir: Path | None = Field(
        None, description="Where `policykg train` writes its corpus and model; unset: <data_dir>/ner.")

    @field_validator("ner_model", mode="before")
    @classmethod
    def ner_model_empty_is_unset(cls, value: object) -> object:
        """An empty POLICYKG_NER_MODEL= means unset (the rules alone), not the working directory."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("ner_model")
    @classmethod
    def ner_model_is_a_pipeline(cls, value: Path | None) -> Path | None:
        """Unset means the rules alone; otherwise a spaCy pipeline folder (with its meta.json and config)."""
        if value is None:
            return None
        if not (value / "meta.json").is_file() or not (value / "config.cfg").is_file():
            raise ValueError(f"POLICYKG_NER_MODEL must name a model folder written by `policykg train` (its "
                             f"model-best, with meta.json and config.cfg), not {str(value)!r}; unset it for the "
                             "rules alone")
        return value

    @property
    def ner_output(self) -> Path:
        """The folder `policykg train` writes to (its `model-best` is what POLICYKG_NER_MODEL names)."""
        return self.ner_train_dir or self.data_dir / "ner"

    @field_validator("graph_url")
    @classmethod
    def graph_url_is_bolt(cls, value: str | None) -> str | None:
        """Unset (or empty) means the embedded graph; otherwise a `scheme://host[:port]` of Neo4j."""
        if value is None or not value.strip():
            return None
        scheme, sep, rest = value.strip().partition("://")
        if not sep or scheme.lower() not in NEO4J_SCHEMES or not rest.strip("/"):
            raise ValueError(f"POLICYKG_GRAPH_URL must look like bolt://host:7687 or neo4j://host:7687 "
                             f"(schemes: {', '.join(NEO4J_SCHEMES)}), not {value!r}; unset it for the embedded graph")
        return value.strip()

    @property
    def backend(self) -> str:
        """`neo4j` when a Bolt URL is configured, else `falkordb`."""
        return "neo4j" if self.graph_url else "falkordb"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call `get_settings.cache_clear()` after changing env)."""
    return Settings()
