#!/usr/bin/env python3
"""Deterministic synthetic corpus generator for stratwiki benchmarks.

Usage:
    python3 bench/gen_corpus.py OUT_DIR --pages N [--seed 42] [--hugo HUGO_DIR]
    python3 bench/gen_corpus.py --pages N --hugo HUGO_DIR --hugo-only
    python3 bench/gen_corpus.py OUT_DIR --pages N --git-commits C [--authors K]
                                [--tags T] [--hugo OUT_DIR/.hugo]

Writes a stratwiki wiki (OUT_DIR/book.toml + OUT_DIR/content/) made of owners,
goals, case studies and (possibly nested) chapters, with realistic YAML front
matter and Markdown bodies of a few KB each (~5 KB on average).  With --hugo,
also writes a minimal Hugo site over the very same Markdown files (hard links
where possible, copies otherwise), so both generators can be timed on
identical input.

With --git-commits C, OUT_DIR is a git repository whose C commits (made with
`git fast-import`: additions, edits, renames, deletions and restorations,
merged pull requests, several authors, co-author trailers, ~5 years of dates)
arrive at exactly that wiki; --hugo then writes a Hugo site inside the
repository that reads its content/ with enableGitInfo; --tags T adds
lightweight tags v1..vT spread evenly over the main line (vT at HEAD).
See bench/README.md.

Standard library only (plus the git program for --git-commits).  The same --pages/--seed always produce byte-identical
output (every page draws from its own RNG seeded with "<seed>/<slug>", and all
cross-page relations come from one RNG seeded with the seed).
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import random
import re
import shutil
import sys
import time

# --------------------------------------------------------------------------
# Word pools
# --------------------------------------------------------------------------

TAGS = [
    "accessibility", "ai", "broadband", "budget", "capacity-building",
    "cloud", "cybersecurity", "data", "digital-identity", "education",
    "e-government", "energy", "evaluation", "export", "fintech", "gender",
    "governance", "health", "interoperability", "inclusion", "innovation",
    "investment", "justice", "labour", "legislation", "literacy",
    "localisation", "maritime", "mobility", "open-data", "open-source",
    "partnerships", "payments", "privacy", "procurement", "public-services",
    "research", "resilience", "rural", "skills", "smart-cities", "standards",
    "startups", "statistics", "sustainability", "taxation", "telecoms",
    "tourism", "transparency", "youth",
]

AREAS = ["infrastructure", "innovation", "culture-and-capacity",
         "governance", "legal-framework"]
STATUSES = ["proposed", "active", "achieved", "paused", "dropped"]
STATUS_WEIGHTS = [15, 45, 20, 12, 8]
OWNER_TYPES = ["ministry", "agency", "council", "team", "person"]

COUNTRIES = [
    "Estonia", "Rwanda", "Chile", "Uruguay", "Singapore", "Denmark",
    "Kenya", "New Zealand", "Portugal", "Ghana", "Colombia", "Finland",
    "Indonesia", "Morocco", "Canada", "Ireland", "Viet Nam", "Senegal",
    "Côte d'Ivoire", "São Tomé and Príncipe", "Curaçao", "Türkiye",
    "Brazil", "Mongolia", "Bhutan", "Jamaica", "Fiji", "Tunisia",
    "Austria", "Costa Rica",
]

ORG_PREFIXES = ["National", "Regional", "Municipal", "Federal", "Joint",
                "Central", "Open", "Public", "Digital", "Civic"]
ORG_NOUNS = ["Data Office", "Registry", "Innovation Lab", "Statistics Bureau",
             "Health Service", "Procurement Agency", "Telecoms Regulator",
             "Skills Council", "Archives", "Revenue Authority",
             "Development Bank", "Science Foundation", "Land Registry",
             "Transport Authority", "Energy Commission"]
MINISTRY_TOPICS = ["Digital Affairs", "Economy", "Education", "Health",
                   "Infrastructure", "Justice", "Finance", "Science",
                   "Culture", "Labour", "Environment", "Transport",
                   "Public Administration", "Foreign Trade", "Agriculture"]
FIRST_NAMES = ["Amara", "Jonas", "Lucía", "Mei", "Tomás", "Aisha", "Henrik",
               "Priya", "Kwame", "Sofia", "Mateus", "Ingrid", "Yusuf",
               "Chloé", "Ravi", "Nadia", "Oskar", "Thandiwe", "Hiroshi",
               "Leila"]
LAST_NAMES = ["Okafor", "Lindqvist", "García", "Chen", "Novák", "Haddad",
              "Sørensen", "Iyer", "Mensah", "Rossi", "Pereira", "Kowalski",
              "Tanaka", "Dubois", "Nguyen", "Abubakar", "Müller", "Silva",
              "Kariuki", "O'Neill"]

GOAL_VERBS = ["Expand", "Modernise", "Strengthen", "Establish", "Simplify",
              "Digitise", "Open up", "Harmonise", "Scale", "Secure",
              "Measure", "Reform", "Fund", "Pilot", "Consolidate"]
GOAL_ADJS = ["rural", "national", "cross-border", "municipal", "public",
             "open", "shared", "low-carbon", "inclusive", "resilient",
             "interoperable", "trusted", "community", "regional", "mobile"]
GOAL_OBJECTS = ["broadband coverage", "identity services", "data platforms",
                "procurement processes", "skills programmes",
                "health records", "payment rails", "research networks",
                "statistics pipelines", "startup visas", "land registries",
                "tax filing", "court records", "school connectivity",
                "cyber incident response", "service design standards",
                "open licensing", "energy metering", "archive access",
                "transport data"]
GOAL_QUALIFIERS = ["for small businesses", "in secondary cities",
                   "for young people", "across ministries",
                   "for remote islands", "by default", "for rural clinics",
                   "for women entrepreneurs", "at district level",
                   "for the diaspora", "", "", "", ""]

CHAPTER_TOPICS = ["Vision", "Context", "Principles", "Infrastructure",
                  "Innovation", "Skills", "Governance", "Legal framework",
                  "Financing", "Implementation", "Monitoring", "Risks",
                  "Partnerships", "Inclusion", "Security", "Data",
                  "Public services", "Research", "Culture", "Roadmap"]
CHAPTER_SUBTITLES = ["where we stand", "what we learned", "the next decade",
                     "principles and trade-offs", "a practical agenda",
                     "roles and responsibilities", "measuring what matters",
                     "from pilots to scale", "funding the transition",
                     "lessons from abroad", "delivery and oversight",
                     "open questions"]
CASE_PROJECTS = ["e-residency programme", "national data exchange",
                 "digital health record", "open budget portal",
                 "mobile money interoperability", "rural fibre backbone",
                 "startup act", "civic tech fellowship",
                 "one-stop business registry", "open contracting pilot",
                 "AI sandbox", "school connectivity drive",
                 "public cloud migration", "address register",
                 "digital skills academy"]

HEADINGS = ["Background", "Context", "Objectives", "Approach",
            "Current situation", "Key challenges", "Opportunities",
            "Implementation plan", "Milestones", "Governance",
            "Stakeholders", "Funding", "Risks and mitigations",
            "Monitoring and evaluation", "Lessons learned", "Dependencies",
            "Legal considerations", "Next steps", "Open questions",
            "Expected outcomes", "Timeline", "Resources", "Scope",
            "Assumptions"]

# Body vocabulary: function words are repeated so they are drawn more often.
_FUNCTION = ("the the the the of of of and and and to to to in in a a for "
             "with on by is are will be that this from as at which our "
             "their its more across within").split()
_CONTENT = (
    "strategy government digital public service services data platform "
    "citizens businesses ministry agency council programme policy "
    "investment infrastructure network capacity skills training education "
    "research innovation ecosystem startups regulation framework standards "
    "interoperability security privacy trust identity registry access "
    "coverage broadband connectivity municipalities regions districts "
    "procurement budget funding partners partnership evaluation "
    "indicators baseline target progress milestone delivery roadmap "
    "governance accountability transparency openness inclusion equity "
    "resilience sustainability transition adoption uptake usage demand "
    "supply market competition procurement users teams leadership "
    "coordination stakeholders community communities civil society "
    "universities industry sector sectors economy growth productivity "
    "exports jobs workforce talent literacy readiness maturity "
    "implementation pilot scale reform modernisation simplification "
    "automation analytics statistics evidence outcomes impact results "
    "costs benefits risks mitigation dependencies assumptions priorities "
    "ambition commitment mandate oversight review consultation feedback "
    "design delivery operations support maintenance migration cloud "
    "hosting archives records payments identity health justice transport "
    "energy agriculture tourism culture heritage language languages "
    "strengthen expand improve ensure enable support deliver measure "
    "monitor publish share reuse align prioritise coordinate fund "
    "develop build maintain review adopt reduce increase accelerate "
    "national regional local rural urban open shared secure reliable "
    "affordable accessible inclusive sustainable efficient effective "
    "transparent accountable modern robust scalable interoperable "
    "annual quarterly long-term short-term cross-border cross-government "
    "user-centred evidence-based well-governed co-designed naïve "
    "clearly steadily jointly gradually consistently").split()
WORDS = _FUNCTION + _CONTENT

CODE_SPANS = ["status: active", "progress >= 75", "owner", "indicators",
              "case-studies", "book.toml", "weight", "area", "target",
              "contributors", "baseline", "current", "unit", "summary",
              "tags", "stratwiki build", "content/goals", "G{n}",
              "{slug}", "{slug}.md"]

UNITS = ["percent", "households", "services", "users", "days", "MB/s",
         "institutions", "graduates", "EUR million", "datasets", "score"]
INDICATOR_NAMES = ["Coverage", "Uptake", "Satisfaction", "Availability",
                   "Response time", "Services online", "Trained staff",
                   "Open datasets", "Cost per transaction", "Active users",
                   "Share of procurement", "Incidents resolved"]
INDICATOR_QUALS = ["in rural areas", "among SMEs", "nationwide",
                   "in schools", "across agencies", "for women",
                   "per district", "per year", "on mobile", ""]

# --------------------------------------------------------------------------
# YAML helpers
# --------------------------------------------------------------------------

_PLAIN_RE = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 ,.'()/&:@_+-]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n",
               "~"}


def ys(s: str) -> str:
    """Emit a YAML scalar: plain style when unambiguous, else double-quoted."""
    if _DATE_RE.match(s):
        return s  # left unquoted on purpose, as people write dates
    if (_PLAIN_RE.match(s) and ": " not in s and " #" not in s
            and not s.endswith(":") and s.lower() not in _YAML_WORDS):
        return s
    return json.dumps(s, ensure_ascii=False)


def yaml_list(items: list[str]) -> str:
    if not items:
        return "[]"
    return "[" + ", ".join(ys(i) for i in items) + "]"


# --------------------------------------------------------------------------
# Corpus model
# --------------------------------------------------------------------------


class Page:
    __slots__ = ("kind", "num", "slug", "path", "title", "weight", "tags",
                 "summary", "meta")

    def __init__(self, kind: str, num: int, slug: str, path: str):
        self.kind = kind
        self.num = num
        self.slug = slug
        self.path = path  # posix path relative to content/
        self.title = ""
        self.weight = 0
        self.tags: list[str] = []
        self.summary = ""
        self.meta: dict = {}


def counts_for(n: int) -> tuple[int, int, int, int]:
    owners = max(5, round(n * 0.02))
    goals = round(n * 0.40)
    cases = round(n * 0.10)
    chapters = n - owners - goals - cases
    if chapters < 2:
        raise SystemExit(f"--pages {n} is too small (need at least 20)")
    return owners, goals, cases, chapters


def sentence(rng: random.Random, lo: int = 6, hi: int = 17) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def summary_sentence(rng: random.Random) -> str:
    return sentence(rng, 9, 16)


class Corpus:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.seed = seed
        self.rng = random.Random(f"stratwiki-corpus/{seed}")
        self.pages: list[Page] = []
        self.by_slug: dict[str, Page] = {}
        self._build()

    # -- skeleton ----------------------------------------------------------
    def _build(self) -> None:
        rng = self.rng
        n_own, n_goal, n_case, n_chap = counts_for(self.n)
        width = max(5, len(str(self.n)))

        def fmt(prefix: str, i: int) -> str:
            return f"{prefix}-{i:0{width}d}"

        owners = []
        for i in range(1, n_own + 1):
            slug = fmt("owner", i)
            owners.append(Page("owner", i, slug, f"owners/{slug}.md"))

        # Chapters: ~10% at the top of chapters/, the rest in part-NN/
        # folders of 40; every third part keeps its last 15 chapters in a
        # nested annex/ folder (two levels deep).
        chapters = []
        n_top = max(1, n_chap // 10)
        for i in range(1, n_chap + 1):
            slug = fmt("chapter", i)
            if i <= n_top:
                folder = "chapters"
                pos = i
            else:
                k = i - n_top - 1
                part = k // 40 + 1
                pos = k % 40 + 1
                folder = f"chapters/part-{part:02d}"
                if part % 3 == 0 and pos > 25:
                    folder += "/annex"
                    pos -= 25
            p = Page("chapter", i, slug, f"{folder}/{slug}.md")
            p.weight = pos * 10
            chapters.append(p)

        goals = []
        for i in range(1, n_goal + 1):
            slug = fmt("goal", i)
            goals.append(Page("goal", i, slug, f"goals/{slug}.md"))

        cases = []
        for i in range(1, n_case + 1):
            slug = fmt("case", i)
            cases.append(Page("case", i, slug, f"case-studies/{slug}.md"))

        self.owners, self.chapters, self.goals, self.cases = (
            owners, chapters, goals, cases)
        self.pages = owners + goals + cases + chapters
        for p in self.pages:
            assert p.slug not in self.by_slug
            self.by_slug[p.slug] = p

        # Common fields.
        for p in self.pages:
            p.tags = rng.sample(TAGS, rng.randint(1, 3))

        for p in owners:
            t = OWNER_TYPES[(p.num - 1) % len(OWNER_TYPES)] if p.num <= 5 \
                else rng.choice(OWNER_TYPES)
            p.meta["type"] = t
            if t == "ministry":
                p.title = f"Ministry of {rng.choice(MINISTRY_TOPICS)}"
                org = "ministry"
            elif t == "agency":
                p.title = f"{rng.choice(ORG_PREFIXES)} {rng.choice(ORG_NOUNS)}"
                org = "agency"
            elif t == "council":
                p.title = (f"{rng.choice(ORG_PREFIXES)} Council for "
                           f"{rng.choice(MINISTRY_TOPICS)}")
                org = "council"
            elif t == "team":
                p.title = f"{rng.choice(CHAPTER_TOPICS)} Team {p.num}"
                org = "gov"
            else:
                p.title = (f"{rng.choice(FIRST_NAMES)} "
                           f"{rng.choice(LAST_NAMES)}")
                org = "people"
            p.weight = rng.randint(0, 10)
            handles = [f"@{org}/team-{p.num}"]
            if rng.random() < 0.4:
                handles.append(f"@{org}/{p.slug}-leads")
            p.meta["handles"] = handles
            p.meta["website"] = f"https://example.org/{org}/{p.num}"
            p.meta["contact"] = f"{p.slug}@example.org"

        for p in chapters:
            topic = rng.choice(CHAPTER_TOPICS)
            sub = rng.choice(CHAPTER_SUBTITLES)
            style = rng.random()
            if style < 0.5:
                p.title = f"{topic}: {sub}"
            elif style < 0.8:
                p.title = f"{topic} — {sub}"
            else:
                p.title = f"{topic} and {rng.choice(CHAPTER_TOPICS).lower()}"

        goal_chapters: dict[str, list[str]] = {}
        for p in goals:
            q = rng.choice(GOAL_QUALIFIERS)
            p.title = (f"{rng.choice(GOAL_VERBS)} {rng.choice(GOAL_ADJS)} "
                       f"{rng.choice(GOAL_OBJECTS)}" + (f" {q}" if q else ""))
            p.weight = rng.randint(1, 100)
            m = p.meta
            m["id"] = f"G{p.num}"
            owner = rng.choice(owners)
            m["owner"] = owner.slug
            others = [o.slug for o in rng.sample(owners, 3) if o is not owner]
            m["contributors"] = others[:rng.randint(0, 2)]
            m["status"] = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
            m["area"] = rng.choice(AREAS)
            m["target"] = (f"{rng.randint(2025, 2032)}-"
                           f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
            prog = {"proposed": (0, 10), "active": (5, 95),
                    "achieved": (100, 100), "paused": (0, 80),
                    "dropped": (0, 60)}[m["status"]]
            m["progress"] = rng.randint(*prog)
            inds = []
            for _ in range(rng.randint(1, 3)):
                q = rng.choice(INDICATOR_QUALS)
                name = rng.choice(INDICATOR_NAMES) + (f" {q}" if q else "")
                unit = rng.choice(UNITS)
                base = rng.randint(0, 60)
                tgt = base + rng.randint(10, 200)
                cur = base + (tgt - base) * m["progress"] // 100
                if rng.random() < 0.3:
                    # some indicators carry decimals
                    inds.append({"name": name, "baseline": base + 0.5,
                                 "target": float(tgt),
                                 "current": cur + 0.25, "unit": unit})
                else:
                    inds.append({"name": name, "baseline": base,
                                 "target": tgt, "current": cur,
                                 "unit": unit})
            m["indicators"] = inds
            m["chapters"] = [c.slug for c in
                             rng.sample(chapters, rng.randint(1, 2))]
            m["case-studies"] = []
            for c in m["chapters"]:
                goal_chapters.setdefault(c, []).append(p.slug)

        goal_cases: dict[str, list[str]] = {}
        for p in cases:
            country = rng.choice(COUNTRIES)
            org = f"{rng.choice(ORG_PREFIXES)} {rng.choice(ORG_NOUNS)}"
            proj = rng.choice(CASE_PROJECTS)
            p.title = (f"{country}: {proj}" if rng.random() < 0.5
                       else f"The {proj} of the {org}")
            p.weight = rng.randint(1, 50)
            p.meta["country"] = country
            p.meta["organisation"] = org
            p.meta["year"] = rng.randint(2005, 2025)
            gs = [g.slug for g in rng.sample(goals, min(len(goals),
                                                        rng.randint(1, 3)))]
            p.meta["goals"] = gs
            for g in gs:
                goal_cases.setdefault(g, []).append(p.slug)

        # A goal names at most one case study, and only one that names it.
        for p in goals:
            cs = goal_cases.get(p.slug)
            if cs and rng.random() < 0.8:
                p.meta["case-studies"] = [rng.choice(cs)]

        self.goal_chapters = goal_chapters
        self.owner_goals: dict[str, list[str]] = {}
        for g in goals:
            self.owner_goals.setdefault(g.meta["owner"], []).append(g.slug)

        for p in self.pages:
            p.summary = summary_sentence(random.Random(
                f"{self.seed}/{p.slug}/summary"))

    # -- rendering -----------------------------------------------------------
    def front_matter(self, p: Page) -> str:
        out = ["---", f"title: {ys(p.title)}"]
        m = p.meta
        if p.kind == "goal":
            out += [
                f"id: {m['id']}",
                f"weight: {p.weight}",
                f"owner: {m['owner']}",
                f"contributors: {yaml_list(m['contributors'])}",
                f"status: {m['status']}",
                f"area: {m['area']}",
                f"target: {m['target']}",
                f"progress: {m['progress']}",
                "indicators:",
            ]
            for ind in m["indicators"]:
                out += [f"  - name: {ys(ind['name'])}",
                        f"    baseline: {ind['baseline']}",
                        f"    target: {ind['target']}",
                        f"    current: {ind['current']}",
                        f"    unit: {ys(ind['unit'])}"]
            out += [f"chapters: {yaml_list(m['chapters'])}"]
            if m["case-studies"]:
                out += ["case-studies:"] + [f"  - {c}" for c in
                                            m["case-studies"]]
            else:
                out += ["case-studies: []"]
        elif p.kind == "case":
            out += [
                f"weight: {p.weight}",
                f"country: {ys(m['country'])}",
                f"organisation: {ys(m['organisation'])}",
                f"year: {m['year']}",
                "goals:",
            ] + [f"  - {g}" for g in m["goals"]]
        elif p.kind == "owner":
            out += [
                f"weight: {p.weight}",
                f"type: {m['type']}",
                "handles:",
            ] + [f"  - {ys(h)}" for h in m["handles"]] + [
                f"website: {ys(m['website'])}",
                f"contact: {ys(m['contact'])}",
            ]
        else:
            out += [f"weight: {p.weight}"]
        out.append("tags:")
        out += [f"  - {t}" for t in p.tags]
        out.append(f"summary: {ys(p.summary)}")
        out.append("---")
        return "\n".join(out) + "\n"

    def link(self, src: Page, dst: Page, text: str | None = None) -> str:
        rel = posixpath.relpath(dst.path, posixpath.dirname(src.path))
        return f"[{text or dst.title}]({rel})"

    def related(self, p: Page, rng: random.Random) -> list[Page]:
        """Pages this page naturally links to (all exist in the corpus)."""
        b = self.by_slug
        m = p.meta
        out: list[Page] = []
        if p.kind == "goal":
            out.append(b[m["owner"]])
            out += [b[s] for s in m["chapters"]]
            out += [b[s] for s in m["case-studies"]]
        elif p.kind == "case":
            out += [b[s] for s in m["goals"]]
        elif p.kind == "owner":
            gs = self.owner_goals.get(p.slug, [])
            out += [b[s] for s in gs[:4]]
        else:
            gs = self.goal_chapters.get(p.slug, [])
            out += [b[s] for s in gs[:3]]
            i = p.num - 1
            if i + 1 < len(self.chapters):
                out.append(self.chapters[i + 1])
        while len(out) < 2:
            q = rng.choice(self.pages)
            if q is not p:
                out.append(q)
        return out

    def paragraph(self, p: Page, rng: random.Random, links: list[Page],
                  lo: int, hi: int) -> str:
        sents = []
        for _ in range(rng.randint(lo, hi)):
            s = sentence(rng)
            r = rng.random()
            if r < 0.10:
                w = rng.choice(_CONTENT)
                s = s[:-1] + f" *{w}*."
            elif r < 0.18:
                w = rng.choice(_CONTENT)
                s = f"**{w.capitalize()}** " + s[0].lower() + s[1:]
            elif r < 0.25:
                c = rng.choice(CODE_SPANS).format(n=p.num, slug=p.slug)
                s = s[:-1] + f", see `{c}`."
            elif r < 0.28 and links:
                s = s[:-1] + f" (see {self.link(p, links.pop(0))})."
            sents.append(s)
        return " ".join(sents)

    def table(self, p: Page, rng: random.Random) -> list[str]:
        if p.kind == "goal":
            rows = ["| Indicator | Baseline | Target | Current | Unit |",
                    "| --- | ---: | ---: | ---: | --- |"]
            for ind in p.meta["indicators"]:
                rows.append(f"| {ind['name']} | {ind['baseline']} | "
                            f"{ind['target']} | {ind['current']} | "
                            f"{ind['unit']} |")
            return rows
        rows = ["| Milestone | Lead | Due | Status |",
                "| --- | --- | --- | :---: |"]
        for i in range(rng.randint(3, 6)):
            o = rng.choice(self.owners)
            rows.append(f"| {rng.choice(HEADINGS)} {i + 1} | {o.title} | "
                        f"{rng.randint(2025, 2031)}-Q{rng.randint(1, 4)} | "
                        f"{rng.choice(STATUSES)} |")
        return rows

    def body(self, p: Page) -> str:
        rng = random.Random(f"{self.seed}/{p.slug}")
        rel = self.related(p, rng)
        inline = [rng.choice(self.pages) for _ in range(rng.randint(1, 3))]
        inline = [q for q in inline if q is not p]
        out: list[str] = []
        out.append(self.paragraph(p, rng, inline, 1, 3))
        out.append("")
        n_sec = rng.randint(3, 5)
        heads = rng.sample(HEADINGS, n_sec)
        table_at = rng.randrange(n_sec)
        list_at = rng.randrange(n_sec)
        olist_at = rng.randrange(n_sec) if rng.random() < 0.5 else -1
        for si, h in enumerate(heads):
            out.append(f"## {h}")
            out.append("")
            for _ in range(rng.randint(1, 3)):
                out.append(self.paragraph(p, rng, inline, 3, 5))
                out.append("")
            if si == list_at:
                for _ in range(rng.randint(3, 6)):
                    out.append("- " + sentence(rng, 4, 12))
                out.append("")
            if si == olist_at:
                for k in range(rng.randint(3, 5)):
                    out.append(f"{k + 1}. " + sentence(rng, 4, 10))
                out.append("")
            if si == table_at:
                out.append(self.paragraph(p, rng, [], 1, 2))
                out.append("")
                out += self.table(p, rng)
                out.append("")
        if rng.random() < 0.3:
            q = rng.choice(self.pages)
            out.append(f"See also [[{q.slug}]] for background.")
            if rng.random() < 0.3:
                q2 = rng.choice(self.pages)
                out[-1] += f" It builds on [[{q2.slug}]]."
            out.append("")
        out.append("## Related")
        out.append("")
        for q in rel:
            out.append(f"- {self.link(p, q)}")
        return "\n".join(out) + "\n"

    def render(self, p: Page) -> str:
        return self.front_matter(p) + "\n" + self.body(p)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

BOOK_TOML = """[book]
title = "Benchmark strategy"
src = "content"
[build]
build-dir = "book"
"""

HUGO_TOML = """baseURL = "https://example.org/"
languageCode = "en"
title = "Benchmark strategy"
# Same URL shape as stratwiki (x.md -> x.html), so relative .md links that the
# render hook rewrites to .html resolve correctly.
uglyURLs = true
# stratwiki produces a sitemap.xml but no RSS feed.
disableKinds = ["RSS"]
enableRobotsTXT = false

