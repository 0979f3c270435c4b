"""Users, roles and passwords (argon2)."""
