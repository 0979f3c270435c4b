"""Closure decisions (woningsluiting): lifecycle, completeness and legal deadlines."""
