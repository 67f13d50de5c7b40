"""Messages of the ingest area: key -> (zh, en)."""

MESSAGES: dict[str, tuple[str, str]] = {}
