"""Monitoring against the national goal (issue 13): pure figures over rows (`figures`), one
query module that reads the rows (`query`), server-side SVG charts (`charts`), the anonymised
export for the national monitor (`export`) and the repeat-address register (`register`)."""
