"""Access logs without query strings: a search term (`?zoek=De Boer`) is personal data."""

import logging


class DropQueryString(logging.Filter):
    """uvicorn's access record has args (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def install() -> None:
    logging.getLogger("uvicorn.access").addFilter(DropQueryString())
