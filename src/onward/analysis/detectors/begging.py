"""Begging, for the person's own drafts: pleading, repeated apologies, "I'll do anything".

This is not a judgement of the person: it lets the draft check offer a calmer way to say
the same thing. Ordinary requests ("please call me back when you can, it's about the
boiler", "please return the keys by post") are left alone: a bare "please answer" counts
only when it stands on its own, and boundary-setting ("please stop contacting me") never
matches.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

DETECTOR = RuleDetector(
    "begging",
    [
        rule(
            "begging.pleading",
            "Pleads with them",
            r"please\W{0,3}please|i'?m begging|i beg (?:you|of you)|begging (?:you|u)\b|"
            r"\bbegging<END>|on my knees|(?:i'?ll|i will|i would|i'?d) do (?:anything|"
            r"whatever)(?! for (?:a|an|the) (?:coffee|pizza|beer|nap|holiday|sleep))|"
            r"whatever (?:it takes|you want)(?! (?:for|at|to|from|on) )|"
            r"i'?ll be (?:whatever|anything|better)(?:<END>|,| i promise| for you| this time| you "
            r"want "
            r"me to be| person| man| woman)|i(?: will|'ll| can) change(?:<END>|,| i promise| for "
            r"you| everything)|as long as it takes|"
            r"(?:can we )?please just talk|"
            r"i'?ll never (?:do it|ask for anything|hurt you|lie) (?:.{0,20})?again|"
            r"(?:there'?s )?still hope|i'?m desperate(?! for (?:the|a|some|coffee|food))|i'?m (?:n"
            r"othing|"
            r"falling apart|lost) "
            r"without you|i (?:can'?t|cannot) (?:lose|live without|do this without|breathe "
            r"without|be without) you|i need you(?! to)\b",
            "please begging beg knees anything whatever better change never hope desperate "
            "without lose need long",
            negatable=False,
            unless=r"\b(?:lol|haha|coffee|pizza|chocolate|holiday|hangover|nap|help with|"
            r"spreadsheet|move|lift|"
            # step 13: asking to borrow or get a thing ("can I borrow your dress pls pls")
            r"can (?:i|we) (?:borrow|get|have) (?:a|an|your|ur|the|some)|lend me|"
            # step 15: a choice left to them ("dress code: whatever you want")
            r"dress code|wear|order|menu|toppings|you (?:pick|choose)|up to you|"
            # step 17: a surprise kept secret ("please, PLEASE don't put anything on the group
            # chat")
            r"surprise|group chat|spoil it|"
            # step 21: a small favour or a nuisance in a chat ("I beg you, send me the homework
            # answers", "no more memes in the class chat, I'm begging")
            r"notes|lecture|homework|gifs?|memes?|stickers|family chat|class chat|work chat|"
            r"charger|recipe|playlist|wifi|spoilers?|"
            r"keep it (?:quiet|secret)|(?:don'?t|do not) (?:put|"
            r"post|mention|say|tell|spoil|let on)(?: [a-z']+){0,2} (?:anything|a word))\b",
        ),
        rule(
            "begging.dont_leave",
            "Pleads with them not to leave",
            r"(?:please )?(?:don'?t|do not) (?!leave it<END>)(?:leave|go|give up on|ignore|block|"
            r"do this to|"
            r"end this|end us|go through with) (?:me|us|this|it)?(?:\W*please|<END>| alone)(?! "
            r"(?:yet|without|out|to))|"
            r"please (?:don'?t|do not) (?:leave|go|give up|ignore|block|end|do this|go "
            r"through)(?! (?:yet|without|out|to|home))|(?:please )?(?:don'?t|do not) leave me",
            "don$ do$ please",
            negatable=False,
            unless=r"\b(?:hanging|on read lol|out|without me lol|the lights|the door|the "
            r"oven|the kids|keys|"
            # step 13: advice not to put something off ("book the GP, don't leave it")
            r"gp|doctor|dentist|cough|appointment|too late|too long|bill|form|deadline)\b",
        ),
        rule(
            "begging.take_me_back",
            "Asks for another chance",
            r"(?:one more|another|one last|last|a second) (?:chance|try)(?! to (?:win|get|enter|"
            r"buy|vote|sign|see|catch|book))|"
            r"(?:give|try) (?:us|me) (?:another|one more) (?:try|go|chance|shot)|"
            r"(?:can we|could we) (?:please )?(?:just )?(?:try|start) again|"
            r"please (?:just )?(?:come back|come home|take me back|forgive me|reconsider|love "
            r"me|stay|let me (?:explain|see you|make it up)|unblock me|hear me out|try again)"
            r"(?! (?:soon|from|home soon|safe|for|over|next|tomorrow|later))|"
            r"(?:come back|forgive me|take me back|reconsider|unblock me|hear me out),? please|"
            r"forgive me,? please|just (?:come back|come home)(?:,| and)? please|"
            r"(?:just )?please (?:come back|come home)(?! (?:soon|from|safe|for|next|later))",
            "chance try another again please give",
            negatable=False,
            # step 17: not a last call before an errand or a sale, as in hoovering
            requires=r"^(?![\s\S]*\b(?:heading to|off to the|popping to|want anything|"
            r"need anything|anyone want|from the shop|aldi|lidl|tesco|asda|sainsbury'?s|"
            r"costco|walmart|"
            r"the shops?|supermarket|offer ends|sale ends)\b)",
        ),
        rule(
            "begging.please_reply",
            "Pleads for a reply",
            r"please (?:just )?(?:answer|pick up) (?:the|your|ur) phone<END>|"
            r"please (?:just )?(?:answer|reply|respond|text (?:me )?back|pick up|talk to me|"
            r"call me back|tell me what i did|let me explain|say something)(?: me)?"
            r"(?:<END>|,? even|,? i'?m|,? i need|,? please)|"
            r"(?:answer|reply|respond|pick up|talk to me|call me back) (?:me )?please<END>|"
            r"please i need (?:you|to hear|to see|to talk)|please i'?ll do anything",
            "please",
            negatable=False,
            unless=r"\b(?:when you (?:can|get|see)|about the|it'?s about|the address|the form|"
            r"the keys|by post|urgent work)\b",
        ),
        rule(
            "begging.apologies",
            "Apologises over and over",
            r"(?:i'?m )?(?:so )?sorry\W+(?:i'?m )?(?:so )?sorry",
            "sorry",
            negatable=False,
            requires=r"\b(?:please|forgive|come back|don'?t (?:go|leave)|answer|begging)\b",
        ),
    ],
    excused_by_laughter=True,
)
