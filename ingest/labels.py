"""Words a Chinese-speaking reader sees in exports and the report, and today's codes for `--lang en`.

Unit names come from seeds/unit_labels.csv so that a new unit needs
no code change; the few fixed words (levels, comparators, statuses, headers) are here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

LANGS = ("zh", "en")

LEVEL_ZH = {"province": "省级", "prefecture": "地市级", "county": "县级"}
COMPARATOR_ZH = {"le": "≤", "ge": "≥", "eq": "="}
COMPARISON_ZH = {"stricter": "更严", "same": "相同", "looser": "更宽", "not_comparable": "单位不同，不可直接比较"}
CHANGE_ZH = {"new": "新设", "tightened": "收紧", "relaxed": "放宽", "restated": "重申", "not_comparable": "单位改变",
             "dropped": "不再提出"}
STATUS_ZH = {"in_force": "有效", "superseded": "已被取代", "dropped": "不再提出",
             "met": "已达成", "missed": "未达成", "no_actual_yet": "尚无实际值"}

HEADERS_ZH = {
    "region_code": "地区代码", "region_name": "地区", "region_level": "级别", "target_year": "目标年份",
    "indicator_code": "指标代码", "indicator_name_zh": "指标", "value": "目标值", "unit": "单位", "comparator": "比较",
    "is_comparable": "可直接比较", "comparability_note": "说明", "region_rank": "排名", "n_regions": "参与排名地区数",
    "document_id": "文件编号", "title": "文件标题", "doc_number": "文号", "issue_date": "发布日期", "evidence": "原文",
    "source_file": "来源文件", "char_start": "起始位置", "char_end": "结束位置", "measure_id": "指标记录编号",
    "cell": "单元格", "back": "返回",
}
UNTITLED = {"zh": "（无标题）", "en": "(untitled)"}


def unit_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """unit code → Chinese name, from the units seed in the warehouse ({} when it has no name_zh)."""
    import duckdb

    try:
        return dict(con.execute("select unit, name_zh from seeds.unit_labels").fetchall())
    except duckdb.Error:
        return {}


def word(mapping: dict[str, str], code: object, lang: str) -> str:
    """The Chinese word for a code (the code itself in English or when there is none)."""
    if code is None or (not isinstance(code, str) and code != code):  # None or NaN
        return ""
    return mapping.get(str(code), str(code)) if lang == "zh" else str(code)
