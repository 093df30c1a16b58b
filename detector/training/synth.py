"""Deterministic generator of templated NLI pairs for news/report contradictions.

Every row is ``{"id", "premise", "hypothesis", "label", "phenomenon"}`` with
label in {entailment, neutral, contradiction}.  Standard library only; all
randomness comes from ``random.Random(seed)``.

Phenomena and labelling conventions
-----------------------------------
negation          "X signed the deal" vs "X did not sign / never signed" -> C;
                  affixes (legal/illegal, able/unable ...) -> C, "not illegal"
                  -> E; scope cases: "not only A but also B" -> A is E, "A but
                  did not B" -> A is E; "S did not deny that P" vs P -> N (not
                  denying is not asserting); double negation -> E.
antonym           rose/fell, won/lost, accepted/rejected, approved/blocked,
                  captured/lost control of, ... -> C; synonym swaps -> E;
                  same predicate on a different metric/object -> N.
numbers           exact n vs exact m -> C; digits vs words -> E; exact n vs
                  "at least k"/"more than k"/"fewer than k"/"between a and b"
                  -> E or C by arithmetic; a range/lower bound premise vs an
                  exact value inside it -> N; extra compatible detail -> N.
dates             one-off events: different weekday/month/year/day -> C;
                  format paraphrase ("1 August 2025" / "August 1, 2025") -> E;
                  day -> month -> year generalisation -> E, reverse -> N.
places            one-off located events: city A vs city B -> C; city -> its
                  country -> E; city -> another country -> C; country -> city N.
actors            role swap with asymmetric verbs (acquired, beat, succeeded,
                  launched the first strike on) -> C; symmetric verbs (met,
                  held talks with) -> E; exclusive outcomes (won the election)
                  by another actor -> C; passive paraphrase -> E.
quantifiers       all/every/most/some/none/not all with standard monotonicity.
attributed_denial A REPORTED DENIAL DOES NOT CONTRADICT P IN NLI: "S denied
                  that P" vs P -> N, and vs not-P -> N ("said that P" vs P is N
                  too).  Speaker-level conflicts ARE contradictions: "S denied
                  that P" vs "S said that P" -> C, "S confirmed that P" vs "S
                  denied that P" -> C, "S said that P" vs "S said that not-P"
                  -> C.  Factive verbs: "S confirmed/admitted that P" -> P is E.
                  (The pipeline handles speaker-vs-world conflict separately.)
paraphrase        reorderings, active/passive, synonyms -> E (mostly); added
                  detail -> N; negated paraphrase -> C.
dropped_clause    dropping a relative/participial/temporal/coordinated clause
                  -> E; dropping an "if" condition -> N; adding a clause -> N.
specificity       specific -> general (drone strike -> attack, city ->
                  country) -> E; general -> specific -> N.
compatible        two different facts about the same entity -> N; a two-fact
                  premise vs one of its facts -> E; same fact, other value -> C.
same_topic_unrelated  two sentences on one topic, different subjects -> N
                  (with a minority of E/C built the same way as compatible).
"""
from __future__ import annotations

import argparse
import logging
import os
import random
from collections import Counter

from detector.jsonl import write_jsonl

log = logging.getLogger(__name__)
E, N, C = "entailment", "neutral", "contradiction"
LABELS = (E, N, C)

# ----------------------------------------------------------------- vocabulary
ORGS = ["the Ministry of Defence", "the Ministry of Health", "the Interior Ministry",
        "the Finance Ministry", "the central bank", "the national electoral commission",
        "the Supreme Court", "the city council", "the regional government",
        "the UN refugee agency", "the World Health Organization", "the European Commission",
        "the transport authority", "the port authority", "the opposition party",
        "the ruling party", "the teachers' union", "the prosecutor's office",
        "the federal regulator", "the state broadcaster", "the Red Cross",
        "the Education Ministry", "the Energy Ministry", "the provincial assembly"]
COMPANIES = ["Nordvale Energy", "Halcyon Pharmaceuticals", "Meridian Airlines", "Arcturus Mining",
             "Bellwether Bank", "Kestrel Motors", "Solent Shipping", "Tamarind Telecom",
             "Orinoco Foods", "Cobalt Logistics", "Vantor Steel", "Lumen Media",
             "Pinecrest Insurance", "Ashford Construction", "Zephyr Rail", "Quarry Hill Cement",
             "Silverline Retail", "Brightwater Utilities", "Corvid Software", "Granite Peak Capital"]
ARMED = ["the Northern Liberation Front", "the Red River militia", "the Eastern Brigade",
         "the National Guard", "the Coastal Defence Force", "the Highland Resistance Army",
         "the Sovereign Legion", "the Valley Defence Group", "the 14th Mechanised Brigade",
         "the Southern Alliance"]
TEAMS = ["Riverside United", "Atletico Norte", "Harbour City FC", "Real Montaña",
         "Dynamo Eastfield", "Sporting Lagoa", "Olympic Kestrel", "Union Bravo"]
NAMES = ["Elena Vasquez", "Tomas Brandt", "Amara Okafor", "Daniel Mwangi", "Sofia Lindqvist",
         "Rajiv Menon", "Leyla Demir", "Viktor Halloran", "Maria Castillo", "Hana Sato",
         "Kwame Asante", "Lars Eriksen", "Ahmed Farouk", "Ana Petrova", "James Whitfield",
         "Ruth Okonkwo", "Chen Wei", "Paulo Ribeiro", "Nadia Haddad", "Fiona Gallagher",
         "Yusuf Karim", "Ingrid Solberg", "Marco Bellini", "Aiko Tanaka", "Idris Bello",
         "Olga Kovalenko", "Samuel Adeyemi", "Lucia Moretti", "Pieter de Vries", "Grace Njoroge",
         "Omar Siddiqui", "Katarzyna Nowak", "Diego Fernandez", "Mei Lin", "Hassan Nouri",
         "Claire Dubois", "Arjun Kapoor", "Ewa Lindgren", "Tariq Mansour", "Beatriz Souza"]
TITLES = ["Prime Minister", "Defence Minister", "Health Minister", "Foreign Minister",
          "Finance Minister", "Interior Minister", "President", "Mayor", "Governor", "Senator",
          "General", "Judge", "Ambassador", "opposition leader", "chief executive",
          "police chief", "union leader", "government spokesperson", "Energy Minister",
          "Attorney General", "Trade Minister", "party chair"]
