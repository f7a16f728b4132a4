"""The JSON export is written by the C encoder: with an indent, Python's json falls back to
its pure-Python encoder, which took two thirds of a 5,000-entry export. Counted, not timed."""

from __future__ import annotations

import json
import json.encoder

from rmpair.reports.export import render

from tests.reports.test_export_golden import DOCUMENTS


def test_the_json_export_never_takes_the_pure_python_encoder(monkeypatch):
    calls = []
    pure = json.encoder._make_iterencode

    def counting(*args, **kwargs):
        calls.append(args)
        return pure(*args, **kwargs)

    monkeypatch.setattr(json.encoder, "_make_iterencode", counting)
    json.dumps({"check": [1]}, indent=2)
    assert len(calls) == 1  # the counter sees the slow path when it is taken
    calls.clear()
    for document in DOCUMENTS.values():
        text = render(document, "json")
        assert json.loads(text)["format"] == "rmpair-export"
    assert calls == []
