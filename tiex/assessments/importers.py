"""Frameworks are data: read a framework file (YAML), check it all, and load it in one go.

Two shapes are read:

* tiex's own framework format (docs/assessments.md), used for frameworks written for
  tiex (``tiex/assessments/data/*.yaml``) and by the association for new ones;
* the NCSC Cyber Assessment Framework as published in structured form by the Cabinet
  Office (``objectives`` -> ``principles`` -> ``outcomes`` -> ``indicators``, with
  ``assessment-rules``), read unchanged; its framework facts come from the dataset
  manifest (tiex/core/datasets.toml).

Both are turned into one ``FrameworkSpec`` and loaded by ``framework_load``: every
problem is reported with its line, a bad file changes nothing, loading the same
version again changes nothing, and a published version never changes (a different
file for it is refused with a request to bump the version).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from tiex.assessments import scoring
from tiex.assessments.models import (
    Dimension,
    Framework,
    FrameworkKind,
    FrameworkVersion,
    Indicator,
    Level,
    Section,
    Statement,
)
from tiex.core.importing import ErrorCollector, ImportFailed, ImportReport, RowError

BUNDLED_DIR = Path(__file__).with_name("data")
INDICATOR_GROUPS = ("achieved", "partially-achieved", "not-achieved")
GROUP_LABELS = {"achieved": "Achieved", "partially-achieved": "Partially achieved", "not-achieved": "Not achieved"}
# The Exchange themes the CAF's outcomes lead to (the CAF file has no such mapping of its own).
CAF_EXCHANGE_THEMES = ("digital-and-technology",)


# --- YAML with line numbers -----------------------------------------------------------


class Located(dict[Any, Any]):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    mapping = Located(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ImportFailed([RowError(path.name, line, None, f"not valid YAML: {exc.problem}")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed([RowError(path.name, None, None, f"could not read the file: {exc}")]) from exc


# --- The one internal shape -----------------------------------------------------------


@dataclass
class IndicatorSpec:
    code: str
    text: str
    group: str


@dataclass
class StatementSpec:
    code: str
    text: str
    title: str = ""
    exchange_themes: list[str] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class SectionSpec:
    code: str
    title: str
    description: str = ""
    exchange_themes: list[str] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    statements: list[StatementSpec] = field(default_factory=list)


@dataclass
class LevelSpec:
    value: int
    label: str
    description: str = ""
    key: str = ""


@dataclass
class DimensionSpec:
    key: str
    label: str
    question: str = ""


@dataclass
class FrameworkSpec:
    slug: str
    title: str
    kind: str
    version: str
    description: str = ""
    attribution: str = ""
    licence: str = ""
    source_url: str = ""
    published: bool = True
    previous: str = ""
    carries_over: dict[str, str] = field(default_factory=dict)
    assessment_rules: list[list[Any]] = field(default_factory=list)
    dimensions: list[DimensionSpec] = field(default_factory=list)
    levels: list[LevelSpec] = field(default_factory=list)
    sections: list[SectionSpec] = field(default_factory=list)
    # (line, field, message, what tiex did): kept in the import report, not part of the content.
    warnings: list[tuple[int | None, str, str, str]] = field(default_factory=list)

    def content_hash(self) -> str:
        """What a published version promises never to change (the text, structure and scale)."""
        content = asdict(self)
        for key in ("slug", "published", "attribution", "licence", "source_url", "description", "title", "warnings"):
            content.pop(key)
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def walk(self) -> Iterator[tuple[SectionSpec | None, SectionSpec]]:
        def visit(
            parent: SectionSpec | None, items: list[SectionSpec]
        ) -> Iterator[tuple[SectionSpec | None, SectionSpec]]:
            for section in items:
                yield parent, section
                yield from visit(section, section.sections)

        yield from visit(None, self.sections)


# --- Reading tiex's own format --------------------------------------------------------


class _Reader:
    def __init__(self, errors: ErrorCollector, known_themes: set[str]):
        self.errors = errors
        self.known_themes = known_themes

    def text(self, data: Located, key: str, *, required: bool = True, where: str = "") -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors.add(data.line, where + key, "is missing")
            return ""
        if not isinstance(value, (str, int, float)):
            self.errors.add(data.line_of(key), where + key, "must be text")
            return ""
        return str(value).strip()

    def mapping(self, data: Any, key: str, line: int) -> Located | None:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, Located):
            self.errors.add(line, key, "is missing or is not a mapping of keys to values")
            return None
        return value

    def items(self, data: Located, key: str, *, required: bool = True, where: str = "") -> list[Located]:
        value = data.get(key)
        if value is None:
            if required:
                self.errors.add(data.line, where + key, "is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(item, Located) for item in value):
            self.errors.add(data.line_of(key), where + key, "must be a list of entries (each starting with '-')")
            return []
        return value

    def themes(self, data: Located, where: str) -> list[str]:
        value = data.get("exchange_themes") or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.errors.add(data.line_of("exchange_themes"), where + "exchange_themes", "must be a list of theme slugs")
            return []
        unknown = [slug for slug in value if slug not in self.known_themes]
        if unknown:
            self.errors.add(
                data.line_of("exchange_themes"),
                where + "exchange_themes",
                f"unknown Exchange theme(s) {', '.join(unknown)}; known: {', '.join(sorted(self.known_themes))}",
            )
        return list(value)

    def statement(self, data: Located, kind: str) -> StatementSpec:
        where = "statement."
        spec = StatementSpec(
            code=self.text(data, "code", where=where),
            text=self.text(data, "text", where=where),
            title=self.text(data, "title", required=False, where=where),
            exchange_themes=self.themes(data, where),
        )
        indicators = data.get("indicators")
        if kind == FrameworkKind.INDICATORS:
            if not isinstance(indicators, Located):
                self.errors.add(data.line, where + "indicators", "an indicator framework's statement needs indicators")
            else:
                spec.indicators = self.indicators(indicators)
        elif indicators is not None:
            self.errors.add(
                data.line_of("indicators"), where + "indicators", "only indicator frameworks have indicators"
            )
        return spec

    def indicators(self, data: Located) -> list[IndicatorSpec]:
        found = []
        for group, entries in data.items():
            if group not in INDICATOR_GROUPS:
                self.errors.add(
                    data.line_of(group), "indicators", f"unknown group {group!r}; use {', '.join(INDICATOR_GROUPS)}"
                )
                continue
            for entry in entries or []:
                if not isinstance(entry, Located):
                    self.errors.add(
                        data.line_of(group), f"indicators.{group}", "each indicator needs a code and a text"
                    )
                    continue
                where = f"indicators.{group}."
                found.append(
                    IndicatorSpec(self.text(entry, "code", where=where), self.text(entry, "text", where=where), group)
                )
        return found

    def section(self, data: Located, kind: str) -> SectionSpec:
        where = "section."
        spec = SectionSpec(
            code=self.text(data, "code", where=where),
            title=self.text(data, "title", where=where),
            description=self.text(data, "description", required=False, where=where),
            exchange_themes=self.themes(data, where),
        )
        spec.sections = [
            self.section(child, kind) for child in self.items(data, "sections", required=False, where=where)
        ]
        spec.statements = [
            self.statement(item, kind) for item in self.items(data, "statements", required=False, where=where)
        ]
        if not spec.sections and not spec.statements:
            self.errors.add(data.line, where + "statements", "a section needs statements or sections")
        if spec.sections and spec.statements:
            self.errors.add(data.line, where + "statements", "a section holds either sections or statements, not both")
        return spec


def parse_tiex_format(data: Any, path: Path, known_themes: set[str]) -> FrameworkSpec:
    errors = ErrorCollector(path)
    reader = _Reader(errors, known_themes)
    if not isinstance(data, Located):
        raise ImportFailed([RowError(path.name, 1, None, "a framework file is a mapping with framework, version, ...")])
    framework = reader.mapping(data, "framework", data.line)
    version = reader.mapping(data, "version", data.line)
    errors.raise_if_any()
    assert framework is not None and version is not None
    kind = reader.text(framework, "kind", where="framework.")
    if kind and kind not in FrameworkKind.values:
        errors.add(framework.line_of("kind"), "framework.kind", f"must be one of {', '.join(FrameworkKind.values)}")
    published = version.get("published", True)
    if not isinstance(published, bool):
        errors.add(version.line_of("published"), "version.published", "must be true or false")
    carries = version.get("carries_over") or {}
    if not isinstance(carries, dict) or not all(isinstance(v, str) for v in carries.values()):
        errors.add(version.line_of("carries_over"), "version.carries_over", "must map new statement codes to old ones")
        carries = {}
    spec = FrameworkSpec(
        slug=reader.text(framework, "slug", where="framework."),
        title=reader.text(framework, "title", where="framework."),
        kind=kind,
        description=reader.text(framework, "description", required=False, where="framework."),
        attribution=reader.text(framework, "attribution", required=False, where="framework."),
        licence=reader.text(framework, "licence", required=False, where="framework."),
        source_url=reader.text(framework, "source_url", required=False, where="framework."),
        version=reader.text(version, "version", where="version."),
        published=bool(published),
        previous=reader.text(version, "previous", required=False, where="version."),
        carries_over={str(k): str(v) for k, v in carries.items()},
    )
    for item in reader.items(data, "dimensions", required=kind == FrameworkKind.SCALED):
        spec.dimensions.append(
            DimensionSpec(
                reader.text(item, "key", where="dimensions."),
                reader.text(item, "label", where="dimensions."),
                reader.text(item, "question", required=False, where="dimensions."),
            )
        )
    for item in reader.items(data, "scale", required=kind == FrameworkKind.SCALED):
        value = item.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            errors.add(item.line_of("value"), "scale.value", "must be a whole number from 1")
            value = 0
        spec.levels.append(
            LevelSpec(
                value, reader.text(item, "label", where="scale."), reader.text(item, "description", required=False)
            )
        )
    if kind == FrameworkKind.INDICATORS:
        rules = data.get("assessment_rules")
        spec.assessment_rules = _rules(rules, errors, data.line_of("assessment_rules"))
        spec.dimensions = spec.dimensions or [DimensionSpec("status", "Outcome", "Which statements are true?")]
        spec.levels = spec.levels or _levels_for_rules(spec.assessment_rules)
    spec.sections = [reader.section(item, kind) for item in reader.items(data, "sections")]
    _check(spec, errors, data)
    errors.raise_if_any()
    return spec


def _rules(raw: Any, errors: ErrorCollector, line: int) -> list[list[Any]]:
    if not isinstance(raw, dict) or not raw:
        errors.add(line, "assessment_rules", "an indicator framework needs assessment rules: level -> [group, all|any]")
        return []
    rules = []
    for level, rule in raw.items():
        if not isinstance(level, int) or not isinstance(rule, list) or len(rule) != 2:
            errors.add(line, "assessment_rules", f"rule {level!r} must be a number -> [group, all|any]")
            continue
        group, quantifier = rule
        if group not in INDICATOR_GROUPS or quantifier not in scoring.QUANTIFIERS:
            errors.add(line, "assessment_rules", f"rule {level}: unknown group {group!r} or quantifier {quantifier!r}")
            continue
        rules.append([level, group, quantifier])
    return sorted(rules)


def _levels_for_rules(rules: list[list[Any]]) -> list[LevelSpec]:
    parsed = [scoring.Rule(*rule) for rule in rules]
    return [
        LevelSpec(scoring.level_value(rule.level, parsed), GROUP_LABELS.get(rule.group, rule.group), key=rule.group)
        for rule in parsed
    ]


def _check(spec: FrameworkSpec, errors: ErrorCollector, data: Located) -> None:
    """Checks across the whole file: unique codes, a usable scale, the carried-over statements."""
    seen_sections: set[str] = set()
    seen_statements: set[str] = set()
    for _, section in spec.walk():
        if section.code in seen_sections:
            errors.add(data.line_of("sections"), "section.code", f"section code {section.code!r} is used twice")
        seen_sections.add(section.code)
        for statement in section.statements:
            if statement.code in seen_statements:
                errors.add(
                    data.line_of("sections"), "statement.code", f"statement code {statement.code!r} is used twice"
                )
            seen_statements.add(statement.code)
            codes = [indicator.code for indicator in statement.indicators]
            if len(codes) != len(set(codes)):
                errors.add(
                    data.line_of("sections"),
                    "indicators",
                    f"statement {statement.code}: an indicator code is used twice",
                )
    values = [level.value for level in spec.levels]
    if len(values) != len(set(values)):
        errors.add(data.line_of("scale"), "scale.value", "each level needs its own value")
    if spec.levels and sorted(values) != list(range(1, len(values) + 1)):
        errors.add(data.line_of("scale"), "scale.value", "levels are numbered 1, 2, 3 ... without gaps")
    keys = [dimension.key for dimension in spec.dimensions]
    if len(keys) != len(set(keys)):
        errors.add(data.line_of("dimensions"), "dimensions.key", "each dimension needs its own key")
    unknown = sorted(set(spec.carries_over) - seen_statements)
    if unknown:
        errors.add(
            data.line_of("version"), "version.carries_over", f"no statement {', '.join(unknown)} in this version"
        )
    if spec.carries_over and not spec.previous:
        errors.add(data.line_of("version"), "version.previous", "say which version the statements carry over from")


# --- Reading the CAF ------------------------------------------------------------------


def parse_caf(
    data: Any, path: Path, *, slug: str, title: str, version: str, attribution: str, licence: str, source_url: str
) -> FrameworkSpec:
    """The Cabinet Office's structured CAF, unchanged: objectives -> principles -> outcomes -> indicators."""
    errors = ErrorCollector(path)
    if not isinstance(data, Located) or not isinstance(data.get("objectives"), Located):
        raise ImportFailed([RowError(path.name, 1, "objectives", "not a CAF file: no objectives")])
    spec = FrameworkSpec(
        slug=slug,
        title=title,
        kind=FrameworkKind.INDICATORS,
        version=version,
        description=(
            "Objectives, principles and contributing outcomes; "
            "each outcome's level follows from the indicators that are true."
        ),
        attribution=attribution,
        licence=licence,
        source_url=source_url,
        dimensions=[DimensionSpec("status", "Outcome", "Which of these statements are true of your council?")],
    )
    spec.assessment_rules = _rules(data.get("assessment-rules"), errors, data.line_of("assessment-rules"))
    spec.levels = _levels_for_rules(spec.assessment_rules)
    rules_text = json.dumps(spec.assessment_rules)
    for objective in data["objectives"].values():
        section = SectionSpec(
            str(objective.get("code")),
            str(objective.get("title", "")).strip(),
            str(objective.get("description", "")).strip(),
        )
        for principle in (objective.get("principles") or {}).values():
            child = SectionSpec(
                str(principle.get("code")),
                str(principle.get("title", "")).strip(),
                str(principle.get("description", "")).strip(),
            )
            for outcome in (principle.get("outcomes") or {}).values():
                own_rules = _rules(outcome.get("assessment-rules"), errors, outcome.line_of("assessment-rules"))
                if own_rules and json.dumps(own_rules) != rules_text:
                    errors.add(
                        outcome.line_of("assessment-rules"),
                        "assessment-rules",
                        "outcomes with rules of their own are not supported yet",
                    )
                statement = StatementSpec(
                    code=str(outcome.get("code")),
                    title=str(outcome.get("title", "")).strip(),
                    text=str(outcome.get("description", "")).strip(),
                    exchange_themes=list(CAF_EXCHANGE_THEMES),
                )
                for group, entries in (outcome.get("indicators") or {}).items():
                    if group not in INDICATOR_GROUPS:
                        errors.add(outcome.line_of("indicators"), "indicators", f"unknown group {group!r}")
                        continue
                    seen = {indicator.code for indicator in statement.indicators}
                    for code, indicator in (entries or {}).items():
                        line = entries.line_of(code) if isinstance(entries, Located) else None
                        text = str(indicator.get("description", "")).strip() if isinstance(indicator, dict) else ""
                        if not text:
                            errors.add(line, f"indicators.{code}", "has no description")
                        key = str(code)
                        if key in seen:
                            # The published file repeats a code in another group (A4.a.11): keep both.
                            message = f"code {code} is used twice in {statement.code}"
                            spec.warnings.append((line, f"indicators.{code}", message, f"kept as {code}-{group}"))
                            key = f"{code}-{group}"
                        seen.add(key)
                        statement.indicators.append(IndicatorSpec(key, text, group))
                child.statements.append(statement)
            section.sections.append(child)
        spec.sections.append(section)
    _check(spec, errors, data)
    errors.raise_if_any()
    return spec


