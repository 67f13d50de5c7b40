"""Messages of the report area: key -> (zh, en)."""

MESSAGES: dict[str, tuple[str, str]] = {}
