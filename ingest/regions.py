"""Regions: find place names in text and decide which region(s) a document belongs to.

Data: seeds/regions.csv (every province, prefecture and county with its GB/T 2260 code) and
seeds/region_aliases.csv (short forms, former names, functional zones, 文号 prefixes), both generated
by scripts/build_region_seed.py and loaded once.

`find_mentions` scans a text with one trie-shaped regex (leftmost, longest match). It recognises full
names, short names with a level suffix (红河州, 西山区), aliases, and bare short names (丽江, 昆明) of
provinces and prefectures only. A surface form that denotes several regions (朝阳区) is returned with
code "" and all its candidates: it is never guessed. `resolve_regions` weighs the evidence in the order
issuer, 文号, title, body text.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import SEEDS_DIR
from .records import RegionRef

_RANK = {"full": 0, "composite": 0, "short": 1, "former": 1, "zone": 1, "bare": 2}
# Everyday words that are also the full name of some county: matched only after their parent's name
# (阳泉市城区) or before a government body (城区人民政府). Names of one or two characters (和县) too.
_COMMON_WORD_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "市中区", "城中区", "老城区", "新城区", "新区"})
# What makes a two-character name (魏县, 城区) a region: its government, one of its bureaus, or the year
# of a document it issues (魏县2022年…执行情况, 魏县发展和改革局).
_GOV_AFTER = re.compile(r"(?:人民政府|政府|党委|县委|区委|市委|人大|政协|发展和改革|发改|财政局|统计局|商务局|"
                        r"市场监督管理局|行政审批|政务服务|营商环境|[0-9０-９]{4}\s*年|"
                        r"(?:城市管理|城管|住建|住房和城乡建设|市场监管|人社|教育|公安|税务|卫健|民政|应急管理|自然资源|数据)(?:分?局|委))")
# A bare short name followed by one of these is part of a longer word (中山路, 大理石, 长治久安, 河南岸).
_BARE_BLOCK_NEXT = frozenset("路街巷镇乡村石茶装港站久岸")
# bare_name_epithet: a place's name in an epithet (延安精神, 深圳速度, 浦东经验) names a spirit or a model,
# not the region the text is about
# (or a medium or a bank branch named after its seat: 湖南日报, 浙江卫视, 人民银行济南分行 serve the text's region, they
# are not it)
_BARE_EPITHET_NEXT = re.compile(r"(?:精神|速度|经验|模式|样板|效率|日报|晚报|卫视|电视台|广播电视台|分行|中心支行)(?![\u4e00-\u9fff]{0,2}(?:局|委|办|中心))")
_ANON = re.compile(r"(?:[XxＸｘ×＊*]\s*){2,3}(省|市|州|盟|县|区|旗)")
# 全市/我县 say the document's own level; a rank among peers (全市第2位, 全省前10, 全市排名) does not:
# a district report placed 全市第2 is still the district's.
_SELF = re.compile(r"(?:全|我|本)(省|市|州|盟|县|区|旗)(?!\s*(?:第|前\s*[0-9一二三四五六七八九十]|排名|排位|排第|位次|领先|前列|最优|最佳|首位|首创|首个|首家|首批|率先|先进|示范|一流))")
# bare_organ: an organ named by its level alone (省发展改革委会同…, 市政府印发…) is the writer's own
_BARE_ORGAN = re.compile(r"(?:^|(?<=[，,。；;：:、\s“]))(省|市|州|盟|县|区|旗)(?:委|政府|人民政府|发展改革委|发改委|营商办|"
                         r"政务服务管理局|政务服务中心|政务服务大厅|政务服务数据管理局|营商环境建设局|行政审批服务局|行政审批局|"
                         r"数据资源管理局|数据局|财政厅|财政局)(?=[会召印发出同联牵主组提制部推作按要研审召开设，,、]|紧紧|坚持|始终|"
                         r"全面|积极|深入|认真|聚焦|围绕|持续|大力|不断)")
# lead_unit: a task's lead unit named by its level (牵头单位：省市场监管局) is the writer's own government's
_LEAD_UNIT = re.compile(r"(?:牵头单位|责任单位|牵头部门|责任部门)\s*[:：]\s*(省|市|州|盟|县|区|旗)")
# leadership_phrase: in 在县委县政府的坚强领导下 (or 在自治区党委…，市委、市政府以及区委的坚强领导下) the organ
# named last before 领导下 is the writer's own: it decides the level
_LEADERSHIP = re.compile(r"(?<=[在、，,和及与委\s])(省|市|州|盟|县|区|旗)(?:党?委|人民政府|政府)的?(?:坚强|正确|统一|有力)?领导下")
# superior_list: a place named in the list of the writer's superiors (贯彻国家、省、苏州关于…的部署) is above
# the writer, not the region the text is about
_SUPERIOR_LIST = re.compile(r"(?:党中央|中央|国家)(?:[、和及][^、，,。；;\s]{1,8})?[、和及]\s*$")
# superior_context: a place the writer ranks in, is measured against or takes work from (居宣城市首位, 比宜春市平均值高,
# 受理宜春下派工单, 转办宣城市政府服务热线) is the writer's superior, not the writer
_SUPERIOR_AFTER = re.compile(r"\s*(?:市|省|州|盟)?(?:首位|前列|第[一二三四五六七八九十0-9]{1,3}(?:名|位)|排名|排位|位次|平均值?|平均水平|下派|下发|转来)")
_SUPERIOR_BEFORE = re.compile(r"(?:居|位居|位列|转办|转交|移交|上报)\s*$")
_DOCNO_TAIL = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d+\s*号")  # 〔2023〕14号
_CJK_RUN_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*$")
# 驻昆高校, 驻渝单位: one-character abbreviations; not 进驻本级, 入驻企业, 派驻纪检组
# (the pattern starts with 驻 so that re finds it by a fast literal search; the lookbehind then reads 驻 too)
_GARRISON = re.compile(r"驻(?<![进入派常留]驻)([^\W\d_本各该此我全其])")
_NATIONAL = re.compile(r"^(?:中共中央|国务院|全国|国家|中华人民共和国|最高人民)|(?:^[^省市州县区旗盟]*(?:部|总局|署))$")
_NATIONAL_DOCNO = re.compile(r"(?:国|中|国办|中办)(?:发|函|电)\s*[〔\[［【(（]")
_QUOTED = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str
    level: str  # province | prefecture | county
    parent_code: str  # "" for provinces
    province_code: str
    province_name: str


@dataclass(frozen=True)
class Mention:
    name: str  # the text as written
    code: str  # "" when the surface form is ambiguous (see candidates)
    start: int
    end: int
    kind: str  # full | composite | short | former | zone | bare | abbrev | doc_number
    candidates: tuple[str, ...] = ()  # every code the form can denote (one when resolved)
    region_name: str = ""  # standard full name of `code`, or the zone's name for a zone


@dataclass
class _Data:
    regions: dict[str, Region]
    index: dict[str, list[tuple[str, str, str, str]]]  # surface -> [(code, kind, context_code, region_name)]
    pattern: re.Pattern[str]
    doc_prefix: dict[str, str]  # one-character abbreviation -> code
    by_short: dict[str, list[str]] = field(default_factory=dict)  # short name -> codes
    by_first: dict[str, list[str]] = field(default_factory=dict)  # first char of a short name -> codes


def _read(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _trie_regex(words: list[str], bucket: int = 96) -> str:
    """One regex equivalent to the alternation of `words`, longest match first, shaped as a trie.

    Python's re tries the branches of an alternation one by one, so the ~900 first characters are split
    into buckets, each guarded by a character-class lookahead (about 6x faster than one flat branch).
    The guards test the second character too (every name has two or more): two thirds of the positions
    whose character starts some name fail there at once (3.5x faster than testing the first only).
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    def guard(firsts: list[str]) -> str:  # (?=[first chars][their second chars])
        head = "[" + "".join(map(re.escape, firsts)) + "]"
        if any("" in trie[f] for f in firsts):  # a one-character name: no second character to test
            return "(?=" + head + ")"
        seconds = sorted({ch for f in firsts for ch in trie[f]})
        return "(?=" + head + "[" + "".join(map(re.escape, seconds)) + "])"

    firsts = sorted(ch for ch in trie if ch)
    groups = [firsts[i:i + bucket] for i in range(0, len(firsts), bucket)]
    parts = [guard(g) + "(?:" + "|".join(re.escape(ch) + build(trie[ch]) for ch in g) + ")" for g in groups]
    return guard(firsts) + "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=1)
