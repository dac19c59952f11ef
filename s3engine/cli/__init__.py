"""The command-line interface: one module per command, `register(subparsers)` defines its
arguments (cheap: only argparse) and `run(args) -> int` does it; rendering with rich."""