CITIES = [("Kharkiv", "Ukraine"), ("Lviv", "Ukraine"), ("Odesa", "Ukraine"), ("Lyon", "France"),
          ("Marseille", "France"), ("Hamburg", "Germany"), ("Munich", "Germany"), ("Milan", "Italy"),
          ("Naples", "Italy"), ("Barcelona", "Spain"), ("Seville", "Spain"), ("Porto", "Portugal"),
          ("Krakow", "Poland"), ("Gdansk", "Poland"), ("Manchester", "the United Kingdom"),
          ("Glasgow", "the United Kingdom"), ("Rotterdam", "the Netherlands"), ("Osaka", "Japan"),
          ("Busan", "South Korea"), ("Mumbai", "India"), ("Chennai", "India"), ("Karachi", "Pakistan"),
          ("Lagos", "Nigeria"), ("Kano", "Nigeria"), ("Mombasa", "Kenya"), ("Nairobi", "Kenya"),
          ("Durban", "South Africa"), ("Alexandria", "Egypt"), ("Casablanca", "Morocco"),
          ("Izmir", "Turkey"), ("Istanbul", "Turkey"), ("Mosul", "Iraq"), ("Basra", "Iraq"),
          ("Rio de Janeiro", "Brazil"), ("Recife", "Brazil"), ("Medellin", "Colombia"),
          ("Guadalajara", "Mexico"), ("Monterrey", "Mexico"), ("Toronto", "Canada"),
          ("Vancouver", "Canada"), ("Chicago", "the United States"), ("Houston", "the United States"),
          ("Melbourne", "Australia"), ("Perth", "Australia"), ("Surabaya", "Indonesia"),
          ("Cebu", "the Philippines"), ("Da Nang", "Vietnam"), ("Chittagong", "Bangladesh"),
          ("Khartoum", "Sudan"), ("Goma", "the Democratic Republic of the Congo")]
COUNTRIES = sorted({c for _, c in CITIES})
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
         9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
TOPICS = ["data protection", "migration", "pensions", "mining licences", "the minimum wage",
          "press freedom", "water rationing"]

# (past, base) verb phrases for singular organisations ("its" is safe)
ACTIONS = [("signed the agreement", "sign the agreement"), ("approved the budget", "approve the budget"),
           ("published the report", "publish the report"),
           ("opened an investigation into the incident", "open an investigation into the incident"),
           ("paid the fine", "pay the fine"), ("cancelled the contract", "cancel the contract"),
           ("suspended its operations in {city}", "suspend its operations in {city}"),
           ("appealed the ruling", "appeal the ruling"), ("closed its office in {city}", "close its office in {city}"),
           ("postponed the meeting", "postpone the meeting"), ("released the data", "release the data"),
           ("attended the talks in {city}", "attend the talks in {city}"), ("met the deadline", "meet the deadline"),
           ("apologised for the error", "apologise for the error"),
           ("submitted its plan to parliament", "submit its plan to parliament"),
           ("sent aid to {city}", "send aid to {city}"), ("withdrew the proposal", "withdraw the proposal"),
           ("raised its fees", "raise its fees"), ("hired new staff", "hire new staff"),
           ("reported the breach to regulators", "report the breach to regulators"),
           ("evacuated its staff from {city}", "evacuate its staff from {city}"),
           ("responded to the request", "respond to the request"), ("froze hiring", "freeze hiring"),
           ("sold its stake in {company2}", "sell its stake in {company2}")]
# claims used inside attributions: (subject, past, base)
CLAIMS = [("the army", "shelled the hospital in {city}", "shell the hospital in {city}"),
          ("{company}", "concealed losses from investors", "conceal losses from investors"),
          ("the minister", "accepted a bribe", "accept a bribe"),
          ("the police", "used tear gas against protesters", "use tear gas against protesters"),
          ("the government", "cut funding for schools", "cut funding for schools"),
          ("{org}", "leaked the documents", "leak the documents"),
          ("{armed}", "attacked the aid convoy near {city}", "attack the aid convoy near {city}"),
          ("{company}", "dumped waste into the river", "dump waste into the river"),
          ("{org}", "ignored warnings about the dam", "ignore warnings about the dam"),
          ("the navy", "fired on a fishing boat", "fire on a fishing boat"),
          ("the central bank", "intervened to support the currency", "intervene to support the currency"),
          ("{org}", "delayed aid deliveries to {city}", "delay aid deliveries to {city}"),
          ("the ruling party", "rigged the vote in {city}", "rig the vote in {city}"),
          ("{company}", "paid officials to win the contract", "pay officials to win the contract"),
          ("{armed}", "recruited children", "recruit children"),
          ("the mayor of {city}", "misused public funds", "misuse public funds"),
          ("{company}", "laid off workers in {city}", "lay off workers in {city}")]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def S(s: str) -> str:
    """Finish a sentence: capitalise and add a final period."""
    s = cap(s.strip())
    return s if s.endswith(".") else s + "."


def num(n: int) -> str:
    return f"{n:,}"


class Ctx:
    """Random slot fillers for one instance."""

    def __init__(self, r: random.Random):
        self.r = r
        self.city, self.country = r.choice(CITIES)
        other = [c for c in CITIES if c[0] != self.city]
        self.city2, self.country2 = r.choice(other)
        self.company, self.company2 = r.sample(COMPANIES, 2)
        self.org, self.org2 = r.sample(ORGS, 2)
        self.armed, self.armed2 = r.sample(ARMED, 2)
        n1, n2, n3 = r.sample(NAMES, 3)
        t1, t2 = r.sample(TITLES, 2)
        self.name, self.name2, self.name3 = n1, n2, n3
        self.person, self.person2 = f"{t1} {n1}", f"{t2} {n2}"
        self.day, self.day2 = r.sample(DAYS, 2)
        self.month, self.month2 = r.sample(MONTHS, 2)
        self.year, self.year2 = r.sample(range(2008, 2026), 2)
        self.topic = r.choice(TOPICS)

    def f(self, s: str) -> str:
        return s.format(**self.__dict__)

    def subj(self) -> str:
        return self.r.choice([self.org, self.company])