def _data() -> _Data:
    regions = {
        r["region_code"]: Region(r["region_code"], r["region_name"], r["short_name"], r["level"],
                                 r["parent_code"], r["province_code"], r["province_name"])
        for r in _read("regions.csv")
    }
    index: dict[str, list[tuple[str, str, str, str]]] = {}

    def add(surface: str, code: str, kind: str, context: str = "", name: str = "") -> None:
        entries = index.setdefault(surface, [])
        if not any(e[0] == code and e[1] == kind for e in entries):
            entries.append((code, kind, context, name or regions[code].name))

    full_count = Counter(r.name for r in regions.values())
    by_short: dict[str, list[str]] = {}
    for r in regions.values():
        add(r.name, r.code, "full")
        if r.short_name:
            by_short.setdefault(r.short_name, []).append(r.code)
        if r.level != "county" and len(r.short_name) >= 2 and r.short_name != r.name:
            add(r.short_name, r.code, "bare")
        if r.level == "county" and (full_count[r.name] > 1 or len(r.name) <= 2 or r.name in _COMMON_WORD_NAMES):
            parent = regions[r.parent_code]
            for p in {parent.name, parent.short_name}:
                add(p + r.name, r.code, "composite")
            if parent.level == "prefecture":
                province = regions[r.province_code]
                for p in {province.name, province.short_name}:
                    add(p + parent.name + r.name, r.code, "composite")
    doc_prefix: dict[str, str] = {}
    for a in _read("region_aliases.csv"):
        if a["alias_type"] == "doc_prefix":
            doc_prefix[a["alias"]] = a["region_code"]
        else:
            add(a["alias"], a["region_code"], a["alias_type"], a["context_code"], a["region_name"])
    pattern = re.compile(_trie_regex(sorted(index)))
    by_first: dict[str, list[str]] = {}
    for short, codes in by_short.items():
        if len(short) >= 2:
            by_first.setdefault(short[0], []).extend(codes)
    return _Data(regions, index, pattern, doc_prefix, by_short, by_first)


