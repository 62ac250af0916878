"""What a breakdown, company or company group is called on a page, in either language."""

from __future__ import annotations

from dashboard import i18n

GROUP_PREFIX = "group:"  # the entity of a company group's line: group:<parent id>


def breakdown_label(breakdown: str, lang: str = i18n.DEFAULT) -> str:
    """'reporter:esp' -> 'Reported by companies (ESPs)'; 'files:other_content' -> 'Files: other
    content'; a company's name stays as the source prints it."""
    key = f"breakdown.{breakdown}"
    if i18n.has(key, lang):
        return i18n.t(key, lang)
    if ":" not in breakdown:
        return breakdown
    kind, slug = breakdown.split(":", 1)
    return f"{kind.capitalize()}: {slug.replace('_', ' ')}"


def entity_label(entity: str, company: str, lang: str = i18n.DEFAULT) -> str:
    """A series' name: the company's display name, 'Meta (group)' for a group's line, else the
    breakdown's label."""
    if entity.startswith(GROUP_PREFIX):
        return i18n.t("company.group", lang, name=company)
    if company:
        return company
    return breakdown_label(entity, lang)
