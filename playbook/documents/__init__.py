"""Documents: Jinja2 templates rendered by WeasyPrint to PDF/A, stored with their hash."""