# ---------------------------------------------------------------- lookups


def get_region(code: str) -> Region | None:
    return _data().regions.get(code)


def region_by_code(code: str) -> tuple[str, str, str, str] | None:
    """(name, level, parent_code, province_code), or None for an unknown code."""
    r = _data().regions.get(code)
    return None if r is None else (r.name, r.level, r.parent_code, r.province_code)


def province_short_names() -> list[str]:
    """The short names of the provinces (北京, 内蒙古, 广西 …)."""
    return [r.short_name for r in _data().regions.values() if r.level == "province" and r.short_name]


def province_of(code: str) -> str | None:
    """Province-level code of a region (itself for a province), None for an unknown code."""
    r = _data().regions.get(code)
    return None if r is None else r.province_code


def ancestors(code: str) -> list[str]:
    """Parent, grandparent ... of a code (nearest first)."""
    regions, out = _data().regions, []
    r = regions.get(code)
    while r is not None and r.parent_code:
        out.append(r.parent_code)
        r = regions.get(r.parent_code)
    return out


def is_within(code: str, ancestor: str) -> bool:
    return code == ancestor or ancestor in ancestors(code)


# ---------------------------------------------------------------- mentions


# The kinds of functional zone named after a region (GB/T 2260 gives them no code of their own).
# Written as 国家级?KINDS|KINDS (the same as (?:国家级?)?KINDS): every branch starts with a literal, so re
# skips to the few positions holding one of their first characters instead of trying every position.
_ZONE_KINDS = "高新技术产业开发区|高新技术开发区|高新区|经济技术开发区|经济开发区|经开区|产业开发区|工业园区|开发区|综合保税区|保税区"
_ZONE_SUFFIX = re.compile(f"国家级?(?:{_ZONE_KINDS})|{_ZONE_KINDS}")


