"""The API's access log without secrets: the dashboard page takes its token from the address
bar (`/?token=...`, moved into the tab's storage at once), so that request line reaches the
server once; its value is replaced by `***` before uvicorn writes the line."""

import logging

from services.runtime.redis_url import redact_query

ACCESS_LOGGER = "uvicorn.access"


class RedactSecrets(logging.Filter):
    """uvicorn's access record: args are (client, method, path with query, http version,
    status); the query's secret parameters (`token`, `password`, ...) lose their values."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, sep, query = args[2].partition("?")
            if sep:
                record.args = (*args[:2], f"{path}?{redact_query(query)}", *args[3:])
        return True


def redact_access_log() -> None:
    """Install the filter (after uvicorn configured its loggers); idempotent."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())
