"""Generate seeds/regions.csv and seeds/region_aliases.csv from jionlp's bundled division data.

Run: .venv/bin/python scripts/build_region_seed.py   (rewrites both CSVs; UTF-8, no BOM, "\\n" line ends)

Source: jionlp/dictionary/china_location.txt, a tab-indented tree (province / prefecture / county /
town / village) whose first three levels are `name<TAB>code<TAB>short`, and china_location_change.txt
(renames since 2002: `date<TAB>approver<TAB>old names...=>new names...`). The file is read directly,
not through jionlp's loader (importing jionlp is slow and noisy).

BOTH seeds are fully generated. The few hand-maintained aliases (doc-number prefixes, functional zones,
former names the change file lacks) live in MANUAL_ALIASES below: edit them there and rerun, never edit
the CSVs by hand. Generated alias rows are appended after the manual ones; duplicates are dropped.

Decisions:
- Municipalities (北京/天津/上海/重庆): jionlp repeats the province as a "city" with the same code; that
  row is dropped, so their districts and counties are level=county with parent_code = the province-level
  code (110000, 120000, 310000, 500000). GB/T 2260's 市辖区/县 groupings (500100, 500200) are not used.
- 省直辖县级行政区划 (419000, 429000, 469000, 659000): the grouping row is dropped and its county-level
  cities (济源 419001, 仙桃 429004, 五指山 469001, 石河子 659001 ...) get parent_code = the province code.
- Prefecture-level cities without districts (东莞, 中山, 儋州, 嘉峪关): their "市直辖行政区划" row is dropped.
- County-part 71-79 codes (e.g. 411071 许昌经济技术开发区) are NBS statistical codes of functional zones,
  not GB/T 2260 divisions: they become `zone` aliases whose region_code is the prefecture they lie in; so do
  510102 成都高新技术产业开发区 and 510156 天府新区 (see ZONE_NAME, NBS_ONLY).
- Hong Kong, Macao, Taiwan: the province-level row only (jionlp's sub-rows carry no GB/T 2260 codes).
- doc_prefix aliases are one character and province-level first: 宁 is 宁夏 (Nanjing's 宁政发 is not
  distinguished), 黑 is 黑龙江 (not 黑河), 云 is 云南 (not 云浮).
- Generated `short` aliases: X州 for every 自治州, X县/X旗 for every 自治县/自治旗 (unless that string is
  already the full name of another division, e.g. no alias 红河县 for anything but the real 红河县).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
def jio_dict() -> Path:
    """jionlp's data folder (pip install '.[regions]'); looked up on use, so the rest imports without it."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None:
        raise SystemExit("jionlp is not installed: .venv/bin/pip install -e '.[regions]'")
    return Path(spec.submodule_search_locations[0]) / "dictionary"