def find_mentions(text: str) -> list[Mention]:
    """Region names in text, in order, non-overlapping, longest match first.

    Kinds: full (西山区), composite (北京市朝阳区: parent + an ambiguous or everyday-word county name),
    short / former / zone (from the alias seed; a zone's code is the county or city it lies in), bare
    (丽江: provinces and prefectures only, not when followed by 路, 石, 茶 ...), abbrev (驻昆 → 昆明市) and
    doc_number (a cited 文号 whose organ prefix names one region: 云政办发〔2023〕16号 → 云南省).
    An alias with a context_code is kept only when the text also names that region or a sub-region.
    """
    d = _data()
    found: list[Mention] = []
    pending: list[tuple[Mention, str]] = []  # aliases that need their context region in the text
    covered: list[tuple[int, int]] = []
    for m in d.pattern.finditer(text):
        surface = m.group()
        if not surface:
            continue
        start, end = m.span()
        covered.append((start, end))
        entries = d.index[surface]
        best = min(_RANK.get(e[1], 1) for e in entries)
        entries = [e for e in entries if _RANK.get(e[1], 1) == best]
        kind = entries[0][1]
        if kind == "bare" and (text[end:end + 1] in _BARE_BLOCK_NEXT or _BARE_EPITHET_NEXT.match(text, end)):
            continue
        if kind == "full" and (len(surface) <= 2 or surface in _COMMON_WORD_NAMES) \
                and not _GOV_AFTER.match(text, end):
            continue
        codes = tuple(dict.fromkeys(e[0] for e in entries))
        code = codes[0] if len(codes) == 1 else ""
        mention = Mention(surface, code, start, end, kind, codes, entries[0][3] if code else "")
        zone = _ZONE_SUFFIX.match(text, end) if code and kind in ("full", "short", "bare") else None
        if zone:
            # 大连高新区, 霍山经济开发区: a zone no alias lists lies in the region it is named after and
            # keeps its own name (the spec's region_name of a functional zone)
            name = surface + zone.group()
            mention = Mention(name, code, start, zone.end(), "zone", codes, name)
        context = entries[0][2] if code else ""
        if context:
            pending.append((mention, context))
        else:
            found.append(mention)
    for mention, context in pending:
        if any(f.code and is_within(f.code, context) for f in found):
            found.append(mention)
    found += _county_zones(text, covered)
    found += _abbreviations(text, covered)
    found.sort(key=lambda x: x.start)
    return found


def _county_zones(text: str, covered: list[tuple[int, int]]) -> list[Mention]:
    """霍山经济开发区: a county's short name is too common a word to be a mention alone, but not right
    before a zone's kind; only a short name one county has."""
    starts = [s for s, _ in covered]
    out: list[Mention] = []
    for m in _ZONE_SUFFIX.finditer(text):
        k = bisect.bisect_right(starts, m.start() - 1) - 1
        if k >= 0 and covered[k][1] > m.start() - 2:
            continue  # a mention already ends at the suffix (大连高新区) or the suffix is inside one
        for start in (m.start() - 4, m.start() - 3, m.start() - 2):
            code = _county_short(text[start : m.start()]) if start >= 0 else ""
            if code:
                name = text[start : m.end()]
                out.append(Mention(name, code, start, m.end(), "zone", (code,), name))
                break
    return out


def _title_county_short(title: str) -> str:
    """The one county a title names by a short name no other region has (渝中 → 渝中区), else ""."""
    found = {code for i in range(len(title)) for n in (3, 2) if (code := _county_short(title[i : i + n]))}
    return found.pop() if len(found) == 1 else ""


def _county_short(short: str) -> str:
    codes = _data().by_short.get(short, [])
    if len(codes) == 1 and len(short) >= 2 and short not in _COMMON_WORD_NAMES:
        region = _data().regions[codes[0]]
        if region.level == "county":
            return region.code
    return ""


