"""Two laptops of one pair, made in-process with a cheap key derivation: laptop A with both
people (the mentor's), laptop B accepted from A's pairing invite for the mentee."""

from __future__ import annotations

from pathlib import Path

from rmpair.core.crypto import KdfParams

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)


def pair_laptops(folder: Path, make_a, mentee_passphrase: str) -> tuple[Path, Path]:
    """``make_a(path)`` fills laptop A (both people joined); returns (A, B)."""
    from rmpair.core.service import PairService
    from rmpair.exchange import invite

    a, b = folder / "a" / "pair.rmpair", folder / "b" / "pair.rmpair"
    a.parent.mkdir(parents=True)
    b.parent.mkdir()
    make_a(a)
    service = PairService.unlock(a, mentee_passphrase)
    try:
        made = invite.make_invite(service, folder / "invite.rmpair", kdf=FAST_KDF)
    finally:
        service.close()
    opened = invite.open_invite((folder / "invite.rmpair").read_bytes(), made.code)
    invite.accept_invite(opened, b, mentee_passphrase).close()
    return a, b


def exchange(source: Path, source_pass: str, target: Path, target_pass: str, bundle: Path) -> None:
    """One bundle from ``source`` taken in by ``target``, as the two commands would."""
    from rmpair.core.service import PairService
    from rmpair.exchange import bundles

    service = PairService.unlock(source, source_pass)
    try:
        bundles.export_bundle(service, bundle)
    finally:
        service.close()
    service = PairService.unlock(target, target_pass)
    try:
        incoming = bundles.open_bundle(service, bundle.read_bytes())
        bundles.apply_import(service, incoming)
        incoming.close()
    finally:
        service.close()
