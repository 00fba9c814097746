"""Turn Chinese regional-economy articles into tidy indicator and project tables.

Public API (guarded by tests/test_public_api.py):

    parse_article(text, *, article="article.txt", region=None, published=None) -> Parsed
    parse_paths(paths, metadata=None) -> list[Parsed]
    read_metadata(csv_path) -> dict[str, ArticleMeta]
    combine(parsed_list) -> (indicators_df, projects_df)
    decode_bytes(data, filename="") -> str           # raises InputError (Chinese message)
    unit_scale(unit) -> (factor, base unit)           # 亿元 -> (1e8, 元), as the parser reads units
    period_fields(label) -> (year, month_from, month_to)   # 2024年上半年 -> (2024, 1, 6), as the parser reads periods
    InputError, Parsed, ArticleMeta
    INDICATOR_COLUMNS, PROJECT_COLUMNS, ARTICLE_COLUMNS

``parsers`` never imports streamlit.
"""
from .schema import ARTICLE_COLUMNS, INDICATOR_COLUMNS, PROJECT_COLUMNS
from .api import ArticleMeta, Parsed, combine, parse_article, parse_paths, period_fields, read_metadata, unit_scale
from .textio import InputError, decode_bytes

__all__ = [
    "ARTICLE_COLUMNS", "INDICATOR_COLUMNS", "PROJECT_COLUMNS",
    "ArticleMeta", "Parsed", "InputError",
    "combine", "decode_bytes", "parse_article", "parse_paths", "period_fields", "read_metadata", "unit_scale",
]