def _abbreviations(text: str, covered: list[tuple[int, int]]) -> list[Mention]:
    """驻X garrison phrases and cited 文号 whose prefix names a region unambiguously."""
    starts = [s for s, _ in covered]  # covered spans are sorted and disjoint

    def free(i: int, j: int) -> bool:
        k = bisect.bisect_right(starts, j - 1) - 1
        return k < 0 or covered[k][1] <= i

    out: list[Mention] = []
    for m in _GARRISON.finditer(text):
        if not free(m.start(), m.end()):
            continue
        code = _abbreviation(m.group(1))
        if code:
            out.append(_mk(m.group(1), code, m.start(1), m.end(1), "abbrev"))
    for m in _DOCNO_TAIL.finditer(text):  # cited 文号: the organ prefix is the CJK run before 〔year〕
        head = _CJK_RUN_BEFORE.search(text, max(0, m.start() - 16), m.start())
        if head is None:
            continue
        i, j = head.start(), head.start() + len(head.group().rstrip())
        if not free(i, j):
            continue
        codes = doc_prefix_candidates(text[i:j], strict=True)
        if len(codes) == 1:
            out.append(_mk(text[i:j], codes[0], i, j, "doc_number"))
    return out


def _abbreviation(char: str) -> str:
    """A one-character abbreviation: a province's (渝, 滇), else the only prefecture whose short name starts
    with it (昆 → 昆明市); "" otherwise."""
    d = _data()
    if char in d.doc_prefix:
        return d.doc_prefix[char]
    prefectures = {c for c in d.by_first.get(char, ()) if d.regions[c].level == "prefecture"}
    return prefectures.pop() if len(prefectures) == 1 else ""


def _mk(surface: str, code: str, start: int, end: int, kind: str) -> Mention:
    return Mention(surface, code, start, end, kind, (code,), _data().regions[code].name)


def doc_prefix_candidates(doc_number: str, strict: bool = False) -> list[str]:
    """Regions a 文号 (or its organ prefix) may come from: 凉府办发〔2023〕14号 → [513400, ...].

    Tried in order: the longest leading short or full name (綦江府办发 → 綦江区, 黔江府办发 → 黔江区);
    a one-character province abbreviation (川, 渝, 黔, 云 ...); the regions whose short name starts with the
    first character (凉 → 凉山州, 凉城县). `strict` keeps only the first two kinds plus a prefix shared by
    exactly one prefecture (used for evidence inside body text, where 文旅发/银发 must not count).
    """
    d = _data()
    head = re.split(r"[〔\[［【(（\d]", doc_number.strip(), maxsplit=1)[0].strip()
    if not head:
        return []
    for k in range(min(len(head) - 1, 8), 1, -1):
        codes = d.by_short.get(head[:k], [])
        if not codes:
            codes = [e[0] for e in d.index.get(head[:k], []) if e[1] in ("full", "short", "former")]
        if codes:
            return list(dict.fromkeys(codes))
    if head[0] in d.doc_prefix:
        return [d.doc_prefix[head[0]]]
    if strict:  # only a government organ prefix: 凉府 / 昆政; not 文旅发, 银保监发
        code = _abbreviation(head[0]) if head[1:2] in ("府", "政") else ""
        return [code] if code else []
    return sorted(set(d.by_first.get(head[0], ())))


# ---------------------------------------------------------------- resolution


def _disambiguate(candidates: tuple[str, ...], context: Counter[str]) -> str:
    """The one candidate that has an ancestor (or descendant) in context, else ""."""
    supported = [c for c in candidates
                 if any(a in context for a in ancestors(c)) or any(x != c and is_within(x, c) for x in context)]
    return supported[0] if len(supported) == 1 else ""


def _codes_named(mentions: list[Mention], context: Counter[str]) -> tuple[list[tuple[str, str]], bool]:
    """(code, name) of the regions named, most specific only (重庆市綦江区 → 綦江区); flag if one stayed ambiguous."""
    named: list[tuple[str, str]] = []
    ambiguous = False
    for m in mentions:
        code, name = m.code, m.region_name
        if not code:
            code = _disambiguate(m.candidates, context)
            name = _data().regions[code].name if code else ""
        if not code:
            ambiguous = True
        elif code not in (c for c, _ in named):
            named.append((code, name))
    named = [(c, n) for c, n in named if not any(o != c and is_within(o, c) for o, _ in named)]
    return named, ambiguous and not named


