"""Region seeds and region resolution (ingest/regions.py, seeds/regions.csv, seeds/region_aliases.csv)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import SEEDS_DIR
from ingest.regions import (doc_prefix_candidates, find_mentions, province_of, region_by_code,
                            resolve_regions)

CORPUS = Path("/work/shared/corpus")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _rows(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def codes(refs) -> list[str]:
    return [r.code for r in refs]


# ------------------------------------------------------------------ seed integrity

REGIONS = _rows("regions.csv")
ALIASES = _rows("region_aliases.csv")
BY_CODE = {r["region_code"]: r for r in REGIONS}


def test_regions_columns_and_encoding():
    raw = (SEEDS_DIR / "regions.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[0] == \
        "region_code,region_name,short_name,level,parent_code,province_code,province_name"
    assert (SEEDS_DIR / "region_aliases.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "alias,region_code,region_name,alias_type,context_code"


def test_region_codes_six_digits_and_unique():
    all_codes = [r["region_code"] for r in REGIONS]
    assert all(len(c) == 6 and c.isdigit() for c in all_codes)
    assert len(all_codes) == len(set(all_codes))


def test_hierarchy_is_consistent():
    rank = {"province": 0, "prefecture": 1, "county": 2}
    for r in REGIONS:
        assert r["level"] in rank
        assert r["region_name"] and r["short_name"]
        if r["level"] == "province":
            assert r["parent_code"] == "" and r["province_code"] == r["region_code"]
            continue
        parent = BY_CODE[r["parent_code"]]  # every parent exists
        assert rank[parent["level"]] < rank[r["level"]]
        assert r["province_code"] == r["region_code"][:2] + "0000"
        assert BY_CODE[r["province_code"]]["region_name"] == r["province_name"]


def test_level_counts():
    n = Counter(r["level"] for r in REGIONS)
    assert n["province"] == 34
    assert 330 <= n["prefecture"] <= 340
    assert n["county"] > 2800
    provinces = {r["region_name"] for r in REGIONS if r["level"] == "province"}
    assert {"北京市", "重庆市", "西藏自治区", "香港特别行政区", "澳门特别行政区", "台湾省", "黑龙江省"} <= provinces


def test_known_rows():
    assert BY_CODE["532500"]["region_name"] == "红河哈尼族彝族自治州"
    assert BY_CODE["532500"]["short_name"] == "红河"
    assert BY_CODE["532529"]["region_name"] == "红河县"
    assert BY_CODE["530112"]["region_name"] == "西山区" and BY_CODE["530112"]["parent_code"] == "530100"
    assert BY_CODE["500110"]["parent_code"] == "500000"  # municipality districts hang on the province
    assert BY_CODE["110105"]["parent_code"] == "110000"
    assert BY_CODE["419001"]["parent_code"] == "410000"  # 省直辖县级市 济源
    assert BY_CODE["231081"]["region_name"] == "绥芬河市"
    assert not any(c[4:6] >= "70" and c[4:6] <= "79" for c in BY_CODE)  # NBS zone codes are aliases
    assert "510102" not in BY_CODE and "510156" not in BY_CODE  # 成都高新区, 天府新区: zones, not divisions
    assert BY_CODE["220106"]["region_name"] == "绿园区"  # a real district whose name ends in 园区


def test_aliases_point_to_existing_codes():
    types = Counter(a["alias_type"] for a in ALIASES)
    assert set(types) <= {"short", "former", "zone", "doc_prefix"}
    for a in ALIASES:
        assert a["region_code"] in BY_CODE, a
        assert a["context_code"] == "" or a["context_code"] in BY_CODE, a
        if a["alias_type"] != "zone":
            assert a["region_name"] == BY_CODE[a["region_code"]]["region_name"], a
    pairs = [(a["alias"], a["region_code"]) for a in ALIASES]
    assert len(pairs) == len(set(pairs))


def test_generated_autonomous_short_names():
    alias = {a["alias"]: a["region_code"] for a in ALIASES if a["alias_type"] == "short"}
    assert alias["红河州"] == "532500"
    assert alias["凉山州"] == "513400"
    assert alias["湘西州"] == "433100"
    assert alias["西双版纳州"] == "532800"
    assert alias["延边州"] == "222400"
    autonomous_prefectures = [r for r in REGIONS if r["region_name"].endswith("自治州")]
    assert len(autonomous_prefectures) == 30
    for r in autonomous_prefectures:  # jionlp's short name for 海南藏族自治州 is already 海南州
        short = r["short_name"]
        assert alias[short if short.endswith("州") else short + "州"] == r["region_code"]
    full_names = {r["region_name"] for r in REGIONS}
    assert not set(alias) & full_names  # an alias never shadows a real full name (红河县)


def test_every_province_has_a_doc_prefix():
    prefixed = {a["region_code"] for a in ALIASES if a["alias_type"] == "doc_prefix"}
    assert {r["region_code"] for r in REGIONS if r["level"] == "province"} <= prefixed
    assert all(len(a["alias"]) == 1 for a in ALIASES if a["alias_type"] == "doc_prefix")


def test_zones_have_zone_names():
    zones = {a["alias"]: a for a in ALIASES if a["alias_type"] == "zone"}
    assert zones["云南海口产业园区"]["region_code"] == "530112"
    assert zones["海口产业园区"]["context_code"] == "530100"
    assert zones["两江新区"]["region_code"] == "500000"
    assert zones["许昌经济技术开发区"]["region_code"] == "411000"


@pytest.mark.parametrize("issuer, code, name", [
    ("雄安新区管理委员会", "130600", "河北雄安新区"),
    ("北京经济技术开发区管理委员会", "110115", "北京经济技术开发区"),
    # the longest zone name wins over the city or free-trade zone inside it
    ("武汉东湖新技术开发区管委会", "420100", "武汉东湖新技术开发区"),
    ("中国（上海）自由贸易试验区临港新片区管理委员会", "310115", "中国（上海）自由贸易试验区临港新片区"),
])
def test_national_new_areas_and_zones_resolve_to_the_division_they_lie_in(issuer, code, name):
    regions, status = resolve_regions(issuer, None, "", None)
    assert [(r.code, r.name) for r in regions] == [(code, name)] and status == "resolved"


# ------------------------------------------------------------------ lookups


def test_region_by_code_and_province_of():
    assert region_by_code("532801") == ("景洪市", "county", "532800", "530000")
    assert region_by_code("999999") is None
    assert province_of("530112") == "530000"
    assert province_of("500110") == "500000"
    assert province_of("510000") == "510000"


# ------------------------------------------------------------------ mentions


def test_mentions_longest_first():
    ms = find_mentions("昆明市西山区和西双版纳傣族自治州、西双版纳州")
    assert [(m.name, m.code) for m in ms] == [
        ("昆明市", "530100"), ("西山区", "530112"), ("西双版纳傣族自治州", "532800"), ("西双版纳州", "532800")]
    assert [m.kind for m in ms] == ["full", "full", "full", "short"]


def test_honghe_prefecture_never_county():
    ms = find_mentions("红河州人民政府、红河县人民政府、红河哈尼族彝族自治州")
    assert [m.code for m in ms] == ["532500", "532529", "532500"]


def test_bare_names_only_for_upper_levels_and_not_inside_words():
    assert [m.code for m in find_mentions("丽江、昆明")] == ["530700", "530100"]
    assert find_mentions("景洪、綦江") == []  # bare county short names are not matched
    assert find_mentions("中山路两侧的大理石") == []
    assert find_mentions("加强省、市和县三级联动，城区道路") == []  # 和县 / 城区 are also everyday words
    assert [m.code for m in find_mentions("和县人民政府")] == ["340523"]


def test_ambiguous_name_keeps_all_candidates():
    (m,) = find_mentions("朝阳区")
    assert m.code == "" and set(m.candidates) == {"110105", "220104"}
    assert [m.code for m in find_mentions("北京市朝阳区、长春市朝阳区")] == ["110105", "220104"]


def test_context_alias_needs_its_context():
    assert find_mentions("海口产业园区入驻企业") == []  # could be read as Haikou, Hainan
    ms = find_mentions("昆明市海口产业园区入驻企业")
    assert [(m.code, m.region_name, m.kind) for m in ms][-1] == ("530112", "云南海口产业园区", "zone")


def test_cited_doc_numbers_and_garrison_abbreviations():
    ms = find_mentions("驻昆高校（云政办发〔2023〕16号）；进驻本级；银发〔2019〕1号；文旅发〔2020〕3号")
    assert [(m.name, m.code, m.kind) for m in ms] == [("昆", "530100", "abbrev"), ("云政办发", "530000", "doc_number")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["昆明市", "西山区", "红河州", "朝阳区", "丽江", "，", "全市", "XX区", "重庆市綦江区",
                                 "营商环境", "驻昆", "（川办函〔2023〕29号）", "a"]), max_size=30))
def test_mentions_are_ordered_disjoint_and_exact(parts):
    text = "".join(parts)
    ms = find_mentions(text)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start:m.end] == m.name
        assert m.code == "" or m.code in BY_CODE
        assert (m.code == "") == (len(m.candidates) > 1)


# ------------------------------------------------------------------ resolution


def test_issuer_resolves():
    refs, status = resolve_regions("景洪市人民政府办公室", None, "昆明、昆明、昆明")
    assert (codes(refs), status, refs[0].method, refs[0].inferred) == (["532801"], "resolved", "issuer", False)
    assert refs[0].name == "景洪市"


def test_honghe_issuer():
    refs, _ = resolve_regions("红河州人民政府办公室", None, "")
    assert codes(refs) == ["532500"] and refs[0].name == "红河哈尼族彝族自治州"
    refs, _ = resolve_regions("红河县人民政府", None, "")
    assert codes(refs) == ["532529"]
    refs, _ = resolve_regions(None, None, "红河州 红河州 红河州 营商环境 红河")
    assert codes(refs) == ["532500"]


def test_joint_issuer_records_all_regions():
    refs, status = resolve_regions("四川省人民政府办公厅重庆市人民政府办公厅", None, "川渝")
    assert (codes(refs), status) == (["510000", "500000"], "resolved")
    assert all(r.method == "issuer" for r in refs)


def test_issuer_keeps_most_specific():
    refs, _ = resolve_regions("重庆市綦江区人民政府办公室", None, "")
    assert codes(refs) == ["500110"]
    refs, _ = resolve_regions("中共云南省委办公厅 云南省人民政府办公厅", None, "")
    assert codes(refs) == ["530000"]


def test_ambiguous_issuer_needs_context():
    refs, status = resolve_regions("朝阳区人民政府", None, "优化营商环境")
    assert refs == [] and status in ("ambiguous", "unresolved")
    refs, status = resolve_regions("朝阳区人民政府", None, "贯彻北京市部署，优化营商环境")
    assert (codes(refs), status) == (["110105"], "resolved")
    refs, status = resolve_regions("朝阳区人民政府", None, "长春现代化都市圈建设")
    assert (codes(refs), status) == (["220104"], "resolved")
    refs, status = resolve_regions("朝阳区人民政府", None, "北京市和长春市的做法")
    assert refs == [] and status == "ambiguous"


@pytest.mark.parametrize("doc_number,expected", [
    ("凉府办发〔2023〕14号", "513400"),
    ("眉府办函〔2023〕20号", "511400"),
    ("渝府办发〔2023〕41号", "500000"),
    ("綦江府办发〔2023〕17号", "500110"),
    ("黔江府办发〔2023〕35号", "500114"),  # 黔江区, not 黔 = 贵州
    ("黔府办函〔2023〕16号", "520000"),
    ("川办函〔2023〕29号", "510000"),
    ("云政办发〔2023〕16号", "530000"),
    ("黑政办规〔2022〕3号", "230000"),
])
def test_doc_number_prefix(doc_number, expected):
    refs, status = resolve_regions(None, None, "优化营商环境", doc_number)
    assert (codes(refs), status, refs[0].method) == ([expected], "resolved", "doc_number")


def test_doc_number_prefix_uses_text_to_choose():
    assert {"532801", "360200"} <= set(doc_prefix_candidates("景政办发〔2021〕145号"))
    refs, _ = resolve_regions(None, None, "景洪市营商环境，景洪市", "景政办发〔2021〕145号")
    assert codes(refs) == ["532801"]  # not 景德镇市, the only prefecture starting with 景


def test_issuer_beats_doc_number():
    refs, _ = resolve_regions("广元市人民政府办公室", None, "", "巴府办发〔2023〕3号")
    assert codes(refs) == ["510800"]


def test_title_issuer_part():
    refs, status = resolve_regions(None, "眉山市人民政府办公室关于印发《进一步优化营商环境推进方案》的通知", "")
    assert (codes(refs), status, refs[0].method) == (["511400"], "resolved", "title")


def test_text_most_frequent_most_specific():
    text = "丽江效率。推动丽江发展，全市上下。全市营商环境。云南省部署。" * 5 + "对标昆明、玉溪。"
    refs, status = resolve_regions(None, None, text)
    assert (codes(refs), status, refs[0].method, refs[0].inferred) == (["530700"], "resolved", "text", False)


def test_anonymised_district_inferred_from_zone_and_city():
    text = ("扎实推进XX区营商环境攻坚。落实昆明市部署，建设数字昆明。云南海口产业园区抢抓机遇，"
            "海口产业园区入驻企业。XX区中小企业服务平台。昆明市营商环境大讲堂。")
    refs, status = resolve_regions(None, "区落实优化提升营商环境工作意见", text)
    assert status == "inferred"
    assert [(r.code, r.name, r.method, r.inferred) for r in refs] == [("530112", "西山区", "text", True)]


def test_anonymised_without_evidence_is_not_guessed():
    refs, status = resolve_regions(None, None, "扎实推进XX区营商环境攻坚，落实昆明市部署，昆明市。")
    assert refs == [] and status == "ambiguous"  # in Kunming, but which district?
    refs, status = resolve_regions("XX县人民政府", None, "优化营商环境")
    assert refs == [] and status == "unresolved"


def test_national_bodies_have_no_region():
    refs, status = resolve_regions("国务院办公厅", None, "北京市、上海市试点")
    assert refs == [] and status == "unresolved"
    refs, status = resolve_regions(None, None, "北京市、上海市试点", "国办发〔2022〕30号")
    assert refs == [] and status == "unresolved"


# ------------------------------------------------------------------ reference corpus

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="reference corpus not available")


def _corpus(prefix: str) -> str:
    (path,) = CORPUS.glob(prefix + "_*.txt")
    return path.read_text(encoding="utf-8")


@needs_corpus
def test_corpus_000_issuer_and_text():
    text = _corpus("000")
    refs, _ = resolve_regions("景洪市人民政府办公室", None, text, "景政办发〔2021〕145号")
    assert codes(refs) == ["532801"]
    refs, _ = resolve_regions(None, None, text, "景政办发〔2021〕145号")
    assert (codes(refs), refs[0].method) == (["532801"], "doc_number")
    refs, _ = resolve_regions(None, None, text)
    assert codes(refs) == ["532801"]


@needs_corpus
def test_corpus_001_anonymised_documents():
    text = _corpus("001")
    cut = text.index("\n市落实优化提升营商环境三年攻坚行动2023全面提质年工作意见")
    first, second = text[text.index("区落实优化"):cut], text[cut:]
    refs, status = resolve_regions(None, None, first)
    assert (codes(refs), status, refs[0].inferred) == (["530112"], "inferred", True)
    refs, status = resolve_regions(None, None, second)
    assert (codes(refs), status, refs[0].inferred) == (["530100"], "inferred", True)


@needs_corpus
def test_corpus_003_text_only():
    refs, status = resolve_regions(None, None, _corpus("003"))
    assert (codes(refs), status) == (["530700"], "resolved")


@needs_corpus
def test_corpus_004():
    text = _corpus("004")
    assert codes(resolve_regions("绥芬河市人民政府", None, text)[0]) == ["231081"]
    assert codes(resolve_regions(None, None, text)[0]) == ["231081"]


# ------------------------------------------------------------------ documents from the wild (issue 11)


def test_a_rank_among_peers_does_not_make_a_district_report_the_citys():
    body = ("许昌市建安区2023年营商环境工作总结\n过去一年，营商环境评价位居全市第2位，"
            "政务服务满意度全市前列，进入全省前10。许昌市建安区将继续压缩审批时限。\n")
    refs, status = resolve_regions(None, "政府工作报告", body)
    assert (codes(refs), status) == (["411003"], "resolved")
    # 全市 used as the document's own level still counts: a city plan
    city = "许昌市优化营商环境方案\n全市企业开办时间压缩至1个工作日，全市推行容缺受理。建安区先行试点。\n"
    assert codes(resolve_regions(None, "许昌市优化营商环境方案", city)[0]) == ["411000"]


def test_development_zones_resolve_to_their_host_county_with_the_zone_name():
    for issuer, code, name in [("广州开发区管委会", "440112", "广州开发区"),
                               ("昆山经济技术开发区管理委员会", "320583", "昆山经济技术开发区"),
                               ("天津经济技术开发区管委会", "120116", "天津经济技术开发区")]:
        refs, status = resolve_regions(issuer, None, "")
        assert [(r.code, r.name) for r in refs] == [(code, name)] and status == "resolved"


def test_a_district_named_with_its_city_only_resolves():
    # 鼓楼区 is in four provinces; the text names 福州市 but never 福建省
    refs, status = resolve_regions("鼓楼区人民政府办公室", None, "为贯彻落实福州市优化营商环境工作部署，现印发本方案。")
    assert (codes(refs), status) == (["350102"], "resolved")
    refs, status = resolve_regions("鼓楼区人民政府办公室", None, "现印发本方案。")
    assert status == "ambiguous" and refs == []


def test_anonymised_issuer_still_inferred():
    body = "XX区人民政府关于优化营商环境的实施意见\n各街道：为落实昆明市部署，全区推进呈贡区经验……\n"
    refs, status = resolve_regions("XX区人民政府", None, body)
    # today's inference: the only district named, marked inferred (never the city the text also names)
    assert ([(r.code, r.inferred) for r in refs], status) == ([("530114", True)], "inferred")


def _seed_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_region_seed", PROJECT_ROOT / "scripts" / "build_region_seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_zone_short_forms_are_generated_and_never_taken_from_another_region():
    """昆山经济技术开发区 → 昆山经开区, 昆山开发区; the city dropped only when what is left names the
    county the zone lies in (广州南沙经济技术开发区 → 南沙开发区); a short form another zone already
    uses, or a division's own name, is not generated."""
    script = _seed_script()
    by_code = {
        "440100": {"region_code": "440100", "region_name": "广州市", "short_name": "广州", "level": "prefecture", "parent_code": "440000"},
        "440115": {"region_code": "440115", "region_name": "南沙区", "short_name": "南沙", "level": "county", "parent_code": "440100"},
        "440112": {"region_code": "440112", "region_name": "黄埔区", "short_name": "黄埔", "level": "county", "parent_code": "440100"},
        "520100": {"region_code": "520100", "region_name": "贵阳市", "short_name": "贵阳", "level": "prefecture", "parent_code": "520000"},
    }
    aliases = [
        ("广州南沙经济技术开发区", "440115", "广州南沙经济技术开发区", "zone", ""),
        ("广州高新技术产业开发区", "440112", "广州高新技术产业开发区", "zone", ""),
        ("贵阳国家高新技术产业开发区", "520100", "贵阳国家高新技术产业开发区", "zone", ""),
        ("广州经济技术开发区", "440112", "广州经济技术开发区", "zone", ""),
        ("广州开发区", "440112", "广州开发区", "zone", ""),
        ("南沙", "440115", "", "short", ""),
    ]
    made = {alias: code for alias, code, *_ in script.zone_short_forms(aliases, by_code, {"广州市", "南沙区"})}
    assert made == {
        "广州南沙经开区": "440115", "广州南沙开发区": "440115", "南沙经开区": "440115", "南沙开发区": "440115",
        "广州高新区": "440112", "贵阳国家高新区": "520100", "广州经开区": "440112",
    }
    assert "国家高新区" not in made  # 国家 names no county


