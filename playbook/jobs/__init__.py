"""Background jobs: bulk letters and daily jobs, on a Redis queue or an in-process pool."""
