"""Web adapter: FastAPI with server-rendered pages and a JSON API over the same services."""