def test_region_seeds_are_what_the_generator_writes(tmp_path):
    """seeds/regions.csv and region_aliases.csv are generated (scripts/build_region_seed.py): no row
    added by hand. Needs jionlp (pip install -e '.[regions]')."""
    pytest.importorskip("jionlp")
    script = _seed_script()
    rows, zones, extra = script.read_tree()
    aliases = script.build_aliases(rows, zones, extra)
    with open(PROJECT_ROOT / "seeds" / "region_aliases.csv", encoding="utf-8", newline="") as f:
        committed = [dict(r) for r in csv.DictReader(f)]
    assert committed == aliases


def test_a_zone_named_after_a_region_lies_in_it_and_keeps_its_name():
    """铁岭高新区 (no alias lists it) is in 铁岭市, 霍山经济开发区 in 霍山县, each under the zone's own name;
    a zone word after no region name, or after a short name several counties share, is no mention."""
    text = "铁岭高新区管委会会同霍山经济开发区、各类工业园区和省级开发区，推动朝阳区开发区建设。"
    got = [(m.name, m.code, m.kind, m.region_name, text[m.start:m.end]) for m in find_mentions(text)]
    assert ("铁岭高新区", "211200", "zone", "铁岭高新区", "铁岭高新区") in got
    assert ("霍山经济开发区", "341525", "zone", "霍山经济开发区", "霍山经济开发区") in got
    assert not any(name.endswith("工业园区") or name == "省级开发区" for name, *_ in got)
    assert not any(m.code and m.name.startswith("朝阳") for m in find_mentions(text))
    regions, status = resolve_regions("霍山经济开发区管理委员会", "霍山经济开发区2024年优化营商环境工作要点", "", None)
    assert (status, [(r.code, r.name) for r in regions]) == ("resolved", [("341525", "霍山经济开发区")])


