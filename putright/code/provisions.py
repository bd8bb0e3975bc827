"""The Complaint Handling Code as data: load, look up and cite provisions.

Each edition lives in ``editions/<name>.toml``, quoted word for word from the source documents in
``shared/seeds`` (a test checks every stored text against them). Rules elsewhere in
``putright.code`` refer to provisions by number through :func:`cite`, which refuses a number the
edition does not have, so a rule can never cite a provision that does not exist.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

EDITIONS: tuple[str, ...] = ("2022", "2024")


class UnknownEdition(LookupError):
    """An edition name that PutRight does not hold."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown edition {name!r}: choose one of {', '.join(EDITIONS)}")
        self.name = name


class UnknownProvision(LookupError):
    """A provision number that the edition does not contain."""

    def __init__(self, edition: str, number: str) -> None:
        super().__init__(f"the {edition} Code has no provision {number!r}")
        self.edition = edition
        self.number = number


@dataclass(frozen=True)
class Item:
    """A lettered (2024) or bulleted (2022) item inside a provision, such as 2024 6.9 g."""

    label: str
    text: str


@dataclass(frozen=True)
class Section:
    number: int
    title: str


@dataclass(frozen=True)
class Provision:
    edition: str
    number: str
    section: Section
    text: str
    items: tuple[Item, ...]
    on_form: bool
    obligation: str | None
    form_text: str | None
    heading: str | None

    @property
    def citation(self) -> str:
        return f"{self.edition} {self.number}"

    @property
    def full_text(self) -> str:
        """The lead-in text followed by its items, one a line, as the Code sets them out."""
        if not self.items:
            return self.text
        lines = [self.text]
        for item in self.items:
            marker = f"{item.label}." if item.label.isalpha() else "•"
            lines.append(f"{marker} {item.text}")
        return "\n".join(lines)

    def item(self, label: str) -> Item:
        for candidate in self.items:
            if candidate.label == label:
                return candidate
        raise UnknownProvision(self.edition, f"{self.number} {label}")

    def as_dict(self) -> dict[str, object]:
        return {
            "edition": self.edition,
            "number": self.number,
            "citation": self.citation,
            "section": self.section.number,
            "section_title": self.section.title,
            "heading": self.heading,
            "text": self.full_text,
            "items": [{"label": i.label, "text": i.text} for i in self.items],
            "on_form": self.on_form,
            "obligation": self.obligation,
            "form_text": self.form_text,
        }


@dataclass(frozen=True)
class Edition:
    name: str
    title: str
    in_force_from: date
    sources: tuple[str, ...]
    sections: tuple[Section, ...]
    provisions: tuple[Provision, ...]

    def provision(self, number: str) -> Provision:
        for provision in self.provisions:
            if provision.number == number:
                return provision
        raise UnknownProvision(self.name, number)

    def has(self, number: str) -> bool:
        return any(p.number == number for p in self.provisions)

    def on_form(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.on_form)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _load(name: str) -> Edition:
    raw = tomllib.loads(
        resources.files("putright.code").joinpath("editions", f"{name}.toml").read_text(encoding="utf-8")
    )
    sections = {s["number"]: Section(number=s["number"], title=s["title"]) for s in raw["sections"]}
    provisions = tuple(
        sorted(
            (
                Provision(
                    edition=name,
                    number=p["number"],
                    section=sections[p["section"]],
                    text=p["text"].strip(),
                    items=tuple(Item(label=i["label"], text=i["text"].strip()) for i in p.get("items", [])),
                    on_form=bool(p["on_form"]),
                    obligation=p.get("obligation"),
                    form_text=p.get("form_text"),
                    heading=p.get("heading"),
                )
                for p in raw["provisions"]
            ),
            key=lambda p: _number_key(p.number),
        )
    )
    return Edition(
        name=name,
        title=raw["title"],
        in_force_from=date.fromisoformat(raw["in_force_from"]),
        sources=tuple(raw["sources"]),
        sections=tuple(sorted(sections.values(), key=lambda s: s.number)),
        provisions=provisions,
    )


@cache
def edition(name: str) -> Edition:
    """The edition called ``name`` ("2022" or "2024")."""
    if name not in EDITIONS:
        raise UnknownEdition(name)
    return _load(name)


def provision(edition_name: str, number: str) -> Provision:
    return edition(edition_name).provision(number)


def cite(edition_name: str, number: str) -> str:
    """The citation "2024 6.13", checked: raises if the edition has no such provision.

    ``number`` may name a lettered item ("6.9 g"); the item must exist too.
    """
    base, _, label = number.partition(" ")
    found = provision(edition_name, base)
    if label:
        found.item(label)
    return f"{edition_name} {number}"


def edition_in_force(on: date) -> Edition:
    """The edition that governs a complaint received on ``on``.

    The 2024 Code became statutory on 1 April 2024; the 2022 Code applied from 1 April 2022.
    PutRight does not model the 2020 Code, so earlier complaints are handled under 2022.
    """
    latest = edition(EDITIONS[0])
    for name in EDITIONS:
        candidate = edition(name)
        if candidate.in_force_from <= on:
            latest = candidate
    return latest