# --- Loading --------------------------------------------------------------------------


def known_exchange_themes() -> set[str]:
    from tiex.library.taxonomy import load_taxonomy

    themes, _ = load_taxonomy()
    return {term.slug for term in themes}


@transaction.atomic
def framework_load(spec: FrameworkSpec, *, source: str, dry_run: bool = False) -> ImportReport:
    """Create or update the framework and create its version (unchanged when the same version is loaded again)."""
    report = ImportReport(dataset=f"framework {spec.slug} v{spec.version}", source=source, dry_run=dry_run)
    statements = [statement for _, section in spec.walk() for statement in section.statements]
    report.rows = len(statements)
    for line, field_name, message, action in spec.warnings:
        report.warn(line, field_name, message, action=action)
    framework, created = Framework.objects.get_or_create(
        slug=spec.slug, defaults={"title": spec.title, "kind": spec.kind}
    )
    if not created and framework.kind != spec.kind:
        raise ImportFailed(
            [
                RowError(
                    source,
                    None,
                    "framework.kind",
                    f"{spec.slug} is a {framework.kind} framework; a version cannot change its kind",
                )
            ]
        )
    for name in ("title", "description", "attribution", "licence", "source_url"):
        setattr(framework, name, getattr(spec, name))
    framework.save()
    content_hash = spec.content_hash()
    existing = FrameworkVersion.objects.filter(framework=framework, version=spec.version).first()
    if existing is not None:
        if existing.content_hash == content_hash and existing.published == spec.published:
            report.unchanged = len(statements)
            report.notes.append(f"Version {spec.version} is already loaded; nothing changed.")
            _finish(report, dry_run)
            return report
        if existing.published:
            raise ImportFailed(
                [
                    RowError(
                        Path(source).name,
                        None,
                        "version.version",
                        f"version {spec.version} of {spec.slug} is published and cannot change; "
                        "give the changed file a new version number",
                    )
                ]
            )
        if existing.assessments.exists():
            raise ImportFailed(
                [
                    RowError(
                        Path(source).name,
                        None,
                        "version.version",
                        f"draft version {spec.version} is already used by assessments; "
                        "give the changed file a new version number",
                    )
                ]
            )
        existing.delete()
        report.updated = len(statements)
    else:
        report.created = len(statements)
    previous = None
    if spec.previous:
        previous = FrameworkVersion.objects.filter(framework=framework, version=spec.previous).first()
        if previous is None:
            raise ImportFailed(
                [
                    RowError(
                        Path(source).name,
                        None,
                        "version.previous",
                        f"no version {spec.previous} of {spec.slug} is loaded",
                    )
                ]
            )
        old_codes = set(previous.statements.values_list("code", flat=True))
        missing = sorted(set(spec.carries_over.values()) - old_codes)
        if missing:
            raise ImportFailed(
                [
                    RowError(
                        Path(source).name,
                        None,
                        "version.carries_over",
                        f"version {spec.previous} has no statement {', '.join(missing)}",
                    )
                ]
            )
        carries = {code: code for code in (statement.code for statement in statements) if code in old_codes}
        carries.update(spec.carries_over)
    else:
        carries = {}
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=spec.version,
        published=spec.published,
        published_at=timezone.now() if spec.published else None,
        content_hash=content_hash,
        previous=previous,
        carries_over=carries,
        assessment_rules=spec.assessment_rules,
    )
    Dimension.objects.bulk_create(
        Dimension(version=version, key=d.key, label=d.label, question=d.question, order=i)
        for i, d in enumerate(spec.dimensions)
    )
    Level.objects.bulk_create(
        Level(version=version, value=level.value, key=level.key, label=level.label, description=level.description)
        for level in spec.levels
    )
    sections: dict[str, Section] = {}
    for order, (parent, section_spec) in enumerate(spec.walk(), start=1):
        sections[section_spec.code] = Section.objects.create(
            version=version,
            parent=sections[parent.code] if parent is not None else None,
            code=section_spec.code,
            title=section_spec.title,
            description=section_spec.description,
            order=order,
            exchange_themes=section_spec.exchange_themes,
        )
    indicators = []
    for position, (_, section_spec) in enumerate(spec.walk()):
        for index, statement_spec in enumerate(section_spec.statements):
            statement = Statement.objects.create(
                version=version,
                section=sections[section_spec.code],
                code=statement_spec.code,
                title=statement_spec.title,
                text=statement_spec.text,
                order=position * 1000 + index,
                exchange_themes=statement_spec.exchange_themes or section_spec.exchange_themes,
            )
            indicators += [
                Indicator(statement=statement, code=item.code, text=item.text, group=item.group, order=i)
                for i, item in enumerate(statement_spec.indicators)
            ]
    Indicator.objects.bulk_create(indicators)
    _finish(report, dry_run)
    return report


