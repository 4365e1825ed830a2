"""The edges of policykg: the HTTP API, the pyvis views, the CLI and ingestion of files."""