def _context(*mention_lists: list[Mention]) -> Counter[str]:
    ctx: Counter[str] = Counter()
    for ms in mention_lists:
        ctx.update(m.code for m in ms if m.code)
    return ctx


def _hint(text: str) -> tuple[str, bool, bool]:
    """The document's own level suffix: from anonymised names (XX区 → 区, inferred), the leadership phrase
    (then 区 is a district's, never 自治区) or 全市/我县 words; flags: anonymised, from the leadership phrase."""
    anon = Counter(m.group(1) for m in _ANON.finditer(text))
    order = "县区旗市州盟省"  # ties go to the lower level
    if anon:
        return max(anon, key=lambda s: (anon[s], -order.index(s))), True, False
    led = Counter(m.group(1) for m in _LEADERSHIP.finditer(text))
    if led:  # the writer's own government outweighs 全省 in the names of the province's awards and rankings
        return max(led, key=lambda s: (led[s], -order.index(s))), False, True
    own = Counter(m.group(1) for m in _SELF.finditer(text))
    own.update(m.group(1) for m in _BARE_ORGAN.finditer(text))
    own.update(m.group(1) for m in _LEAD_UNIT.finditer(text))
    if own and own.most_common(1)[0][1] >= 2:
        return max(own, key=lambda s: (own[s], -order.index(s))), False, False
    return "", False, False


