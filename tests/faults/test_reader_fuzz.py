"""Property-based tests of the two readers that take bytes from outside: the vault file
reader and the content-pack loader.

The vault reader gets random bytes, every kind of truncation of a real vault, byte
mutations of a real vault, and -- because the header checksum stops almost every random
change at the door -- headers deliberately rewritten and *re-checksummed*, so hostile
JSON, key slots and key-derivation parameters reach the code behind the checksum. It may
only ever answer with ``FormatError`` (``vault_format.split``) or an ``RmpairError``
(``Vault.open``; ``check_generations`` reports and never raises). Damage to a real vault
must be reported as damage, never as a wrong passphrase.

"Never allocate without bound" is checked where an allocation could come from: the key
derivation (Argon2id allocates what the header asks). Every derivation in this module
goes through a guard that fails the test, instead of deriving, if a header got more
memory than the product's default (``DERIVATION_GUARD_KIB``) or more than eight passes
past the bounds (no generator here makes such values inside them); the hand-built
hostile headers additionally prove no derivation happened at all. The header length
field is checked with ``tracemalloc``.

The content loader gets random text, mutated copies of the shipped TOML files and
documents assembled from TOML fragments with hostile values; ``load_pack_dirs`` must
return, and every problem must name the file.

Hypothesis runs derandomized with no example database, so CI sees the same examples every
time; the 2 s deadline per example is a hang guard, not a performance assertion.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import struct
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.faults.faultkit import FAST_KDF, PASS_A
from rmpair.core import crypto, paths
from rmpair.content import content_files, load_pack_dirs
from rmpair.core.errors import RmpairError
from rmpair.core.vault import Vault, check_generations
from rmpair.core.vault_format import _FIXED, MAGIC, MAX_HEADER_BYTES, FormatError, split

FUZZ = settings(
    max_examples=200,
    deadline=2000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# The product's default Argon2id memory. No header in this module asks for more unless
# the bounds in KdfParams.from_dict let it through, which the guard turns into a failure.
DERIVATION_GUARD_KIB = 64 * 1024


class HostileDerivation(AssertionError):
    pass


class Derivations(list):
    """The key derivations run so far (a list with a short repr for failure reports)."""

    def __repr__(self) -> str:
        return f"<{len(self)} key derivations>"


class RealVault(dict):
    """A real vault's bytes and parts (a dict with a short repr for failure reports)."""

    def __repr__(self) -> str:
        return f"<real vault, {len(self['data'])} bytes>"