def _finish(report: ImportReport, dry_run: bool) -> None:
    if dry_run:
        transaction.set_rollback(True)


def read_framework(path: Path) -> FrameworkSpec:
    return parse_tiex_format(read_yaml(path), path, known_exchange_themes())


def import_framework(path: Path, *, dry_run: bool = False) -> ImportReport:
    """`tiex import framework PATH`: one file in tiex's framework format."""
    return framework_load(read_framework(path), source=str(path), dry_run=dry_run)


def import_bundled_frameworks(*, dry_run: bool = False) -> list[ImportReport]:
    """The frameworks written for tiex (tiex/assessments/data/*.yaml); `tiex bootstrap` loads them."""
    return [import_framework(path, dry_run=dry_run) for path in sorted(BUNDLED_DIR.glob("*.yaml"))]


def import_caf(source: Path, *, dataset: Any, progress: Any = None) -> ImportReport:
    """The dataset importer for the NCSC CAF (tiex/core/datasets.toml: ncsc-caf)."""
    found = re.search(r"v(\d+(?:\.\d+)+)", source.name)
    if found is None:
        message = "name the file with its CAF version, e.g. ncsc_caf_v4.0.yaml"
        raise ImportFailed([RowError(source.name, None, None, message)])
    spec = parse_caf(
        read_yaml(source),
        source,
        slug="ncsc-caf",
        title="NCSC Cyber Assessment Framework",
        version=found.group(1),
        attribution=dataset.attribution,
        licence=dataset.licence,
        source_url=dataset.homepage_url or dataset.source_url,
    )
    return framework_load(spec, source=str(source))
