"""Letters: one typed context per template, built from the case, rendered to PDF/A and stored."""
