"""Every id form a user or a source gives normalizes to one canonical id."""

from __future__ import annotations

import pytest

from paperfeed.errors import InvalidIdError
from paperfeed.models import PaperId, parse_paper_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2408.06070", PaperId("2408.06070")),
        ("2408.06070v2", PaperId("2408.06070", 2)),
        ("arXiv:2408.06070", PaperId("2408.06070")),
        ("arxiv:2408.06070v3", PaperId("2408.06070", 3)),
        ("https://arxiv.org/abs/2408.06070v1", PaperId("2408.06070", 1)),
        ("http://arxiv.org/abs/2408.06070", PaperId("2408.06070")),
        ("https://arxiv.org/pdf/2408.06070v3.pdf", PaperId("2408.06070", 3)),
        ("https://arxiv.org/pdf/2408.06070", PaperId("2408.06070")),
        ("https://www.arxiv.org/abs/2408.06070?context=cs", PaperId("2408.06070")),
        ("https://export.arxiv.org/abs/2408.06070", PaperId("2408.06070")),
        ("oai:arXiv.org:2411.17758v1", PaperId("2411.17758", 1)),
        ("0704.0001", PaperId("0704.0001")),
        ("hep-th/9901001", PaperId("hep-th/9901001")),
        ("hep-th/9901001v2", PaperId("hep-th/9901001", 2)),
        ("math.GT/0309136", PaperId("math/0309136")),
        ("http://arxiv.org/abs/quant-ph/0201082v1", PaperId("quant-ph/0201082", 1)),
        ("  2408.06070  ", PaperId("2408.06070")),
        ("paperswithcode:generative-adversarial-networks",
         PaperId("paperswithcode:generative-adversarial-networks")),
    ],
)
def test_valid_forms_normalize(text: str, expected: PaperId) -> None:
    assert parse_paper_id(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "abc", "2408.060701", "24080.6070", "hep-th/990100", "HEP-TH/9901001",
     "https://example.com/abs/2408.06070", "javascript:alert(1)", "2408.06070v", "paperswithcode:",
     "arXiv:", "2408.06070 2408.06071"],
)
def test_invalid_forms_are_rejected_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidIdError, match="is not an arXiv id: use a form like 2408.06070"):
        parse_paper_id(text)


@pytest.mark.parametrize("text", ["2408.0607", "0704.00011"])
def test_digit_count_must_match_the_era(text: str) -> None:
    with pytest.raises(InvalidIdError, match="five digits after the dot"):
        parse_paper_id(text)
