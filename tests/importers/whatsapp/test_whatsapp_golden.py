"""Every WhatsApp fixture variant parses to its committed snapshot."""

from __future__ import annotations

import pytest
from tests.importers.whatsapp.whatsapp_golden import case_of, check_golden, input_file, variants

from onward.importers.whatsapp import text_export


@pytest.mark.parametrize("variant", variants())
def test_parse_matches_golden_snapshot(variant: str) -> None:
    check_golden(variant)


@pytest.mark.parametrize("variant", variants())
def test_detect_claims_exactly_the_export_variants(variant: str) -> None:
    assert text_export.detect(input_file(variant)) is case_of(variant).get("detect", True)
