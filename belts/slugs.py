"""ASCII slugs for Chinese names, so that public URLs stay readable and stable."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin


def pinyin_slug(name: str, *, max_length: int = 80) -> str:
    """``"南江滨党建示范带"`` → ``"nan-jiang-bin-dang-jian-shi-fan-dai"``.

    Characters pypinyin cannot read (Latin letters, digits) pass through unchanged.
    """
    syllables = lazy_pinyin(name, errors=lambda chars: chars)
    return slugify(" ".join(syllables))[:max_length].strip("-")


def unique_slug(name: str, taken, *, max_length: int = 80) -> str:
    """The pinyin slug of ``name``, suffixed ``-2``, ``-3``… until ``taken(slug)`` is false."""
    base = pinyin_slug(name, max_length=max_length - 4) or "belt"
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug
