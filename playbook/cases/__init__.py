"""Cases: intake validation, the service functions every adapter calls, and read models."""
