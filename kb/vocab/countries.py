"""Country reference: the economies kb's case studies come from, and region codes.

`kb/data/countries.csv` lists every economy of three World Bank regions (Latin America &
Caribbean, East Asia & Pacific, South Asia) with names in en/es/pt. Region and income group
follow the World Bank classification for FY2025 (released July 2024, based on 2023 GNI per
capita, Atlas method). Spanish and Portuguese names come from pycountry's iso3166-1 gettext
catalogues (es, pt_BR), fixed by hand where they are long-form or odd (Taiwan, Hong Kong, Macao,
Korea, Bolivia, Venezuela ...).

Region codes (`REGION_CODES`) stand in for a country in multilateral programs (e.g. an ADB
facility is "ASIA"). `iso3_from_name` also maps any other country in the world (via pycountry)
so that free text such as a DSpace export mentioning "Spain" resolves to ESP.
"""

from __future__ import annotations

import csv
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from kb.errors import UnknownIdError

REGION_CODES: dict[str, str] = {
    "LAC": "Latin America & Caribbean",
    "EAP": "East Asia & Pacific",
    "SAS": "South Asia",
    "ASIA": "Asia and Pacific",
    "WLD": "World",
}

LANG_COLUMNS = {"en": "name_en", "es": "name_es", "pt": "name_pt"}

