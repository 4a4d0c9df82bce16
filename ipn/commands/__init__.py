"""Commands of the `ipn` command line, one module per command family."""
