"""Sample answers and the feedback each must and must not give (issue 17's table).

Each sample names the question it answers (a pack id, or None for no question), the
answer, fragments the feedback must contain and fragments it must not (both compared
case-insensitively against the plain-text feedback). Kinds: good, weak, rambling,
off-topic, nonsense, non-english.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    kind: str
    question: str | None
    text: str
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ()


NOT_SCORED = ("Next step", "Measurable result", "Situation:")
SCORED = ("Not an answer yet",)
STAR = ("Situation:", "Task:", "Result:")

CONFLICT_GOOD = (
    "Last year at my previous company, our sales lead and I disagreed about whether to "
    "ship a feature before it was tested. My goal was to protect the launch without "
    "damaging the relationship. I asked for thirty minutes with her, listened to why the "
    "date mattered to her client, and showed her the three defects we had found that "
    "week. I proposed a compromise: ship the core flow on time and hold back the risky "
    "part for one more week. She agreed, and I kept her updated every day. As a result "
    "we launched on the date, support tickets dropped by 40 percent compared with the "
    "previous release, and she now asks me to review plans early. I learned to bring data "
    "to a disagreement and to ask what the other side needs first."
)
FAILURE_GOOD = (
    "In my first year as an analyst I made a mistake that cost us a client meeting. I "
    "was responsible for the monthly report, and I copied last month's formula without "
    "checking it, so the revenue figure was wrong by a wide margin. The client noticed "
    "before I did. I owned it straight away: I called the account manager, explained what "
    "had gone wrong, and rebuilt the report that evening. Then I wrote a checklist and "
    "added an automatic check that compares every total with the source system. Since "
    "then we have sent 24 monthly reports with zero errors, and the checklist cut review "
    "time from two hours to 30 minutes. I learned to test my own work before anyone else "
    "sees it."
)
PRESSURE_GOOD = (
    "Two days before a product launch at my last job, our payment provider changed its "
    "API without warning and checkout stopped working. I was the engineer on call, so it "
    "was up to me to get payments working again before the launch. I split the problem "
    "into three parts, asked a colleague to handle the provider's support line, and I "
    "rewrote the integration against the new API overnight. I kept the product manager "
    "updated every two hours so she could decide whether to delay. We launched on time, "
    "and in the first week the new checkout handled 12,000 orders with an error rate "
    "under 0.5 percent. Under pressure I now write down the three things that matter "
    "most before I touch anything."
)
LEAD_GOOD = (
    "When I joined my current team, our releases were slipping every month and nobody "
    "owned the process. I was not the manager, but I wanted to fix it. I set up a short "
    "weekly planning meeting, mentored two junior developers on writing smaller changes, "
    "and persuaded the team lead to try it for one quarter. I wrote a simple dashboard so "
    "everyone could see what was blocked. Some people doubted it would help, so I asked "
    "each of them what would make it worth their time and changed the meeting to fit. "
    "By the end of the quarter we had shipped every release on time, the average time "
    "from idea to release fell from 21 days to 9, and the team kept the meeting after I "
    "moved on."
)
MOTIVATION_GOOD = (
    "I want this role because I enjoy building tools that small teams rely on every "
    "day. In my last job I built our reporting dashboard and loved talking with the "
    "people who used it. Your mission to make bookkeeping simple for small shops is the "
    "same problem I care about, and I want to grow into product work, which this team "
    "does closely with engineering."
)
CULTURE_GOOD = (
    "I do my best work in a team that is open about problems early and gives honest "
    "feedback. I value some independence: I like to own a piece of work end to end and "
    "check in when a decision affects others. In my last team we had a short written "
    "update every Friday, and it helped me stay aligned without many meetings. From what "
    "I heard in round one, your team works in a similar way, which is part of why I am "
    "excited."
)
SITUATIONAL_GOOD = (
    "First I would talk to both stakeholders to understand what each request is for "
    "and what happens if it waits a week. Then I would check with my manager which goal "
    "matters more this quarter, because that is not my call alone. I would propose a "
    "plan: do the request tied to the bigger goal first, and offer the other person a "
    "smaller version or a firm date. Finally I would write the decision down and send it "
    "to both, so nobody is surprised."
)
SKILL_GOOD = (
    "At my last company I was asked to cut the time it took to close the books each "
    "month. I analysed where the hours went and found that most of them went on matching "
    "invoices by hand. I built a small Python script that matched invoices to payments "
    "using the reference numbers, tested it on six months of data, and trained two "
    "colleagues to use it. I also added a report of the cases it could not match so "
    "someone could check them. As a result the close went from eight days to five, and "
    "manual matching dropped by 70 percent."
)
RAMBLING = (
    "Um... like... I guess I am a team player, kind of. Like, when there was a "
    "disagreement on my team I, um, sort of talked to people and I guess it worked out in "
    "the end, you know. I think maybe I am a hard worker and a perfectionist, basically."
)

SAMPLES: tuple[Sample, ...] = (
    # --- good: full answers, no false alarms ---
    Sample("good", "con-colleague-01", CONFLICT_GOOD,
           ("Result: found", "Measurable result: yes", "Fits the question: on topic",
            "Filler: none found", "Hedges: none found"),
           ("drifts", "Not an answer yet", "Cliches", "Add the result")),
    Sample("good", "con-manager-01", CONFLICT_GOOD,
           ("on topic", "disagreed"), ("drifts",)),
    Sample("good", "fail-biggest-mistake-01", FAILURE_GOOD,
           ("Measurable result: yes", "on topic", "mistake"), ("drifts", "Cliches")),
    Sample("good", "fail-project-01", FAILURE_GOOD, ("Result: found",), ("drifts",)),
    Sample("good", "pres-crisis-01", PRESSURE_GOOD,
           ("Measurable result: yes", "on topic"), ("drifts", "Filler: \"")),
    Sample("good", "pres-tight-deadline-01", PRESSURE_GOOD, ("Result: found",), ("drifts",)),
    Sample("good", "lead-project-01", LEAD_GOOD,
           ("Measurable result: yes", "on topic", "right for 1-2 minutes"), ("drifts",)),
    Sample("good", "lead-no-authority-01", LEAD_GOOD, ("Action: found",), ("drifts",)),
    Sample("good", "mot-why-company-01", MOTIVATION_GOOD,
           ("How this kind of answer works", "on topic", "30-60 seconds"),
           (*STAR, "Measurable result", "Add the result", "drifts")),
    Sample("good", "mot-learning-01", MOTIVATION_GOOD, ("right for 30-60 seconds",), STAR),
    Sample("good", "cul-environment-01", CULTURE_GOOD,
           ("How this kind of answer works", "on topic"), (*STAR, "drifts")),
    Sample("good", "cul-managed-01", CULTURE_GOOD, ("independence",), STAR),
    Sample("good", "sit-priorities-01", SITUATIONAL_GOOD,
           ("How this kind of scenario works", "on topic"), (*STAR, "drifts", "hypothetical")),
    Sample("good", "skill-deep-dive-01", SKILL_GOOD,
           ("Measurable result: yes", "on topic"), ("drifts", "Add the result")),
    Sample("good", None, CONFLICT_GOOD, ("Result: found",), ("Fits the question", "drifts")),
    # --- weak: real answers with one clear gap ---
    Sample("weak", "con-colleague-01",
           "A colleague and I disagreed about the design of our API. I set up a meeting and "
           "we talked it through, and I explained why I preferred my option and listened "
           "to his reasons.",
           ("Result: not found", "short", "Add the result"), ("Not an answer yet",)),
    Sample("weak", "fail-missed-target-01",
           "Last year I missed my sales target for the quarter because I spent too long on "
           "one big deal. I learned to spread my time across more leads and I set weekly "
           "goals. In the end the next quarter went much better and my manager was happy.",
           ("Measurable result: no number tied", "Put a number on the result"),
           ("Measurable result: yes",)),
    Sample("weak", "beh-proud-01",
           "In 2021 at my previous company our team was rebuilding the mobile app. We "
           "planned it together, we designed it, we built it and we tested it, and we were "
           "all proud of what we did. As a result we shipped it and our users liked it.",
           ("no number tied to an outcome", '"we"'), ("Measurable result: yes",)),
    Sample("weak", "lead-project-01",
           "In my last job I led a project to move our reports to a new tool. I planned "
           "the work, I trained the team and I built the first dashboards. As a result "
           "reports now take 3 hours less each week.",
           ("Measurable result: yes", "short"), ("Not an answer yet",)),
    Sample("weak", "pres-tight-deadline-01",
           "There was a deadline once and it was tight, and there was a lot of work. We had "
           "about 42 things to do and it was stressful for everyone on the team for a while.",
           ("Action: not found",), ("Measurable result: yes",)),
    Sample("weak", "beh-initiative-01",
           "I noticed that our onboarding documents were out of date, so I rewrote them and "
           "asked two new hires to try them. It helped.",
           ("short",), ("Not an answer yet", "Measurable result: yes")),
    Sample("weak", "mot-why-company-01",
           "Because it is a good company and the salary is good and the office is close to "
           "my home, and I need a new job soon.",
           ("short",), (*STAR, "Not an answer yet")),
    Sample("weak", "con-you-were-wrong-01", " ".join([CONFLICT_GOOD] * 3),
           ("long", "Trim the situation"), ("right for",)),
    # --- rambling: filler, hedges, cliches quoted ---
    Sample("rambling", "con-colleague-01", RAMBLING,
           ('"um" twice', '"i guess" twice', '"team player"', '"hard worker"',
            '"perfectionist"', "Cut the filler"), ("Filler: none found",)),
    Sample("rambling", "mot-why-company-01",
           "So, um, basically I guess I kind of want this role because, like, the company "
           "seems good and I am, you know, a passionate self-starter who thinks outside the "
           "box, and I think maybe the team is nice.",
           ('"basically" once', '"passionate"', '"self-starter"', '"think outside the box"',
            "Cut the filler"), STAR),
    Sample("rambling", "lead-project-01",
           "Well I think I sort of led a project once, kind of, at my old job. I guess it "
           "went okay. Probably the team liked it, maybe. I am a results-driven go-getter so "
           "I kind of just did it and hopefully it worked out in the end somehow.",
           ('"kind of" twice', '"results-driven"', '"go-getter"', "Hedges:"),
           ("Hedges: none found",)),
    Sample("rambling", "cul-team-role-01",
           "Um, I am a people person and a team player. Uh, I like to, um, help everyone "
           "and, um, I am detail-oriented and I work too hard sometimes, you know, um.",
           ('"um" 4 times', '"people person"', '"team player"', '"detail-oriented"'),
           ("Filler: none found",)),
    Sample("rambling", "pres-crisis-01",
           "I'd like to say that like any good engineer I stayed calm when our database "
           "went down at my last job. I was on call, so I needed to restore service. I "
           "checked the logs, found the full disk, and cleared it. As a result we were back "
           "in 20 minutes.",
           ("Filler: none found",), ('"like"',)),
    Sample("rambling", "fail-project-01",
           "Honestly I mean it was basically a failure, literally, the whole project. I "
           "mean we lost the client and I guess I was responsible, sort of. I mean I learned "
           "a lesson, kind of, about planning.",
           ('"i mean" 3 times', '"literally" once', "Cut the filler"), ()),
    # --- off-topic: answers that drift from the question ---
    Sample("off-topic", "con-colleague-01",
           "Last year at my previous company I was asked to build a sales dashboard. I "
           "collected the data from three systems, wrote the queries and designed the "
           "charts with the sales lead. As a result the team cut its weekly reporting time "
           "from six hours to one, and the dashboard is still used every morning.",
           ("drifts", "disagreement or conflict", "Answer the question asked"), ("on topic",)),
    Sample("off-topic", "fail-biggest-mistake-01", LEAD_GOOD,
           ("drifts", "failure or mistake"), ("on topic",)),
    Sample("off-topic", "mot-why-company-01",
           "On weekends I usually cook pasta for my family and go hiking in the hills near "
           "our town. My favourite dish is a slow tomato sauce that takes the whole "
           "afternoon to make.",
           ("drifts", "why this role"), ("on topic",)),
    Sample("off-topic", "con-manager-01", SKILL_GOOD,
           ("drifts", "Answer the question asked"), ("on topic",)),
    Sample("off-topic", "beh-workload-01",
           "I would first make a list of everything, then I would talk to my manager and I "
           "would decide what to drop. I would probably also ask for help if I needed it, "
           "and I would keep everyone informed.",
           ("hypothetical", '"would"'), ("on topic",)),
    Sample("off-topic", "cul-environment-01",
           "My favourite football team won the league last season after a long run of "
           "matches, and the final game at the stadium was the best night out I can "
           "remember with my friends and brother.",
           ("drifts", "how you like to work"), ("on topic",)),
    # --- nonsense: not answers, not scored, no save ---
    Sample("nonsense", "con-colleague-01", "asdf qwerty zxcv lorem ipsum banana 42",
           ("Not an answer yet", "doesn't read as sentences"), NOT_SCORED),
    Sample("nonsense", None, "ok", ("Not an answer yet", "too short"), (*NOT_SCORED, "1 words")),
    Sample("nonsense", "mot-why-company-01", " ".join(["test"] * 11),
           ("Not an answer yet",), NOT_SCORED),
    Sample("nonsense", "lead-project-01",
           "leadership teamwork communication python sql agile scrum stakeholder management "
           "excel reporting kpis",
           ("Not an answer yet", "doesn't read as sentences"), NOT_SCORED),
    Sample("nonsense", None, "42 1337 2024 99 100 7", ("Not an answer yet",), NOT_SCORED),
    Sample("nonsense", "con-colleague-01", "*** <!channel> @everyone ``` ~~ __ ||",
           ("Not an answer yet",), NOT_SCORED),
    Sample("nonsense", None, "I don't know.", ("Not an answer yet", "too short"), NOT_SCORED),
    # --- non-English: named, not scored ---
    Sample("non-english", "con-colleague-01",
           "Als ich bei meiner letzten Firma war, hatte ich einen Konflikt mit einem "
           "Kollegen. Ich habe mit ihm gesprochen und wir haben eine Lösung gefunden, die "
           "für das ganze Team gut war.",
           ("German", "English"), NOT_SCORED),
    Sample("non-english", "mot-why-company-01",
           "Je veux ce poste parce que la mission de votre entreprise est importante pour "
           "moi et je pense que mon expérience est utile pour une équipe comme la vôtre.",
           ("French",), NOT_SCORED),
    Sample("non-english", "lead-project-01",
           "En mi último trabajo dirigí un proyecto con mi equipo para mejorar el proceso de "
           "ventas, y al final las ventas subieron un veinte por ciento.",
           ("Spanish",), NOT_SCORED),
    Sample("non-english", "con-colleague-01",
           "Когда я работал в прошлой компании, у меня был конфликт с коллегой, и мы "
           "решили его вместе.",
           ("script other than the Latin alphabet",), NOT_SCORED),
    Sample("non-english", None,
           "我在上一家公司负责一个项目，我们团队一起完成了目标，"
           "销售增长了百分之二十。",
           ("Not an answer yet",), NOT_SCORED),
    Sample("non-english", "fail-project-01",
           "Ik was verantwoordelijk voor het project en het is mislukt omdat ik niet goed "
           "heb gepland. Ik heb daar veel van geleerd voor de volgende keer.",
           ("Dutch",), NOT_SCORED),
)  # fmt: skip
