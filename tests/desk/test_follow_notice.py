"""What the desk's watcher says when the edition's path changes: a folder moved away and a link put in its
place is seen either as one step (the path now leads elsewhere) or as two (gone, then back as a link); both
must say where the path leads now (the race `test_a_folder_swapped_for_a_link_is_followed_by_its_name` met)."""

from __future__ import annotations

from pathlib import Path

from layout.desk.watch import notice

FOLDER = Path("/eds/sample")
SAMPLE = ("/eds/sample", 1, 10)
ELSEWHERE = ("/eds/elsewhere/other", 1, 20)


def test_a_link_seen_in_one_step_says_where_it_leads() -> None:
    said = notice(FOLDER, SAMPLE, ELSEWHERE, SAMPLE).notice
    assert said == "the edition folder /eds/sample now leads to /eds/elsewhere/other: following /eds/sample as named"


def test_a_link_seen_after_the_folder_was_gone_says_where_it_leads() -> None:
    said = notice(FOLDER, None, ELSEWHERE, SAMPLE).notice
    assert said.startswith("the edition folder /eds/sample now leads to /eds/elsewhere/other: following "
                           "/eds/sample as named")


def test_the_same_folder_restored_is_back() -> None:
    restored = ("/eds/sample", 1, 11)  # a new folder (inode) where the old one was
    assert notice(FOLDER, None, restored, SAMPLE).notice == "the edition folder /eds/sample is back: rendering it"
    assert notice(FOLDER, None, restored).notice == "the edition folder /eds/sample is back: rendering it"
    assert notice(FOLDER, SAMPLE, None, SAMPLE).gone
