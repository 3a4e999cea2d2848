"""Model output becomes one inert plain paragraph, or is refused (text.summary, pure)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.errors import StyleSyntaxError
from rich.markup import _parse
from rich.style import Style

from paperfeed.text.summary import MAX_CHARS, UnusableAnswerError, clean_summary


def test_markdown_structure_becomes_plain_words() -> None:
    raw = ("# 요약\n\n- **확산 모델**을 `4단계`로 증류한다.\n- 1. FID 2.1 달성\n"
           "> 인용\n\n---\n[코드](https://github.com/x/y) ![그림](a.png) ~~취소~~ __강조__")
    assert clean_summary(raw) == ("요약 확산 모델을 4단계로 증류한다. FID 2.1 달성 인용 "
                                  "코드 그림 취소 강조")


def test_code_fences_tables_and_html_are_dropped() -> None:
    raw = ("```markdown\nResult\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n"
           "<b>bold</b> <script>alert(1)</script> <https://example.org>")
    assert clean_summary(raw) == "Result a b 1 2 bold alert(1) https://example.org"


def test_escape_sequences_and_controls_never_survive() -> None:
    raw = ("\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b[31mred\x1b[0m "
           "\x1b]0;pwned title\x07 bell\x07 \u202eevil\u202c \x9b31m")
    text = clean_summary(raw)
    assert text == "click red bell evil"
    assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in text)


def test_rich_markup_tags_go_but_bracketed_words_stay() -> None:
    raw = "[bold red]Big[/bold red] [link=https://evil.example]here[/link] [@click=app.quit]x[/] " \
          "uses the [CLS] token and cites [12] on [MASK]"
    assert clean_summary(raw) == "Big here x uses the [CLS] token and cites [12] on [MASK]"
    assert clean_summary("[bold=]Loud[red=x] text") == "Loud text"  # rich reads both as tags


def test_reasoning_blocks_and_labels_are_removed() -> None:
    raw = "<think>The user wants Korean.</think>\n\n요약: 모델이 빨라졌다."
    assert clean_summary(raw) == "모델이 빨라졌다."
    assert clean_summary("TL;DR: Faster sampling.") == "Faster sampling."


def test_numbers_and_technical_terms_are_kept() -> None:
    raw = "LoRA-7B는 MMLU에서 63.4%를 기록했고, p<0.05, 2×10^3 steps, snake_case_name을 쓴다."
    assert clean_summary(raw) == raw


@pytest.mark.parametrize("raw", [None, "", "   \n\n ", "<think>only thinking, never finished",
                                 "```\n```", "\x1b[2J\x1b[H"])
def test_empty_answers_are_unusable(raw: str | None) -> None:
    with pytest.raises(UnusableAnswerError, match="empty answer"):
        clean_summary(raw)


def test_a_huge_answer_is_unusable() -> None:
    with pytest.raises(UnusableAnswerError, match="characters where one paragraph"):
        clean_summary("word " * (MAX_CHARS // 2))
    assert clean_summary("word " * 100) == " ".join(["word"] * 100)


HOSTILE_ALPHABET = st.sampled_from(
    ["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\r", "\n", "[", "]", "/", "=", "@", "#", "*", "_",
     "`", "~", "<", ">", "|", "(", ")", "-", "1.", " ", "bold", "link", "red", "think", "a", "요약",
     "拡散", "http://x.example", "\x00", "\x7f"])


@settings(max_examples=500, deadline=None)
@given(st.lists(HOSTILE_ALPHABET, max_size=60).map("".join))
def test_whatever_a_model_sends_comes_out_as_one_inert_line(raw: str) -> None:
    try:
        text = clean_summary(raw)
    except UnusableAnswerError:
        return
    assert text == text.strip() and "\n" not in text and text.isprintable()
    assert "```" not in text and not re.search(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", text)
    for _, _, tag in _parse(text):  # what rich itself would read as markup
        if tag is not None:
            assert not tag.name.startswith(("/", "@")), tag  # closing tags, click handlers
            with pytest.raises(StyleSyntaxError):
                Style.parse(tag.name)  # not a style either: printed as text