# ------------------------------------------------------------------ negation
AFFIX = [("legal", "illegal", ["the strike", "the takeover", "the blockade", "the land sale"]),
         ("possible", "impossible", ["a ceasefire before the deadline", "a recount", "an early election"]),
         ("accurate", "inaccurate", ["the report", "the casualty figure", "the minister's statement"]),
         ("valid", "invalid", ["the vote", "the contract", "the referendum result"]),
         ("fair", "unfair", ["the election", "the trial", "the dismissal of the workers"]),
         ("lawful", "unlawful", ["the arrest", "the search of the offices", "the eviction"]),
         ("conclusive", "inconclusive", ["the investigation", "the inquiry", "the first test"]),
         ("sufficient", "insufficient", ["the evidence", "the funding", "the aid"]),
         ("stable", "unstable", ["the situation in {city}", "the patient's condition", "the currency"]),
         ("safe", "unsafe", ["the building", "the water supply in {city}", "the road to {city}"])]


def gen_negation(r, x):
    s = x.subj()
    (p1, b1), (p2, b2) = [(x.f(a), x.f(b)) for a, b in r.sample(ACTIONS, 2)]
    t = r.randrange(7)
    if t == 0:
        P = S(f"{s} {p1}")
        neg = r.choice([f"{s} did not {b1}", f"{s} never {p1}", f"{s} failed to {b1}", f"{s} refused to {b1}"])
        return [(P, S(neg), C), (P, S(f"{s} did not {b2}"), N)]
    if t == 1:
        pos, neg, subs = r.choice(AFFIX)
        sub = x.f(r.choice(subs))
        v = r.choice(["was", "proved to be"])
        out = [(S(f"{sub} {v} {pos}"), S(f"{sub} {v} {neg}"), C),
               (S(f"{sub} was {neg}"), S(f"{sub} was {pos}"), C),
               (S(f"{sub} was {pos}"), S(f"{sub} was not {neg}"), E),
               (S(f"{sub} was not {pos}"), S(f"{sub} was {neg}"), E)]
        return r.sample(out, 2)
    if t == 2:
        out = [(S(f"{s} was able to {b1}"), S(f"{s} was unable to {b1}"), C),
               (S(f"{s} was not able to {b1}"), S(f"{s} was unable to {b1}"), E),
               (S(f"{s} was unable to {b1}"), S(f"{s} did not {b1}"), E),
               (S(f"{s} was unable to {b1}"), S(f"{s} {p2}"), N)]
        return r.sample(out, 2)
    if t == 3:
        P = S(f"{s} not only {p1} but also {p2}")
        return [(P, S(f"{s} {p1}"), E), (P, S(f"{s} {p2}"), E), (P, S(f"{s} did not {b2}"), C)]
    if t == 4:
        P = S(r.choice([f"{s} {p1} but did not {b2}", f"although {s} {p1}, it did not {b2}"]))
        return [(P, S(f"{s} {p1}"), E), (P, S(f"{s} did not {b2}"), E),
                (P, S(f"{s} {p2}"), C), (P, S(f"{s} did not {b1}"), C)]
    if t == 5:
        P = S(f"{x.person} did not deny that {s} {p1}")
        return [(P, S(f"{s} {p1}"), N), (P, S(f"{x.person} denied that {s} {p1}"), C)]
    P = S(f"it is not true that {s} did not {b1}")
    return [(P, S(f"{s} {p1}"), E), (P, S(f"{s} did not {b1}"), C),
            (S(f"{s} did not {b1}"), S(f"it is not true that {s} {p1}"), E)]


# ------------------------------------------------------------------- antonym
# (frame with {v}, positive verbs, opposite verbs) -- lists are synonyms
ANTONYMS = [("{metric} {v} in {month}", ["rose", "increased", "climbed", "went up"], ["fell", "decreased", "declined", "dropped"]),
            ("{team} {v} the final in {city}", ["won"], ["lost"]),
            ("{company} {v} the court case", ["won", "prevailed in"], ["lost"]),
            ("{s} {v} the offer from {company2}", ["accepted", "agreed to"], ["rejected", "turned down"]),
            ("{org} {v} the merger between {company} and {company2}", ["approved", "cleared"], ["blocked", "rejected"]),
            ("{armed} {v} {city} on {day}", ["captured", "seized control of", "took control of"], ["lost control of", "was driven out of"]),
            ("the border crossing near {city} {v} on {day}", ["was open", "remained open"], ["was closed", "remained closed"]),
            ("{s} {v} spending on {topic}", ["increased", "raised", "boosted"], ["cut", "reduced", "slashed"]),
            ("{org} {v} the ban on {topic} protests", ["lifted", "ended"], ["extended", "kept"]),
            ("the suspect {v} on {day}", ["was released", "was freed"], ["was kept in custody", "remained in detention"]),
            ("{name} {v} the bill on {topic}", ["supported", "backed", "voted for"], ["opposed", "voted against"]),
            ("the talks in {city} {v}", ["ended in agreement", "produced a deal"], ["collapsed", "ended without a deal"]),
            ("{armed} {v} on {day}", ["advanced towards {city}", "pushed towards {city}"], ["retreated from {city}", "withdrew from {city}"])]
METRICS = ["inflation", "unemployment", "the price of wheat", "oil prices", "exports", "house prices",
           "the number of asylum applications", "industrial output", "retail sales", "the jobless rate"]


def gen_antonym(r, x):
    frame, pos, neg = r.choice(ANTONYMS)
    m1, m2 = r.sample(METRICS, 2)
    team, team2 = r.sample(TEAMS, 2)
    s = x.subj()
    kw = dict(x.__dict__, metric=m1, team=team, s=s)

    def mk(v, **extra):
        return S(frame.replace("{v}", v).format(**dict(kw, **extra)))
    a, b = (pos, neg) if r.random() < 0.5 else (neg, pos)
    P = mk(r.choice(a))
    out = [(P, mk(r.choice(b)), C)]
    if len(a) > 1:
        out.append((P, mk(r.choice([w for w in a if mk(w) != P])), E))
    if "{metric}" in frame:
        out.append((P, mk(r.choice(a), metric=m2), N))
    elif "{team}" in frame:
        out.append((P, mk(r.choice(b), team=team2), N))
    return out


