"""Insults and belittling aimed at the person ("you're pathetic", "nobody else would want you").

Insult words only count when aimed at "you" (or when the whole message is the insult), so
swearing at things ("stupid bus") and self-talk ("I'm such an idiot") are not flagged.
Mild words that friends use in play ("you numpty 😂", "you're mad haha") are not flagged
when the message laughs; harsh words ("worthless", "pathetic") are flagged even with "lol".
Reported insults ("everyone says you're crazy") still belittle, so they are not excused.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.guards import LAUGHTER
from onward.analysis.rules import rule

_INTENS = (
    r"(?:(?:so|such|a|an|the|fucking|fuckin|fking|fkn|effing|bloody|absolute|absolutely|"
    r"total|totally|complete|completely|utter|utterly|little|big|really|real|proper|right|"
    r"just|literally|honestly|being|acting like|too|fat|ugly|stupid|dumb|useless|worthless|"
    r"pathetic|nasty|lazy|selfish|disgusting|miserable|old|sad|lying|cheating|spoilt|"
    r"spoiled|evil|ungrateful|thick|psycho|crazy|mental|horrible|dirty|filthy|vile|sick|"
    r"one|another|an absolute|such a|massive|huge|complete|pure|f\*+ing|whole|most|kind of|"
    r"kinda|lowkey|actually|fr|honestly) ){0,4}"
)
_SEVERE = (
    r"(?:stupid|stupidest|dumb|dumbass|dumbest|moron|moronic|retard|retarded|pathetic|"
    r"worthless|useless|loser|failure|disgrace|embarrassment|ugly|ugliest|fat|"
    r"disgusting|gross|vile|repulsive|hideous|bitch|slut|whore|slag|cow|pig|cunt|prick|"
    r"dick|dickhead|twat|wanker|arsehole|asshole|bastard|tramp|skank|hoe|thick|brainless|"
    r"clueless|incompetent|lazy|liar|fraud|cheat|cheater|parasite|leech|nobody|weak|"
    r"spineless|coward|pussy|freak|creep|trash|garbage|scum|snake|rat|unlovable|"
    r"unbearable|needy|clingy|evil|toxic|heartless|brat|attention seeker|disappointment|"
    r"braindead|brain dead|delusional|unstable|mentally unstable|mentally ill|unhinged|"
    r"deranged|pig|dumb ?ass|"
    r"burden|psychopath|sociopath|narcissist|pathetic excuse|waste of (?:space|oxygen|air|"
    r"skin|time|a life)|piece of (?:shit|crap|work|trash|garbage|dirt)|"
    r"nothing(?! (?:like|to|of|wrong|special|else|compared))|"
    r"sorry excuse|(?:terrible|awful|horrible|bad|useless|shit|crap|rubbish|lousy|pathetic|"
    r"disgusting|selfish) (?:excuse for a |excuse of a )?(?:mother|mum|mom|father|dad|"
    r"parent|wife|husband|girlfriend|boyfriend|partner|person|human|human being|friend|man|"
    r"woman|excuse))\b"
)
_MILD = (
    r"(?:idiot|muppet|numpty|dork|nerd|weirdo|goof|doofus|div|plonker|nutter|crazy|"
    r"mad(?! (?:at|about|for it))|nuts|mental|insane|psycho|hysterical|drama queen|"
    r"boring|rubbish|weird|dummy|dumbo|clown|daft|melt|wet wipe|joke|(?<=a )baby|big baby|"
    r"cry ?baby)\b"
    r"(?! (?:good|talented|fast|lucky|strong|smart|clever|fit|busy|funny|generous|kind|"
    r"brave|gorgeous|beautiful|pretty|amazing|cool))"
)
_SUBJECT = (
    r"(?:(?:you'?re|you are|you were|you|u r|you'?re being|you are being|you'?ve always "
    r"been|you'?ve become|you always were|you sound like|you look like) " + _INTENS + r"|"
    r"your (?:so|such|a|an|such an?|really|fucking|fkn|absolute|total|complete) " + _INTENS + r")"
)
# Mild words are not flagged in a message that laughs or sends love; harsh ones only when
# it does both ("you're so stupid sometimes lol love you").
_AFFECTION = r"\bx+\W*$|\blove (?:you|ya|u)\b|❤|😘|🥰|😍"
# Step 21: a mild word softened by the writer ("you're bonkers in a good way", "such a
# dork, never change")
_SOFTENED = r"\bin a good way\b|\bnever change\b|\bdon'?t ever change\b"
_NOT_PLAYFUL = r"^(?![\s\S]*(?:" + LAUGHTER.pattern + "|" + _AFFECTION + "|" + _SOFTENED + "))"
_NOT_TEASING = r"^(?!(?=[\s\S]*(?:" + LAUGHTER.pattern + r"))(?=[\s\S]*(?:" + _AFFECTION + r")))"
_PRAISE = r"\b(?:legend|star|genius|amazing|brilliant|beautiful|gorgeous|the best|talented)\b"

_SEVERE_TRIGGERS = (
    "stupid dumb moron retard pathetic worthless useless loser failure disgrace embarrass "
    "ugl fat disgust gross vile repuls hideous bitch slut whore slag cow pig cunt prick dick "
    "twat wanker arse ass bastard tramp skank hoe thick brainless clueless incompetent lazy "
    "liar fraud cheat parasite leech nobody weak spineless coward pussy freak creep trash "
    "garbage scum snake rat unlov unbearable needy clingy evil toxic heartless brat attention "
    "disappoint burden psycho socio narcis waste piece nothing terrible awful horrible bad "
    "shit crap rubbish lousy excuse selfish braindead brain delusional unstable mentally "
    "unhinged deranged"
)
_MILD_TRIGGERS = (
    "idiot muppet numpty dork nerd weirdo goof doofus div plonker nutter crazy mad nuts mental "
    "insane psycho hysterical drama baby boring rubbish weird dummy dumbo clown daft melt wet "
    "joke crybab"
)


DETECTOR = RuleDetector(
    "insult",
    [
        rule(
            "insult.name_calling",
            "Calls you names",
            _SUBJECT + _SEVERE + r"|your " + _SEVERE.replace(r")\b", r")<END>", 1),
            _SEVERE_TRIGGERS,
            reportable=False,
            requires=_NOT_TEASING,
        ),
        rule(
            "insult.mild_name_calling",
            "Calls you names",
            _SUBJECT + _MILD,
            _MILD_TRIGGERS,
            reportable=False,
            requires=_NOT_PLAYFUL,
            unless=_PRAISE,
        ),
        rule(
            "insult.whole_message",
            "Calls you names",
            r"^\W*" + _INTENS + _SEVERE + r"\W*$",
            _SEVERE_TRIGGERS,
            reportable=False,
        ),
        rule(
            "insult.whole_message_mild",
            "Calls you names",
            r"^\W*" + _INTENS + _MILD + r"\W*$",
            _MILD_TRIGGERS,
            reportable=False,
            requires=_NOT_PLAYFUL,
        ),
        rule(
            "insult.belittling",
            "Belittles you",
            r"(?:nobody|no one|noone) (?:else )?(?:would|will|could|ever|even)? ?(?:ever )?"
            r"(?:likes?|loves?|wants?|want to be with|put up with|puts up with|fancy|fancies|"
            r"date|cares? about|stand|respects?) you(?! (?:like|the way|as much))|"
            r"(?:you'?ll|you will) never (?:amount to|be anything|be anyone|be good enough|"
            r"find anyone|make it)|you can'?t do anything right|"
            r"no wonder (?:your|he|she|they|everyone|nobody|no one)(?: [a-z]+)? (?:left|"
            r"leaves|hates|hate|cheated|dumped|walked)|"
            r"you (?:disgust|repulse|sicken) me|you make me sick|"
            r"you look (?:so |really |fucking )?(?:disgusting|gross|fat|ugly|awful|terrible|"
            r"like shit|like crap|hideous|repulsive|old)(?! (?:good|nice|great))|"
            r"<YOURE> not (?:smart|clever|good|pretty|thin|strong|man|woman) enough|"
            r"look at (?:you|yourself|the state of you)\W+" + _INTENS + r"(?:" + _SEVERE + r")|"
            r"you'?ve let yourself go|"
            r"you look like (?:a|an) (?:[a-z]+ )?(?:whale|pig|cow|slut|tramp|mess|clown|"
            r"hooker|whore|prostitute|man|bloke|child|idiot|slag|sack)|"
            r"what (?:kind|sort|type) of (?:[a-z]+ )?(?:moron|idiot|loser|freak|mother|father|"
            r"person|man|woman|parent|retard) (?:does|would do|says|acts|are you|is)|"
            r"are you (?:really |actually |just )?(?:stupid|thick|dumb|deaf|blind|retarded|"
            r"mental|insane|simple|slow)\b|"
            r"your brain (?:is|'s) (?:broken|tiny|small|mush|fried|empty)|"
            r"<YOURE> (?:the )?(?:worst|biggest) (?:thing|mistake|person|regret)|"
            r"(?:stop crying|grow up),? you|grow up<END>|"
            r"(?:would be|is|was|are) (?:so )?(?:ashamed|embarrassed) of you|"
            r"ashamed to (?:be with|know|be seen with) you|"
            r"(?:whoring|slutting|slagging|sleeping) (?:yourself |it )?around|"
            r"(?:been with|slept with|shagged) half (?:the|of)|"
            r"(?:ugly|fat|stupid|rotten|nasty) inside and out|"
            r"what (?:a|an) " + _INTENS + r"(?:" + _SEVERE + r")(?: (?:human being|human|"
            r"person|man|woman|excuse))?(?: you are| you'?re|<END>)",
            "nobody no$ noone never anything wonder disgust repuls sicken sick enough look "
            "yourself kind sort type stupid thick dumb deaf blind retard mental insane simple "
            "slow brain worst biggest crying grow ashamed embarrassed whor slut slag sleeping "
            "half inside " + _SEVERE_TRIGGERS,
            reportable=False,
            requires=_NOT_TEASING,
            unless=r"\blike i do\b|\blike me\b|\bthe way i do\b|" + _PRAISE,
        ),
        # Compositional families (issue #4): "no man will ever want you", superlatives about
        # the person, "you've got no brain", "the intelligence of a child".
        rule(
            "insult.general",
            "Belittles you",
            r"(?:no|nobody|no one|noone|no man|no woman|no guy|no girl) (?:else )?(?:will|would|"
            r"could|is going to|'?s going to|'?ll)? ?(?:ever )?(?:want|fancy|touch|date|marry) "
            r"you\b(?!\W*\?)|"
            r"(?:you'?re|you are|you) (?:the )?(?:worst|most (?:selfish|useless|pathetic|stupid|"
            r"ungrateful|disgusting|evil|horrible|vile|awful|lazy|boring|pathetic)) "
            r"(?:(?:and )?[a-z]+ ){0,4}?(?:mother|father|mum|mom|dad|parent|wife|husband|"
            r"girlfriend|boyfriend|partner|person|woman|man|human|lover)\b|"
            r"(?:you'?ve got|you have|you got) (?:no|zero) (?:brain|brains|sense|personality|"
            r"spine|backbone|life|self respect)\b|"
            r"(?:the )?(?:intelligence|brains?|iq|mental age|maturity|attention span|personality)"
            r" of a (?:child|toddler|goldfish|rock|potato|five year old|5 year old|teenager|plank|"
            r"brick|baby)|"
            r"(?:<YOURE>|you'?re) (?:a |an |such a |such an |total |absolute )?(?:nutcase|nutjob|"
            r"head ?case|basket ?case)\b|(?:get|need) your head (?:checked|examined|seen to)",
            "no$ nobody noone worst most brain sense personality spine backbone "
            "life self intelligence iq$ mental maturity attention nutcase nutjob head basket",
            unless=r"\b(?:film|movie|show|book|character|job)\b",
        ),
        rule(
            "insult.what_a",
            "Belittles you",
            r"what an? (?:[a-z]+ ){0,3}?(?:pathetic|useless|disgusting|stupid|ugly|selfish|vile|"
            r"sad|horrible|awful|worthless|nasty|evil|spineless|miserable)(?: [a-z]+){0,3} "
            r"you (?:are|'?ve become|turned out)|"
            r"(?:thick|daft|dumb|stupid) as (?:mince|two short planks|a brick|a plank|shit|"
            r"pigshit|a rock|a post)",
            "pathetic useless disgusting stupid ugly selfish vile sad$ horrible awful "
            "worthless nasty evil spineless miserable thick daft dumb",
            unless=r"\b(?:film|movie|show|book|character|job|weather|day|"
            # step 17: an animal or a thing is the one called thick ("the dog is thick as …")
            r"(?:the|my|our|that|this) (?:dog|cat|puppy|kitten|budgie|parrot|hamster|horse|"
            r"goat|sheep|cow|chicken|printer|telly|laptop|phone|car|satnav|app|cooker|oven|"
            r"kettle) (?:is|was|'?s))\b",
        ),
    ],
)
