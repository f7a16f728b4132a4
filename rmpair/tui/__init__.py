"""The Textual app: the app itself, its command palette provider, its words, screens,
widgets and the demo vault. The only package that imports Textual."""
