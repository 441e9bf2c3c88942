"""The 1000 亿 verdict is never firm against the sources' own later figures, and the figures it rests on are
shown as precise as their sources (issue 13)."""

from __future__ import annotations

from clusters import progress as P
from clusters.clusters import cluster_figures
from clusters.targets_view import as_written, thousand_table
from clusters.verdicts import contradicting_reports, thousand_verdicts


def test_a_projection_a_later_report_contradicts_is_not_firm() -> None:
    verdicts = thousand_verdicts(P.cluster_thousand(0.085)).set_index("cluster_id")
    lithium = verdicts.loc["ningde-lithium"]
    assert not lithium["passes"]  # 358.37 (2017) at 8.5 % a year stays short of 1000 …
    assert lithium["verdict"] == "leans_pass"  # … but ≈1100 is reported for 2020
    assert "2020" in lithium["basis_en"] and "1100" in lithium["basis_en"] and "1100" in lithium["basis_zh"]
    for cid, row in verdicts.iterrows():
        reasons, way = contradicting_reports(str(cid), bool(row["passes"]))
        if reasons:
            assert row["verdict"] == ("leans_pass" if way else "leans_short"), cid


def test_no_firm_verdict_anywhere_a_report_of_the_target_year_says_otherwise() -> None:
    figs = cluster_figures()
    at_target = figs[figs["year"] >= 2020].groupby("cluster_id")["value"].max()
    verdicts = thousand_verdicts(P.cluster_thousand(0.085)).set_index("cluster_id")
    for cid, row in verdicts.iterrows():
        if cid in at_target.index and row["verdict"] in ("passes", "short"):
            assert (at_target[cid] >= 1000) == (row["verdict"] == "passes"), cid


def test_reported_outputs_are_shown_as_written() -> None:
    assert [as_written(v) for v in (947.0, 1105.0, 358.37, 491.2, 1000.0, 100.0)] == [
        "947", "1,105", "358.37", "491.2", "1,000", "100",
    ]  # fmt: skip
    table = thousand_table(P.cluster_thousand(0.085), 8.5, "en")
    shown = " ".join(table["Output (100 million yuan)"])
    assert ".0 " not in shown + " " and "947" in shown