def _weights(text: str, mentions: list[Mention]) -> Counter[str]:
    """Evidence per code: 1 a mention, 0.25 inside a cited title 《…》, 0.5 a cited 文号 or 驻X."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    quoted_starts = [q[0] for q in quoted]
    score: Counter[str] = Counter()
    context = _context(mentions)
    for i, m in enumerate(mentions):
        code = m.code or _disambiguate(m.candidates, context)
        if not code:
            continue
        after = mentions[i + 1] if i + 1 < len(mentions) else None
        if after and after.start == m.end and after.code and after.code != code and is_within(after.code, code):
            continue  # parent_qualifier: 延安市子长市 names 子长市; its city only says where it lies
        if _SUPERIOR_LIST.search(text, max(0, m.start - 14), m.start):
            continue  # superior_list: 国家、省、苏州关于…的指示精神 is written below 苏州
        if _SUPERIOR_AFTER.match(text, m.end) or _SUPERIOR_BEFORE.search(text, max(0, m.start - 4), m.start):
            continue  # superior_context: 项目交易数量居宣城市首位 is a part of 宣城市 writing
        w = 0.5 if m.kind in ("doc_number", "abbrev") else 1.0
        k = bisect.bisect_right(quoted_starts, m.start) - 1  # the last 《…》 opening at or before the mention
        if k >= 0 and quoted[k][0] <= m.start < quoted[k][1]:
            w = min(w, 0.25)
        score[code] += w
    return score


def _from_text(text: str, mentions: list[Mention], hint_text: str) -> tuple[str, bool, str]:
    """(code, inferred, status) from body-text evidence; `mentions` index into `text`."""
    regions = _data().regions
    score = _weights(text, mentions)
    hint, anonymised, led = _hint(hint_text)
    if hint:
        cands = [c for c in score if regions[c].name.endswith(hint) and not (led and regions[c].level == "province")]
        # 昆明市 and 安宁市 both end in 市: a sub-region wins only when named more often than its parent
        cands = [c for c in cands if not any(p != c and is_within(c, p) and score[p] >= score[c] for p in cands)]
        if cands:
            support = {c: score[c] + sum(score[a] for a in ancestors(c)) for c in cands}
            ranked = sorted(cands, key=lambda c: -support[c])
            if len(ranked) > 1 and support[ranked[1]] >= support[ranked[0]]:
                return "", anonymised, "ambiguous"
            return ranked[0], anonymised, "inferred" if anonymised else "resolved"
        # hint_ancestor: 省发展改革委 writing of 榆林市 alone is the province 榆林市 lies in
        above = {a for c in score for a in ancestors(c) if regions[a].name.endswith(hint)}
        if not anonymised and len(above) == 1:
            return above.pop(), True, "inferred"
        if anonymised:
            return "", True, "ambiguous" if score else "unresolved"
    if not score:
        return "", False, "unresolved"
    ranked = sorted(score, key=lambda c: -score[c])
    top = ranked[0]
    rivals = [c for c in ranked[1:] if score[c] >= score[top] and not is_within(c, top) and not is_within(top, c)]
    if rivals:
        return "", False, "ambiguous"
    for parent in (a for a in ancestors(top) if a in score):
        if _several_parts(score, parent, top):
            top = parent  # the most-named part of a city that names several of its parts
            break
    else:
        # several_parts, unnamed whole: 长子经开区…，上党经开区…，临汾经开区…，原平经开区… in a report on the
        # province's zones that never names the province: the one region all the parts lie in
        whole = _common_ancestor(list(score))
        if whole and whole != top and whole not in score and _several_parts(score, whole, top):
            return whole, True, "inferred"
    while True:  # step down while a sub-region carries at least half of the weight
        subs = [c for c in score if c != top and is_within(c, top) and score[c] >= 0.5 * score[top]]
        if not subs:
            break
        subs.sort(key=lambda c: -score[c])
        if len(subs) > 1 and score[subs[1]] >= score[subs[0]]:
            break
        if _several_parts(score, top, subs[0]):
            break
        top = subs[0]
    return top, False, "resolved"


# local_media_source: a news page's source line naming a local outlet after its place (今日高邮, 某某日报, 某某发布)
_MEDIA_SOURCE = re.compile(r"(?:来源|稿源|信息来源)\s*[:：]\s*(?:今日|魅力|掌上|爱)?(?P<name>[\u4e00-\u9fff]{2,4}?)"
                           r"(?:日报|晚报|发布|新闻网?|融媒体?中心|广播电视台|电视台|在线|网)?\s*(?:$|[\s|｜])", re.M)


def _local_media_region(head: str) -> str:
    """The one county, city or province a local outlet in the source line is named after, or ""."""
    d = _data()
    for m in _MEDIA_SOURCE.finditer(head):
        name = m.group("name")
        codes = d.by_short.get(name, []) or [c for c, r in d.regions.items() if r.name == name]
        if len(codes) == 1:
            return codes[0]
    return ""


def _common_ancestor(codes: list[str]) -> str:
    """The lowest region every code lies in (or is), "" when they span provinces."""
    if not codes:
        return ""
    chain = [codes[0], *ancestors(codes[0])]  # the code itself, then upwards
    for candidate in chain:
        if all(is_within(c, candidate) for c in codes):
            return candidate
    return ""


def _several_parts(score: Counter[str], whole: str, part: str) -> bool:
    """several_parts: a text on a city that reports on several of its counties (东兴市…，上思县…，港口区…)
    is the city's, though one part is named most: the part is named no more than its siblings together."""
    siblings = [c for c in score if c not in (whole, part) and is_within(c, whole) and not is_within(c, part)
                and not is_within(part, c)]
    return len(siblings) >= 2 and score[part] <= sum(score[c] for c in siblings)


