"""`ipn bench`: a synthetic network of a chosen size in a fresh database (network.py), and the
registry's public pages, full re-evaluation and one change measured against it (measure.py)."""
