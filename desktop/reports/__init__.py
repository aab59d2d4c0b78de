"""Excel and PDF writers, fed by plain report data from the services."""
