"""What the pair sees about itself, read-only over the core: the progress view, exports
in each format, and the content-free programme summary."""