# alias, region_code, region_name (zone name for zones; empty = the code's full name), alias_type, context_code
MANUAL_ALIASES: list[tuple[str, str, str, str, str]] = [
    # one-character province abbreviations used as 文号 prefixes (川办函, 渝府办发, 黔府办函, 云政办发 ...).
    # Other prefixes (凉府办发, 眉府办函, 綦江府办发) are matched against short names by ingest.regions;
    # only city abbreviations that are not the start of the city's short name are listed (穗 = 广州 ...).
    *[(a, c, "", "doc_prefix", "") for a, c in [
        ("京", "110000"), ("津", "120000"), ("冀", "130000"), ("晋", "140000"), ("蒙", "150000"),
        ("辽", "210000"), ("吉", "220000"), ("黑", "230000"), ("沪", "310000"), ("苏", "320000"),
        ("浙", "330000"), ("皖", "340000"), ("闽", "350000"), ("赣", "360000"), ("鲁", "370000"),
        ("豫", "410000"), ("鄂", "420000"), ("湘", "430000"), ("粤", "440000"), ("桂", "450000"),
        ("琼", "460000"), ("渝", "500000"), ("川", "510000"), ("黔", "520000"), ("云", "530000"),
        ("滇", "530000"), ("藏", "540000"), ("陕", "610000"), ("甘", "620000"), ("青", "630000"),
        ("宁", "640000"), ("新", "650000"), ("台", "710000"), ("港", "810000"), ("澳", "820000"),
        ("穗", "440100"), ("榕", "350100"), ("邕", "450100"), ("筑", "520100"), ("并", "140100"),
        ("甬", "330200")]],
    # functional zones: region_code = the county (or city/province when it spans several) it lies in
    ("云南海口产业园区", "530112", "云南海口产业园区", "zone", ""),
    ("海口产业园区", "530112", "云南海口产业园区", "zone", "530100"),  # bare 海口 is Haikou, Hainan
    ("昆明经济技术开发区", "530111", "昆明经济技术开发区", "zone", ""),
    ("昆明高新技术产业开发区", "530102", "昆明高新技术产业开发区", "zone", ""),
    ("昆明高新区", "530102", "昆明高新技术产业开发区", "zone", ""),
    ("滇中新区", "530100", "滇中新区", "zone", ""),
    ("四川天府新区", "510100", "四川天府新区", "zone", ""),
    ("天府新区", "510100", "四川天府新区", "zone", ""),
    ("成都高新技术产业开发区", "510100", "成都高新技术产业开发区", "zone", ""),
    ("成都高新区", "510100", "成都高新技术产业开发区", "zone", ""),
    ("成都经济技术开发区", "510112", "成都经济技术开发区", "zone", ""),
    ("两江新区", "500000", "重庆两江新区", "zone", ""),
    ("重庆两江新区", "500000", "重庆两江新区", "zone", ""),
    ("重庆高新区", "500000", "重庆高新技术产业开发区", "zone", ""),
    ("西部（重庆）科学城", "500000", "西部（重庆）科学城", "zone", ""),
    ("贵安新区", "520000", "贵州贵安新区", "zone", ""),
    ("贵阳国家高新技术产业开发区", "520100", "贵阳国家高新技术产业开发区", "zone", ""),
    ("贵阳经济技术开发区", "520100", "贵阳经济技术开发区", "zone", ""),
    ("中国（四川）自由贸易试验区", "510000", "中国（四川）自由贸易试验区", "zone", ""),
    ("中国（重庆）自由贸易试验区", "500000", "中国（重庆）自由贸易试验区", "zone", ""),
    ("中国（云南）自由贸易试验区", "530000", "中国（云南）自由贸易试验区", "zone", ""),
    ("中国（云南）自由贸易试验区昆明片区", "530100", "中国（云南）自由贸易试验区昆明片区", "zone", ""),
    ("中国（贵州）自由贸易试验区", "520000", "中国（贵州）自由贸易试验区", "zone", ""),
    # the national-level new areas (国家级新区) and a few zones that issue their own plans; a new area with a
    # county code of its own (浦东新区, 滨海新区) is a division already
    ("雄安新区", "130600", "河北雄安新区", "zone", ""),
    ("河北雄安新区", "130600", "河北雄安新区", "zone", ""),
    ("舟山群岛新区", "330900", "浙江舟山群岛新区", "zone", ""),
    ("兰州新区", "620100", "兰州新区", "zone", ""),
    ("南沙新区", "440115", "广州南沙新区", "zone", ""),
    ("西咸新区", "610100", "陕西西咸新区", "zone", ""),
    ("西海岸新区", "370211", "青岛西海岸新区", "zone", ""),
    ("金普新区", "210213", "大连金普新区", "zone", ""),
    ("湘江新区", "430100", "湖南湘江新区", "zone", ""),
    ("江北新区", "320100", "南京江北新区", "zone", ""),
    ("福州新区", "350100", "福州新区", "zone", ""),
    ("哈尔滨新区", "230100", "哈尔滨新区", "zone", ""),
    ("长春新区", "220100", "长春新区", "zone", ""),
    ("赣江新区", "360100", "江西赣江新区", "zone", ""),
    ("北京经济技术开发区", "110115", "北京经济技术开发区", "zone", ""),
    ("北京经开区", "110115", "北京经济技术开发区", "zone", ""),
    ("中关村科技园区", "110108", "中关村科技园区", "zone", ""),
    ("前海深港现代服务业合作区", "440305", "前海深港现代服务业合作区", "zone", ""),
    ("横琴粤澳深度合作区", "440402", "横琴粤澳深度合作区", "zone", ""),
    ("东湖新技术开发区", "420100", "武汉东湖新技术开发区", "zone", ""),
    ("武汉东湖新技术开发区", "420100", "武汉东湖新技术开发区", "zone", ""),
    ("郑东新区", "410100", "郑东新区", "zone", ""),
    ("临港新片区", "310115", "中国（上海）自由贸易试验区临港新片区", "zone", ""),
    ("中国（上海）自由贸易试验区临港新片区", "310115", "中国（上海）自由贸易试验区临港新片区", "zone", ""),
    ("中国（上海）自由贸易试验区", "310115", "中国（上海）自由贸易试验区", "zone", ""),
    # national development zones that issue their own plans: the county they lie in, the zone's name kept
    ("广州开发区", "440112", "广州开发区", "zone", ""),
    ("广州经济技术开发区", "440112", "广州经济技术开发区", "zone", ""),
    ("广州高新技术产业开发区", "440112", "广州高新技术产业开发区", "zone", ""),
    ("广州南沙经济技术开发区", "440115", "广州南沙经济技术开发区", "zone", ""),
    ("增城经济技术开发区", "440118", "增城经济技术开发区", "zone", ""),
    ("昆山经济技术开发区", "320583", "昆山经济技术开发区", "zone", ""),
    ("昆山开发区", "320583", "昆山经济技术开发区", "zone", ""),
    ("昆山高新技术产业开发区", "320583", "昆山高新技术产业开发区", "zone", ""),
    ("昆山高新区", "320583", "昆山高新技术产业开发区", "zone", ""),
    ("常熟经济技术开发区", "320581", "常熟经济技术开发区", "zone", ""),
    ("张家港经济技术开发区", "320582", "张家港经济技术开发区", "zone", ""),
    ("太仓港经济技术开发区", "320585", "太仓港经济技术开发区", "zone", ""),
    ("吴江经济技术开发区", "320509", "吴江经济技术开发区", "zone", ""),
    ("苏州高新技术产业开发区", "320505", "苏州高新技术产业开发区", "zone", ""),
    ("苏州高新区", "320505", "苏州高新技术产业开发区", "zone", ""),
    ("江宁经济技术开发区", "320115", "江宁经济技术开发区", "zone", ""),
    ("南京经济技术开发区", "320113", "南京经济技术开发区", "zone", ""),
    ("天津经济技术开发区", "120116", "天津经济技术开发区", "zone", ""),
    ("天津开发区", "120116", "天津经济技术开发区", "zone", ""),
    ("青岛经济技术开发区", "370211", "青岛经济技术开发区", "zone", ""),
    ("大连经济技术开发区", "210213", "大连经济技术开发区", "zone", ""),
    ("宁波经济技术开发区", "330206", "宁波经济技术开发区", "zone", ""),
    ("杭州经济技术开发区", "330114", "杭州经济技术开发区", "zone", ""),
    ("萧山经济技术开发区", "330109", "萧山经济技术开发区", "zone", ""),
    ("长沙经济技术开发区", "430121", "长沙经济技术开发区", "zone", ""),
    ("重庆经济技术开发区", "500108", "重庆经济技术开发区", "zone", ""),
    ("义乌经济技术开发区", "330782", "义乌经济技术开发区", "zone", ""),
    # former names the change file lacks (it starts in 2002 and records removals only)
    ("思茅市", "530800", "", "former", ""),
    ("中甸县", "533401", "", "former", ""),
    ("铜仁地区", "520600", "", "former", ""),
    ("毕节地区", "520500", "", "former", ""),
    ("綦江县", "500110", "", "former", ""),
    ("呈贡县", "530114", "", "former", ""),
    ("晋宁县", "530115", "", "former", ""),
]


