"""Generate seeds/regions.csv, seeds/region_aliases.csv and seeds/townships.csv from jionlp's bundled
division data.

Run: .venv/bin/python scripts/build_region_seed.py   (rewrites the three CSVs; UTF-8, no BOM, "\\n" line ends)

Source: jionlp/dictionary/china_location.txt, a tab-indented tree (province / prefecture / county /
town / village) whose first three levels are `name<TAB>code<TAB>short`, and china_location_change.txt
(renames since 2002: `date<TAB>approver<TAB>old names...=>new names...`). The file is read directly,
not through jionlp's loader (importing jionlp is slow and noisy).

BOTH seeds are fully generated. The hand-maintained aliases live in two places: functional zones in
scripts/zone_aliases.csv (one row per alias: the zone's host county, or its city or province when it
spans several, with the zone's full name as region_name and, for a short form that needs it, the code
that must be in context), and doc-number prefixes and former names the change file lacks in
MANUAL_ALIASES below. Edit them there and rerun, never edit the seeds by hand. Generated rows are
appended after the hand-maintained ones; a generated zone row never overrides a hand-maintained alias.

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
- Codes jionlp still gives a county from before it became a district are corrected (CODE_CORRECTIONS, each
  checked in two published code lists): the seed carries today's GB/T 2260 code.
- townships.csv: every township (镇, 乡, 街道, 苏木) with the county it lies in. A name shared by several
  counties gets one row per county. Read by ingest.regions to place a county document that names only its towns.
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

def jio_text(name: str) -> str:
    """A jionlp dictionary file; jionlp ships some of them zipped (china_location.zip holds the .txt)."""
    path = jio_dict() / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    import zipfile

    with zipfile.ZipFile(path.with_suffix(".zip")) as z:
        return z.read(name).decode("utf-8")


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
    # former names the change file lacks (it starts in 2002 and records removals only)
    ("思茅市", "530800", "", "former", ""),
    ("凤翔县", "610305", "", "former", "610300"),  # the change file names the new 凤翔区 wrongly (凤翔市)
    ("长泰县", "350605", "", "former", "350600"),
    ("中甸县", "533401", "", "former", ""),
    ("铜仁地区", "520600", "", "former", ""),
    ("毕节地区", "520500", "", "former", ""),
    ("綦江县", "500110", "", "former", ""),
    ("呈贡县", "530114", "", "former", ""),
    ("晋宁县", "530115", "", "former", ""),
]


# County rows of jionlp that are functional zones, not GB/T 2260 divisions: NBS zone codes (county part 71-79),
# names like 成都高新技术产业开发区 (510102), and 天府新区 (510156, NBS code of its Chengdu-managed area).
# Counties whose code (and sometimes name) changed when they became a district or a county-level city, or
# moved to another city, and that jionlp still gives under the old code: old code -> (today's code, today's
# name or "" when the name is already right). Checked against a published list of the Ministry of Civil
# Affairs' codes (2022) and the code ranges of GB/T 2260 (districts 01-20, county-level cities 81-99).
CODE_CORRECTIONS: dict[str, tuple[str, str]] = {
    "130526": ("130505", ""),  # 任泽区 (邢台, 2020)
    "130527": ("130506", ""),  # 南和区 (邢台, 2020)
    "220381": ("220184", ""),  # 公主岭市 (moved from 四平 to 长春, 2020)
    "230704": ("230719", ""),  # 友好区 (伊春, 2019 reform)
    "320602": ("320613", ""),  # 崇川区 (南通, 2020 merger)
    "320684": ("320614", ""),  # 海门区 (南通, 2020)
    "340203": ("340209", ""),  # 弋江区 (芜湖, 2020)
    "340221": ("340210", ""),  # 湾沚区 (芜湖, 2020)
    "340222": ("340212", ""),  # 繁昌区 (芜湖, 2020)
    "340225": ("340281", "无为市"),  # 无为县 -> 无为市 (2019)
    "350403": ("350404", ""),  # 三元区 (三明, 2021 merger)
    "350427": ("350405", ""),  # 沙县区 (三明, 2021)
    "350625": ("350605", "长泰区"),  # 长泰县 -> 长泰区 (漳州, 2021)
    "350681": ("350604", ""),  # 龙海区 (漳州, 2021)
    "360727": ("360783", ""),  # 龙南市 (赣州, 2020)
    "370684": ("370614", ""),  # 蓬莱区 (烟台, 2020)
    "421023": ("421088", ""),  # 监利市 (荆州, 2020)
    "450127": ("450181", ""),  # 横州市 (南宁, 2021)
    "510132": ("510118", ""),  # 新津区 (成都, 2020)
    "513425": ("513481", ""),  # 会理市 (凉山, 2021)
    "520221": ("520204", ""),  # 水城区 (六盘水, 2020)
    "532331": ("532381", ""),  # 禄丰市 (楚雄, 2021)
    "610322": ("610305", "凤翔区"),  # 凤翔县 -> 凤翔区 (宝鸡, 2021)
    "610928": ("610981", ""),  # 旬阳市 (安康, 2021)
    "630122": ("630106", "湟中区"),  # 湟中县 -> 湟中区 (西宁, 2019)
    "632321": ("632301", ""),  # 同仁市 (黄南, 2020)
    "652923": ("652902", ""),  # 库车市 (阿克苏, 2019)
    "654223": ("654281", ""),  # 沙湾市 (塔城, 2021)
}
ZONE_NAME = re.compile(r"(开发区|产业园区?|工业园区|管委会|管理区|示范区|试验区|实验区)$")  # not 绿园区, 梁园区
NBS_ONLY = {"510156"}


def read_tree() -> tuple[list[dict], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Rows for regions.csv, (zone name, zone code, prefecture code) for NBS zone codes, extra short names."""
    rows: list[dict] = []
    extra: list[tuple[str, str]] = []
    zones: list[tuple[str, str, str]] = []
    prov = city = None
    for line in jio_text("china_location.txt").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth > 2 or len(parts) != 3:
            continue  # towns, villages, code-less rows (Taiwan's districts)
        name, code, short = parts
        code, new_name = CODE_CORRECTIONS.get(code, (code, ""))
        name = new_name or name
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