@pytest.fixture(scope="module", autouse=True)
def derivations():
    """Every key derivation in this module, recorded; one that asks for more than the
    product's default cost fails the test instead of running."""
    real = crypto.derive_key
    calls = Derivations()

    def guarded(secret, salt, params, *form):
        calls.append(params)
        if params.memory_kib > DERIVATION_GUARD_KIB or params.iterations > 8:
            raise HostileDerivation(f"a header got past the bounds to a key derivation with {params}")
        return real(secret, salt, params, *form)

    patcher = pytest.MonkeyPatch()
    patcher.setattr(crypto, "derive_key", guarded)
    yield calls
    patcher.undo()


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A real vault's bytes (fast key derivation, an entry of each visibility) and a
    scratch file to write variants of it to."""
    from rmpair.core.service import PairService

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "real.rmpair"
    service, _ = PairService.create(
        path, role="mentor", name="Ada", passphrase=PASS_A,
        programme_start=date(2026, 1, 5), kdf=FAST_KDF, agendas={},
    )
    service.add_entry(kind="talking-point", title="private", body="mine")
    service.add_entry(kind="note", title="shared", body="ours", private=False)
    service.close()
    data = path.read_bytes()
    header, prefix, body = split(data)
    return RealVault(
        data=data,
        prefix_len=len(prefix),
        header=json.loads(header.to_bytes()),
        body=body,
        scratch=folder / "variant.rmpair",
    )


def rechecksummed(header: object | bytes, body: bytes, *, version: int = 1) -> bytes:
    """A file whose header is ``header`` (a JSON value, or raw bytes) with a *correct*
    checksum, so the reader gets past the integrity check to the parsing behind it."""
    raw = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    start = MAGIC + _FIXED.pack(version, len(raw)) + raw
    return start + hashlib.sha256(start).digest() + body


def read_as_rmpair_would(real, data: bytes) -> str:
    """Feed ``data`` to split, Vault.open and check_generations; only the allowed
    outcomes pass. Returns "opened", or the class name of the RmpairError."""
    try:
        split(data)
    except FormatError:
        pass
    scratch = real["scratch"]
    scratch.write_bytes(data)
    reports = check_generations(scratch, PASS_A)  # must not raise
    assert reports and reports[0].label == "vault"
    try:
        vault, _ = Vault.open(scratch, PASS_A, write=False)
    except RmpairError as error:
        assert "\n" not in str(error)
        assert not reports[0].good, "check says good but open refused it"
        return type(error).__name__
    vault.close()
    assert reports[0].good, f"open accepted it but check says {reports[0].detail}"
    return "opened"


# -- the vault reader: random and damaged bytes ---------------------------------------------


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused_as_damage(real, data):
    assert read_as_rmpair_would(real, data) == "VaultDamaged"


@FUZZ
@given(
    version=st.integers(0, 0xFFFF),
    length=st.one_of(st.integers(0, 600), st.integers(0, 0xFFFFFFFF), st.just(0xFFFFFFFF)),
    rest=st.binary(max_size=700),
)
def test_random_bytes_behind_the_magic_are_refused(real, version, length, rest):
    data = MAGIC + struct.pack(">HI", version, length) + rest
    assert read_as_rmpair_would(real, data) == "VaultDamaged"


@FUZZ
@given(st.data())
def test_every_truncation_of_a_real_vault_is_damage(real, data):
    whole = real["data"]
    # Half the cuts fall in or near the prefix, where the parser has the most to do.
    keep = data.draw(st.one_of(st.integers(0, real["prefix_len"] + 64), st.integers(0, len(whole) - 1)))
    assert read_as_rmpair_would(real, whole[:keep]) == "VaultDamaged"


@FUZZ
@given(st.data())
def test_mutated_bytes_of_a_real_vault_are_damage_never_a_wrong_passphrase(real, data):
    whole = bytearray(real["data"])
    near_prefix = st.integers(0, real["prefix_len"] + 64)
    anywhere = st.integers(0, len(whole) - 1)
    changes = data.draw(st.lists(st.tuples(st.one_of(near_prefix, anywhere), st.integers(0, 255)), min_size=1, max_size=8))
    for position, value in changes:
        whole[position] = value
    outcome = read_as_rmpair_would(real, bytes(whole))
    if bytes(whole) == real["data"]:
        assert outcome == "opened"
    else:
        assert outcome == "VaultDamaged", "damage must send the person to check/restore, not to retype"


# -- the vault reader: hostile headers behind a correct checksum ------------------------------

_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=16),
    st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode()),
)
_json = st.recursive(
    _leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
# Key-derivation parameters: mostly outside the bounds, sometimes cheap and inside them
# (then the slot simply does not open), never inside the bounds and expensive.
_kdf = st.fixed_dictionaries(
    {
        "memory_kib": st.one_of(
            st.integers(-(2**64), 7), st.integers(4 * 1024 * 1024 + 1, 2**64), st.sampled_from([8, 16, 64, 1024]), _leaf
        ),
        "iterations": st.one_of(st.integers(-5, 0), st.integers(65, 2**64), st.sampled_from([1, 2]), _leaf),
        "lanes": st.one_of(st.integers(-3, 40), _leaf),
        "name": st.one_of(st.just("argon2id"), st.text(max_size=10), _leaf),
    }
)
_salt = st.binary(max_size=24).map(lambda b: base64.b64encode(b).decode())
_slot_field = st.sampled_from(["id", "kind", "owner", "salt", "kdf", "sealed", "extra"])


@st.composite
def hostile_headers(draw, header):
    header = copy.deepcopy(header)
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["field", "kdf", "kdf-field", "salt", "drop", "slots", "whole", "duplicate"]))
        slots = header.get("slots") if isinstance(header, dict) else None
        if not isinstance(slots, list) or not slots or not all(isinstance(s, dict) for s in slots):
            what = "whole" if what not in ("slots", "whole") else what
        if what in ("field", "kdf", "kdf-field", "salt", "drop", "duplicate"):
            slot = slots[draw(st.integers(0, len(slots) - 1))]
            if what == "field":
                slot[draw(_slot_field)] = draw(_json)
            elif what == "kdf":
                slot["kdf"] = draw(_kdf)
            elif what == "kdf-field" and isinstance(slot.get("kdf"), dict):
                key = draw(st.sampled_from(["memory_kib", "iterations", "lanes", "name"]))
                slot["kdf"][key] = draw(_kdf)[key]
            elif what == "salt":
                slot["salt"] = draw(_salt)
            elif what == "drop":
                slot.pop(draw(_slot_field), None)
            elif what == "duplicate":
                slots.extend(copy.deepcopy(slot) for _ in range(draw(st.integers(1, 5))))
        elif what == "slots":
            header = {"slots": draw(_json)}
        else:
            header = draw(_json)
    return header


@FUZZ
@given(st.data())
def test_hostile_headers_behind_a_good_checksum_are_refused_in_words(real, derivations, data):
    header = data.draw(hostile_headers(real["header"]))
    outcome = read_as_rmpair_would(real, rechecksummed(header, real["body"]))
    assert outcome in ("opened", "VaultDamaged", "WrongPassphrase", "RmpairError")


@FUZZ
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_raw_header_bytes_behind_a_good_checksum_are_refused(real, raw):
    assert read_as_rmpair_would(real, rechecksummed(raw, real["body"])) == "VaultDamaged"


def _with_kdf(real, **changes) -> bytes:
    header = copy.deepcopy(real["header"])
    for slot in header["slots"]:
        slot["kdf"].update(changes)
    return rechecksummed(header, real["body"])


def _with_salt(real, salt: bytes) -> bytes:
    header = copy.deepcopy(real["header"])
    for slot in header["slots"]:
        slot["salt"] = base64.b64encode(salt).decode()
    return rechecksummed(header, real["body"])


HOSTILE = {
    "memory 2**40 KiB": lambda r: _with_kdf(r, memory_kib=2**40),
    "memory one KiB past the bound": lambda r: _with_kdf(r, memory_kib=4 * 1024 * 1024 + 1),
    "memory negative": lambda r: _with_kdf(r, memory_kib=-1),
    "memory as text": lambda r: _with_kdf(r, memory_kib="65536"),
    "memory as a float": lambda r: _with_kdf(r, memory_kib=1e12),
    "memory as true": lambda r: _with_kdf(r, memory_kib=True),
    "iterations 2**63": lambda r: _with_kdf(r, iterations=2**63),
    "iterations 65": lambda r: _with_kdf(r, iterations=65),
    "lanes 2**20": lambda r: _with_kdf(r, lanes=2**20),
    "lanes 0": lambda r: _with_kdf(r, lanes=0),
    "lanes 16 with 8 KiB (below Argon2's 8 KiB per lane)": lambda r: _with_kdf(r, memory_kib=8, lanes=16),
    "another key derivation": lambda r: _with_kdf(r, name="scrypt"),
    "empty salt": lambda r: _with_salt(r, b""),
    "seven-byte salt (Argon2 needs eight)": lambda r: _with_salt(r, b"1234567"),
    "header nested 30000 deep": lambda r: rechecksummed(b'{"slots":' + b"[" * 30000 + b"]" * 30000 + b"}", r["body"]),
    "header with a 5000-digit number": lambda r: rechecksummed(b'{"slots":[' + b"9" * 5000 + b"]}", r["body"]),
    "header that is not UTF-8": lambda r: rechecksummed(b'{"slots":["\xff\xfe"]}', r["body"]),
    "header length 0xFFFFFFFF": lambda r: MAGIC + _FIXED.pack(1, 0xFFFFFFFF) + r["data"][len(MAGIC) + _FIXED.size :],
    "header length one past the bound, and that long": lambda r: rechecksummed(
        b'{"slots":[],"pad":"' + b"x" * (MAX_HEADER_BYTES - 20) + b'"}', r["body"]
    ),
}


@pytest.mark.parametrize("build", HOSTILE.values(), ids=HOSTILE.keys())
def test_hand_built_hostile_headers_are_refused_before_any_key_derivation(real, derivations, build):
    data = build(real)
    derivations.clear()
    tracemalloc.start()
    try:
        with pytest.raises(FormatError):
            split(data)
        outcome = read_as_rmpair_would(real, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome == "VaultDamaged"
    assert derivations == [], f"a key derivation ran for a header that should have been refused: {derivations}"
    # Reading, checking and refusing the file costs a few copies of it, not what the
    # header claims (0xFFFFFFFF bytes, 2**40 KiB...).
    assert peak < 8 * len(data) + 4 * 1024 * 1024, f"peak {peak} bytes for a {len(data)}-byte file"


# -- the content loader ------------------------------------------------------------------------

_SHIPPED_DIR = paths.shipped_prompts_dir()
SHIPPED = {str(p.relative_to(_SHIPPED_DIR)): p.read_text(encoding="utf-8") for p in content_files(_SHIPPED_DIR)}


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pack")


def load_one_file(pack_dir: Path, content: str | bytes, name: str = "fuzzed.toml"):
    for old in pack_dir.iterdir():
        old.unlink()
    target = pack_dir / name
    if isinstance(content, str):
        target.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        target.write_bytes(content)
    pack = load_pack_dirs([pack_dir])  # must not raise
    for problem in pack.problems:
        assert problem.path == target, f"a problem does not name the file: {problem}"
        assert str(problem).startswith(str(target))
        assert problem.message.strip()
        assert problem.line is None or problem.line >= 1
    return pack


@FUZZ
@given(st.text(max_size=2000))
def test_random_text_as_a_content_file_never_raises(pack_dir, text):
    load_one_file(pack_dir, text)


_toml_alphabet = st.sampled_from(
    list('[]{}=,."\'\n #\\tf0123456789-+:_eE')
    + ["[[prompt]]", '"""', "'''", "\r\n", "\x00", "\ufeff"]
)


