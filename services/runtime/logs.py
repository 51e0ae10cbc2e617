"""Process-wide logging: plain or JSON lines, credentials never shown."""

import json
import logging
import sys

from shared.settings import Settings


class _QuietDisconnects(logging.Filter):
    """FastStream logs a traceback per poll while Redis is down; the watchdog already said it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            if (
                isinstance(error, (ConnectionError, OSError))
                or "Connection" in type(error).__name__
            ):
                return False
        return True


#: what a stage's log line may carry besides its message
CONTEXT_FIELDS = ("stage", "article_id", "entry_id", "attempts")


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for field in CONTEXT_FIELDS:  # given by the stage as `extra=`
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_QuietDisconnects())
    if settings.log_json:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
