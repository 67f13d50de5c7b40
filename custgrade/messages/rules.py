"""Messages of the rules area: key -> (zh, en)."""

MESSAGES: dict[str, tuple[str, str]] = {}
