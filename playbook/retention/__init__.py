"""Retention under the AVG: periods per kind of data, pseudonymisation, and art. 15 export."""
