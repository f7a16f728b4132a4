"""A stand-in for the person's editor in ``--edit`` tests: ``fake_editor.py MODE FILE``.

It records what it was given (the draft's path, its own and its folder's modes, the text
it opened with) as a JSON line in ``$FAKE_EDITOR_LOG``, then does what MODE says:

- ``append:TEXT`` adds TEXT and a newline at the end, as a person typing below would;
- ``answer:HEADING=TEXT|HEADING=TEXT`` writes each TEXT on the line after ``## HEADING``;
- ``tick:OPTION|OPTION`` puts an x in the brackets of each ``- [ ] OPTION`` line;
- ``replace:TEXT`` makes TEXT the whole file;
- ``fail:N`` exits with N, changing nothing;
- ``wait`` writes ``$FAKE_EDITOR_READY`` and sleeps until it is stopped (at most a minute).

``editor_command(mode)`` is the ``$EDITOR`` value that runs it.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
import time
from pathlib import Path


def editor_command(mode: str) -> str:
    return " ".join(shlex.quote(part) for part in (sys.executable, str(Path(__file__)), mode))


def main(mode: str, draft: Path) -> int:
    text = draft.read_bytes().decode("utf-8")  # line ends as they are, as a real editor keeps them
    log = os.environ.get("FAKE_EDITOR_LOG")
    if log:
        record = {
            "path": str(draft), "text": text,
            "folder_mode": stat.S_IMODE(draft.parent.stat().st_mode), "file_mode": stat.S_IMODE(draft.stat().st_mode),
        }
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
    action, _, argument = mode.partition(":")
    if action == "append":
        text = text + argument + "\n"
    elif action == "answer":
        lines = text.split("\n")
        for pair in argument.split("|"):
            heading, _, answer = pair.partition("=")
            index = lines.index(f"## {heading}")
            lines.insert(index + 1, answer)
        text = "\n".join(lines)
    elif action == "tick":
        for option in argument.split("|"):
            text = text.replace(f"- [ ] {option}\n", f"- [x] {option}\n", 1)
    elif action == "replace":
        text = argument
    elif action == "fail":
        return int(argument)
    elif action == "wait":
        # Written whole and then put in place: the test polls for the file and reads the
        # pid at once, and under load it could find the file created but still empty.
        ready = Path(os.environ["FAKE_EDITOR_READY"])
        partial = ready.with_name(ready.name + ".part")
        partial.write_text(str(os.getpid()), encoding="utf-8")
        os.replace(partial, ready)
        time.sleep(60)
        return 0
    draft.write_bytes(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
