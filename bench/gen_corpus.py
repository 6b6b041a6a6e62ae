#!/usr/bin/env python3
"""Deterministic synthetic corpus generator for stratwiki benchmarks.

Usage:
    python3 bench/gen_corpus.py OUT_DIR --pages N [--seed 42] [--hugo HUGO_DIR]
    python3 bench/gen_corpus.py --pages N --hugo HUGO_DIR --hugo-only

Writes a stratwiki wiki (OUT_DIR/book.toml + OUT_DIR/content/) made of owners,
goals, case studies and (possibly nested) chapters, with realistic YAML front
matter and Markdown bodies of a few KB each (~5 KB on average).  With --hugo,
also writes a minimal Hugo site over the very same Markdown files (hard links
where possible, copies otherwise), so both generators can be timed on
identical input.

Standard library only.  The same --pages/--seed always produce byte-identical
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
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args(argv)

    if a.hugo_only and not a.hugo:
        ap.error("--hugo-only needs --hugo HUGO_DIR")
    if not a.hugo_only and not a.out_dir:
        ap.error("OUT_DIR is required (unless --hugo-only)")
    if a.pages < 20:
        ap.error("--pages must be at least 20")
    if a.hugo and a.out_dir and not a.hugo_only and (
            os.path.abspath(a.hugo) == os.path.abspath(a.out_dir)):
        ap.error("OUT_DIR and --hugo must be different directories")

    t0 = time.monotonic()
    corpus = Corpus(a.pages, a.seed)

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
