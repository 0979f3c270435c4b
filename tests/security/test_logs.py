"""The access log keeps the path but never the query string (search terms are personal data)."""

import logging

from playbook.web.logs import DropQueryString


def test_access_log_line_has_no_query_string() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/zaken?zoek=De%20Boer", "1.1", 200), None)
    DropQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /zaken HTTP/1.1" 200'
