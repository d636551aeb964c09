"""The words of the demo: people, candidates and the evidence interviewers wrote.

Kept apart from ``hiring.demo`` (which writes rows) so that the story can be read in one
place. Evidence is keyed by criterion and by how well the candidate did (high / mid / low).
"""

from __future__ import annotations

# The demo password exists only in demo data; `hiring demo` prints it.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105

# (key, name, email, roles)
PEOPLE = [
    ("admin", "Ada Admin", "admin@example.com", ("admin",)),
    ("recruiter", "Rachel Moreno", "recruiter@example.com", ("recruiter",)),
    ("committee", "Cora Lindqvist", "committee@example.com", ("committee",)),
    ("manager", "Hugo Tanaka", "hugo@example.com", ("committee", "interviewer")),
    ("ivan", "Ivan Petrov", "interviewer@example.com", ("interviewer",)),
    ("priya", "Priya Natarajan", "priya@example.com", ("interviewer",)),
    ("sam", "Sam Okafor", "sam@example.com", ("interviewer",)),
    ("lena", "Lena Fischer", "lena@example.com", ("interviewer",)),
    ("marco", "Marco Rossi", "marco@example.com", ("interviewer",)),
    ("jun", "Jun Park", "jun@example.com", ("interviewer",)),
]

EVIDENCE = {
    "system_design": {
        "high": "Asked about read/write ratio, retention and custom aliases before drawing "
                "anything. Sized storage for 1B URLs (~500 GB with indexes), chose base62 IDs "
                "from a counter range per node, put a cache in front of redirects and explained "
                "why eventual consistency is fine for analytics but not for creation. Brought "
                "up monitoring of redirect latency and a restore drill unprompted.",
        "mid": "Reasonable high-level design (API, DB, cache) after a couple of clarifying "
               "questions. Trade-offs only when prompted; the partitioning plan stayed vague "
               "and capacity numbers were off by an order of magnitude.",
        "low": "Started with Kubernetes and Kafka before asking about scale; could not explain "
               "how the short code is generated without collisions. No mention of monitoring "
               "or recovery.",
    },
    "coding": {
        "high": "Talked through two approaches and their complexity, picked the O(n log n) one, "
                "wrote clean code with clear names and tested empty and duplicate inputs "
                "unprompted. Found and fixed an off-by-one on their own.",
        "mid": "Working solution after one hint. Complexity stated correctly; edge cases only "
               "after I asked. Code readable but one long function.",
        "low": "Did not reach a working solution for the medium problem even with hints; could "
               "not state the complexity of their loop.",
    },
    "debugging": {
        "high": "Profiled first, read the slow-query log, spotted the N+1 within ten minutes, "
                "proposed eager loading and showed how to verify with query counts and p95 "
                "latency before and after.",
        "mid": "Found the N+1 after I pointed at the logs; proposed caching first, eager loading "
               "second. Verification plan was 'it should be faster'.",
        "low": "Suggested adding servers and an index at random; never looked at the query log.",
    },
    "ownership": {
        "high": "Led the migration of the billing service end to end, including the on-call "
                "runbook and the rollback plan; took accountability for a missed deadline and "
                "explained what they changed afterwards.",
        "mid": "Owned features well inside the team; examples of driving cross-team work were "
               "thin and mostly led by their manager.",
        "low": "Every example ended with someone else dropping the ball; no example of driving "
               "a project to completion.",
    },
    "mentoring": {
        "high": "Concrete story of growing a junior into the on-call rotation over six months: "
                "pairing plan, review checklists, gradually larger incidents. Runs the team's "
                "design review.",
        "mid": "Does code reviews and answers questions; no structured mentoring yet but clear "
               "interest in it.",
        "low": "Could not give an example of helping anyone grow; sees reviews as gatekeeping.",
    },
    "cultural_fit": {
        "high": "Asked thoughtful questions about how we disagree and decide; in the pairing "
                "session shared the keyboard, explained their reasoning and took suggestions.",
        "mid": "Collaborative when things went well; got a bit defensive when I questioned a "
               "naming choice, then recovered.",
        "low": "Dismissed the pair's suggestions twice and talked over them.",
    },
    "people_leadership": {
        "high": "Described a performance turnaround with clear expectations, weekly feedback "
                "and a documented outcome; two of their reports were promoted last year.",
        "mid": "Regular 1:1s and feedback, but avoided a hard conversation until it escalated.",
        "low": "No example of developing anyone; feedback only at review time.",
    },
    "delivery_and_prioritisation": {
        "high": "Walked through a quarter where they traded features for platform work with "
                "data on incident cost; stakeholders signed off on the plan.",
        "mid": "Delivers reliably; prioritisation mostly follows the loudest stakeholder.",
        "low": "Could not explain how the team's roadmap was set.",
    },
    "technical_judgment": {
        "high": "Explained the trade-offs of their team's move to event sourcing, including "
                "what they would not do again.",
        "mid": "Sound judgment on familiar ground; hand-wavy on the data layer.",
        "low": "Deferred every technical question to 'the tech lead decides'.",
    },
    "operational_excellence": {
        "high": "Ran the incident review exercise blamelessly, separated contributing factors "
                "from the trigger and assigned owners with dates.",
        "mid": "Good timeline reconstruction; action items were vague.",
        "low": "Looked for who pushed the change; no systemic follow-up.",
    },
    "stakeholder_communication": {
        "high": "Clear, brief status framing for executives; adjusted depth to the audience.",
        "mid": "Clear with engineers, less so with product partners.",
        "low": "Long, unstructured answers; did not check what the listener needed.",
    },
}

# Summaries by overall impression.
SUMMARIES = {
    "high": "Strong signal across the stage; I would be glad to work with them.",
    "mid": "Mixed signal: solid in parts, gaps worth discussing.",
    "low": "Below the bar for this stage.",
}

LINKS = "https://www.linkedin.com/in/example\nhttps://github.com/example"
