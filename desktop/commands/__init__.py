"""One module per CLI command; each has register(subparsers) and a handler."""