def test_a_two_character_county_before_its_bureau_or_a_document_year():
    """魏县发展和改革局, 魏县2022年…执行情况: a two-character county name is a mention before a bureau of
    its government or the year of a document; alone in prose it is not."""
    regions, status = resolve_regions("某县发展和改革局", "魏县2022年国民经济和社会发展计划执行情况", "", None)
    assert (status, [r.code for r in regions]) == ("resolved", ["130434"])
    assert [m.code for m in find_mentions("魏县发展和改革局")] == ["130434"]
    assert find_mentions("魏县人口") == []


def test_title_subregion_short_names_the_county_the_text_is_about():
    # title_subregion_short: a headline names the province and the county short (江西分宜…)
    text = "分宜县将优化营商环境作为关键一招。分宜县审批提速。"
    regions, _ = resolve_regions(None, "江西分宜以软环境激活县域发展硬动能", text)
    assert [r.code for r in regions] == ["360521"]
    # negative: the headline names the province only; the title's region stands
    regions, _ = resolve_regions(None, "江西以软环境激活县域发展硬动能", text)
    assert [r.code for r in regions] == ["360000"]


def test_title_county_short_places_a_page_nothing_else_places():
    # title_county_short: the title names one county short (渝中) and the text names no region at all
    regions, status = resolve_regions(None, "擦亮营商环境金钥匙渝中着力打造一流营商环境示范区", "全区新增经营主体20119户。")
    assert ([r.code for r in regions], status) == (["500103"], "inferred")
    # negatives: no short name in the title; or the text names a region, which wins
    assert resolve_regions(None, "擦亮营商环境金钥匙着力打造一流营商环境示范区", "全区新增经营主体20119户。")[0] == []
    regions, _ = resolve_regions(None, "擦亮营商环境金钥匙渝中着力打造一流营商环境示范区", "昆明市五华区新增经营主体20119户。")
    assert [r.code for r in regions] != ["500103"]


