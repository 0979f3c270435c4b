"""Command-line adapter (typer): Dutch for users, exit code 2 on bad input, nothing half-written."""