@st.composite
def mutated_shipped_file(draw):
    text = SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))]
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "duplicate-line", "swap-lines", "truncate", "replace-value"]))
        lines = text.splitlines(keepends=True)
        if op == "delete" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
        elif op == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + "".join(draw(st.lists(_toml_alphabet, max_size=8))) + text[at:]
        elif op == "duplicate-line" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "".join(lines)
        elif op == "swap-lines" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif op == "replace-value":
            # Swap the value of one "key = value" line for a TOML literal of another type.
            candidates = [i for i, line in enumerate(lines) if " = " in line]
            if candidates:
                i = draw(st.sampled_from(candidates))
                key = lines[i].split(" = ", 1)[0]
                lines[i] = f"{key} = {draw(_toml_literal)}\n"
                text = "".join(lines)
    return text


_toml_literal = st.one_of(
    st.integers(-(2**63), 2**63 - 1).map(str),
    st.sampled_from(["true", "false", "inf", "nan", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "[]", "{}",
                     '"all"', '"both"', '"mentor"', "[0, 7]", "[1, 1, 1]", '["", " "]', "[[1], [2]]", '{ a = 1 }',
                     '""', '"   "', "0x7fffffffffffffff", "3.5", "-0", '"""\n\n\n"""', "[ { } ]"]),
    st.text(max_size=30).map(json.dumps),
)


