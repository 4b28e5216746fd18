"""Self-harm talk, especially when tied to what the person does ("if you leave I'll ...").

Every first-person mention of self-harm or suicide is surfaced, because missing one is
worse than an extra flag. The wording of the reason depends on the message:

* tied to the person ("if you leave", "because of you", "your fault"): *pressure*;
* on its own: *talks about self-harm*;
* negated ("I'm not going to kill myself"): still surfaced, with a softer reason and a
  lower score, because such messages often still carry the pressure.

Idioms ("dying to see it", "nearly killed myself laughing") and other people's self-harm
("my cousin tried to kill himself") are not flagged: every rule is first person.
"""

from __future__ import annotations

import re

from onward.analysis.base import Match, RuleDetector, build_flag
from onward.analysis.guards import is_negated
from onward.analysis.rules import rule
from onward.analysis.text import Normalised
from onward.model import Flag

_IDIOMS = (
    r"\b(?:laugh|laughing|laughed|embarrass\w*|cringe|boredom|bored|shame|hangover|"
    r"hungover|to die for|dying to|of laughter|starving|hungry|heat|cold)\b"
)

# Words that tie the self-harm talk to the person: a condition, blame or a dare.
_PRESSURE = re.compile(
    r"\b(?:if you|unless you|because of you|cause of you|(?:your|ur) fault|on you|"
    r"on (?:your|ur) head|(?:your|ur) (?:call|choice|decision)|"
    r"you did this|you (?:made|make|are making|'re making) me|blame you|pushing me|"
    r"driving me|happy now|you want me dead|you'?ll be sorry|if you don'?t|"
    r"block me|if u|when you leave|don'?t test me|remember it was you|live with yourself|"
    r"you'?ll have done|it was you|because you|thanks to you|you don'?t (?:even )?care|"
    r"if you really loved me|go through with|you'?ll never (?:hear|see))\b"
)

