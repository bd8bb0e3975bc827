"""2022 5.19: "Where agreement over an extension period cannot be reached, landlords should provide the
Housing Ombudsman's contact details so the resident can challenge the landlord's plan for responding
and/or the proposed timeliness of a landlord's response."

The self-assessment had no rule for 5.19. The records keep each stage 3 extension and whether the
Ombudsman's contact details were recorded as given with it, but not whether agreement over the
extension period was reached, which is when 5.19 asks for them: they can show neither that the
details were given where they were needed nor that they were not. However many extensions carry the
details, the entry says the records cannot tell, and what they do hold."""

from __future__ import annotations

from datetime import date

from governance.journeys import STAGE_3_DUE

from putright.governance import evidence
from putright.governance.facts import AsAt
from putright.governance.measures import Period
from putright.governance.performance import Scope


def test_2022_5_19_the_records_cannot_tell_whether_agreement_over_an_extension_was_reached(stage_3) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        stage_3(extend=(date(2023, 7, 14), 5), respond=STAGE_3_DUE)
    found = evidence.evaluate(
        "2022", "5.19", evidence.context(Scope(Period.reporting_year(2023), AsAt.of(date(2024, 3, 31))))
    )
    assert found is not None, "2022 5.19 has no evidence rule"
    assert (found.state, found.proposed, found.cases) == ("cannot_show", None, [])
    assert "whether agreement over an extension period was reached" in found.summary
    assert "cannot tell" in found.summary
    assert found.covering is not None and found.covered == 6
    assert {c.why for c in found.covering()} == {"stage 3 extension on 14 July 2023"}
    assert [(f["label"], f["value"]) for f in found.figures] == [
        ("Stage 3 extensions granted", 6),
        ("with the Ombudsman's contact details recorded as given", 6),
    ]