@FUZZ
@given(mutated_shipped_file())
def test_mutated_shipped_files_never_raise(pack_dir, text):
    load_one_file(pack_dir, text)


_sections = st.sampled_from(
    ["[[category]]", "[[prompt]]", "[[agenda]]", "[[agenda.item]]", "[[observation]]", "[[observation.field]]",
     "[[reflection]]", "[[reflection.section]]", "[[checkin]]", "[prompt]", "[agenda]", "[[unknown]]", "[category.x]"]
)
_keys = st.sampled_from(
    ["id", "name", "order", "mentor_description", "mentee_description", "category", "role", "meetings", "title",
     "text", "hint", "meeting", "purpose", "item", "intro", "default", "field", "closing", "section", "minutes",
     "label", "kind", "help", "options", "required", "min_entries", "max_entries", "heading", "question", "bogus"]
)


@st.composite
def assembled_document(draw):
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(_sections))
        else:
            lines.append(f"{draw(_keys)} = {draw(_toml_literal)}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(assembled_document())
def test_documents_assembled_from_toml_fragments_never_raise(pack_dir, text):
    load_one_file(pack_dir, text)


HOSTILE_CONTENT = {
    "array nested 5000 deep": "[[prompt]]\nid = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline tables nested 2000 deep": "x = " + "{a=" * 2000 + "1" + "}" * 2000 + "\n",
    "a 5000-digit integer": "[[agenda]]\nmeeting = " + "9" * 5000 + "\n",
    "a 5000-digit integer in a list": "[[prompt]]\nmeetings = [" + "1" * 5000 + "]\n",
    "not UTF-8": b"[[prompt]]\nid = \"\xff\xfe\"\n",
    "a NUL byte": "[[prompt]]\nid = \"a\x00b\"\n",
    "only a byte-order mark": "\ufeff",
    "empty": "",
    "old Mac line ends": '[[checkin]]\rid = "a"\rtext = "b"\r',
    "a one-megabyte line": '[[checkin]]\nid = "long"\ntext = "' + "x" * (1 << 20) + '"\n',
    "a million empty tables": "[[checkin]]\n" * 20000,
}


@pytest.mark.parametrize("content", HOSTILE_CONTENT.values(), ids=HOSTILE_CONTENT.keys())
def test_hand_built_hostile_content_files_become_problems(pack_dir, content):
    load_one_file(pack_dir, content)


def test_a_folder_or_a_dangling_link_named_like_a_content_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    pack = load_pack_dirs([tmp_path])
    assert [p.path.name for p in pack.problems] == ["dangling.toml"]


def test_the_content_fuzz_is_not_vacuous(pack_dir):
    """The generators above do reach the readers: a fragment-built document can load an
    item, and a broken one is reported with its line."""
    good = load_one_file(pack_dir, '[[checkin]]\nid = "safe"\ntext = "I felt safe."\n')
    assert [s.id for s in good.checkin_statements] == ["safe"] and good.problems == []
    broken = load_one_file(pack_dir, '[[checkin]]\nid = "safe"\ntext = \n')
    assert broken.problems and broken.problems[0].line == 3
