"""Placeholder: replaced by the real pipeline."""
from .api import Parsed


def run(text, *, article, region=None, published=None):
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return Parsed(article=article, text=text, title=title, region=region or "", published=published or "",
                  year=int(published[:4]) if published else None)
