"""A command reads the programme's content (every file of the shipped pack and the
programme's own) at most once, and not at all where it shows nothing from it. Counted, not
timed: each read is a call of ``rmpair.content.load_content``."""

from __future__ import annotations

import pytest
from cli_testkit import MENTOR_PASS


@pytest.fixture
def content_reads(monkeypatch) -> list[None]:
    import rmpair.content

    reads: list[None] = []
    load_content = rmpair.content.load_content

    def counted(*args, **kwargs):
        reads.append(None)
        return load_content(*args, **kwargs)

    monkeypatch.setattr(rmpair.content, "load_content", counted)
    return reads


@pytest.mark.parametrize(("topic", "expected"), [("race", 1), ("privacy", 0), ("json", 0), ("glossary", 1)])
def test_a_help_topic_reads_the_content_only_if_it_shows_it(cli_main, tmp_path, content_reads, topic, expected) -> None:
    cli_main(tmp_path / "v", "help", topic).ok()
    assert len(content_reads) == expected


def test_a_talking_point_from_a_prompt_reads_the_content_once(fast_pair, cli_main, content_reads) -> None:
    from rmpair.content import load_content

    prompt = load_content().prompts[0]  # counted too: the reads below start after it
    content_reads.clear()
    cli_main(fast_pair.vault, "add", "--prompt", prompt.id, "--race", "resistance", "What I want to say",
             stdin=[MENTOR_PASS]).ok()
    assert len(content_reads) == 1