# (rule name, pattern, triggers): one rule per group of trigger words keeps the prefilter
# selective; all share one reason.
_GROUPS: tuple[tuple[str, str, str], ...] = (
    (
        "myself",
        r"(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|hang|hanging) "
        r"(?:<ADV1>)myself|(?:cut|cutting|burnt|burned|burning) my (?:arms?|wrists?|legs?|skin|"
        r"thighs?)|\bkms\b|(?:do|done|doing) (?:something|anything) "
        r"(?:stupid|to myself)|what i'?ll do to myself|throw myself (?:off|in front|under)",
        "myself kms stupid cut cutting burnt burned burning",
    ),
    (
        "life",
        r"end(?:ing)? (?:my|my own) life|take (?:my|my own) life|"
        r"(?:no|what'?s the|is there (?:a|any)|don'?t see (?:a|any|the)|no longer see (?:a|any"
        r"|the)) (?:reason|point) (?:to|in|of|for) (?:living|live|keep going|go on|going on|be "
        r"here|stay|keep living|go on living|stay alive)|"
        r"reason to (?:live|go on living|keep living|stay alive)|no point (?:in |of )?living|"
        r"tired of (?:living|life|being alive)|"
        r"point (?:of|in) living|nothing (?:left )?to live for(?! like)|reason to keep going|"
        r"done with life<END>|(?:don'?t|do not) want to (?:be alive|live|be here|exist|wake up|"
        r"go on)(?! (?:with|in|there|like that)\b)|"
        r"(?:don'?t|do not|no longer) (?:intend|plan|want) to (?:stay alive|live|be alive|"
        r"survive|be here)|(?:can'?t|cannot|don'?t think i can) (?:keep|go on) (?:living|"
        r"going)(?: like this)?|(?:only|one) (?:thing|reason|person) keeping me alive|"
        r"keeping me alive",
        "life reason point tired nothing done alive live living here exist wak go intend plan kee"
        "p "
        "keeping",
    ),
    (
        "means",
        r"slit(?:ting)? my wrists|od (?:on|tonight|now)|\boverdos(?:e|ing)\b|"
        r"(?:take|taking|took|swallow|swallowed|down|downing) (?:all |every |the whole |this "
        r"whole )?(?:(?:my|the|a bunch of|a load of|some|these|those|a bottle of|this bottle of|"
        r"bottle of) )?(?:[a-z]+ )?(?:pills?|tablets?|paracetamol)|"
        r"(?:have|got|holding|i'?ve got|bought|buying) (?:the|a) (?:pills|tablets|rope|knife|"
        r"blade)|pills in my hand|i'?ll jump|i'?m (?:going to|gonna) jump|"
        r"jump (?:off|in front of)|"
        r"drive (?:into|off) (?:a|the) (?:wall|tree|bridge|cliff|river|lorry|truck|traffic|"
        r"overpass|building)|crash (?:the car )?on purpose|hope i crash|"
        r"(?:standing|stood|sat|sitting) on the (?:bridge|edge|ledge|roof)|"
        r"on the edge of (?:the|a) (?:roof|bridge|building|cliff)|"
        r"engine running in the garage|walk (?:into|in front of) (?:the |a )?(?:sea|ocean|"
        r"river|lake|traffic|train|bus|lorry|truck)",
        "slit walk overdos od$ swallow pil tablet paracetamol rope knife blade jump drive crash "
        "bridge edge ledge roof engine down downing",
    ),
    (
        "die",
        r"suicid\w*|(?:want(?:s|ed)? to|wanna|wish i could|i'?m going to|i'?m gonna|"
        r"ready to) die|"
        r"wish i (?:was|were) (?:dead|never born|gone)(?! (?:rich|tired|jealous|serious|lucky|"
        r"bored|cute|good|on|in|to))|"
        r"if i (?:died|was dead|were dead|wasn'?t here|weren'?t here|disappeared|killed "
        r"myself)\W+(?:(?:would|will) (?:you|anyone|anybody)|you'?d|nobody|no one|(?:would|will) "
        r"(?:you|anyone) (?:even )?(?:care|notice|miss))|"
        r"(?:nobody|no one|noone) would (?:care|notice) if i (?:died|was gone|disappeared|"
        r"killed myself|wasn'?t here)|"
        r"want to be dead|(?:better off|rather be) dead|"
        r"rather die than (?:lose|live|be without|see)\b|let me die|if i die|"
        r"ways to (?:die|kill myself|end it)|want me dead|i might as well (?:be dead|die)|"
        r"(?:better|easier) if i (?:just )?(?:die|died|disappear|wasn'?t here|was gone)|"
        r"wish i (?:never woke up|didn'?t wake up|wouldn'?t wake up)|"
        r"(?:at|to|come to|for) my funeral",
        "suicid die died dead wish if funeral better easier",
    ),
    (
        "gone",
        r"end (?:it )?all|ending (?:it )?all|end it tonight|i might as well end it|"
        r"(?:thinking (?:of|about)|keep thinking about) ending (?:it|things|my life)|"
        r"i'?m ending it(?: all| tonight| today|<END>)|i'?ll end it<END>|"
        r"better (?:off )?without me(?! (?:at|for|on|tonight|today))|"
        r"better off if i (?:wasn'?t|weren'?t|was not) (?:here|around|alive)|"
        r"(?:nobody|no one) would (?:even )?miss me|"
        r"won'?t be (?:here|around|alive) (?:much longer|to see|tomorrow|anymore|for long)|"
        r"(?:won'?t|will not) have to (?:worry about|deal with|see|put up with) me "
        r"(?:much longer|anymore|for long|again|after)|"
        r"when i'?m (?:gone|dead)(?: for good| forever)?<END>|"
        r"(?:find|finds|found) me (?:dead|hanging|in the|on the|cold)|when they find me|"
        r"(?:wrote|written|writing) (?:my|a) (?:suicide |goodbye )?note|"
        r"(?:wrote|written|writing) (?:letters|a letter|notes) (?:to|for) (?:my|everyone)|"
        r"this is goodbye(?! to (?:my|the|our))|goodbye forever|"
        r"(?:last|final) (?:text|message) (?:i'?ll|i will) ever (?:send|write)|"
        r"(?:never|won'?t|will not) (?:hear from|see) me again|disappear (?:forever|for good)|"
        r"find my body|"
        r"(?:sleep|and|about) (?:not|never) wak(?:e|ing) up(?! early| at| in time| before)|"
        r"(?:go to )?sleep forever|(?:no one|nobody) will have to deal with me|"
        r"grow up without a (?:dad|mum|mom|father|mother)|won'?t survive this",
        "end ending body won better miss around here alive gone dead find found note wrote written "
        "writing letters goodbye last final hear see disappear wak woke sleep deal grow survive "
        "worry",
    ),
    (
        "no_point",
        r"(?:no|don'?t see the|what'?s the|there'?s no|not much) point (?:in|of) (?:being alive|"
        r"existing|carrying on|staying alive|being here)",
        "point",
    ),
)

_LABEL_PRESSURE = "Links self-harm to what you do"
_LABEL_TALK = "Talks about self-harm"
_LABEL_NEGATED = "Brings up self-harm, even while saying they won't"


class SelfHarmDetector(RuleDetector):
    """Chooses the reason from the message: pressure, plain talk, or negated talk."""

    def make_flag(self, doc: Normalised, match: Match) -> Flag:
        rid = match.rule.rule_id
        if is_negated(doc.text, match.start):
            return build_flag(doc, match, _LABEL_NEGATED, rid + "_negated", 0.5)
        if _PRESSURE.search(doc.text):
            return build_flag(doc, match, _LABEL_PRESSURE, rid + "_pressure", 1.0)
        return build_flag(doc, match, _LABEL_TALK, rid, 0.9)


DETECTOR = SelfHarmDetector(
    "self_harm_pressure",
    [
        rule(
            f"self_harm_pressure.{name}",
            _LABEL_TALK,
            pattern,
            triggers,
            negatable=False,
            unless=_IDIOMS,
        )
        for name, pattern, triggers in _GROUPS
    ],
)
