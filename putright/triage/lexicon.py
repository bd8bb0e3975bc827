"""The cue lexicon: phrases that signal dissatisfaction, a request for service, or thanks.

Each cue group has a plain-English name staff can read, the label it points to and a weight.
A message's dissatisfaction score is the sum of the weights of the cues found in it (each group
counted at most ``cap`` times). Patterns are case-insensitive regular expressions matched on the
message as written; ``'`` in a pattern also matches a curly or missing apostrophe.

Cues marked ``negatable`` are dropped when a negator ("no", "not", "don't", ...) comes just
before them in the same clause: "no complaints at all", "not unhappy", "I'm not complaining".
Cues that already contain their negation ("not good enough", "nobody turned up") are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from putright.triage.result import Label


@dataclass(frozen=True)
class CueGroup:
    name: str
    points_to: Label
    weight: float
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = False
    cap: int = 2  # at most this many matches of the group count towards the score


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r"\b" + p.replace("'", "['’]?") + r"\b", re.IGNORECASE) for p in patterns)


_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|\d+)"
_PERIOD = r"(?:days?|weeks?|wks|fortnight|months?|years?)"
_ORDINAL = r"(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th)"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)

COMPLAINT_GROUPS: tuple[CueGroup, ...] = (
    CueGroup(
        "uses the word complaint",
        "complaint",
        3.0,
        _compile(r"(?:formal(?:ly)? )?complain(?:t|ts|ing|ed|s)?"),
        negatable=True,
        cap=1,
    ),
    CueGroup(
        "asks for escalation, compensation or a manager",
        "complaint",
        2.5,
        _compile(
            r"compensation",
            r"refund",
            r"(?:a|the|your|to a|speak to a) manager",
            r"someone senior",
            r"supervisor",
            r"escalat(?:e|ed|ing|ion)",
            r"stage (?:1|2|one|two)",
            r"(?:housing )?ombudsman",
            r"(?:my|his|her|our) MP",
            r"legal action",
            r"an apology",
            r"an explanation",
            r"put (?:this|it) right",
            r"sort (?:it|this) out",
            r"sort your \w+ out",
            r"raise a concern",
            r"who pays",
            r"(?:want|like) a different",
        ),
    ),
    CueGroup(
        "repeated reports or chasing",
        "complaint",
        2.0,
        _compile(
            rf"{_ORDINAL} (?:time|visit|email|missed appointment)",
            r"(?:two|three|four|five|six|several|numerous|multiple|many|\d+) (?:times|occasions)",
            r"twice",
            r"(?:yet|again and) again",
            r"chas(?:e|ed|ing|er)",
            r"repeatedly",
            r"keeps? (?:being|saying|closing|breaking|cutting|telling|going)",
            r"back to square one",
            r"sick of asking",
            r"despite (?:several|numerous|many|repeated) reports",
            r"I've (?:asked|rung|called|phoned|emailed|reported) (?:this|it)? ?(?:twice|before|again)",
            r"this is my \w+ email",
            r"each time",
            r"every time I",
        ),
    ),
    CueGroup(
        "nothing done, no reply or a broken promise",
        "complaint",
        2.0,
        _compile(
            r"still (?:not|no|nothing|waiting|hasn't|isn't|won't|haven't|there|leaking|dripping|coming|"
            r"broken|having|got|pouring|floods|hanging|chasing|not working)",
            r"nothing (?:has been|has|was|is being|is|being) (?:done|happened|happens)",
            r"nothing (?:happens|changes|ever changes|has changed)",
            r"with nothing",
            r"no \w+ has (?:taken place|happened|been done|arrived|come)",
            r"nothing since",
            r"heard nothing",
            r"done nothing",
            r"(?:nobody|no[- ]one)(?: (?:has|have|had|ever|even|will|would|seems|is|was|did))* \w+(?: (?:up|out|back|in touch))?",
            r"no (?:reply|response|answer|answers|update|call ?back|callback|communication|warning|date given)",
            r"(?:not|never) (?:had|got|received) (?:a|any) (?:single )?(?:reply|response|call|answer)",
            r"have not received",
            r"gone unanswered",
            r"yet to (?:receive|hear)",
            r"never (?:came|happened|turned up|showed|arrived|returned|booked|finished|got back|called|rang|"
            r"replied|even|do|turns up|told)",
            r"(?:didn't|did not|doesn't|never) (?:even )?(?:turn up|show|come|call|ring|fix|finish|reconnect|look|"
            r"apologise|say|knock|address)",
            r"(?:hasn't|haven't|has not|have not|wasn't|weren't|not|isn't) (?:been )?(?:fixed|done|repaired|finished|"
            r"sorted|resolved|cleared|cleaned|cut|emptied|followed|addressed|submitted)",
            r"(?:hasn't|haven't|has not|have not|wasn't|weren't) been seen",
            r"promis(?:e|ed|es)",
            r"you said",
            r"said (?:he|she|they|you)'d",
            r"(?:was|were|been|being) told",
            r"never even",
        ),
    ),
    CueGroup(
        "missed appointment",
        "complaint",
        2.5,
        _compile(
            r"missed appointments?",
            r"no[- ]show",
            r"waited in(?: all day)?",
            r"(?:took|take|taken) (?:a|the) day off",
            r"turned up \w+ hours? late",
            r"(?:cancelled|canceled) (?:without|three|\w+ times)",
            r"(?:job|appointment|repairs?)(?: has been| have been| was| were| been)? cancelled",
        ),
    ),
    CueGroup(
        "delay",
        "complaint",
        1.25,
        _compile(
            r"(?:been )?waiting (?:since|for|over|nearly|almost|\d)",
            rf"(?:for|over|after|nearly|almost) (?:over )?{_NUMBER} {_PERIOD}",
            rf"{_NUMBER} {_PERIOD} (?:ago|now|later)",
            rf"since (?:{_MONTH}|last (?:year|summer|winter|week|month)|\d{{4}})",
            rf"(?:it's|it is) (?:now|been) (?:{_MONTH}|{_NUMBER} {_PERIOD}|a month)",
            r"(?:for|over) (?:weeks|months)",
            r"(?:too|so|how) long",
            r"delay(?:s|ed)?",
            r"lack of urgency",
            r"still (?!on\b|working\b|scheduled\b|going ahead\b|need\b|want\b|happy\b|fine\b|okay\b|ok\b)\w+",
            rf"(?:reported|rang|called|phoned|emailed|wrote|asked)(?: \w+){{0,4}} (?:in|on|back in|last|since) "
            rf"(?:{_MONTH}|last|the \d|\d)",
            r"any (?:news|update)",
            r"getting silly",
        ),
    ),
    CueGroup(
        "staff attitude or conduct",
        "complaint",
        2.5,
        _compile(
            r"rude",
            r"dismissive",
            r"unprofessional",
            r"hung up",
            r"cut me off",
            r"swore",
            r"abusive",
            r"rolled (?:her|his|their) eyes",
            r"spoken? to me",
            r"accused me",
            r"offensive",
            r"patronising",
            r"inappropriate",
            r"refused to",
            r"treated like this",
            r"(?:some|no) respect",
            r"discriminat(?:ed|ion|ing)",
            r"threatening",
            r"on (?:his|her) phone",
        ),
    ),
    CueGroup(
        "poor or unfinished work",
        "complaint",
        2.0,
        _compile(
            r"(?:left|leave) (?:a|the|my) (?:mess|state)",
            r"terrible state",
            r"(?:done|fitted|finished) (?:badly|poorly)",
            r"(?:badly|poorly) (?:done|fitted|finished)",
            r"cover up",
            r"(?:fix|fixed|repair|repaired|fixing) (?:it )?properly",
            r"proper fix",
            r"(?:didn't|didnt|not|isn't) fix(?:ed|ing)?",
            r"without (?:fixing|doing|checking|telling|anyone|notice|any warning)",
            r"damaged",
            r"broke (?:her|his|my|our)",
            r"closed (?:it|my job|the job|her job)",
            r"closing (?:her|my|the) job",
            r"signed off",
            r"(?:it's|is|mould|came|come) back(?! (?:door|garden|of|bedroom|wall|to))",
            r"patching up",
            r"(?:broke|broken|stopped|cracked|breaks down|leaking) again",
            r"same fault",
            r"(?:not|isn't|it's not) (?:fine|ok|okay|right|fair)",
            r"isn't a repair",
            r"knows what they're doing",
        ),
    ),
    CueGroup(
        "impact on health, safety or family",
        "complaint",
        0.75,
        _compile(
            r"asthma",
            r"copd",
            r"mental health",
            r"stress(?:ful|ed)?",
            r"(?:don't|not) feel safe",
            r"scared",
            r"dangerous",
            r"(?:get|got) hurt",
            r"falls",
            r"can't sleep",
            r"coughing",
            r"humiliating",
            r"strip-wash",
            r"stuck (?:in my flat|upstairs)",
            r"freezing",
            r"wheelchair",
            r"disabled",
            r"vulnerable",
            r"a fortune",
            r"can't afford",
            r"lost \w+ months",
        ),
    ),
    CueGroup(
        "negative feeling about the service",
        "complaint",
        2.0,
        _compile(
            r"(?:absolutely |utterly )?disgust(?:ed|ing)",
            r"disgrace(?:ful)?",
            r"appall(?:ed|ing)|appalling",
            r"(?:completely |totally )?unacceptable",
            r"not (?:an )?acceptable",
            r"not good enough",
            r"ridiculous",
            r"(?:a|is a|was a|r a) joke",
            r"useless",
            r"shocking",
            r"terrible",
            r"awful",
            r"fed up",
            r"sick of",
            r"had enough",
            r"frustrat(?:ed|ing|ion)",
            r"angry",
            r"furious",
            r"upset(?:ting)?",
            r"unhappy",
            r"not happy",
            r"wasn't happy",
            r"not impressed",
            r"dissatisf(?:ied|action)",
            r"disappoint(?:ed|ing|ment)",
            r"let down",
            r"ignored",
            r"fobbed off",
            r"thanks for nothing",
            r"what is the point",
            r"(?:very )?poor",
            r"losing faith",
            r"(?:my )?patience",
            r"can't believe",
            r"no excuse",
            r"failed",
            r"frankly",
            r"what is going on",
            r"filthy",
            r"untrue",
            r"dispute",
            r"overcharged",
            r"wrong",
            r"u lot",
            r"distress(?:ed|ing)",
            r"no idea",
            r"competent",
            r"annoy(?:ed|ing)",
            r"wasted",
        ),
        negatable=True,
    ),
)

SERVICE_REQUEST_GROUPS: tuple[CueGroup, ...] = (
    CueGroup(
        "asks for something to be done",
        "service_request",
        1.5,
        _compile(
            r"(?:please )?(?:could|can|would) (?:someone|somebody|sum1|you|u|a \w+|an \w+|pest control)(?: please)?"
            r" (?:come|have a look|look|take a look|arrange|book|send|fix|check|investigate|replace|remove|"
            r"treat|trim|cut|clear|assess|provide|let me know|tell me|confirm|note|speak|ask|pop|call|help)",
            r"please (?:could|can) (?:someone|you)",
            r"I'd like to (?:report|request|ask|apply|set up|know|nominate)",
            r"I would like to (?:report|request|ask|apply)",
            r"(?:would|I'd) like (?:someone|it|them)",
            r"(?:please )?(?:send|fix|book|arrange|investigate|replace|remove|provide) (?:someone|a|me|the|it)",
            r"(?:can|could) (?:it|a repair|netting) be",
            r"can i (?:get|change|have)",
            r"could i (?:have|request|get|please have|receive)",
            r"is it possible",
            r"is it ok to",
            r"how do i",
            r"need (?:someone|a repair|to report|a plumber)",
            r"reporting",
            r"request(?:ed|ing)?(?: for| to)?",
            r"(?:just )?(?:checking|wanted to check)",
            r"(?:contact|call|ring|phone) me",
            r"pls",
        ),
        cap=2,
    ),
    CueGroup(
        "a job or referral has been raised",
        "service_request",
        1.5,
        _compile(
            r"job raised",
            r"emergency raised",
            r"(?:inspection|survey|visit) booked",
            r"booked for",
            r"referral made",
            r"referred to",
            r"case opened",
            r"raised with",
            r"to investigate",
            r"asked to (?:secure|check)",
            r"note added",
        ),
    ),
)

OTHER_GROUPS: tuple[CueGroup, ...] = (
    CueGroup(
        "thanks or praise",
        "other",
        1.5,
        _compile(
            r"thank(?:s| you)?(?! for nothing)",
            r"impressed",
            r"(?<!un)professional",
            r"great",
            r"confirm(?:ed)? (?:receipt|received)",
            r"received",
            r"see you",
            r"made a real effort",
            r"all done",
            r"(?:much|really) appreciated",
            r"compliment",
            r"brilliant",
            r"lovely",
            r"(?:great|good) (?:job|service|news)",
            r"polite",
            r"friendly",
            r"helpful",
            r"(?:very |really |so )?(?:happy|pleased|satisfied|grateful)",
            r"can't fault",
            r"would recommend",
            r"well done",
            r"spotless",
            r"made a real difference",
            r"much better",
            r"(?:it's )?(?:sorted|fixed) now",
            r"seems to have worked",
            r"love it",
            r"fine",
        ),
        negatable=True,
    ),
)

ALL_GROUPS: tuple[CueGroup, ...] = COMPLAINT_GROUPS + SERVICE_REQUEST_GROUPS + OTHER_GROUPS

# A cue group whose presence shows the resident wants the landlord to act on their dissatisfaction:
# in a survey (Code 1.6) dissatisfaction alone is feedback, these make it a complaint.
ACTION_GROUPS: frozenset[str] = frozenset(
    {
        "uses the word complaint",
        "asks for escalation, compensation or a manager",
        "asks for something to be done",
    }
)

NEGATORS: frozenset[str] = frozenset(
    {
        "no",
        "not",
        "never",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "havent",
        "hasnt",
        "cant",
        "without",
        "nothing",
        "hardly",
    }
)
