"""Messages of the core area: key -> (zh, en)."""

MESSAGES: dict[str, tuple[str, str]] = {}