def test_a_rank_phrase_in_a_headline_is_no_level_hint():
    # 对标“全省最优”, 立足“全市领先”: comparisons, not the level of the page's own region
    text = "立足“全市领先” 对标“全省最优”\n衡阳高新区打造一流营商环境。衡阳高新区企业开办0.5个工作日。衡阳高新区好评率100%。湖南优化营商环境的示范样本。"
    regions, _ = resolve_regions(None, None, text)
    assert [r.code for r in regions] == ["430400"]


def test_level_hint_climbs_to_the_named_regions_ancestor():
    # hint_ancestor + bare_organ: a provincial bureau writing of one of its cities is the province;
    # a city text naming only one of its districts is the city
    from ingest.regions import resolve_regions

    provincial = "省发展改革委会同省级有关部门推进改革。全省通办事项达到300项，榆林市推行“红蓝章”审批。"
    assert [r.code for r in resolve_regions(None, None, provincial)[0]] == ["610000"]
    city = "市政府印发方案。全市企业开办时间压缩至1个工作日，其中呈贡区先行试点。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["530100"]
    # no level word: the named city itself
    plain = "榆林市推行“红蓝章”审批改革，企业开办时间压缩至1个工作日。"
    assert [r.code for r in resolve_regions(None, None, plain)[0]] == ["610800"]
    # 市场监管局 is not a bare 市 organ
    market = "榆林市市场监管局推进改革。市场主体增长8%。"
    assert [r.code for r in resolve_regions(None, None, market)[0]] == ["610800"]