def resolve_regions(issuer: str | None, title: str | None, text: str,
                    doc_number: str | None = None) -> tuple[list[RegionRef], str]:
    """The document's regions and a status: resolved | inferred | ambiguous | unresolved.

    Evidence, strongest first: the issuing body (a joint document gets all its regions), the 文号
    prefix, the title (its issuer part before 关于 first), then the body text. Ambiguous names need a
    parent (or child) elsewhere in the document, otherwise the result is ambiguous; anonymised documents
    (XX区, ××市) are placed from indirect evidence (city named, zones, cited 文号) and marked inferred.
    """
    regions = _data().regions
    title = title or ""
    body = title + "\n" + (text or "")  # title and text scanned once; title mentions end before len(title)
    body_m = find_mentions(body)
    title_m = [m for m in body_m if m.end <= len(title)]
    issuer_m = find_mentions(issuer) if issuer else []
    prefix_codes = doc_prefix_candidates(doc_number) if doc_number else []
    context = _context(issuer_m, body_m)

    def refs(named: list[tuple[str, str]], method: str) -> list[RegionRef]:
        return [RegionRef(code=c, name=n, method=method) for c, n in named]

    if issuer_m:
        ctx = context + Counter(prefix_codes if len(prefix_codes) == 1 else [])
        named, ambiguous = _codes_named(issuer_m, ctx)
        if named:
            return refs(named, "issuer"), "resolved"
        if ambiguous:
            return [], "ambiguous"
    elif issuer and _NATIONAL.search(issuer.strip()) and not _ANON.search(issuer):
        return [], "unresolved"  # a central-government body: no region
    if not issuer_m and doc_number and _NATIONAL_DOCNO.match(doc_number.strip()):
        return [], "unresolved"  # 国办发, 国发, 中办发 ...

    if prefix_codes:
        code = prefix_codes[0] if len(prefix_codes) == 1 else _pick_prefix(prefix_codes, context, doc_number)
        if code:
            return [RegionRef(code=code, name=regions[code].name, method="doc_number")], "resolved"

    if title_m:
        head = title.split("关于", 1)[0] if "关于" in title else ""
        head_m = [m for m in title_m if m.end <= len(head)]
        named, _ = _codes_named(head_m or title_m, context)
        if head_m and named:  # the issuer part of the title: 昆明市人民政府办公室关于…
            return refs(named, "title"), "resolved"
        if len(named) == 1:  # a region named in the title, unless the text is about another one
            score = _weights(body, body_m)
            top = max(score, key=score.__getitem__, default=named[0][0])
            # title_subregion_short: 江西分宜以软环境…: the one sub-region the text names in full, written
            # short in the title after its province
            inner = {m.code for m in body_m if m.code and m.code != named[0][0] and is_within(m.code, named[0][0])
                     and len(regions[m.code].short_name) >= 2 and regions[m.code].short_name in title}
            if len(inner) == 1:
                code = inner.pop()
                return [RegionRef(code=code, name=regions[code].name, method="title")], "resolved"
            if is_within(top, named[0][0]) or is_within(named[0][0], top):
                return refs(named, "title"), "resolved"

    # an anonymised issuer (XX区人民政府) says the level as well as the text does
    hint_text = (issuer or "") + "\n" + body
    code, inferred, status = _from_text(body, body_m, hint_text)
    media = _local_media_region(body[:1500])
    if media and (not code or (media != code and is_within(media, code))):
        # local_media_source: 来源：今日高邮 on a page whose text names only 扬州市: the local paper's county
        return [RegionRef(code=media, name=regions[media].name, method="text", inferred=True)], "inferred"
    if not code and not body_m and (short := _title_county_short(title)):
        # title_county_short: nothing else names a region, the title names one county by its short name
        # (擦亮营商环境金钥匙…渝中着力打造…示范区)
        return [RegionRef(code=short, name=regions[short].name, method="title", inferred=True)], "inferred"
    if not code:
        return [], status
    return [RegionRef(code=code, name=regions[code].name, method="text", inferred=inferred)], status


def _pick_prefix(codes: list[str], context: Counter[str], doc_number: str | None) -> str:
    """A 文号 prefix shared by several regions (景政办发: 景洪市, 景德镇市, 景东县 ...): the one the document
    mentions most (itself or its sub-regions), else the only one inside a region it mentions, else, when no
    candidate has any support and the organ is a government (X府/X政), the only prefecture; otherwise ""."""
    d = _data()
    direct = {c: sum(n for x, n in context.items() if is_within(x, c)) for c in codes}
    ranked = sorted((n, c) for c, n in direct.items() if n)
    if ranked:
        return ranked[-1][1] if len(ranked) == 1 or ranked[-1][0] > ranked[-2][0] else ""
    inside = [c for c in codes if any(a in context for a in ancestors(c))]
    if inside:
        return inside[0] if len(inside) == 1 else ""
    head = re.split(r"[〔\[［【(（\d]", (doc_number or "").strip(), maxsplit=1)[0]
    prefectures = [c for c in codes if d.regions[c].level == "prefecture"]
    if len(prefectures) == 1 and head[1:2] in ("府", "政"):
        return prefectures[0]
    return ""
