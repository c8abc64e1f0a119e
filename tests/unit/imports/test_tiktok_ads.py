"""TikTok Ads Manager reports and the ad/campaign -> SKU mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from lamplighter.adapters.files.tabular import FileRejected
from lamplighter.adapters.files.tiktok_ads import AdReport, read_ad_mapping, read_ad_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "imports"


def _report() -> AdReport:
    return read_ad_report(FIXTURES / "tiktok_ads.csv", read_ad_mapping(FIXTURES / "ad_mapping.csv"))


def test_skips_total_rows_and_keeps_the_currency() -> None:
    ads = _report()
    assert ads.total_rows_skipped == 1
    assert ads.rows == 5
    assert set(ads.frame["currency"]) == {"USD"}


def test_below_five_impressions_read_as_zero_and_flagged() -> None:
    frame = _report().frame
    censored = frame[frame["impressions_censored"]]
    assert len(censored) == 1
    assert censored.iloc[0]["impressions"] == 0
    assert censored.iloc[0]["spend"] == pytest.approx(0.40)


def test_empty_cells_read_as_zero_and_thousands_commas_as_numbers() -> None:
    frame = _report().frame
    strips = frame[frame["campaign"] == "Christmas strips"].iloc[0]
    assert (strips["spend"], strips["impressions"], strips["clicks"]) == (0.0, 0, 0)
    first = frame[frame["ad"] == "sunset-video-1"].iloc[0]
    assert (first["impressions"], first["clicks"]) == (45210, 1130)


def test_an_ads_own_mapping_wins_over_its_campaigns() -> None:
    frame = _report().frame
    assert frame[frame["ad"] == "sunset-video-2"]["sku"].unique().tolist() == ["LL-SUNSET-01"]
    assert frame[frame["ad"] == "sunset-video-1"]["sku"].tolist() == ["LL-SUNSET-01"]


def test_shares_split_spend_and_counts_between_skus() -> None:
    frame = _report().frame
    bundle = frame[frame["campaign"] == "Bundles - lamp+bulb"].set_index("sku")
    assert bundle.loc["LL-SUNSET-01", "spend"] == pytest.approx(42.0)
    assert bundle.loc["LL-BULB-E27", "spend"] == pytest.approx(18.0)
    assert bundle["impressions"].sum() == 18000


def test_unmapped_ads_are_counted_not_assigned(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text("level,name,sku\ncampaign,Christmas strips,LL-STRIP-5M\n", encoding="utf-8")
    ads = read_ad_report(FIXTURES / "tiktok_ads.csv", read_ad_mapping(mapping))
    assert ads.unmapped == {
        "Sunset lamp - spring / sunset-video-1": 1,
        "Sunset lamp - spring / sunset-video-2": 2,
        "Bundles - lamp+bulb / bundle-live-1": 1,
    }
    assert ads.frame["sku"].tolist() == ["LL-STRIP-5M"]


def test_shares_that_do_not_add_up_reject_the_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text("level,name,sku,share\ncampaign,C,A,0.5\ncampaign,C,B,0.4\nbrand,X,A,\n", encoding="utf-8")
    with pytest.raises(FileRejected) as exc:
        read_ad_mapping(mapping)
    problems = [(p.row, p.column) for p in exc.value.report.problems]
    assert problems == [(4, "level"), (2, "share")]