# Short and common forms that neither the table nor pycountry's names cover.
# "Korea" alone means the Republic of Korea in every SME policy text we read.
_ALIASES: dict[str, str] = {
    "korea": "KOR",
    "south korea": "KOR",
    "korea rep": "KOR",
    "korea republic of": "KOR",
    "corea": "KOR",
    "corea del sur": "KOR",
    "coreia": "KOR",
    "coreia do sul": "KOR",
    "north korea": "PRK",
    "corea del norte": "PRK",
    "coreia do norte": "PRK",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "vietna": "VNM",
    "taiwan": "TWN",
    "chinese taipei": "TWN",
    "taipei chino": "TWN",
    "taiwan china": "TWN",
    "republic of china": "TWN",
    "hong kong": "HKG",
    "hong kong sar": "HKG",
    "hong kong china": "HKG",
    "hongkong": "HKG",
    "macao": "MAC",
    "macau": "MAC",
    "macao sar": "MAC",
    "china": "CHN",
    "people s republic of china": "CHN",
    "prc": "CHN",
    "republica popular china": "CHN",
    "republica popular da china": "CHN",
    "laos": "LAO",
    "lao": "LAO",
    "lao pdr": "LAO",
    "burma": "MMR",
    "birmania": "MMR",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "brasil": "BRA",
    "mexico": "MEX",
    "estados unidos mexicanos": "MEX",
    "peru": "PER",
    "micronesia": "FSM",
    "brunei": "BRN",
    "east timor": "TLS",
    "timor oriental": "TLS",
    "united states": "USA",
    "usa": "USA",
    "us": "USA",
    "estados unidos": "USA",
    "eua": "USA",
    "eeuu": "USA",
    "united kingdom": "GBR",
    "uk": "GBR",
    "reino unido": "GBR",
    "russia": "RUS",
    "rusia": "RUS",
    "russia federation": "RUS",
    "iran": "IRN",
    "turkey": "TUR",
    "turkiye": "TUR",
    "turquia": "TUR",
    "syria": "SYR",
    "tanzania": "TZA",
    "moldova": "MDA",
    "espana": "ESP",
    "espanha": "ESP",
    "alemania": "DEU",
    "alemanha": "DEU",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name_en: str
    name_es: str
    name_pt: str
    region: str
    income_group: str
    subregion: str

    def name(self, lang: str) -> str:
        """Name in en/es/pt; any other language falls back to English."""
        return str(getattr(self, LANG_COLUMNS.get(lang, "name_en")))


@cache
def _table() -> dict[str, Country]:
    text = resources.files("kb").joinpath("data/countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["iso3"]: Country(**row) for row in rows}


def get(iso3: str) -> Country:
    """The country with this ISO3 code; UnknownIdError (listing valid codes) otherwise."""
    try:
        return _table()[iso3]
    except KeyError:
        raise UnknownIdError("country", iso3, all_codes()) from None


def is_country(code: str) -> bool:
    return code in _table()


def is_known(code: str) -> bool:
    """A country of the table or a region code (what a program's `country` may be)."""
    return code in _table() or code in REGION_CODES


def all_codes() -> list[str]:
    return sorted(_table())


def all_countries() -> list[Country]:
    return [_table()[c] for c in all_codes()]


def region_of(code: str) -> str | None:
    """World Bank region of a country, the name of a region code, None if unknown."""
    if code in REGION_CODES:
        return REGION_CODES[code]
    c = _table().get(code)
    return c.region if c else None


# "Asian" for the recommender's Asian-practice rule (issue 13), from the World Bank regions: East
# Asia & Pacific and South Asia, plus the region code ASIA (Asian Development Bank facilities).
# Central Asia (Kazakhstan, Uzbekistan, ...) is in the World Bank's Europe & Central Asia region
# and the Middle East in Middle East & North Africa: neither counts, and neither is in the table.
ASIAN_REGIONS: frozenset[str] = frozenset(
    {"East Asia & Pacific", "South Asia", REGION_CODES["ASIA"]}
)
LAC_REGION = REGION_CODES["LAC"]


def is_asian(code: str) -> bool:
    """A program country (or region code) in East Asia & Pacific or South Asia."""
    return region_of(code) in ASIAN_REGIONS


def is_lac(code: str) -> bool:
    """A country (or the region code LAC) in Latin America & Caribbean."""
    return region_of(code) == LAC_REGION


def names_for(lang: str) -> dict[str, str]:
    return {c.iso3: c.name(lang) for c in all_countries()}


def normalize_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-free form used to match names."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^(the|la|el|los|las|o|a|os|as) ", "", text)
    return re.sub(r"\bst\b", "saint", text)


def _translations() -> list[gettext.NullTranslations]:
    out: list[gettext.NullTranslations] = []
    for lang in ("es", "pt_BR", "pt"):
        try:
            out.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # a pycountry build without this catalogue: English names still work
            continue
    return out


@cache
def _name_index() -> dict[str, str]:
    """Normalised name -> ISO3. Earlier sources win: table, aliases, world names, short forms."""
    index: dict[str, str] = {}

    def add(name: str, iso3: str) -> None:
        key = normalize_name(name)
        if key:
            index.setdefault(key, iso3)

    for c in all_countries():
        for lang in LANG_COLUMNS:
            add(c.name(lang), c.iso3)
    for key, iso3 in _ALIASES.items():
        add(key, iso3)
    short: dict[str, set[str]] = {}
    translations = _translations()
    for pc in pycountry.countries:
        names = {pc.name, getattr(pc, "official_name", ""), getattr(pc, "common_name", "")}
        names |= {t.gettext(pc.name) for t in translations}
        for n in filter(None, names):
            add(n, pc.alpha_3)
            if "," in n:  # "Bolivia, Plurinational State of" -> "Bolivia", if unambiguous
                short.setdefault(normalize_name(n.split(",")[0]), set()).add(pc.alpha_3)
    for key, codes in short.items():
        if len(codes) == 1 and key:
            index.setdefault(key, next(iter(codes)))
    return index


def iso3_from_name(name: str) -> str | None:
    """ISO3 of a country named in English, Spanish or Portuguese (or given by code)."""
    key = normalize_name(name)
    if not key:
        return None
    hit = _name_index().get(key)
    if hit:
        return hit
    code = name.strip().upper()
    if code in _table():
        return code
    if len(code) in (2, 3) and code.isalpha():
        found = (
            pycountry.countries.get(alpha_3=code)
            if len(code) == 3
            else (pycountry.countries.get(alpha_2=code))
        )
        return found.alpha_3 if found else None
    return None


def economy_named(phrase: str) -> str | None:
    """ISO3 of an economy of the table named by `phrase` in en/es/pt ("Corea del Sur", "Japão"),
    else None. Unlike iso3_from_name, no codes: in running text "es", "de" or "in" are words,
    not Spain, Germany or India."""
    code = _name_index().get(normalize_name(phrase))
    return code if code is not None and is_country(code) else None


def region_names(region: str) -> list[str] | None:
    """The World Bank region names `region` stands for: a name or a code (LAC, EAP, SAS, WLD),
    any case; "asia" (or the code ASIA) is East Asia & Pacific, South Asia and the ADB's Asia
    and Pacific together, since a reader asking for Asia wants them all. None if unknown."""
    key = region.strip().casefold()
    if key == "asia":
        return sorted(ASIAN_REGIONS)
    names = _region_index()
    return [names[key]] if key in names else None


def region_choices() -> list[str]:
    """What region_names reads, to list in an error: the codes, "asia", then the names."""
    names = sorted(set(_region_index().values()))
    return [*(c for c in REGION_CODES if c != "ASIA"), "asia", *names]


@cache
def _region_index() -> dict[str, str]:
    names = {c.region for c in all_countries()} | set(REGION_CODES.values())
    return {n.casefold(): n for n in names} | {c.casefold(): n for c, n in REGION_CODES.items()}