[taxonomies]
  tag = "tags"

[markup.highlight]
  codeFences = false
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{- range site.Sections }} | <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ if eq .Section "goals" }}
<dl class="goal-meta">
<dt>ID</dt><dd>{{ .Params.id }}</dd>
<dt>Owner</dt><dd>{{ with site.GetPage (printf "/owners/%s" .Params.owner) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ else }}{{ .Params.owner }}{{ end }}</dd>
<dt>Status</dt><dd>{{ .Params.status }}</dd>
<dt>Area</dt><dd>{{ .Params.area }}</dd>
<dt>Target</dt><dd>{{ .Params.target }}</dd>
<dt>Progress</dt><dd>{{ .Params.progress }}%</dd>
</dl>
{{ end }}
{{ with .GetTerms "tags" }}<p class="tags">{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ .Content }}
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""

# Rewrite relative links to .md files into the .html pages Hugo writes
# (uglyURLs), as stratwiki does; everything else passes through untouched.
HUGO_RENDER_LINK = """{{- $d := .Destination -}}
{{- if and (strings.HasSuffix $d ".md") (not (strings.Contains $d "://")) -}}
{{- $d = printf "%s.html" (strings.TrimSuffix ".md" $d) -}}
{{- end -}}
<a href="{{ $d | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* */ -}}
"""


