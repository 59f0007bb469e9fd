"""Loads framework files and the indicator catalogue (YAML shipped in data/) into the database.

One importer per file kind; each load is atomic and idempotent: a file whose checksum is already
recorded is skipped; a known version whose content changed is refused (a change needs a new version).
Format: docs/frameworks-format.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from vigie.core.yamlfile import FileError, FileRejected, LineDict, LineList, load_yaml

from .enums import (
    Aggregation,
    Confidence,
    DenominatorSource,
    IndicatorKind,
    Periodicity,
    TargetDirection,
    Unit,
)
from .label_cycle import parse_label_cycle
from .models import Commitment, Framework, FrameworkVersion, Indicator, IndicatorCatalogue, Module
from .register_rules import RegisterRules, parse_register_rules

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_FILE = "indicators.yaml"


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class _Check:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.errors: list[FileError] = []

    def fail(self, line: int | None, message: str) -> None:
        self.errors.append(FileError(line, message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise FileRejected(sorted(self.errors, key=lambda e: e.line or 0))

    def text(self, data: LineDict, key: str, where: str, *, required: bool = True, max_length: int = 300) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(data.line, f"{where} : « {key} » est obligatoire")
            return ""
        value = str(value).strip()
        if len(value) > max_length:
            self.fail(data.line_of(key), f"{where} : « {key} » dépasse {max_length} caractères")
        return value

    def choice(self, data: LineDict, key: str, where: str, choices, *, default: str | None = None) -> str:
        value = data.get(key, default)
        if value is None:
            self.fail(data.line, f"{where} : « {key} » est obligatoire")
            return ""
        if str(value) not in choices.values:
            self.fail(
                data.line_of(key),
                f"{where} : « {key} » vaut « {value} », valeurs possibles : {', '.join(choices.values)}",
            )
            return ""
        return str(value)


# ---- indicator catalogue -------------------------------------------------------------------------------------


@dataclass
class IndicatorSpec:
    code: str
    values: dict[str, Any]
    line: int


@dataclass
class CatalogueSpec:
    code: str
    version: str
    checksum: str
    indicators: list[IndicatorSpec]
    register: RegisterRules = field(default_factory=RegisterRules)  # read by frameworks.queries, not stored


def parse_catalogue(content: bytes, file_name: str = CATALOGUE_FILE) -> CatalogueSpec:
    data = load_yaml(content)
    check = _Check(file_name)
    if not isinstance(data, LineDict) or data.get("kind") != "indicator-catalogue":
        raise FileRejected([FileError(1, "le fichier doit commencer par « kind: indicator-catalogue »")])
    code = check.text(data, "code", "catalogue")
    version = check.text(data, "version", "catalogue", max_length=30)
    items = data.get("indicators")
    specs: list[IndicatorSpec] = []
    if not isinstance(items, LineList) or not items:
        check.fail(data.line_of("indicators"), "catalogue : « indicators » doit être une liste non vide")
        items = LineList()
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, LineDict):
            check.fail(items.item_lines[index], f"indicateur n°{index + 1} : description attendue")
            continue
        spec = parse_indicator(check, item, f"indicateur n°{index + 1}")
        if spec.code in seen:
            check.fail(item.line_of("code"), f"indicateur « {spec.code} » déjà défini ligne {seen[spec.code]}")
        seen[spec.code] = item.line
        spec.values["catalogue_version"] = version
        specs.append(spec)
    register = parse_register_rules(check, data, {spec.code: spec.values for spec in specs})
    check.raise_if_errors()
    return CatalogueSpec(code=code, version=version, checksum=checksum(content), indicators=specs, register=register)


def parse_indicator(check: _Check, item: LineDict, where: str) -> IndicatorSpec:
    code = check.text(item, "code", where, max_length=40)
    if code:
        where = f"indicateur « {code} »"
        if not all(c.isupper() or c.isdigit() or c == "-" for c in code):
            check.fail(item.line_of("code"), f"{where} : le code ne contient que majuscules, chiffres et tirets")
    values: dict[str, Any] = {
        "name": check.text(item, "name", where),
        "kind": check.choice(item, "kind", where, IndicatorKind),
        "numerator": check.text(item, "numerator", where, required=False),
        "denominator": check.text(item, "denominator", where, required=False),
        "unit": check.choice(item, "unit", where, Unit),
        "periodicity": check.choice(item, "periodicity", where, Periodicity),
        "aggregation": check.choice(item, "aggregation", where, Aggregation),
        "denominator_source": check.choice(
            item, "denominator_source", where, DenominatorSource, default=DenominatorSource.ENTERED
        ),
        "numerator_le_denominator": bool(item.get("numerator_le_denominator", False)),
        "computed_by_vigie": bool(item.get("computed_by_vigie", False)),
        "definition": check.text(item, "definition", where, required=False, max_length=4000),
        "target_note": check.text(item, "target_note", where, required=False),
        "source": check.text(item, "source", where, required=False, max_length=100),
        "confidence": check.choice(item, "confidence", where, Confidence, default=Confidence.UNKNOWN),
        "target_value": None,
        "target_direction": "",
    }
    target = item.get("target")
    if target is not None:
        if not isinstance(target, LineDict):
            check.fail(item.line_of("target"), f"{where} : « target » attend {{value, direction}} ou null")
        else:
            try:
                values["target_value"] = Decimal(str(target.get("value")))
            except InvalidOperation:
                check.fail(target.line, f"{where} : la valeur de la cible doit être un nombre")
            values["target_direction"] = check.choice(target, "direction", where, TargetDirection)
    if values["kind"] == IndicatorKind.RATE and values["unit"] and values["unit"] != Unit.PERCENT:
        check.fail(item.line_of("unit"), f"{where} : un taux s'exprime en « percent »")
    if values["kind"] in (IndicatorKind.RATE, IndicatorKind.MEAN) and not values["denominator"]:
        check.fail(item.line, f"{where} : un taux ou une moyenne a un dénominateur")
    return IndicatorSpec(code=code, values=values, line=item.line)


# ---- frameworks ----------------------------------------------------------------------------------------------


@dataclass
class CommitmentSpec:
    code: str
    number: int
    title: str
    gist: str
    source: str
    confidence: str
    indicators: list[str]
    line: int


@dataclass
class ModuleSpec:
    ref: str
    number: int
    title: str
    mandatory: bool
    condition: str
    choice_group: str
    source: str
    confidence: str
    commitments: list[CommitmentSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    code: str
    name: str
    version: str
    checksum: str
    file_name: str
    header: dict[str, Any]
    modules: list[ModuleSpec]


def _int(check: _Check, data: LineDict, key: str, where: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        check.fail(data.line_of(key), f"{where} : « {key} » doit être un entier positif")
        return 0
    return value


def parse_framework(content: bytes, file_name: str, known_indicators: set[str]) -> FrameworkSpec:
    data = load_yaml(content)
    check = _Check(file_name)
    if not isinstance(data, LineDict) or data.get("kind") != "framework":
        raise FileRejected([FileError(1, "le fichier doit commencer par « kind: framework »")])
    code = check.text(data, "code", "référentiel", max_length=60)
    published = data.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            check.fail(data.line_of("published"), "référentiel : « published » attend une date AAAA-MM-JJ")
            published = None
    rules = data.get("label_rules") or []
    header = {
        "published": published if isinstance(published, dt.date) else None,
        "owner": check.text(data, "owner", "référentiel", required=False, max_length=200),
        "description": check.text(data, "description", "référentiel", required=False, max_length=4000),
        "source": check.text(data, "source", "référentiel", required=False, max_length=100),
        "confidence": check.choice(data, "confidence", "référentiel", Confidence, default=Confidence.UNKNOWN),
        "label_rules": [str(rule) for rule in rules] if isinstance(rules, list) else [],
        "label_cycle": parse_label_cycle(check, data),
    }
    modules: dict[str, ModuleSpec] = {}
    numbers: dict[int, int] = {}
    codes: dict[str, int] = {}
    nodes = data.get("nodes")
    if not isinstance(nodes, LineList) or not nodes:
        check.fail(data.line_of("nodes"), "référentiel : « nodes » doit être une liste non vide")
        nodes = LineList()
    for index, node in enumerate(nodes):
        if not isinstance(node, LineDict):
            check.fail(nodes.item_lines[index], f"nœud n°{index + 1} : description attendue")
            continue
        kind = node.get("kind")
        if kind == "module":
            where = f"module (ligne {node.line})"
            ref = check.text(node, "ref", where, max_length=30)
            number = _int(check, node, "number", where)
            if number in numbers:
                check.fail(node.line_of("number"), f"{where} : numéro {number} déjà utilisé ligne {numbers[number]}")
            numbers[number] = node.line
            if ref in modules:
                check.fail(node.line_of("ref"), f"{where} : référence « {ref} » déjà utilisée")
            modules[ref] = ModuleSpec(
                ref=ref,
                number=number,
                title=check.text(node, "title", where),
                mandatory=bool(node.get("mandatory", False)),
                condition=check.text(node, "condition", where, required=False),
                choice_group=check.text(node, "choice_group", where, required=False, max_length=60),
                source=check.text(node, "source", where, required=False, max_length=100),
                confidence=check.choice(node, "confidence", where, Confidence, default=Confidence.UNKNOWN),
            )
        elif kind == "commitment":
            where = f"engagement (ligne {node.line})"
            parent = node.get("parent")
            if parent not in modules:
                check.fail(
                    node.line_of("parent"),
                    f"{where} : module parent « {parent} » inconnu (il doit être déclaré avant ses engagements)",
                )
                continue
            c_code = check.text(node, "code", where, max_length=40)
            if c_code in codes:
                check.fail(node.line_of("code"), f"{where} : code « {c_code} » déjà utilisé ligne {codes[c_code]}")
            codes[c_code] = node.line
            indicators = node.get("indicators") or []
            if not isinstance(indicators, list):
                check.fail(node.line_of("indicators"), f"{where} : « indicators » doit être une liste de codes")
                indicators = []
            for indicator in indicators:
                if indicator not in known_indicators:
                    check.fail(
                        node.line_of("indicators"),
                        f"{where} : indicateur « {indicator} » absent du catalogue",
                    )
            modules[parent].commitments.append(
                CommitmentSpec(
                    code=c_code,
                    number=_int(check, node, "number", where),
                    title=check.text(node, "title", where, max_length=400),
                    gist=check.text(node, "gist", where, required=False, max_length=4000),
                    source=check.text(node, "source", where, required=False, max_length=100),
                    confidence=check.choice(node, "confidence", where, Confidence, default=Confidence.UNKNOWN),
                    indicators=[str(i) for i in indicators],
                    line=node.line,
                )
            )
        else:
            check.fail(node.line_of("kind"), f"nœud n°{index + 1} : « kind » doit valoir module ou commitment")
    spec = FrameworkSpec(
        code=code,
        name=check.text(data, "name", "référentiel", max_length=200),
        version=check.text(data, "version", "référentiel", max_length=30),
        checksum=checksum(content),
        file_name=file_name,
        header=header,
        modules=list(modules.values()),
    )
    check.raise_if_errors()
    return spec


# ---- preview and apply ---------------------------------------------------------------------------------------


@dataclass
class FrameworkPreview:
    spec: FrameworkSpec
    status: str  # "new" (first version), "new_version", "unchanged", "conflict"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def can_load(self) -> bool:
        return self.status in ("new", "new_version")


def preview_framework(spec: FrameworkSpec) -> FrameworkPreview:
    """What loading this file would change, compared with the version in force."""

    existing = FrameworkVersion.objects.filter(framework__code=spec.code, version=spec.version).first()
    if existing:
        return FrameworkPreview(spec, "unchanged" if existing.checksum == spec.checksum else "conflict")
    current = FrameworkVersion.objects.filter(framework__code=spec.code, is_current=True).first()
    preview = FrameworkPreview(spec, "new_version" if current else "new")
    if not current:
        return preview
    old: dict[str, str] = {}
    for module in current.modules.prefetch_related("commitments"):
        old[f"module {module.number}"] = module.title
        for commitment in module.commitments.all():
            old[commitment.code] = commitment.title
    new: dict[str, str] = {}
    for module in spec.modules:
        new[f"module {module.number}"] = module.title
        for commitment in module.commitments:
            new[commitment.code] = commitment.title
    preview.added = [f"{key} — {new[key]}" for key in new if key not in old]
    preview.removed = [f"{key} — {old[key]}" for key in old if key not in new]
    preview.changed = [f"{key} : « {old[key]} » → « {new[key]} »" for key in new if key in old and old[key] != new[key]]
    old_gists = {c.code: c.gist for c in Commitment.objects.filter(module__version=current)}
    preview.changed += [
        f"{c.code}, contenu : « {old_gists[c.code]} » → « {c.gist} »"
        for m in spec.modules
        for c in m.commitments
        if c.code in old_gists and old_gists[c.code] != c.gist
    ]
    return preview


@transaction.atomic
def apply_framework(spec: FrameworkSpec):

    preview = preview_framework(spec)
    if preview.status == "unchanged":
        return None
    if preview.status == "conflict":
        raise FileRejected(
            [
                FileError(
                    None,
                    f"la version « {spec.version} » de « {spec.code} » est déjà chargée "
                    "avec un autre contenu : donnez une nouvelle version au fichier",
                )
            ]
        )
    framework, _ = Framework.objects.update_or_create(code=spec.code, defaults={"name": spec.name})
    framework.versions.filter(is_current=True).update(is_current=False)
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=spec.version,
        checksum=spec.checksum,
        is_current=True,
        file_name=spec.file_name,
        **spec.header,
    )
    indicators = {i.code: i for i in Indicator.objects.filter(department=None)}
    links = []
    for m_pos, m in enumerate(spec.modules):
        module = Module.objects.create(
            version=version,
            number=m.number,
            title=m.title,
            mandatory=m.mandatory,
            condition=m.condition,
            choice_group=m.choice_group,
            source=m.source,
            confidence=m.confidence,
            position=m_pos,
        )
        for c_pos, c in enumerate(m.commitments):
            commitment = Commitment.objects.create(
                module=module,
                code=c.code,
                number=c.number,
                title=c.title,
                gist=c.gist,
                source=c.source,
                confidence=c.confidence,
                position=c_pos,
            )
            links += [
                Commitment.indicators.through(commitment=commitment, indicator=indicators[code])
                for code in c.indicators
            ]
    Commitment.indicators.through.objects.bulk_create(links)
    return version


@transaction.atomic
def apply_catalogue(spec: CatalogueSpec) -> bool:

    recorded = IndicatorCatalogue.objects.filter(code=spec.code, version=spec.version).first()
    if recorded and recorded.checksum == spec.checksum:
        return False
    if recorded:
        raise FileRejected(
            [
                FileError(
                    None,
                    f"la version « {spec.version} » du catalogue est déjà chargée avec un "
                    "autre contenu : donnez une nouvelle version au fichier",
                )
            ]
        )
    for item in spec.indicators:
        Indicator.objects.update_or_create(department=None, code=item.code, defaults=item.values)
    IndicatorCatalogue.objects.create(code=spec.code, version=spec.version, checksum=spec.checksum)
    return True


def shipped_framework_files() -> list[Path]:
    return sorted(path for path in DATA_DIR.glob("*.yaml") if path.name != CATALOGUE_FILE)


def load_files(catalogue: Path | None, frameworks: list[Path]) -> list[str]:
    """Load a catalogue and framework files, all or nothing. Returns one French line per file."""

    messages = []
    with transaction.atomic():
        if catalogue is not None:
            spec = parse_catalogue(catalogue.read_bytes(), catalogue.name)
            loaded = apply_catalogue(spec)
            messages.append(
                f"{catalogue.name} : {'chargé' if loaded else 'inchangé'} "
                f"({len(spec.indicators)} indicateurs, version {spec.version})"
            )
        known = set(Indicator.objects.filter(department=None).values_list("code", flat=True))
        for path in frameworks:
            try:
                spec = parse_framework(path.read_bytes(), path.name, known)
                version = apply_framework(spec)
            except FileRejected as exc:
                raise FileRejected([FileError(e.line, f"{path.name} : {e.message}") for e in exc.errors]) from exc
            count = sum(len(m.commitments) for m in spec.modules)
            state = "chargé" if version else "inchangé"
            messages.append(
                f"{path.name} : {state} ({len(spec.modules)} modules, {count} engagements, version {spec.version})"
            )
    return messages


def load_shipped_files(using: str = "default") -> list[str]:
    catalogue = DATA_DIR / CATALOGUE_FILE
    return load_files(catalogue if catalogue.exists() else None, shipped_framework_files())