def test_zone_table_places_zones_in_their_host_county():
    """scripts/zone_aliases.csv: a zone's full name and short forms resolve to the county it lies in (the
    city or province when it spans several), under the zone's own name; it is hand-maintained, so it
    wins over a generated row for the same alias."""
    from ingest.regions import resolve_regions

    for issuer, code, name in [("昆山经济技术开发区管委会", "320583", "昆山经济技术开发区"),
                               ("青岛高新区管委会", "370214", "青岛高新技术产业开发区"),
                               ("乌鲁木齐经开区管委会", "650106", "乌鲁木齐经济技术开发区")]:
        regions, status = resolve_regions(issuer, None, "", None)
        assert (status, [(r.code, r.name) for r in regions]) == ("resolved", [(code, name)]), issuer
    with open(PROJECT_ROOT / "scripts" / "zone_aliases.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    codes = {r["region_code"] for r in csv.DictReader(open(PROJECT_ROOT / "seeds" / "regions.csv", encoding="utf-8"))}
    assert len(rows) > 1000 and all(r["region_code"] in codes and r["alias_type"] == "zone" for r in rows)
    assert len({r["alias"] for r in rows}) == len(rows)  # one place per alias


def test_a_city_text_reporting_on_several_of_its_counties_is_the_citys():
    # several_parts: the parts' figures do not make the most-named part the issuer
    from ingest.regions import resolve_regions

    text = ("3月份，防城港市政务服务中心共受理审批件1200件。其中：东兴市共受理800件，上思县共受理700件，"
            "防城区共受理700件，港口区共受理500件；港口区工商分局受理量居首。")
    assert [r.code for r in resolve_regions(None, None, text)[0]] == ["450600"]
    # one part named far more than its city and alone: that part
    county = "防城港市东兴市政务服务中心：东兴市本月受理800件，东兴市办结率100%，东兴市满意率99%。"
    assert [r.code for r in resolve_regions(None, None, county)[0]] == ["450681"]


def test_a_common_word_district_before_one_of_its_bureaus_is_a_mention():
    # 城中区 is also a word; before its own bureau (城市管理局) it names the district, resolved by context
    from ingest.regions import resolve_regions

    text = "今年以来，城中区城市管理局推进审批改革。群众通过“青海政务服务”APP办理事项。"
    assert [r.code for r in resolve_regions(None, None, text)[0]] == ["630103"]
    assert not [m for m in find_mentions("推进城中区改造，城市管理水平提升") if m.name == "城中区"]


def test_a_local_outlet_in_the_source_line_names_the_county():
    # local_media_source: the text names only the city (in a rank phrase); the source is the county's paper
    from ingest.regions import resolve_regions

    page = ("2018-07-02 00:00:00 作者:佚名 来源:今日高邮\n本报讯 我市在扬州市位列第二。市政务服务中心办结率100%。\n")
    assert [(r.code, r.inferred) for r in resolve_regions(None, None, page)[0]] == [("321084", True)]
    # a national outlet or a name several counties share changes nothing
    national = "来源：人民日报\n本报讯 扬州市推进政务服务改革。\n"
    assert [r.code for r in resolve_regions(None, None, national)[0]] == ["321000"]
    shared = "来源：新华网\n本报讯 扬州市推进政务服务改革。\n"
    assert [r.code for r in resolve_regions(None, None, shared)[0]] == ["321000"]


def test_a_place_name_in_an_epithet_is_no_mention():
    # bare_name_epithet: 延安精神, 深圳速度 name a spirit or a model, not the region the text is about
    plan = "陕西省十四五规划纲要发布。延安精神进一步弘扬，学习深圳速度、浦东经验，地区生产总值达到3.6万亿元。"
    assert [r.code for r in resolve_regions(None, None, plan)[0]] == ["610000"]
    assert not [m for m in find_mentions("弘扬延安精神，学习深圳速度") if m.code in ("610600", "440300")]
    # negatives: the same names as places, and a bureau whose name begins like an epithet
    assert [m.code for m in find_mentions("延安推进审批改革，深圳企业开办0.5天")] == ["610600", "440300"]
    assert [m.code for m in find_mentions("深圳经验推广办公室")] == ["440300"]


def test_a_place_in_the_list_of_superiors_is_above_the_writer():
    # superior_list: 贯彻国家、省、苏州关于…的指示精神 is written by a part of 苏州 (here 昆山市)
    report = ("2022年，市行政审批局深入贯彻落实国家、省、苏州关于政务服务工作的指示精神，在市委市政府的正确领导下，"
              "全市共完成办件856万件。昆山市推行“一业一证”改革。")
    assert [r.code for r in resolve_regions(None, None, report)[0]] == ["320583"]
    # written: a district under 党中央、省委 and its city, named in full
    district = "区政务服务局认真落实党中央、河南省、郑州市决策部署，金水区网上可办率达到98%。"
    assert [r.code for r in resolve_regions(None, None, district)[0]] == ["410105"]
    # negatives: a national bureau beside the city, and the city named outside any list
    assert [r.code for r in resolve_regions(None, None, "国家发展改革委、苏州市政府联合发布，苏州市推行改革。")[0]] == ["320500"]
    assert [r.code for r in resolve_regions(None, None, report.replace("国家、省、苏州关于", "苏州市关于"))[0]] == ["320500"]


def test_parts_of_several_cities_make_the_province_they_share():
    # several_parts with an unnamed whole: a report on the province's zones that never names the province
    zones = ("三晋大地各开发区项目建设热潮不减。长子经开区推行上门审批，长子经开区还设立帮办专区；"
             "上党经开区设立暖心驿站；临汾经开区打造优审通品牌；原平经开区完成十项区域评估。")
    assert [(r.code, r.inferred) for r in resolve_regions(None, None, zones)[0]] == [("140000", True)]
    counties = "巩义市推行企业开办一日办结，巩义市网上可办率达到98%；新郑市压减审批时限；林州市推行帮办代办。"
    assert [r.code for r in resolve_regions(None, None, counties)[0]] == ["410000"]
    # negatives: one part named far more than the rest, and parts of one city (several_parts gives the city)
    one = "巩义市推行企业开办一日办结，巩义市网上可办率达到98%，巩义市推行帮办代办；新郑市压减审批时限。"
    assert [r.code for r in resolve_regions(None, None, one)[0]] == ["410181"]
    city = "巩义市推行企业开办一日办结，巩义市网上可办率达到98%；新郑市压减审批时限；登封市推行帮办代办。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["410100"]


def test_a_medium_named_after_a_province_is_no_mention_of_it():
    # bare_name_epithet: 湖南日报, 浙江卫视 are media; the county named in its own bureau's summary is the writer
    summary = ("2023年，县行政审批服务局紧紧围绕县委、县政府工作大局，改革经验登上湖南日报头版头条，"
               "并刊发在湖南日报内参。出台《衡山县网上中介服务超市管理办法》。")
    assert [r.code for r in resolve_regions(None, None, summary)[0]] == ["430423"]
    assert not [m for m in find_mentions("浙江卫视、湖南日报报道") if m.code in ("330000", "430000")]
    # negatives: the province itself, and a bureau whose name begins like a medium's
    assert [m.code for m in find_mentions("湖南推进“一件事一次办”")] == ["430000"]
    assert [m.code for m in find_mentions("湖南日报社办公室")] == ["430000"]


def test_lead_units_name_the_level_and_a_bank_branch_is_no_mention_of_its_seat():
    # lead_unit: 牵头单位：省… twice says a provincial plan; 人民银行济南分行 serves the province from 济南
    plan = ("3月底前，推行企业开办1天办结。(牵头单位:省市场监管局)\n鼓励商业银行推行简易开户。(牵头单位:人民银行济南分行)\n"
            "6月底前，推行代位注销。(牵头单位:省市场监管局、省税务局)\n山东省推进营商环境创新。")
    assert [r.code for r in resolve_regions(None, None, plan)[0]] == ["370000"]
    assert not [m for m in find_mentions("人民银行济南分行、人民银行昆明中心支行") if m.code in ("370100", "530100")]
    # negatives: the city itself, and a single lead unit
    assert [m.code for m in find_mentions("济南推行企业开办1天办结")] == ["370100"]
    city = "济南市推行企业开办1天办结。(牵头单位:市市场监管局)济南市网上可办率达到98%。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["370100"]


def test_a_place_the_writer_ranks_in_or_takes_work_from_is_its_superior():
    # superior_context: 居宣城市首位, 转办宣城市…热线 are written by a part of 宣城市 (here 广德市)
    summary = ("2022年来，广德市数据资源管理局推进智慧城市建设。完成公共资源交易项目1530项，交易数量居宣城市首位。"
               "热线受理33885件，转办宣城市政府服务热线83件。出台《广德市加快推进政务服务标准化实施方案》。")
    assert [r.code for r in resolve_regions(None, None, summary)[0]] == ["341882"]
    hotline = "本月受理宜春下派工单1905件，提前办结率69.16%，比宜春市平均值高7.05%。"
    assert not _weights_of(hotline)
    # negatives: the city as the subject of its own figures
    assert [r.code for r in resolve_regions(None, None, "宣城市交易项目1530项，宣城市网上可办率98%。")[0]] == ["341800"]
    assert _weights_of("——2021年7月29日在宣城市第八届人民代表大会第一次会议上") == {"341800": 1.0}


def _weights_of(text: str) -> dict:
    from ingest.regions import _weights
    return dict(_weights(text, find_mentions(text)))


def test_the_leadership_phrase_names_the_writers_level():
    # leadership_phrase: a county bureau's report names 全省 in awards and rankings more often than its own
    # level; 在县委县政府的坚强领导下 says whose report it is
    report = ("2023年以来，在县委县政府的坚强领导下，安义县政数局深化改革。在全省的营商环境考核中获全市第3，"
              "获得“全省政务信息化先进单位”称号，全省首创“安商驿站”。南昌市推广安义县经验。")
    assert [r.code for r in resolve_regions(None, None, report)[0]] == ["360123"]
    city = "在市委、市政府的正确领导下，全省首个“一件事”专区在曲靖市上线。麒麟区先行试点，全省推广。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["530300"]
    # the organ named last before 领导下 is the writer's: a district report under 自治区 and city leaders,
    # though 自治区 is named more often than the district
    district = ("一、2023年工作回顾\n刚刚过去的2023年，在自治区党委、自治区人民政府，市委、市政府以及区委的坚强领导下，"
                "我们奋发进取。听取自治区工作汇报精神，落实自治区部署，新疆经济恢复。全区生产总值增长7%，高昌区葡萄产业壮大。")
    assert [r.code for r in resolve_regions(None, None, district)[0]] == ["650402"]
    # negative: the province's leadership in a city text names a higher organ, so the level words decide
    higher = "在省委省政府和市委的坚强领导下，全市企业开办压缩至1个工作日，全市推行容缺受理。曲靖市先行。麒麟区试点。"
    assert [r.code for r in resolve_regions(None, None, higher)[0]] == ["530300"]


def test_a_district_service_hall_says_the_district_level():
    # bare_organ: 区政务服务大厅, 区营商环境建设局 are the writer's own organs; the text names its district
    # once (in a bureau's name) and its city more often
    monthly = ("现将7月份情况通报如下：\n区政务服务大厅按业务性质设置16个服务窗口，共受理办件2191件。"
               "排名前三的单位为三亚市市场监督管理局吉阳区分局、区营商环境建设局、三亚天涯公交集团。三亚市民服务。")
    assert [r.code for r in resolve_regions(None, None, monthly)[0]] == ["460203"]
    mine = "县行政审批局牵头推进，县政务服务中心设立综合窗口。红河州泸西县企业开办1天，红河州推广。"
    assert [r.code for r in resolve_regions(None, None, mine)[0]] == ["532527"]
    # negative: the hall inside a longer word is no organ of the writer's level
    city = "曲靖市政务服务中心：市区政务服务大厅窗口38个，曲靖市办件1200件，麒麟区办件300件。曲靖市推进改革。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["530300"]


def test_a_city_written_before_its_county_only_says_where_the_county_lies():
    # parent_qualifier: 延安市子长市 names 子长市; the city before it does not count for the city
    plan = "延安市子长市制定以下方案，推动全市经济社会高质量发展，实现项目审批提速30%以上，打造全市营商环境标杆城市。"
    assert [r.code for r in resolve_regions(None, None, plan)[0]] == ["610681"]
    mine = "为优化营商环境，红河州弥勒市推行容缺受理，全市企业开办压缩至0.5个工作日，全市审批提速50%。"
    assert [r.code for r in resolve_regions(None, None, mine)[0]] == ["532504"]
    # negative: a city naming several of its districts so is still the city's (several_parts)
    city = "昆明市五华区、昆明市盘龙区、昆明市官渡区分别受理800件、700件、600件，全市办结率100%，全市满意率99%。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["530100"]


def test_a_county_text_naming_only_its_townships_is_the_countys():
    # township_county: a hotline report of 宁国市 names its townships, never the city itself
    hotline = "本月共受理工单3656件。其中西津街道受理620件，汪溪街道受理318件，港口镇受理96件，办结率99%。"
    assert [r.code for r in resolve_regions(None, None, hotline)[0]] == ["341881"]
    # inside the city the text names: 宜春 is the superior, the towns are 高安市's (瑞州街办 is 瑞州街道)
    gaoan = "本月受理宜春下派工单1905件。宜春市平均办结率98%。瑞州街办受理99件，八景镇受理45件，石脑镇受理30件。"
    refs, status = resolve_regions(None, None, gaoan)
    assert [(r.code, r.inferred) for r in refs] == [("360983", True)] and status == "inferred"
    # negatives: one township is not enough; a township name of many counties (城关镇) says nothing; a city
    # that names its county itself keeps the weighing of names
    assert resolve_regions(None, None, "本月西津街道受理工单620件，办结率99%。")[0] == []
    assert resolve_regions(None, None, "城关镇受理工单620件，城关镇办结率99%，新城镇受理20件。")[0] == []
    city = "宣城市本月受理工单3656件，宣城市办结率99%，宣城市满意率98%。宁国市西津街道受理620件，汪溪街道受理318件。"
    assert [r.code for r in resolve_regions(None, None, city)[0]] == ["341800"]


def test_a_province_wide_evaluation_and_a_lake_name_say_nothing_of_the_writer():
    # _SELF: 在全省营商环境评价中 and 全省优异 rank the district among the province's parts; the province's
    # press office only hosts the conference
    news = ("3月30日下午，省政府新闻办举行新闻发布会。某某区副区长在会上介绍，襄州区连续两年在全省营商环境评价中"
            "取得“全省优异、全市第一”的好成绩。襄州区“跨省通办”事项117项，湖北政务服务网可办1571项。")
    assert [r.code for r in resolve_regions(None, None, news)[0]] == ["420607"]
    # _BARE_BLOCK_NEXT: 大同湖管理区 is a lake's farm, not 大同市; the towns place the text in 洪湖市
    towns = "支持府场镇、曹市镇打造特色小镇，支持万全镇建设产业强镇。全力支持大同湖管理区打造示范区。"
    assert [r.code for r in resolve_regions(None, None, towns)[0]] == ["421083"]
    # negatives: the province writing of itself (全省 in a plan) and a real mention of 大同
    plan = "全省网上可办率达到98%，全省企业开办1个工作日。省政府推动。湖北省政务服务网上线。襄州区试点。"
    assert [r.code for r in resolve_regions(None, None, plan)[0]] == ["420000"]
    assert [r.code for r in resolve_regions(None, None, "大同市企业开办1个工作日，大同市网办率98%。")[0]] == ["140200"]


def test_the_seed_carries_todays_codes_of_converted_counties():
    # CODE_CORRECTIONS in scripts/build_region_seed.py: jionlp keeps some pre-conversion codes
    assert region_by_code("340210")[0] == "湾沚区" and region_by_code("340221") is None
    assert region_by_code("340281")[0] == "无为市" and region_by_code("340225") is None
    assert region_by_code("532381")[0] == "禄丰市" and region_by_code("532331") is None
    # a former name still finds the district under its new code
    assert "340210" in [m.code for m in find_mentions("芜湖市芜湖县企业开办1个工作日")]


def test_a_provinces_service_portal_is_no_mention_of_the_province():
    # bare_name_epithet: 安徽政务服务网 is the platform every county of the province uses
    summary = ("现将我局2025年工作完成情况报告如下：\n目前，安徽政务服务网已上线79项重点“一件事”。在安徽政务服务网涡阳分厅上线"
               "2031个事项。制定《涡阳县政务服务中心全面推进综合窗口改革实施方案》。")
    assert [r.code for r in resolve_regions(None, None, summary)[0]] == ["341621"]
    # negative: the province named as itself
    assert [r.code for r in resolve_regions(None, None, "安徽推进政务服务改革，安徽全省网上可办率98%。")[0]] == ["340000"]


def test_a_document_the_writer_follows_is_its_superiors():
    # followed_document: 根据《安徽省…》(皖数资函〔2024〕22号) is the province's; the county writes
    county = ("根据《安徽省数据资源管理局关于印发政务服务标准化工作方案的通知》（皖数资函〔2024〕22号）文件要求，"
              "制定《涡阳县政务服务中心综合窗口改革实施方案》，设立综合窗口12个。")
    assert [r.code for r in resolve_regions(None, None, county)[0]] == ["341621"]
    # negatives: a place named after the bracket is a mention; a cited title not followed still weighs
    after = "根据《国务院关于加快政务服务标准化的意见》要求，昆明市推进改革，昆明市网上可办率98%。"
    assert [r.code for r in resolve_regions(None, None, after)[0]] == ["530100"]
    from ingest.regions import _weights
    cited = "《安徽省优化营商环境条例》实施以来，成效明显。"
    assert _weights(cited, find_mentions(cited)) == {"340000": 0.25}
    # alone, the followed document still says which province the writer is in
    alone = "落实《辽宁省大力优化营商环境行动方案》，制定本方案。全区企业开办时间压缩至0.5个工作日。"
    assert [r.code for r in resolve_regions(None, None, alone)[0]] == ["210000"]


def test_a_named_superiors_leadership_is_not_the_writers_level():
    # named_leadership: 在湖北省委、省政府的坚强领导下 names the superior; the city named after it writes
    page = ("近年来，在湖北省委、省政府的坚强领导下，武汉市以“高效办成一件事”为主线推进改革。武汉市“一事联办”专区上线，"
            "与湖北省公安厅等部门对接，武汉城市圈通办事项319项。")
    assert [r.code for r in resolve_regions(None, None, page)[0]] == ["420100"]
    # negative: an unnamed leadership phrase still says the writer's level (the province here)
    own = "在省委、省政府的坚强领导下，全省推进改革。武汉市先行，湖北省推广。"
    assert [r.code for r in resolve_regions(None, None, own)[0]] == ["420000"]


def test_several_cities_named_alike_are_their_provinces():
    # several_parts_tied: three pilot cities of one province named as often as each other
    page = ("在杭州、宁波、温州开展的营商环境改革试点全面完成。杭州、宁波在评价中被评为标杆城市，温州位居前列。"
            "杭州市推行一网通办，宁波市推行告知承诺，温州市推行容缺受理。")
    assert [r.code for r in resolve_regions(None, None, page)[0]] == ["330000"]
    # negative: two cities alike (a page on their integration) stay ambiguous
    two = "杭州市与宁波市签订协议。杭州市推行一网通办，宁波市推行告知承诺。"
    assert resolve_regions(None, None, two) == ([], "ambiguous")
