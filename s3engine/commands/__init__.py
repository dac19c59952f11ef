"""One module per command: `register(subparsers)` defines its arguments, `run(args)` does it."""