ZONE_ALIASES = ROOT / "scripts" / "zone_aliases.csv"


def zone_aliases() -> list[tuple[str, str, str, str, str]]:
    with open(ZONE_ALIASES, encoding="utf-8", newline="") as f:
        return [(r["alias"], r["region_code"], r["region_name"], "zone", r["context_code"]) for r in csv.DictReader(f)]


def build_aliases(rows: list[dict], zones: list[tuple[str, str, str]], extra: list[tuple[str, str]]) -> list[dict]:
    by_code = {r["region_code"]: r for r in rows}
    full_names = {r["region_name"] for r in rows}
    manual = list(MANUAL_ALIASES) + zone_aliases()
    hand_zones = {alias for alias, *_, typ, _ctx in manual if typ == "zone"}
    out: list[tuple[str, str, str, str, str]] = list(manual)
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
    for line in jio_text("china_location_change.txt").splitlines():
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
    manual_set = set(manual)
    result = []
    for alias, code, name, typ, ctx in out:
        assert code in by_code, (alias, code)
        if (alias, code) in seen:
            continue
        if typ == "zone" and alias in hand_zones and (alias, code, name, typ, ctx) not in manual_set:
            continue  # the hand-maintained row places this zone
        seen.add((alias, code))
        result.append({"alias": alias, "region_code": code, "region_name": name or by_code[code]["region_name"],
                       "alias_type": typ, "context_code": ctx})
    return result


TOWNSHIP = re.compile(r"(?:镇|乡|街道|苏木)$")


def read_townships(counties: set[str]) -> list[dict]:
    """(town_name, county_code) for every township of a county in regions.csv, sorted and unique."""
    out: set[tuple[str, str]] = set()
    county = ""
    for line in jio_text("china_location.txt").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth == 2:
            county = CODE_CORRECTIONS.get(parts[1], (parts[1], ""))[0] if len(parts) == 3 else ""
        elif depth == 3 and county in counties and TOWNSHIP.search(parts[0]) and len(parts[0]) >= 3:
            out.add((parts[0], county))  # (a bare 街道 or 镇 of two characters names nothing)
    return [{"town_name": t, "county_code": c} for t, c in sorted(out)]


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
    towns = read_townships({r["region_code"] for r in rows if r["level"] == "county"})
    write(SEEDS / "townships.csv", ["town_name", "county_code"], towns)
    levels = {lv: sum(r["level"] == lv for r in rows) for lv in ("province", "prefecture", "county")}
    print(f"regions.csv: {len(rows)} rows {levels}; region_aliases.csv: {len(aliases)} rows; "
          f"townships.csv: {len(towns)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
