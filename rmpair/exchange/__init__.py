"""Two laptops, one pair: pairing a second laptop, encrypted exchange bundles, and a merge
that loses nobody's writing. Over the core; under the command line and the app."""
