"""Guilt-tripping: making the person responsible for the writer's pain or sacrifices.

Gratitude shares the words ("after everything you've done for me", "I got the job because
of you, thank you"), so the sacrifice must be the writer's ("after everything *I've* done")
and blame phrases are skipped in a thankful sentence.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.guards import GAMES
from onward.analysis.rules import rule

# Gratitude: "thank you", "thanks so much", "..., thanks" - not sarcastic "thanks for
# nothing" or "this is my thanks".
_THANKS = (
    r"\b(?:thank you|thanks (?:so much|a million|loads|heaps|a lot)(?! for (?:nothing|"
    r"ruining))|grateful|congrat\w*|smil\w*|amazing|so happy|proud of you|the job|passed|"
    r"haha|lol|milk|finished it|the wait|meal)\b|, thanks\W*$|thanks!|" + GAMES
)

DETECTOR = RuleDetector(
    "guilt_trip",
    [
        rule(
            "guilt_trip.sacrifice",
            "Lists what they gave up for you",
            r"after (?:everything|all|all that|all these years|all the things) (?:i'?ve|i have|i) "
            r"(?:<ADV1>)(?:done|did|given|gave|sacrificed|put up with|been through)|"
            r"after everything<END>|"
            r"i gave you (?:everything<END>|my (?:life|best years|all|heart|youth)|the best "
            r"(?:years|part) of my life)|"
            r"i (?:sacrificed|gave up) (?:my |everything )(?:[a-z']+ ){0,3}?so (?:that )?you "
            r"could|i paid (?:your|for your|all your|the) (?:rent|bills|debts?|car|phone|"
            r"everything)|(?:this is|that'?s) (?:my|the) thanks|"
            r"i (?:gave up|sacrificed|moved|left|quit|wasted|lost|gave you) (?:[a-z']+ )"
            r"{0,4}?(?:for you|on you)|(?:i )?gave up everything|"
            r"(?:wasted|gave you|lost|wasted my) (?:my |all my )?(?:best )?(?:years|life|"
            r"youth|twenties|thirties)(?: on you)?|(?:all )?(?:those|these) years wasted|"
            r"i (?:stood|stuck) by you|i was (?:always )?there for you|this is (?:how|what) (?:i g"
            r"et|you "
            r"repay|you treat)|how you repay me|thanks for nothing|you owe me(?! (?:a|\d|"
            r"for|money|£|\$|one|\w+ last|(?:five|ten|twenty|thirty|forty|fifty|a hundred|"
            r"a fiver|a tenner|\w+ quid|\w+ bucks)\b))|i paid for everything|"
            r"you left me with nothing|"
            r"(?:you )?(?:used|discarded|threw) me (?:away|out|and)|you used me|"
            r"you abandoned me|after all these years",
            "after thanks rent bills debt gave sacrificed moved left quit wasted lost years stood "
            "stuck there get$ "
            "repay treat nothing owe paid used discarded threw abandoned",
            negatable=False,
            unless=_THANKS,
        ),
        rule(
            "guilt_trip.blame",
            "Blames you for how they feel",
            r"because of (?:you|what you did|what you'?ve done|what you have done)|"
            r"(?:it'?s|this is|that'?s|its) (?:all )?(?:on you|your fault)|"
            r"all on you|you did this(?: to me)?|look (?:at )?what you(?:'ve| have)? "
            r"(?:done|did|made)|you made me (?:like this|this way|into|do it|do this|"
            r"feel)|you(?:'?ve| have)? (?:ruin|ruined|ruining|destroy|destroyed|destroying|"
            r"broken|broke|wrecked|wrecking|tearing|torn) (?:my|our|this|the) (?:whole |entire )?"
            r"(?:life|lives|family|home|"
            r"christmas|birthday|heart|everything|kids|children)|"
            r"you(?:'?ve| have)? (?:ruined|destroyed|broken|wrecked) me\b|"
            r"how (?:can|could) you be so (?:cruel|heartless|cold|selfish|mean|evil)|"
            r"<YOURE> (?:ruining|destroying|wrecking|tearing) (?:me|my life|our "
            r"family|this family|us|everything)|tearing (?:our|this|the) family apart|"
            r"you broke my heart|you'?re breaking my heart|you'?ve broken (?:this|our|my) "
            r"(?:family|home|heart)|the stress you put me through|"
            r"(?:in tears|crying|cries|cry) (?:every night )?because of you|"
            r"(?:my|our) (?:mum|mom|dad|kids|son|daughter|family) (?:is|are|keeps?) (?:in "
            r"tears|crying|asking)|(?:the kids|our son|our daughter|the children|the boys|the "
            r"girls|the dog) (?:keeps? asking|cry|cries|won'?t eat|miss you|ask)(?:.{0,40}"
            r"(?:why|you did|because))|explain to (?:our|the|your) (?:son|daughter|kids|"
            r"children) why|"
            r"(?:ruined|ruining) (?:christmas|everything|the holiday|my birthday)",
            "because cruel heartless cold breaking fault on$ did$ look made ruin destroy broke wre"
            "ck tear t"
            "orn stress tears "
            "crying kids children son daughter boys girls dog explain selfish mean$ evil asking ",
            negatable=False,
            unless=_THANKS,
        ),
        rule(
            "guilt_trip.you_dont_care",
            "Says you don't care about them",
            r"you (?:don'?t|do not|never) (?:even )?care(?: about (?:me|us|anyone|anybody|the "
            r"kids|our|how i|what this|what happens|anyone but yourself))?<END>|"
            r"you (?:don'?t|do not|never) (?:even )?care (?:that|if|how|what) (?:i|i'?m)|"
            r"(?:never|didn'?t|did not) mean(?:t)? anything to you|"
            r"you (?:don'?t|do not|never) (?:even )?care about (?:me|us|anyone|anybody|the "
            r"kids|how i|what)|do you (?:even )?care (?:what|about me|how)|"
            r"you never (?:loved|cared about|cared for) (?:me|us)|"
            r"i (?:guess|suppose|know) i (?:mean|meant) nothing|i mean nothing to you|"
            r"(?:meant|mean|means) nothing to you|"
            r"(?:you'?re|you are|you'?re so|so) selfish|only (?:think|thinking|care|caring) "
            r"about yourself|you'?re heartless|you have no heart|"
            r"(?:you )?(?:should|ought to) (?:be|feel) ashamed|shame on you|"
            r"(?:would be|is|was) (?:so )?ashamed of you",
            "care anything cared loved mean meant means selfish yourself heart ashamed shame",
            negatable=False,
            unless=r"\b(?:football|weather|match|game|score)\b",
        ),
        rule(
            "guilt_trip.my_suffering",
            "Makes you responsible for their pain",
            r"(?:i )?hope you'?re (?:happy|proud|satisfied|pleased)(?: now| with yourself)?"
            r"(?:<END>| (?:because|cause|cos|while))|"
            r"hope you are (?:happy|proud|satisfied|pleased)(?: now| with yourself)?<END>|"
            r"hope (?:you'?re|you are|your) happy (?:now|with yourself)|"
            r"(?:are you|you must be) (?:happy|proud of yourself)|happy now\?|"
            r"hope (?:it was|he was|she was) worth it|"
            r"(?:i )?hope you can (?:sleep at night|sleep<END>|live with yourself)|how (?:do|can|c"
            r"ould) you "
            r"(?:live with yourself|sleep at night|look at yourself)|"
            r"how could you (?:(?:do this|do that)(?: to (?:me|us|the kids|your)|<END>)(?!\W*(?:so|"
            r"that) )|leave|hurt|treat|walk away)|"
            r"(?:believe|how) you(?:'d| would| could| can)? do (?:this|that) to me|"
            r"hope you'?re proud of yourself|"
            r"what did i (?:ever )?do to deserve|i'?d never do this to you|"
            r"enjoy your new life while|while i (?:fall|am falling) apart|"
            r"i'?m (?:the one )?suffering|i'?m falling apart and|"
            r"i can'?t (?:eat|sleep|work|function|stop crying)(?:.{0,40}(?:because|hope|"
            r"you|worth))|i'?m (?:sick|ill|in hospital)(?:.{0,30})(?:you don'?t|thanks|"
            r"stress)|i'?m alone (?:on|at|for) (?:my|christmas)|"
            r"(?:everyone|everybody)'?s? asking (?:me )?what i did wrong|"
            r"(?:i guess )?promises mean nothing|you promised (?:you'?d|me)|"
            r"you'?re breaking my heart",
            "believe satisfied pleased alone happy proud worth sleep live look could deserve "
            "never enjoy fall suffering eat work function crying sick ill hospital birthday "
            "christmas wrong promise breaking how$ ",
            negatable=False,
            unless=r"\b(?:new flat|new job|new house|new place|the wait|the meal|thinking i'?d|"
            r"to the sofa|angry\?|earned|deserve it|well done|congrat\w*|amazing|brilliant|"
            r"impressive|neighbours|noise)\b",
        ),
        # Compositional families (issue #4): gave/wasted + time or everything + on/for you,
        # "you're breaking my heart", "hope you're satisfied with yourself".
        rule(
            "guilt_trip.general",
            "Makes you responsible for their pain",
            r"i (?:gave|sacrificed|wasted|invested|lost|put in|gave up) (?:up )?(?:everything|"
            r"all|the best|my (?:life|youth|twenties|career|best years)|\d+ (?:years|months)|"
            r"(?:two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) years)"
            r"(?: [a-z]+){0,3}? (?:for|on) you\b|"
            r"(?:you'?re|you are) breaking my heart|you (?:broke|have broken|'ve broken) my heart"
            r"|(?:i )?hope (?:you'?re|you are) (?:satisfied|happy|proud|pleased) (?:with "
            r"yourself|now)\b",
            "gave sacrificed wasted invested lost put heart hope",
            unless=_THANKS,
        ),
        rule(
            "guilt_trip.hurting_me",
            "Blames you for how they feel",
            r"(?:you'?re|you are) (?:killing|destroying|breaking) me\b(?! (?:with|at|lol|haha|"
            r"softly))|"
            r"hope <YOURE> (?:satisfied|happy|proud|pleased) (?:with yourself|of yourself|now)\b|"
            r"i'?ve lost everything\b(?! (?:on|in|from) )",
            "killing destroying breaking hope lost",
            unless=_THANKS,
        ),
    ],
    excused_by_laughter=True,
)
