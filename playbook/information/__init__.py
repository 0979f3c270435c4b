"""Information exchange with police (bestuurlijke rapportage) and OM (art. 39f Wjsg)."""