def write_file(path: str, data: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


def write_hugo_skeleton(hugo_dir: str) -> None:
    write_file(os.path.join(hugo_dir, "hugo.toml"), HUGO_TOML)
    lay = os.path.join(hugo_dir, "layouts", "_default")
    write_file(os.path.join(lay, "baseof.html"), HUGO_BASEOF)
    write_file(os.path.join(lay, "single.html"), HUGO_SINGLE)
    write_file(os.path.join(lay, "list.html"), HUGO_LIST)
    write_file(os.path.join(lay, "_markup", "render-link.html"),
               HUGO_RENDER_LINK)



# With --git-commits, the Hugo site reads the repository's content/ in place
# (Hugo's enableGitInfo needs the site inside the git repository) and shows
# each page's last commit, as stratwiki's "Last updated" line does.
HUGO_GIT_SINGLE = HUGO_SINGLE.replace(
    """{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
""",
    """{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
<p class="updated">Last updated {{ .Lastmod.Format "2006-01-02" }}{{ with .GitInfo }} by {{ .AuthorName }} ({{ .AbbreviatedHash }}: {{ .Subject }}){{ end }}</p>
""")
assert HUGO_GIT_SINGLE != HUGO_SINGLE


def write_hugo_git_skeleton(hugo_dir: str, repo_dir: str) -> None:
    """Hugo site inside the repository, its contentDir pointing at content/."""
    rel = os.path.relpath(os.path.join(repo_dir, "content"), hugo_dir)
    toml = HUGO_TOML.replace(
        "\n[taxonomies]",
        f"\n# Content is the git repository's own content/ folder.\n"
        f"contentDir = {json.dumps(rel)}\nenableGitInfo = true\n\n[taxonomies]")
    assert "enableGitInfo" in toml
    write_hugo_skeleton(hugo_dir)
    write_file(os.path.join(hugo_dir, "hugo.toml"), toml)
    write_file(os.path.join(hugo_dir, "layouts", "_default", "single.html"),
               HUGO_GIT_SINGLE)
    # Keep the site (and Hugo's resources/) out of `git status`.
    exclude = os.path.join(repo_dir, ".git", "info", "exclude")
    os.makedirs(os.path.dirname(exclude), exist_ok=True)
    with open(exclude, "a", encoding="utf-8") as f:
        f.write("/" + os.path.relpath(hugo_dir, repo_dir).replace(os.sep, "/") + "/\n")


# --------------------------------------------------------------------------
# Git history (--git-commits N)
# --------------------------------------------------------------------------
#
# OUT_DIR becomes a git repository whose history, N commits long, arrives at
# exactly the wiki that the plain mode writes.  Every page has a chain of
# revisions: revision 0 is what its creation commit adds, the last one is the
# final text; the earlier ones are derived backwards from the final text by
# undoing one edit at a time (a front-matter change such as status/progress,
# weight, summary or tags; a paragraph added; a few words reworded).
#
# The plan is made in two passes.  Pass 1 lays out the N commits (creations,
# edits, renames, deletions and restorations, throw-away pages, pull requests
# merged with two-parent merge commits) and counts the edits of every page.
# Pass 2 derives each page's revisions and streams everything into
# `git fast-import`.  Renames change only a page's stem (same folder), keep
# the blob, and update, in the same commit, every page that refers to the
# page (front-matter slugs, [[wiki links]] and relative links), so that each
# commit's tree has no link broken by a rename.

GIT_START_DATE = "2021-01-04"          # a Monday; history spans GIT_DAYS
GIT_DAYS = 5 * 365
GIT_TZS = ["+0100", "+0200", "-0500", "+0530", "+0000", "-0300", "+0900",
           "+0300", "-0800", "+1200", "+0100", "-0400", "+0800", "+0200"]
GIT_DOMAINS = ["example.org", "example.gov", "users.noreply.example.com",
               "example.net", "strategy.example.org"]
GITIGNORE = "/book/\n/.stratwiki-cache/\n"
SLUG_REF_RE = re.compile(r"(?<![\w-])((?:owner|goal|case|chapter)-\d{5,})(?![\w])")


def ascii_slug(s: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Author:
    __slots__ = ("name", "email", "tz", "old_name", "old_email")

    def __init__(self, name: str, email: str, tz: str):
        self.name, self.email, self.tz = name, email, tz
        self.old_name = self.old_email = None  # identity used early on


def make_authors(k: int, seed: int) -> tuple[list[Author], str]:
    """K authors with distinct emails; returns them and a .mailmap text."""
    rng = random.Random(f"stratwiki-git/{seed}/authors")
    combos = [(f, l) for f in FIRST_NAMES for l in LAST_NAMES]
    rng.shuffle(combos)
    authors = []
    for i in range(k):
        f, l = combos[i % len(combos)]
        suffix = "" if i < len(combos) else str(i // len(combos) + 1)
        name = f"{f} {l}" + (f" {suffix}" if suffix else "")
        local = f"{ascii_slug(f)}.{ascii_slug(l)}{suffix}".replace("-", "")
        authors.append(Author(name, f"{local}@{GIT_DOMAINS[i % len(GIT_DOMAINS)]}",
                              GIT_TZS[i % len(GIT_TZS)]))
    mailmap = []
    # Two people changed identity during the project: .mailmap unites them.
    if k >= 3:
        a = authors[2]
        a.old_email = f"{ascii_slug(a.name).split('-')[0]}@oldmail.example.com"
        mailmap.append(f"{a.name} <{a.email}> <{a.old_email}>")
    if k >= 5:
        a = authors[4]
        first, last = a.name.split(" ")[:2]
        a.old_name = f"{first} {last[0]}."
        a.old_email = f"{ascii_slug(a.name)}@laptop.example.net"
        mailmap.append(f"{a.name} <{a.email}> {a.old_name} <{a.old_email}>")
    text = ("# Canonical names and emails of contributors\n"
            + "".join(m + "\n" for m in mailmap)) if mailmap else ""
    return authors, text


def commit_times(n: int, rng: random.Random) -> list[int]:
    """N strictly increasing UTC timestamps over ~5 years, mostly in working
    hours on working days, with quiet holidays and slowly growing activity."""
    import datetime
    start = datetime.date.fromisoformat(GIT_START_DATE)
    epoch0 = int(datetime.datetime(start.year, start.month, start.day,
                                   tzinfo=datetime.timezone.utc).timestamp())
    cum, acc = [], 0.0
    for d in range(GIT_DAYS):
        day = start + datetime.timedelta(days=d)
        w = 1.0 if day.weekday() < 5 else 0.12
        if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 2):
            w *= 0.25
        if day.month == 8:
            w *= 0.6
        acc += w * (0.6 + 0.8 * d / GIT_DAYS)
        cum.append(acc)
    days = sorted(rng.choices(range(GIT_DAYS), cum_weights=cum, k=n - 1))
    days.insert(0, 0)  # the first commit opens the history
    out, prev, i = [], 0, 0
    while i < n:
        j = i
        while j < n and days[j] == days[i]:
            j += 1
        secs = sorted(rng.randint(7 * 3600, 20 * 3600) for _ in range(j - i))
        for s in secs:
            t = max(epoch0 + days[i] * 86400 + s, prev + 1)
            out.append(t)
            prev = t
        i = j
    return out


class PageRevs:
    """One page's revision chain: the blocks of revision 0 and, for each
    later revision, a label and the block operations that produce it."""
    __slots__ = ("blocks", "redo")

    def __init__(self, blocks: list[str], redo: list):
        self.blocks = blocks
        self.redo = redo


def _fm_lines(fm: str) -> list[str]:
    return fm.split("\n")


def derive_revisions(p: Page, final: str, n_rev: int, seed: int) -> PageRevs:
    """Walk back from the final text through n_rev - 1 edits."""
    rng = random.Random(f"stratwiki-git/{seed}/revs/{p.slug}")
    state = final.split("\n\n")
    rel_i = state.index("## Related")
    redo_rev: list = []

    def body_kind(b: str) -> str:
        if b.startswith("## "):
            return "heading"
        if b.startswith(("- ", "1. ", "| ")):
            return "list"
        return "para"

    def undo_progress(recs) -> str | None:
        lines = _fm_lines(state[0])
        si = next(i for i, l in enumerate(lines) if l.startswith("status: "))
        pi = next(i for i, l in enumerate(lines) if l.startswith("progress: "))
        status, prog = lines[si][8:], int(lines[pi][10:])
        if prog == 0:
            return None
        old = max(0, prog - rng.randint(3, 25))
        old_status = status
        if status == "achieved":
            old_status = "active"
        elif status in ("paused", "dropped") and rng.random() < 0.5:
            old_status = "active"
        if old == 0 and rng.random() < 0.5:
            old_status = "proposed"
        lines[si], lines[pi] = f"status: {old_status}", f"progress: {old}"
        recs.append(("set", 0, state[0]))
        state[0] = "\n".join(lines)
        return f"progress {prog}%, {status}" if old_status != status else f"progress {prog}%"

    def undo_meta(recs) -> str:
        lines = _fm_lines(state[0])
        r = rng.random()
        tag_lines = [i for i, l in enumerate(lines) if l.startswith("  - ")
                     and i > lines.index("tags:")] if "tags:" in lines else []
        if r < 0.35 and len(tag_lines) >= 2:
            what = f"add tag {lines[tag_lines[-1]][4:]}"
            del lines[tag_lines[-1]]
        elif r < 0.7:
            i = next(i for i, l in enumerate(lines) if l.startswith("summary: "))
            new = lines[i]
            while new == lines[i]:
                new = "summary: " + ys(summary_sentence(rng))
            lines[i] = new
            what = "new summary"
        else:
            i = next(i for i, l in enumerate(lines) if l.startswith("weight: "))
            cur = int(lines[i][8:])
            new = cur
            while new == cur:
                new = rng.randint(0, 100)
            lines[i] = f"weight: {new}"
            what = f"weight {cur}"
        recs.append(("set", 0, state[0]))
        state[0] = "\n".join(lines)
        return what

    def undo_add(recs) -> str | None:
        cand = [i for i in range(2, rel_i) if body_kind(state[i]) != "heading"]
        if len(cand) <= 3:
            return None
        j = rng.choice(cand)
        head = next((state[i][3:] for i in range(j - 1, 0, -1)
                     if state[i].startswith("## ")), None)
        recs.append(("ins", j, state[j]))
        del state[j]
        return f"add to {head}" if head else "expand intro"

    def undo_reword(recs) -> str | None:
        cand = [i for i in range(1, rel_i) if body_kind(state[i]) == "para"]
        rng.shuffle(cand)
        for j in cand[:4]:
            words = state[j].split(" ")
            pos = [k for k, w in enumerate(words)
                   if len(w) > 3 and w.isalpha() and w.islower()]
            if not pos:
                continue
            for k in rng.sample(pos, min(len(pos), rng.randint(1, 3))):
                w = words[k]
                while w == words[k]:
                    w = rng.choice(_CONTENT)
                words[k] = w
            recs.append(("set", j, state[j]))
            state[j] = " ".join(words)
            head = next((state[i][3:] for i in range(j - 1, 0, -1)
                         if state[i].startswith("## ")), None)
            return f"wording in {head}" if head else "wording of intro"
        return None

    for _ in range(n_rev - 1):
        recs: list = []
        r = rng.random()
        label = None
        if p.kind == "goal" and r < 0.45:
            label = undo_progress(recs)
            kind = "progress"
        elif r < 0.7:
            label = undo_reword(recs)
            kind = "reword"
        elif r < 0.85:
            label = undo_add(recs)
            kind = "add"
        if label is None:
            label = undo_meta(recs)
            kind = "meta"
        if rng.random() < 0.1:  # sometimes a second change in the same revision
            undo_reword(recs)
        recs.reverse()
        redo_rev.append((kind, label, recs))
        rel_i = state.index("## Related")
    redo_rev.reverse()
    return PageRevs(state, redo_rev)


class GitHistory:
    """Plans and writes the history of a corpus (see the comment above)."""

    def __init__(self, corpus: Corpus, n_commits: int, n_authors: int):
        if n_commits < 1:
            raise SystemExit("--git-commits must be at least 1")
        if n_authors < 1:
            raise SystemExit("--authors must be at least 1")
        self.c = corpus
        self.n = n_commits
        self.seed = corpus.seed
        self.authors, self.mailmap = make_authors(n_authors, corpus.seed)
        self.stats: dict[str, int] = {}

    # -- pass 1: the layout of the commits -----------------------------------
    def plan(self) -> list[dict]:
        c, n = self.c, self.n
        rng = random.Random(f"stratwiki-git/{self.seed}/plan")
        pages = c.pages
        P = len(pages)
        n_ren = round(n * 0.01)
        n_del = round(n * 0.002)
        n_scr = round(n * 0.0005)
        pr_sizes = [rng.choice((1, 1, 1, 2, 2, 3)) for _ in range(round(n * 0.02))]
        n_create = min(P, max(1, round(n * 0.065)))
        n_ren = min(n_ren, P // 4)
        n_del = min(n_del, P // 10)

        def fixed() -> int:
            return (n_create + n_ren + 2 * n_del + 2 * n_scr
                    + sum(b + 1 for b in pr_sizes))
        while fixed() > n:  # small N: drop the extras first
            if pr_sizes:
                pr_sizes.pop()
            elif n_scr:
                n_scr -= 1
            elif n_del:
                n_del -= 1
            elif n_ren:
                n_ren -= 1
            else:
                n_create = n

        # Creation order: owners and chapters tend to come first.
        bias = {"owner": (0.0, 0.3), "chapter": (0.0, 1.0), "goal": (0.1, 0.9),
                "case": (0.3, 0.7)}
        order = sorted(pages, key=lambda p: (bias[p.kind][0]
                                            + bias[p.kind][1] * rng.random(),
                                            p.path))
        cuts = sorted(rng.sample(range(1, P), n_create - 1)) if n_create > 1 else []
        batches = [order[a:b] for a, b in zip([0] + cuts, cuts + [P])]
        created_key: dict[str, float] = {}
        units = []  # (key, seq, kind, payload)
        for j, batch in enumerate(batches):
            key = -1.0 if j == 0 else 0.9 * (j / len(batches)) ** 1.4
            for p in batch:
                created_key[p.slug] = key
            units.append((key, len(units), "create", batch))

        # Renames: stem changes within the folder; ~10% of renamed pages
        # are renamed twice.
        names: dict[str, list[str]] = {p.slug: [p.slug] for p in pages}
        used = set(names)
        candidates = list(pages)
        rng.shuffle(candidates)
        renamed: list[Page] = []
        left = n_ren
        while left > 0 and candidates:
            # A moment in history, then a page that exists by then.
            key0 = rng.uniform(0.02, 1.0)
            i = next((i for i in range(len(candidates) - 1, -1, -1)
                      if created_key[candidates[i].slug] < key0), len(candidates) - 1)
            p = candidates.pop(i)
            key0 = max(key0, created_key[p.slug])
            twice = left >= 2 and rng.random() < 0.1
            first = f"{ascii_slug(p.title)[:48].strip('-')}-{p.num}"
            if first in used:
                first = f"{first}-{p.kind}"
            chain = [first] + ([f"draft-{p.slug}"] if twice else []) + [p.slug]
            used.update(chain)
            names[p.slug] = chain
            keys = [key0] + ([rng.uniform(key0, 1.0)] if twice else [])
            for key in keys:
                units.append((key, len(units), "rename", p))
            renamed.append(p)
            left -= len(chain) - 1
        n_ren = n_ren - left
        # Deletions, each restored later (disjoint from renamed pages).
        del_pages = []
        for _ in range(min(n_del, len(candidates))):
            a = rng.uniform(0.05, 0.97)
            i = next((i for i in range(len(candidates) - 1, -1, -1)
                      if created_key[candidates[i].slug] < a), len(candidates) - 1)
            p = candidates.pop(i)
            del_pages.append(p)
            a = max(a, created_key[p.slug] + 1e-6)
            b = min(a + rng.uniform(0.0005, 0.03), 0.999)
            units.append((a, len(units), "delete", p))
            units.append((b, len(units), "restore", p))
        for i in range(n_scr):
            a = rng.uniform(0.05, 0.9)
            units.append((a, len(units), "scratch-add", i))
            units.append((a + rng.uniform(0.001, 0.1), len(units), "scratch-del", i))
        for b in pr_sizes:
            units.append((rng.uniform(0.01, 1.0), len(units), "pr", b))
        # Whatever the extras left (too few pages to rename or delete), edits fill.
        n_edit = n - (len(batches) + n_ren + 2 * len(del_pages) + 2 * n_scr
                      + sum(b + 1 for b in pr_sizes))
        for _ in range(n_edit):
            units.append((rng.random(), len(units), "edit", None))
        units.sort(key=lambda u: (u[0], u[1]))
        self.names = names

        # Hot pages get most of the edits.
        weights = [min(rng.paretovariate(1.2), 40.0) * (1.5 if p.kind == "goal" else 1.0)
                   for p in pages]
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)
        alive: dict[str, bool] = {}
        alive_list: list[Page] = []
        pos: dict[str, int] = {}

        def add_alive(p: Page) -> None:
            alive[p.slug] = True
            pos[p.slug] = len(alive_list)
            alive_list.append(p)

        def drop_alive(p: Page) -> None:
            alive[p.slug] = False
            i = pos.pop(p.slug)
            last = alive_list.pop()
            if last is not p:
                alive_list[i] = last
                pos[last.slug] = i

        edits = {p.slug: 0 for p in pages}

        def pick(exclude: set) -> Page:
            for _ in range(30):
                p = rng.choices(pages, cum_weights=cum)[0]
                if alive.get(p.slug) and p.slug not in exclude:
                    return p
            choices = [p for p in alive_list if p.slug not in exclude]
            return rng.choice(choices or alive_list)

        def edit_commit(exclude: set, author: int | None = None) -> dict:
            k = 1 if rng.random() < 0.8 else rng.randint(2, 4)
            ps: list[Page] = []
            for _ in range(k):
                p = pick(exclude | {q.slug for q in ps})
                if p not in ps:
                    ps.append(p)
            revs = []
            for p in ps:
                edits[p.slug] += 1
                revs.append((p, edits[p.slug]))
            co = []
            squash = False
            if rng.random() < 0.06 and len(self.authors) > 1:
                squash = True
                co = rng.sample(range(len(self.authors)),
                                min(len(self.authors), rng.randint(2, 3)))
            a = self.pick_author(rng) if author is None else author
            co = [x for x in co if x != a][:2]
            return {"kind": "edit", "revs": revs, "author": a, "co": co,
                    "squash": squash, "ref": "main"}

        commits: list[dict] = []
        queue = list(units)
        qi = 0
        pr_no = 0
        deleted_fifo: list[Page] = []
        rename_step = {p.slug: 0 for p in renamed}
        maint = [0, 1] if len(self.authors) > 1 else [0]
        while qi < len(queue):
            key, _, kind, payload = queue[qi]
            qi += 1
            if kind == "create":
                for p in payload:
                    add_alive(p)
                commits.append({"kind": "create", "pages": payload,
                                "author": self.pick_author(rng), "ref": "main",
                                "initial": not commits})
            elif kind == "edit":
                if not alive_list:
                    raise AssertionError("edit before any page exists")
                commits.append(edit_commit(set()))
            elif kind == "rename":
                step = rename_step[payload.slug]
                rename_step[payload.slug] = step + 1
                commits.append({"kind": "rename", "page": payload, "step": step,
                                "author": self.pick_author(rng), "ref": "main"})
            elif kind == "delete":
                drop_alive(payload)
                deleted_fifo.append(payload)
                commits.append({"kind": "delete", "page": payload,
                                "author": self.pick_author(rng), "ref": "main"})
            elif kind == "restore":
                p = deleted_fifo.pop(0)
                add_alive(p)
                commits.append({"kind": "restore", "page": p,
                                "author": self.pick_author(rng), "ref": "main"})
            elif kind in ("scratch-add", "scratch-del"):
                commits.append({"kind": kind, "num": payload,
                                "author": self.pick_author(rng), "ref": "main"})
            elif kind == "pr":
                pr_no += 1
                contrib = [i for i in range(len(self.authors)) if i not in maint] or maint
                a = rng.choice(contrib)
                touched: set = set()
                branch = []
                for _ in range(payload):
                    cm = edit_commit(set(), author=a)
                    cm["ref"] = "pr"
                    cm["co"], cm["squash"] = [], False
                    touched.update(p.slug for p, _ in cm["revs"])
                    branch.append(cm)
                branch[0]["branch_start"] = True
                commits += branch
                # Main moves on while the pull request is open (other pages).
                if rng.random() < 0.5 and len(alive_list) > len(touched) + 4:
                    for _ in range(rng.randint(1, 2)):
                        if qi < len(queue) and queue[qi][2] == "edit":
                            qi += 1
                            cm = edit_commit(touched)
                            commits.append(cm)
                merged = {}
                for cm in branch:
                    for p, r in cm["revs"]:
                        merged[p.slug] = (p, r)
                co = []
                if rng.random() < 0.15 and len(self.authors) > 2:
                    co = [x for x in rng.sample(range(len(self.authors)), 2) if x != a][:1]
                commits.append({"kind": "merge", "pr": pr_no, "pages": list(merged.values()),
                                "author": rng.choice(maint), "contributor": a,
                                "co": co, "topic": branch[0], "ref": "main"})
        assert len(commits) == n, (len(commits), n)
        assert not deleted_fifo
        assert all(s == len(names[k]) - 1 for k, s in rename_step.items())
        self.edits = edits
        self.stats = {"creations": len(batches), "renames": n_ren,
                      "deletions": len(del_pages), "restorations": len(del_pages),
                      "scratch pages": n_scr, "pull requests": len(pr_sizes),
                      "page revisions": sum(edits.values())}
        return commits

    def pick_author(self, rng: random.Random) -> int:
        k = len(self.authors)
        if not hasattr(self, "_acum"):
            acc, self._acum = 0.0, []
            for i in range(k):
                acc += 1.0 / (i + 1) ** 0.9
                self._acum.append(acc)
        return rng.choices(range(k), cum_weights=self._acum)[0]

    # -- pass 2: contents and the fast-import stream ----------------------------
    def write(self, out_dir: str, quiet: bool = False) -> dict:
        import subprocess
        c = self.c
        commits = self.plan()
        rng = random.Random(f"stratwiki-git/{self.seed}/stream")
        times = commit_times(self.n, random.Random(f"stratwiki-git/{self.seed}/times"))
        final = {p.slug: c.render(p) for p in c.pages}
        revs = {p.slug: derive_revisions(p, final[p.slug], self.edits[p.slug] + 1, self.seed)
                for p in c.pages}
        cur = {s: list(r.blocks) for s, r in revs.items()}
        rev_at = {s: 0 for s in revs}
        by_slug = c.by_slug
        refs = {}
        for p in c.pages:
            seen = []
            for m in SLUG_REF_RE.finditer(final[p.slug]):
                s = m.group(1)
                if s != p.slug and s in by_slug and s not in seen:
                    seen.append(s)
            refs[p.slug] = seen
        referrers: dict[str, list[str]] = {}
        for p in c.pages:
            for s in refs[p.slug]:
                referrers.setdefault(s, []).append(p.slug)
        name_i = {s: 0 for s in self.names}
        pending = {s for s, ch in self.names.items() if len(ch) > 1}
        sub_re = {s: re.compile(r"(?<![\w-])" + re.escape(s) + r"(?![\w])")
                  for s in pending}

        def path_of(s: str) -> str:
            p = by_slug[s]
            stem = self.names[s][name_i[s]]
            return "content/" + posixpath.join(posixpath.dirname(p.path), stem + ".md")

        def text_of(s: str) -> bytes:
            t = "\n\n".join(cur[s])
            for q in refs[s]:
                if q in pending:
                    t = sub_re[q].sub(self.names[q][name_i[q]], t)
            return t.encode("utf-8")

        def advance(s: str, r: int) -> tuple[str, str]:
            assert rev_at[s] == r - 1, (s, rev_at[s], r)
            kind, label, recs = revs[s].redo[r - 1]
            blocks = cur[s]
            for op, i, v in recs:
                if op == "set":
                    blocks[i] = v
                else:
                    blocks.insert(i, v)
            rev_at[s] = r
            return kind, label

        proc = subprocess.Popen(["git", "-C", out_dir, "fast-import", "--quiet",
                                 "--date-format=raw", "--done"],
                                stdin=subprocess.PIPE)
        # A writer thread feeds fast-import, so that generating the stream
        # (this thread) and importing it (git) use both cores.
        import queue
        import threading
        chunks: queue.Queue = queue.Queue(maxsize=32)

        def feed() -> None:
            try:
                while (chunk := chunks.get()) is not None:
                    proc.stdin.write(chunk)
                proc.stdin.close()
            except BrokenPipeError:
                while chunks.get() is not None:
                    pass
        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        buf = bytearray()
        live: dict[str, bytes] = {}  # path -> blob, the main line's tree
        alive: set = set()
        marks = {"main": 0, "pr": 0}
        mark = 0

        def ident(ai: int, t: int, early: bool) -> bytes:
            a = self.authors[ai]
            name, email = a.name, a.email
            if early and a.old_email:
                name, email = a.old_name or a.name, a.old_email
            return f"{name} <{email}> {t} {a.tz}".encode("utf-8")

        def emit(ref: str, ai: int, msg: str, ops: list, t: int, *,
                 author_t: int | None = None, merge: int | None = None,
                 committer: int | None = None, start_from: int | None = None) -> int:
            nonlocal mark
            mark += 1
            early = t < times[0] + int(0.4 * (times[-1] - times[0]))
            b = buf
            if start_from is not None:
                b += f"reset refs/heads/{ref}\nfrom :{start_from}\n\n".encode()
            b += f"commit refs/heads/{ref}\nmark :{mark}\n".encode()
            b += b"author " + ident(ai, author_t or t, early) + b"\n"
            b += b"committer " + ident(ai if committer is None else committer, t, early) + b"\n"
            m = msg.encode("utf-8")
            b += b"data %d\n" % len(m) + m + b"\n"
            if merge is not None:
                b += f"merge :{merge}\n".encode()
            for op in ops:
                if op[0] == "M":
                    b += f"M 100644 inline {op[1]}\n".encode()
                    b += b"data %d\n" % len(op[2]) + op[2] + b"\n"
                else:
                    b += f"D {op[1]}\n".encode()
            b += b"\n"
            if len(b) > 1 << 20:
                chunks.put(bytes(b))
                b.clear()
            marks[ref] = mark
            return mark

        def trailers(co: list) -> str:
            return "".join(f"\nCo-authored-by: {self.authors[x].name} <{self.authors[x].email}>"
                           for x in co)

        def page_label(p: Page) -> str:
            if p.kind == "goal":
                return f"{p.meta['id']}"
            return self.names[p.slug][name_i[p.slug]]

        kind_name = {"goal": "goal", "case": "case study", "owner": "owner",
                     "chapter": "chapter"}
        t_i = 0
        n_merges = 0
        n_coauth = 0
        pr_seen = 0
        for cm in commits:
            t = times[t_i]
            t_i += 1
            k = cm["kind"]
            ops = []
            if k == "create":
                for p in cm["pages"]:
                    alive.add(p.slug)
                    path = path_of(p.slug)
                    data = text_of(p.slug)
                    ops.append(("M", path, data))
                    live[path] = data
                if cm["initial"]:
                    ops[:0] = [("M", "book.toml", BOOK_TOML.encode()),
                               ("M", ".gitignore", GITIGNORE.encode())]
                    if self.mailmap:
                        ops.insert(2, ("M", ".mailmap", self.mailmap.encode()))
                    msg = f"Start the strategy wiki with {len(cm['pages'])} pages"
                elif len(cm["pages"]) == 1:
                    p = cm["pages"][0]
                    if p.kind == "goal":
                        msg = f"Add goal {p.meta['id']}: {p.title}"
                    else:
                        msg = f"Add {kind_name[p.kind]} “{p.title}”"
                else:
                    kinds = sorted({kind_name[p.kind] for p in cm["pages"]})
                    msg = f"Add {len(cm['pages'])} pages ({', '.join(kinds)})"
                emit("main", cm["author"], msg + "\n", ops, t)
            elif k == "edit":
                labels = []
                for p, r in cm["revs"]:
                    kind, label = advance(p.slug, r)
                    path = path_of(p.slug)
                    data = text_of(p.slug)
                    ops.append(("M", path, data))
                    labels.append((p, kind, label))
                    if cm["ref"] == "main":
                        live[path] = data
                if len(labels) == 1:
                    p, kind, label = labels[0]
                    msg = f"{page_label(p)}: {label}"
                else:
                    msg = (f"Update {len(labels)} pages: "
                           + ", ".join(page_label(p) for p, _, _ in labels))
                author_t = None
                if cm["squash"]:
                    n_coauth += 1
                    pr_seen += 1
                    msg += f" (#{pr_seen})\n" + trailers(cm["co"])
                    author_t = t - rng.randint(600, 4 * 86400)
                start = marks["main"] if cm.get("branch_start") else None
                emit(cm["ref"], cm["author"], msg + "\n", ops, t, author_t=author_t,
                     start_from=start)
            elif k == "merge":
                n_merges += 1
                for p, r in cm["pages"]:
                    path = path_of(p.slug)
                    data = text_of(p.slug)
                    ops.append(("M", path, data))
                    live[path] = data
                a = self.authors[cm["contributor"]]
                user = a.email.split("@")[0]
                topic = cm["topic"]
                first = topic["revs"][0][0]
                pr_seen += 1
                msg = (f"Merge pull request #{pr_seen} from {user}/update-{page_label(first).lower()}\n\n"
                       f"Updates to {', '.join(page_label(p) for p, _ in cm['pages'])}\n")
                if cm["co"]:
                    n_coauth += 1
                    msg += trailers(cm["co"]) + "\n"
                emit("main", cm["author"], msg, ops, t, merge=marks["pr"])
            elif k == "rename":
                p = cm["page"]
                s = p.slug
                old = path_of(s)
                data = live.pop(old)
                name_i[s] += 1
                if name_i[s] == len(self.names[s]) - 1:
                    pending.discard(s)
                new = path_of(s)
                ops += [("D", old), ("M", new, data)]
                live[new] = data
                fixed = 0
                for q in referrers.get(s, []):
                    if q in alive:
                        qp = path_of(q)
                        qd = text_of(q)
                        if live.get(qp) != qd:
                            ops.append(("M", qp, qd))
                            live[qp] = qd
                            fixed += 1
                msg = f"Rename {posixpath.basename(old)[:-3]} to {posixpath.basename(new)[:-3]}"
                if fixed:
                    msg += f"\n\nUpdate the links in {fixed} page{'s' if fixed > 1 else ''}."
                emit("main", cm["author"], msg + "\n", ops, t)
            elif k == "delete":
                p = cm["page"]
                path = path_of(p.slug)
                del live[path]
                alive.discard(p.slug)
                emit("main", cm["author"], f"Remove {page_label(p)} ({p.title})\n",
                     [("D", path)], t)
            elif k == "restore":
                p = cm["page"]
                alive.add(p.slug)
                path = path_of(p.slug)
                data = text_of(p.slug)
                live[path] = data
                emit("main", cm["author"], f"Restore {page_label(p)}\n\nIt was removed by mistake.\n",
                     [("M", path, data)], t)
            elif k in ("scratch-add", "scratch-del"):
                path = f"content/chapters/workshop-notes-{cm['num'] + 1:03d}.md"
                if k == "scratch-add":
                    srng = random.Random(f"stratwiki-git/{self.seed}/scratch/{cm['num']}")
                    body = "\n\n".join(c.paragraph(c.pages[0], srng, [], 3, 6)
                                       for _ in range(3))
                    data = (f"---\ntitle: Workshop notes {cm['num'] + 1}\nweight: 99\n"
                            f"tags:\n  - {srng.choice(TAGS)}\nsummary: Raw notes, to be "
                            f"merged into the goals.\n---\n\n{body}\n").encode("utf-8")
                    live[path] = data
                    emit("main", cm["author"], f"Add workshop notes {cm['num'] + 1}\n",
                         [("M", path, data)], t)
                else:
                    del live[path]
                    emit("main", cm["author"],
                         f"Remove workshop notes {cm['num'] + 1}: merged into the goals\n",
                         [("D", path)], t)
        buf += b"done\n"
        chunks.put(bytes(buf))
        chunks.put(None)
        writer.join()
        if proc.wait() != 0:
            raise SystemExit("git fast-import failed")
        # The final tree must be exactly the plain corpus.
        expect = {"content/" + p.path: final[p.slug].encode("utf-8") for p in c.pages}
        got = {k: v for k, v in live.items() if k.startswith("content/")}
        if got != expect:
            bad = sorted(set(got) ^ set(expect)) or sorted(
                k for k in got if got[k] != expect[k])
            raise AssertionError(f"final tree differs from the corpus: {bad[:5]}")
        if marks["pr"]:
            subprocess.run(["git", "-C", out_dir, "update-ref", "-d", "refs/heads/pr"],
                           check=True)
        subprocess.run(["git", "-C", out_dir, "reset", "--hard", "-q", "main"], check=True)
        self.stats.update({"commits": self.n, "merges": n_merges,
                           "commits with co-authors": n_coauth,
                           "authors": len(self.authors)})
        return self.stats


def write_git_corpus(corpus: Corpus, out_dir: str, n_commits: int,
                     n_authors: int, n_tags: int = 0, pack: str = "repack") -> dict:
    import subprocess
    subprocess.run(["git", "init", "-q", "-b", "main", out_dir], check=True)
    stats = GitHistory(corpus, n_commits, n_authors).write(out_dir)
    if n_tags:
        stats["tags"] = add_tags(out_dir, n_tags)
    if pack == "repack":
        # fast-import's pack is built for speed of import, not of reading: each blob and
        # tree is a delta against the version before it, so reading history newest first
        # unpacks long delta chains. git-fast-import(1) recommends repacking afterwards,
        # and a clone (what CI builds from) gets a pack laid out like this one: newest
        # versions whole, older ones as deltas.
        subprocess.run(["git", "-C", out_dir, "repack", "-a", "-d", "-f", "-q"], check=True)
        stats["pack"] = "repacked"
    else:
        stats["pack"] = "as fast-import wrote it"
    return stats


def add_tags(out_dir: str, k: int) -> int:
    """Tag the main line with K lightweight tags v1..vK, evenly spaced.

    The main line is the first-parent chain of `main` (M commits, oldest
    first); tag vi goes on commit number ceil(i * M / K), so vK is HEAD and
    the tags split the main line into K runs of (nearly) equal length.  Only
    refs are added: the commits are those of the same run without --tags.
    """
    import subprocess
    chain = subprocess.run(["git", "-C", out_dir, "rev-list", "--first-parent",
                            "--reverse", "main"], check=True, capture_output=True,
                           text=True).stdout.split()
    m = len(chain)
    if k > m:
        raise SystemExit(f"--tags {k}: the main line has only {m} commits "
                         f"(use more --git-commits or fewer tags)")
    cmds = "".join(f"create refs/tags/v{i} {chain[-(-i * m // k) - 1]}\n"
                   for i in range(1, k + 1))
    subprocess.run(["git", "-C", out_dir, "update-ref", "--stdin"], input=cmds,
                   check=True, text=True)
    return k


def prepare_dir(path: str, what: str, force: bool) -> None:
    if os.path.exists(path) and os.listdir(path):
        if not force:
            raise SystemExit(f"{what} {path} exists and is not empty "
                             f"(use --force to replace it)")
        marker = "hugo.toml" if what == "HUGO_DIR" else "book.toml"
        if not os.path.isfile(os.path.join(path, marker)):
            raise SystemExit(f"refusing to replace {path}: it has no {marker}, "
                             f"so it does not look like a generated corpus")
        shutil.rmtree(path)
    os.makedirs(path, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a deterministic synthetic stratwiki corpus "
                    "(and optionally a Hugo site over the same Markdown).")
    ap.add_argument("out_dir", nargs="?",
                    help="stratwiki wiki to write (book.toml + content/)")
    ap.add_argument("--pages", type=int, required=True,
                    help="total number of pages (>= 20)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--hugo", metavar="HUGO_DIR",
                    help="also write a Hugo site over the same Markdown")
    ap.add_argument("--hugo-only", action="store_true",
                    help="write only the Hugo site (OUT_DIR not needed)")
    ap.add_argument("--force", action="store_true",
                    help="replace non-empty output directories")
    ap.add_argument("--git-commits", type=int, metavar="N",
                    help="make OUT_DIR a git repository whose N commits build "
                         "the same final wiki (needs git)")
    ap.add_argument("--authors", type=int, default=12, metavar="K",
                    help="commit authors with --git-commits (default 12)")
    ap.add_argument("--tags", type=int, default=0, metavar="K",
                    help="with --git-commits: K lightweight tags v1..vK spread "
                         "evenly over the main line, vK at HEAD (default 0)")
    ap.add_argument("--pack", choices=["repack", "fast-import"], default="repack",
                    help="with --git-commits: repack the repository as a clone's pack would "
                         "be (default), or keep fast-import's own pack (older versions "
                         "whole, newer ones as deltas: slow to read history newest first)")
    ap.add_argument("--quiet", "-q", action="store_true")
    ap.add_argument("--no-search", action="store_true",
                    help="write [wiki.search] enabled = false into book.toml (in every "
                         "commit), for comparisons with tools that build no search index")
    a = ap.parse_args(argv)
    if a.no_search:
        global BOOK_TOML
        BOOK_TOML += "[wiki.search]\nenabled = false\n"

    if a.hugo_only and not a.hugo:
        ap.error("--hugo-only needs --hugo HUGO_DIR")
    if not a.hugo_only and not a.out_dir:
        ap.error("OUT_DIR is required (unless --hugo-only)")
    if a.pages < 20:
        ap.error("--pages must be at least 20")
    if a.hugo and a.out_dir and not a.hugo_only and (
            os.path.abspath(a.hugo) == os.path.abspath(a.out_dir)):
        ap.error("OUT_DIR and --hugo must be different directories")
    if a.tags and a.git_commits is None:
        ap.error("--tags needs --git-commits")
    if a.git_commits is not None:
        if a.hugo_only or not a.out_dir:
            ap.error("--git-commits needs OUT_DIR (not --hugo-only)")
        if a.git_commits < 1:
            ap.error("--git-commits must be at least 1")
        if a.authors < 1:
            ap.error("--authors must be at least 1")
        if a.tags < 0:
            ap.error("--tags must be at least 0")
        if a.hugo:
            rel = os.path.relpath(os.path.abspath(a.hugo), os.path.abspath(a.out_dir))
            if rel.startswith(os.pardir) or rel == os.curdir:
                ap.error("with --git-commits, --hugo HUGO_DIR must be a folder inside "
                         "OUT_DIR (Hugo's enableGitInfo reads the repository that "
                         "holds the site), e.g. OUT_DIR/.hugo")
            if rel.split(os.sep)[0] in ("content", "book", ".git"):
                ap.error(f"--hugo HUGO_DIR cannot be inside OUT_DIR/{rel.split(os.sep)[0]}")

    t0 = time.monotonic()
    corpus = Corpus(a.pages, a.seed)

    if a.git_commits is not None:
        prepare_dir(a.out_dir, "OUT_DIR", a.force)
        stats = write_git_corpus(corpus, a.out_dir, a.git_commits, a.authors,
                                 a.tags, a.pack)
        if a.hugo:
            write_hugo_git_skeleton(a.hugo, a.out_dir)
        if not a.quiet:
            print(f"wrote a git repository of {len(corpus.pages)} pages to "
                  f"{a.out_dir}: " + ", ".join(f"{v} {k}" for k, v in stats.items())
                  + f"; {time.monotonic() - t0:.1f}s", file=sys.stderr)
            if a.hugo:
                print(f"hugo site at {a.hugo} (contentDir -> OUT_DIR/content, "
                      f"enableGitInfo)", file=sys.stderr)
        return 0

    content_dirs = []
    if not a.hugo_only:
        prepare_dir(a.out_dir, "OUT_DIR", a.force)
        write_file(os.path.join(a.out_dir, "book.toml"), BOOK_TOML)
        content_dirs.append(os.path.join(a.out_dir, "content"))
    if a.hugo:
        prepare_dir(a.hugo, "HUGO_DIR", a.force)
        write_hugo_skeleton(a.hugo)

    primary = (os.path.join(a.out_dir, "content") if not a.hugo_only
               else os.path.join(a.hugo, "content"))
    hugo_content = os.path.join(a.hugo, "content") if a.hugo else None
    link_ok = True
    total = 0
    for p in sorted(corpus.pages, key=lambda q: q.path):
        text = corpus.render(p)
        data = text.encode("utf-8")
        total += len(data)
        dst = os.path.join(primary, *p.path.split("/"))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
        if hugo_content and hugo_content != primary:
            hdst = os.path.join(hugo_content, *p.path.split("/"))
            os.makedirs(os.path.dirname(hdst), exist_ok=True)
            if link_ok:
                try:
                    os.link(dst, hdst)
                    continue
                except OSError:
                    link_ok = False
            shutil.copyfile(dst, hdst)

    if not a.quiet:
        n_own, n_goal, n_case, n_chap = counts_for(a.pages)
        where = a.out_dir if not a.hugo_only else a.hugo
        print(f"wrote {len(corpus.pages)} pages to {where} "
              f"(owners {n_own}, goals {n_goal}, case studies {n_case}, "
              f"chapters {n_chap}); {total / 1e6:.1f} MB of Markdown, "
              f"avg {total / len(corpus.pages) / 1e3:.1f} KB/page; "
              f"{time.monotonic() - t0:.1f}s", file=sys.stderr)
        if a.hugo and not a.hugo_only:
            print(f"hugo site at {a.hugo} "
                  f"({'hard links' if link_ok else 'copies'})",
                  file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