# ------------------------------------------------------------------- numbers
QUANT = [("the attack in {city} killed {q} people", 3, 200, True),
         ("{company} cut {q} jobs", 20, 5000, True),
         ("police arrested {q} protesters in {city}", 3, 400, True),
         ("the floods displaced {q} families in {city}", 50, 20000, True),
         ("the Ministry of Health reported {q} new cholera cases", 5, 3000, True),
         ("{org} sent {q} lorries of aid to {city}", 3, 120, True),
         ("the earthquake destroyed {q} homes", 10, 9000, True),
         ("the crash injured {q} passengers", 2, 90, True),
         ("the government released {q} prisoners", 4, 600, True),
         ("{company} reported a loss of {q} million euros", 5, 900, False),
         ("the new bridge in {city} cost {q} million dollars", 5, 400, False),
         ("the convoy travelled {q} kilometres", 20, 800, False),
         ("turnout in {city} was {q} percent", 25, 90, False),
         ("the strike at {company} lasted {q} days", 2, 60, False),
         ("rainfall in {city} reached {q} millimetres", 20, 400, False)]


def _fmt(n, words=False):
    return WORDS[n] if words and n in WORDS else num(n)


def gen_numbers(r, x):
    frame, lo, hi, count = r.choice(QUANT)
    n = r.randint(lo, hi)
    fewer = "fewer than" if count else "less than"
    more = r.choice(["more than", "over"])
    d = max(1, n // 5)

    def mk(q, extra=""):
        return S(x.f(frame.replace("{q}", q)) + extra)
    other = n + r.choice([-1, 1]) * r.randint(d, 2 * d + 2)
    if other < 2:
        other = n + d + 1
    scheme = r.randrange(4)
    if scheme == 0:  # exact premise
        words = n in WORDS and r.random() < 0.5
        P = mk(_fmt(n, words))
        out = [(P, mk(_fmt(other)), C), (P, mk(_fmt(n, not words)), E)]
        k_lo, k_hi = max(2, n - r.randint(1, d + 1)), n + r.randint(1, d + 1)
        out.append(r.choice([(P, mk(f"at least {num(k_lo)}"), E), (P, mk(f"at least {num(k_hi)}"), C),
                             (P, mk(f"{more} {num(k_lo)}"), E), (P, mk(f"{more} {num(k_hi)}"), C),
                             (P, mk(f"{fewer} {num(k_hi)}"), E), (P, mk(f"{fewer} {num(k_lo)}"), C),
                             (P, mk(f"between {num(k_lo)} and {num(k_hi)}"), E)]))
        out.append((P, mk(_fmt(n), r.choice([f" on {x.day}", f" in {x.month}", f" in {x.year}"])), N))
        return out
    if scheme == 1:  # range premise
        a, b = max(2, n - d - 1), n + d + 1
        P = mk(f"between {num(a)} and {num(b)}")
        out = [(P, mk(num(n)), N), (P, mk(f"at least {num(a)}"), E),
               (P, mk(num(b + d + 2)), C), (P, mk(f"more than {num(b + d)}"), C)]
        return r.sample(out, 3)
    if scheme == 2:  # lower bound premise
        k = n
        P = mk(f"at least {num(k)}")
        out = [(P, mk(num(k + r.randint(1, d + 1))), N), (P, mk(num(max(2, k - r.randint(1, d + 1)))), C),
               (P, mk(f"{more} {num(max(1, k - d - 1))}"), E), (P, mk(f"{fewer} {num(k)}"), C)]
        out = [o for o in out if " than 1 " not in o[1] and " than 0 " not in o[1]]
        return r.sample(out, min(3, len(out)))
    k = n
    P = mk(f"{more} {num(k)}")  # "more than k" / "over k"
    out = [(P, mk(num(max(1, k - r.randint(0, d)))), C), (P, mk(num(k + r.randint(1, d + 1))), N),
           (P, mk(f"at least {num(k)}"), E), (P, mk(f"{fewer} {num(k)}"), C)]
    return r.sample(out, 3)


# --------------------------------------------------------------------- dates
EVENTS = ["the ceasefire in {city} took effect", "{company} completed its takeover of {company2}",
          "{person} resigned", "{person} was sworn in", "the new law on {topic} came into force",
          "the presidential election in {country} was held", "the old bridge in {city} collapsed",
          "the dam near {city} burst", "{company} filed for bankruptcy", "the embassy in {city} reopened",
          "the trial of {name2} began", "{org} published its final report on the crash",
          "the referendum on {topic} took place", "{company} announced its merger with {company2}"]


def gen_dates(r, x):
    ev = x.f(r.choice(EVENTS))

    def mk(date, front=None):
        if front is None:
            front = r.random() < 0.35
        return S(f"{date}, {ev}") if front and date else S(f"{ev} {date}".strip())
    t = r.randrange(4)
    if t == 0:
        P = mk(f"on {x.day}")
        return [(P, mk(f"on {x.day2}"), C), (P, mk(f"on {x.day}", front=not P.startswith("On")), E),
                (P, mk(""), E), (mk(""), mk(f"on {x.day}"), N)][:3 + (r.random() < 0.4)]
    if t == 1:
        P = mk(f"in {x.month} {x.year}")
        return [(P, mk(f"in {x.month2} {x.year}"), C), (P, mk(f"in {x.year}"), E),
                (mk(f"in {x.year}"), P, N), (P, mk(f"in {x.month} {x.year2}"), C)]
    if t == 2:
        P = mk(f"in {x.year}")
        return [(P, mk(f"in {x.year2}"), C), (P, mk(f"in {x.month} {x.year}"), N),
                (mk(f"in {x.month} {x.year}"), P, E)]
    dnum = r.randint(1, 28)
    d2 = r.choice([v for v in range(1, 29) if v != dnum])
    brit, us = f"on {dnum} {x.month} {x.year}", f"on {x.month} {dnum}, {x.year}"
    a, b = (brit, us) if r.random() < 0.5 else (us, brit)
    P = mk(a)
    return [(P, mk(b), E), (P, mk(f"on {d2} {x.month} {x.year}"), C), (P, mk(f"in {x.month} {x.year}"), E),
            (mk(f"in {x.month} {x.year}"), P, N), (P, mk(f"in {x.month2} {x.year}"), C)]


# -------------------------------------------------------------------- places
PLACE_EVENTS = ["{person} was born in {L}", "{company} is headquartered in {L}",
                "the suspect in the {city2} bombing was arrested in {L}",
                "the plane made an emergency landing in {L}", "the peace talks between {armed} and {armed2} took place in {L}",
                "the {year} summit of the regional bloc was held in {L}", "the final of the tournament was played in {L}",
                "the stolen painting was found in {L}", "{name2} was detained in {L} on {day}",
                "the explosion that killed {n} people on {day} happened in {L}",
                "{company} opened its first factory in {L} in {year}"]


def gen_places(r, x):
    fr = r.choice(PLACE_EVENTS).replace("{n}", str(r.randint(3, 60)))
    city, country = x.city, x.country
    same = [c for c, k in CITIES if k == country and c != city]
    cityb = r.choice(same) if same and r.random() < 0.5 else x.city2
    other_country = r.choice([k for k in COUNTRIES if k != country])
    mk = lambda L: S(x.f(fr.replace("{L}", L)))
    P = mk(r.choice([city, city, f"the city of {city}", f"{city}, {country[4:] if country.startswith('the ') else country}"]))
    out = [(P, mk(cityb), C), (P, mk(country), E), (P, mk(other_country), C), (mk(country), mk(city), N)]
    if P != mk(city):
        out.append((P, mk(city), E))
    return r.sample(out, 3)


# -------------------------------------------------------------------- actors
ASYM = [("{a} acquired {b}", "{b} was acquired by {a}", "company"),
        ("{a} took over {b}", "{b} was taken over by {a}", "company"),
        ("{a} beat {b} in the final", "{b} was beaten by {a} in the final", "team"),
        ("{a} launched the first strike on {b}", "the first strike on {b} was launched by {a}", "armed"),
        ("{a} succeeded {b} as party leader", "{b} was succeeded as party leader by {a}", "name")]
SYM = ["{a} met {b} in {city}", "{a} held talks with {b}", "{a} signed a trade agreement with {b}",
       "{a} agreed a prisoner exchange with {b}", "{a} merged with {b}"]
EXCL = [("{a} won the presidential election in {country}", "{a} was elected president of {country}"),
        ("{a} was named chief executive of {company}", "{company} appointed {a} as its chief executive"),
        ("{a} was elected mayor of {city}", "voters in {city} elected {a} as mayor"),
        ("{a} won the leadership contest of the ruling party", "{a} became leader of the ruling party")]


def _pair(r, kind, x):
    pool = {"company": COMPANIES, "team": TEAMS, "armed": ARMED, "name": NAMES}[kind]
    return r.sample(pool, 3)


def gen_actors(r, x):
    t = r.randrange(3)
    if t == 0:
        act, pas, kind = r.choice(ASYM)
        a, b, c = _pair(r, kind, x)
        P = S(x.f(act.format(a=a, b=b, city="{city}")))
        return [(P, S(act.format(a=b, b=a)), C), (P, S(pas.format(a=a, b=b)), E), (P, S(pas.format(a=b, b=a)), C)]
    if t == 1:
        fr = r.choice(SYM)
        kind = "company" if "merged" in fr else r.choice(["name", "org"])
        if kind == "org":
            a, b, c = r.sample([x.person, x.person2, f"{r.choice(TITLES)} {x.name3}"], 3)
        else:
            a, b, c = _pair(r, kind, x)
        mk = lambda p, q: S(x.f(fr.format(a=p, b=q, city="{city}")))
        P = mk(a, b)
        out = [(P, mk(b, a), E), (P, mk(a, c), N)]
        if "merged" not in fr:
            out.append((S(f"{a} and {b} held talks"), S(f"{b} held talks with {a}"), E))
        return out
    fr, para = r.choice(EXCL)
    a, b = r.sample(NAMES, 2)
    mk = lambda f, p: S(x.f(f.replace("{a}", p)))
    P = mk(fr, a)
    out = [(P, mk(fr, b), C), (P, mk(para, a), E), (P, mk(para, b), C), (P, S(f"{b} was also a candidate"), N)]
    return r.sample(out, 3)


# --------------------------------------------------------------- quantifiers
GROUPS = [("hostage", "hostages", " held by {armed}", "was released", "were released"),
          ("polling station", "polling stations", " in {city}", "opened on time", "opened on time"),
          ("school", "schools", " in {city}", "remained closed", "remained closed"),
          ("passenger", "passengers", " on the flight", "survived the crash", "survived the crash"),
          ("member state", "member states", " of the bloc", "backed the resolution", "backed the resolution"),
          ("flight", "flights", " from {city}", "was cancelled", "were cancelled"),
          ("miner", "miners", " trapped underground", "was rescued", "were rescued"),
          ("lawmaker", "lawmakers", " in the ruling party", "voted for the bill", "voted for the bill"),
          ("bank", "banks", " in {country}", "passed the stress test", "passed the stress test"),
          ("hospital", "hospitals", " in {city}", "reported fuel shortages", "reported fuel shortages"),
          ("village", "villages", " in the valley", "was evacuated", "were evacuated"),
          ("ballot", "ballots", " cast in {city}", "was counted", "were counted"),
          ("worker", "workers", " at the {company} plant", "joined the strike", "joined the strike"),
          ("shop", "shops", " in the centre of {city}", "reopened", "reopened"),
          ("journalist", "journalists", " covering the trial", "was denied entry", "were denied entry"),
          ("country", "countries", " at the summit", "signed the declaration", "signed the declaration")]


def gen_quantifiers(r, x):
    sg, pl, mod, vs, vp = r.choice(GROUPS)
    mod = x.f(mod)
    Q = {"all": [f"all of the {pl}{mod} {vp}", f"all {pl}{mod} {vp}", f"every {sg}{mod} {vs}"],
         "none": [f"none of the {pl}{mod} {vp}", f"no {pl}{mod} {vp}", f"not a single {sg}{mod} {vs}"],
         "some": [f"some of the {pl}{mod} {vp}", f"some {pl}{mod} {vp}"],
         "most": [f"most of the {pl}{mod} {vp}", f"the majority of the {pl}{mod} {vp}"],
         "notall": [f"not all of the {pl}{mod} {vp}", f"not every {sg}{mod} {vs}"]}
    table = [("all", "some", E), ("all", "most", E), ("all", "none", C), ("all", "notall", C),
             ("all", "all", E), ("none", "some", C), ("none", "all", C), ("none", "notall", E),
             ("none", "none", E), ("some", "all", N), ("some", "none", C), ("most", "all", N),
             ("most", "none", C), ("most", "some", E), ("notall", "all", C), ("notall", "none", N),
             ("some", "notall", N), ("notall", "some", N)]
    out = []
    for pq, hq, lab in r.sample(table, 3):
        p = r.choice(Q[pq])
        h = r.choice([v for v in Q[hq] if v != p] or Q[hq])
        if p != h:
            out.append((S(p), S(h), lab))
    return out


# --------------------------------------------------------- attributed denial
def gen_attributed_denial(r, x):
    subj, past, base = r.choice(CLAIMS)
    subj = x.f(subj)
    p, b = x.f(past), x.f(base)
    P, notP = f"{subj} {p}", f"{subj} did not {b}"
    spk = r.choice([x.person, x.person, f"a spokesperson for {x.org2}", f"a lawyer for {x.name3}"])
    spk2 = x.person2
    deny = r.choice([f"{spk} denied that {P}", f"{spk} denied reports that {P}",
                     f"in a statement, {spk} denied that {P}", f"{spk} on {x.day} denied that {P}",
                     f"speaking to reporters in {x.city2}, {spk} denied that {P}"])
    conf = r.choice([f"{spk} confirmed that {P}", f"{spk} on {x.day} confirmed that {P}"])
    said = r.choice([f"{spk} said that {P}", f"{spk} told reporters that {P}", f"{spk} said on {x.day} that {P}"])
    t = r.randrange(3)
    if t == 0:
        out = [(deny, P, N), (deny, notP, N), (deny, f"{spk} said that {P}", C),
               (deny, f"{spk} rejected claims that {P}", E)]
    elif t == 1:
        out = [(conf, P, E), (conf, f"{spk} denied that {P}", C), (conf, notP, C),
               (f"{spk} admitted that {P}", P, E), (f"{spk} admitted that {P}", f"{spk} denied that {P}", C)]
    else:
        out = [(said, P, N), (said, f"{spk} said that {notP}", C), (said, f"{spk2} denied that {P}", N),
               (f"{spk} said that {notP}", notP, N)]
    return [(S(a), S(b_), lab) for a, b_, lab in r.sample(out, 3)]


# ---------------------------------------------------------------- paraphrase
TRANS = [("approved", "the budget", False), ("rejected", "the proposal", False), ("signed", "the agreement", False),
         ("published", "the report", False), ("cancelled", "the contract", False),
         ("opened", "an investigation into the crash", False), ("closed", "the border crossing", False),
         ("postponed", "the vote", False), ("released", "the hostages", True),
         ("evacuated", "the residents of {city}", True), ("seized", "the weapons", True),
         ("fined", "{company}", False), ("announced", "the new measures", True),
         ("suspended", "the programme", False), ("banned", "the protest", False)]
SYN = [("resigned", "stepped down"), ("postponed the vote", "delayed the vote"),
       ("cancelled the concert", "called off the concert"), ("bought a stake in {company2}", "purchased a stake in {company2}"),
       ("rejected the offer", "turned down the offer"), ("began talks with the union", "started talks with the union"),
       ("investigated the claims", "looked into the claims"), ("dismissed the manager", "fired the manager"),
       ("asked for international help", "requested international assistance"), ("cut the fuel tax", "reduced the fuel tax"),
       ("ended the programme", "brought the programme to an end"), ("doubled its budget", "increased its budget twofold")]


def gen_paraphrase(r, x):
    s = x.subj()
    t = r.randrange(3)
    if t == 0:
        v, obj, plural = r.choice(TRANS)
        obj = x.f(obj)
        be = "were" if plural else "was"
        P = S(f"{s} {v} {obj}" + (f" on {x.day}" if r.random() < 0.5 else ""))
        out = [(P, S(f"{obj} {be} {v} by {s}"), E), (P, S(f"{obj} {be} not {v} by {s}"), C)]
        if r.random() < 0.5:
            out.append((S(f"{obj} {be} {v} by {s}"), S(f"{s} {v} {obj}"), E))
        return out
    if t == 1:
        a, b = (x.f(w) for w in r.choice(SYN))
        if r.random() < 0.5:
            a, b = b, a
        P = S(f"{s} {a}")
        return [(P, S(f"{s} {b}"), E), (P, S(f"{s} {b} in {x.city}"), N)]
    p, _ = r.choice([a for a in ACTIONS if "{" not in a[0]])
    vp = x.f(p)
    forms = [f"{s} {vp} in {x.city2} on {x.day}", f"on {x.day}, {s} {vp} in {x.city2}",
             f"in {x.city2}, {s} {vp} on {x.day}", f"{s} {vp} on {x.day} in {x.city2}"]
    a, b = r.sample(forms, 2)
    return [(S(a), S(b), E), (S(a), S(f"{s} did not {x.f(dict(ACTIONS)[p])} on {x.day}"), C)]


# ------------------------------------------------------------ dropped clause
REASONS = ["security concerns", "rising costs", "a lack of funding", "the ongoing investigation", "pressure from investors"]
BEFORE = ["weeks of protests", "a meeting with union leaders", "talks in {city2}", "a court ruling on {day}"]
CONDS = ["the talks fail", "parliament rejects the budget", "the deadline is missed", "the court rules against it"]


def gen_dropped_clause(r, x):
    s = x.subj()
    (p1, b1), (p2, b2) = [(x.f(a), x.f(b)) for a, b in r.sample(ACTIONS, 2)]
    t = r.randrange(6)
    if t == 0:
        P = S(f"{x.person}, who took office in {x.year}, resigned on {x.day}")
        return [(P, S(f"{x.person} resigned on {x.day}"), E), (P, S(f"{x.person} took office in {x.year}"), E),
                (P, S(f"{x.person} took office in {x.year2}"), C)]
    if t == 1:
        n = num(r.randint(20, 90) * 100)
        P = S(f"{x.company}, which employs {n} people, {p1}")
        return [(P, S(f"{x.company} {p1}"), E), (P, S(f"{x.company} did not {b1}"), C)]
    if t == 2:
        P = S(f"{s} {p1} and {p2}")
        return [(P, S(f"{s} {p1}"), E), (P, S(f"{s} {p2}"), E), (P, S(f"{s} did not {b2}"), C)]
    if t == 3:
        P = S(r.choice([f"{s} {p1}, citing {r.choice(REASONS)}", f"after {x.f(r.choice(BEFORE))}, {s} {p1}",
                        f"{s} {p1} in {x.city2} on {x.day}"]))
        return [(P, S(f"{s} {p1}"), E), (S(f"{s} {p1}"), P, N)]
    if t == 4:
        c = r.choice(CONDS)
        P = S(r.choice([f"{s} will {b1} if {c}", f"if {c}, {s} will {b1}"]))
        return [(P, S(f"{s} will {b1}"), N), (P, S(f"{s} {p1}"), N)]
    P = S(f"{s} {p1}")
    return [(P, S(f"{s} {p1}, citing {r.choice(REASONS)}"), N), (S(f"{s} {p1} on {x.day}"), P, E)]


# --------------------------------------------------------------- specificity
SPEC = [("a drone strike", "an attack", "{X} hit a fuel depot in {city} on {day}"),
        ("a tanker", "a ship", "{X} ran aground near {city}"),
        ("a passenger jet", "an aircraft", "{X} made an emergency landing in {city}"),
        ("a car bomb", "a bomb", "{X} exploded near a police station in {city}"),
        ("cholera", "an infectious disease", "the health ministry reported a rise in cases of {X} in {city}"),
        ("the finance minister", "a cabinet minister", "{X} resigned on {day}"),
        ("a children's hospital", "a hospital", "shelling damaged {X} in {city}"),
        ("wheat", "grain", "exports of {X} from {country} fell sharply in {month}"),
        ("a school bus", "a bus", "{X} overturned on a motorway near {city}"),
        ("assault rifles", "weapons", "police seized {X} during a raid in {city}"),
        ("an electric carmaker", "a carmaker", "{X} announced plans to build a plant in {city}"),
        ("a state-owned bank", "a bank", "{X} collapsed in {country} in {year}"),
        ("three senior officials", "officials", "investigators questioned {X} in {city}"),
        ("a Reuters photographer", "a journalist", "{X} was injured during the protest in {city}")]


def gen_specificity(r, x):
    spec, gen, fr = r.choice(SPEC)
    mk = lambda v: S(x.f(fr.replace("{X}", v)))
    out = [(mk(spec), mk(gen), E), (mk(gen), mk(spec), N)]
    if "{city}" in fr:
        fr2 = fr.replace("{city}", "{country}")
        out.append((mk(spec), S(x.f(fr2.replace("{X}", gen))), E))
        out.append((S(x.f(fr2.replace("{X}", spec))), mk(spec), N))
    return r.sample(out, min(3, len(out)))


# ------------------------------------------------------- compatible / topic
VALS = {"day": lambda r: r.choice(DAYS), "year": lambda r: str(r.randint(1950, 2024)),
        "big": lambda r: num(r.randint(2, 900) * 10), "small": lambda r: str(r.randint(2, 30)),
        "pct": lambda r: str(r.randint(5, 95)), "len": lambda r: num(r.randint(8, 250) * 10),
        "city": lambda r: r.choice(CITIES)[0], "name": lambda r: r.choice(NAMES),
        "company": lambda r: r.choice(COMPANIES), "month": lambda r: r.choice(MONTHS), "beds": lambda r: str(r.randint(40, 900))}
ENTITIES = [("the new bridge in {city}", [("the mayor of {city} opened {E} on {v}", "day"),
                                         ("{E} cost {v} million dollars", "big"), ("{E} is {v} metres long", "len"),
                                         ("construction of {E} took {v} months", "small"),
                                         ("{E} was designed by an engineering firm based in {v}", "city")]),
            ("{company}", [("{E} was founded in {v}", "year"), ("{E} employs {v} people", "big"),
                           ("{E} reported a profit of {v} million dollars last year", "big"),
                           ("{E} is headquartered in {v}", "city"), ("the chief executive of {E} is {v}", "name")]),
            ("{person}", [("{E} was born in {v}", "year"), ("{E} was first elected in {v}", "year"),
                          ("{E} announced a housing plan worth {v} million dollars", "big"),
                          ("{E} grew up in {v}", "city"), ("{E} has led the party since {v}", "year")]),
            ("the storm", [("{E} hit {city} on {v}", "day"), ("{E} knocked out power to {v} homes in {city}", "big"),
                           ("schools in {city} stayed closed for {v} days after {E}", "small"),
                           ("{E} was the strongest to hit {city} since {v}", "year")]),
            ("the new hospital in {city}", [("{E} has {v} beds", "beds"), ("{E} opened in {v}", "year"),
                                            ("{E} was built by {v}", "company"), ("{E} employs {v} nurses", "big")]),
            ("the summit in {city}", [("{E} was attended by leaders from {v} countries", "small"),
                                      ("{E} began on {v}", "day"), ("{E} was chaired by {v}", "name"),
                                      ("security for {E} cost {v} million dollars", "big")])]
TOPIC_SETS = [[("turnout in the election in {country} was {v} percent", "pct"),
               ("observers from {v} countries monitored the vote in {country}", "small"),
               ("polling stations in {city} closed on {v}", "day"),
               ("{person} cast a ballot in {city} on {v}", "day"),
               ("the electoral commission of {country} hired {v} extra staff", "big")],
              [("heavy rain fell on {city} for {v} days", "small"), ("{org} sent {v} rescue teams to {city}", "small"),
               ("insurance claims in {city} reached {v} million dollars", "big"),
               ("the river in {city} burst its banks on {v}", "day"),
               ("{company} closed its warehouse in {city} on {v}", "day")],
              [("inflation in {country} reached {v} percent in {month}", "pct"),
               ("{company} opened a plant in {city} employing {v} workers", "big"),
               ("the currency of {country} hit a record low on {v}", "day"),
               ("{person} unveiled a tax plan worth {v} million dollars", "big"),
               ("dock workers in {city} went on strike for {v} days", "small")],
              [("shelling damaged {v} schools in {city}", "small"),
               ("the UN opened {v} shelters for displaced families in {city}", "small"),
               ("{armed} moved artillery to the outskirts of {city} on {v}", "day"),
               ("a convoy carrying {v} tonnes of food reached {city}", "big"),
               ("authorities evacuated {v} civilians from {city}", "big")],
              [("{country} reported {v} new measles cases in {month}", "big"),
               ("the health ministry of {country} hired {v} nurses", "big"),
               ("a new hospital with {v} beds opened in {city}", "beds"),
               ("{company} recalled a batch of antibiotics on {v}", "day")],
              [("a new metro line opened in {city} on {v}", "day"), ("bus fares in {city} rose by {v} percent", "small"),
               ("taxi drivers in {city} went on strike for {v} days", "small"),
               ("the airport in {city} handled {v} million passengers last year", "small"),
               ("{company} won a contract to build {v} kilometres of railway", "big")]]


def _facts(r, x, frames, ent=""):
    (f1, k1), (f2, k2) = r.sample(frames, 2)
    mk = lambda f, v: S(x.f(f.replace("{E}", ent).replace("{v}", v)))
    v1, v2 = VALS[k1](r), VALS[k2](r)
    alt = v1
    while alt == v1:
        alt = VALS[k1](r)
    a, b = mk(f1, v1), mk(f2, v2)
    u = r.random()
    if u < 0.7:
        return [(a, b, N)] + ([(b, a, N)] if r.random() < 0.3 else [])
    if u < 0.85:
        return [(f"{a} {b}", r.choice([a, b]), E)]
    return [(a, mk(f1, alt), C)]


def gen_compatible(r, x):
    ent, frames = r.choice(ENTITIES)
    return _facts(r, x, frames, x.f(ent))


def gen_same_topic_unrelated(r, x):
    return _facts(r, x, r.choice(TOPIC_SETS))


GENERATORS = {"negation": gen_negation, "antonym": gen_antonym, "numbers": gen_numbers, "dates": gen_dates,
              "places": gen_places, "actors": gen_actors, "quantifiers": gen_quantifiers,
              "attributed_denial": gen_attributed_denial, "paraphrase": gen_paraphrase,
              "dropped_clause": gen_dropped_clause, "specificity": gen_specificity,
              "compatible": gen_compatible, "same_topic_unrelated": gen_same_topic_unrelated}
PHENOMENA: tuple[str, ...] = tuple(GENERATORS)


def generate(n_per_phenomenon: int, seed: int) -> list[dict]:
    """Return ``n_per_phenomenon`` unique rows for each phenomenon, deterministic in ``seed``."""
    r = random.Random(seed)
    rows, seen = [], {}
    for ph in PHENOMENA:
        gen, got, tries = GENERATORS[ph], 0, 0
        while got < n_per_phenomenon and tries < n_per_phenomenon * 50:
            tries += 1
            for p, h, lab in gen(r, Ctx(r)):
                key = (p, h)
                if p == h or key in seen or got >= n_per_phenomenon:
                    if key in seen and seen[key] != lab:
                        log.warning("label conflict for %r / %r", p, h)
                    continue
                seen[key] = lab
                rows.append({"id": f"synth-{ph}-{seed}-{got}", "premise": p, "hypothesis": h,
                             "label": lab, "phenomenon": ph})
                got += 1
        if got < n_per_phenomenon:
            log.warning("%s: only %d unique rows", ph, got)
    return rows


def _vocab() -> list[str]:
    return sorted(set(COMPANIES + ARMED + TEAMS + NAMES + [c for c, _ in CITIES]))


def split(rows, test_fraction: float = 0.15, seed: int = 0):
    """Split so that identical premises never straddle, and held-out vocabulary
    (some companies, names, cities, armed groups) appears in test premises only;
    each phenomenon is then topped up with whole premise groups to ~test_fraction."""
    r = random.Random(seed)
    prem_rows: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        prem_rows.setdefault(row["premise"], []).append(i)
    pool = _vocab()
    r.shuffle(pool)
    test_prem: set[str] = set()
    target = test_fraction * len(rows)
    remaining = sorted(prem_rows)
    for w in pool:  # grow held-out vocabulary until it covers ~half the test budget
        if sum(len(prem_rows[p]) for p in test_prem) >= 0.5 * target:
            break
        hit = [p for p in remaining if w in p]
        test_prem.update(hit)
        remaining = [p for p in remaining if w not in p]
    by_ph: dict[str, list[str]] = {}
    for p in remaining:
        for i in prem_rows[p]:
            by_ph.setdefault(rows[i]["phenomenon"], []).append(p)
    for ph in sorted(by_ph):
        cands = sorted(set(by_ph[ph]))
        r.shuffle(cands)
        want = test_fraction * sum(1 for row in rows if row["phenomenon"] == ph)
        have = sum(1 for p in test_prem for i in prem_rows[p] if rows[i]["phenomenon"] == ph)
        for p in cands:
            if have >= want:
                break
            test_prem.add(p)
            have += sum(1 for i in prem_rows[p] if rows[i]["phenomenon"] == ph)
    train = [row for row in rows if row["premise"] not in test_prem]
    test = [row for row in rows if row["premise"] in test_prem]
    return train, test


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1500, help="rows per phenomenon")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--test-fraction", type=float, default=0.15)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    rows = generate(a.n, a.seed)
    train, test = split(rows, a.test_fraction, a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    write_jsonl(os.path.join(a.out_dir, "synth_train.jsonl"), train)
    write_jsonl(os.path.join(a.out_dir, "synth_test.jsonl"), test)
    for name, part in (("train", train), ("test", test)):
        cnt = Counter((row["phenomenon"], row["label"]) for row in part)
        log.info("%s: %d rows", name, len(part))
        for ph in PHENOMENA:
            log.info("  %-22s %s", ph, " ".join(f"{lab[:3]}={cnt[(ph, lab)]}" for lab in LABELS))


if __name__ == "__main__":
    main()