# County rows of jionlp that are functional zones, not GB/T 2260 divisions: NBS zone codes (county part 71-79),
# names like 成都高新技术产业开发区 (510102), and 天府新区 (510156, NBS code of its Chengdu-managed area).
ZONE_NAME = re.compile(r"(开发区|产业园区?|工业园区|管委会|管理区|示范区|试验区|实验区)$")  # not 绿园区, 梁园区
NBS_ONLY = {"510156"}


def read_tree() -> tuple[list[dict], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Rows for regions.csv, (zone name, zone code, prefecture code) for NBS zone codes, extra short names."""
    rows: list[dict] = []
    extra: list[tuple[str, str]] = []
    zones: list[tuple[str, str, str]] = []
    prov = city = None
    for line in (jio_dict() / "china_location.txt").read_text(encoding="utf-8").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth > 2 or len(parts) != 3:
            continue  # towns, villages, code-less rows (Taiwan's districts)
        name, code, short = parts
        if "/" in short:  # 巴州/巴音郭楞: keep the longest form, the others become short aliases
            variants = short.split("/")
            short = max(variants, key=len)
            extra.extend((v, code) for v in variants if v != short)
        if depth == 0:
            prov = {"region_code": code, "region_name": name, "short_name": short, "level": "province",
                    "parent_code": "", "province_code": code, "province_name": name}
            rows.append(prov)
            city = prov
        elif depth == 1:
            if prov["region_code"] in ("710000", "810000", "820000"):
                city = None  # Taiwan / HK / Macao: province row only
                continue
            if code == prov["region_code"] or code.endswith("9000"):
                city = prov  # municipality, or 省直辖县级行政区划: children hang on the province
                continue
            city = {"region_code": code, "region_name": name, "short_name": short, "level": "prefecture",
                    "parent_code": prov["region_code"], "province_code": prov["region_code"],
                    "province_name": prov["region_name"]}
            rows.append(city)
        else:
            if city is None or name.endswith("直辖行政区划"):
                continue
            if "70" <= code[4:6] <= "79" or ZONE_NAME.search(name) or code in NBS_ONLY:
                zones.append((name, code, city["region_code"]))
                continue
            rows.append({"region_code": code, "region_name": name, "short_name": short, "level": "county",
                         "parent_code": city["region_code"], "province_code": prov["region_code"],
                         "province_name": prov["region_name"]})
    rows.sort(key=lambda r: r["region_code"])
    return rows, zones, extra


# How documents shorten a zone's name: 昆山经济技术开发区 → 昆山经开区, 昆山开发区; 苏州高新技术产业开发区 →
# 苏州高新区; and without the city it lies in: 广州南沙经济技术开发区 → 南沙开发区, 南沙经开区.
ZONE_SHORT_SUFFIXES = {"经济技术开发区": ("经开区", "开发区"), "高新技术产业开发区": ("高新区",)}


def zone_short_forms(aliases: list[tuple[str, str, str, str, str]], by_code: dict[str, dict],
                     full_names: set[str]) -> list[tuple[str, str, str, str, str]]:
    """Short aliases of the zone aliases, each kept only when no other region or zone already uses it."""
    taken: dict[str, str] = {alias: code for alias, code, *_ in aliases}
    out: list[tuple[str, str, str, str, str]] = []
    for alias, code, name, typ, ctx in list(aliases):
        if typ != "zone":
            continue
        for long_suffix, shorts in ZONE_SHORT_SUFFIXES.items():
            if not alias.endswith(long_suffix):
                continue
            stems = [alias[: -len(long_suffix)]]
            region = by_code[code]
            if region["level"] == "county":
                # the city dropped only when what is left names the county the zone lies in (南沙 of 南沙区)
                city = by_code.get(region["parent_code"], region)
                county_names = {region.get("short_name") or "", region["region_name"][:-1]} - {""}
                for short in {city.get("short_name") or "", city["region_name"]} - {""}:
                    rest = stems[0][len(short):] if stems[0].startswith(short) else ""
                    if rest in county_names and len(rest) >= 2:
                        stems.append(rest)
            for stem in stems:
                for suffix in shorts:
                    short_alias = stem + suffix
                    if len(stem) < 2 or short_alias in full_names or short_alias in taken:
                        continue
                    taken[short_alias] = code
                    out.append((short_alias, code, name or alias, "zone", ctx))
    return out


def build_aliases(rows: list[dict], zones: list[tuple[str, str, str]], extra: list[tuple[str, str]]) -> list[dict]:
    by_code = {r["region_code"]: r for r in rows}
    full_names = {r["region_name"] for r in rows}
    out: list[tuple[str, str, str, str, str]] = list(MANUAL_ALIASES)
    out += [(short, code, "", "short", "") for short, code in extra]
    for r in rows:  # X州 / X县 / X旗 for autonomous units
        for ending, suffix in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if r["region_name"].endswith(ending) and r["short_name"]:
                short = r["short_name"]
                alias = short if short.endswith(suffix) else short + suffix  # 莫旗, not 莫旗旗
                if alias not in full_names:
                    out.append((alias, r["region_code"], "", "short", ""))
    for name, _code, parent in zones:
        out.append((name, parent, name, "zone", ""))
    # former names. Lines: date, approver, old (prov, prov_short, city, city_short[, county, county_short])
    # => new (prov, city[, county]). The alias is the old full name; county renames need the new parent.
    codes_by = {}
    for r in rows:
        parent = by_code.get(r["parent_code"], r)["region_name"]
        codes_by.setdefault((r["province_name"], parent, r["region_name"]), []).append(r["region_code"])
    for line in (jio_dict() / "china_location_change.txt").read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = (part.split("\t") for part in line.split("=>"))
        old_name, new = old[-2], new + [""] * (3 - len(new))
        key = (new[0], new[1], new[2]) if new[2] else (new[0], new[0], new[1])
        codes = codes_by.get(key, [])
        if len(codes) != 1 or old_name in full_names or len(old_name) <= 2:
            continue
        level = by_code[codes[0]]["level"]
        out.append((old_name, codes[0], "", "former", by_code[codes[0]]["parent_code"] if level == "county" else ""))
    out += zone_short_forms(out, by_code, full_names)
    seen: set[tuple[str, str]] = set()
    result = []
    for alias, code, name, typ, ctx in out:
        assert code in by_code, (alias, code)
        if (alias, code) in seen:
            continue
        seen.add((alias, code))
        result.append({"alias": alias, "region_code": code, "region_name": name or by_code[code]["region_name"],
                       "alias_type": typ, "context_code": ctx})
    return result


def write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> int:
    rows, zones, extra = read_tree()
    aliases = build_aliases(rows, zones, extra)
    write(SEEDS / "regions.csv", ["region_code", "region_name", "short_name", "level", "parent_code",
                                  "province_code", "province_name"], rows)
    write(SEEDS / "region_aliases.csv", ["alias", "region_code", "region_name", "alias_type", "context_code"],
          aliases)
    levels = {lv: sum(r["level"] == lv for r in rows) for lv in ("province", "prefecture", "county")}
    print(f"regions.csv: {len(rows)} rows {levels}; region_aliases.csv: {len(aliases)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
