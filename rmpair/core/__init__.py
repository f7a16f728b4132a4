"""The pair's vault and the one service over it: cryptography, the file format and its
lock, the vault, the database inside it, the readers and the ``PairService`` door.

Nothing here imports Textual, the content pack or the reports (see ARCHITECTURE.md).
"""
