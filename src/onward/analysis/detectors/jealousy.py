"""Jealousy and accusations: cheating, flirting, "who is he", "you've replaced me already".

Talk about other people's relationships ("my sister is seeing someone new", "she's cheating
at Monopoly") does not match, because the rules need the accusation aimed at "you".
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.guards import FICTION
from onward.analysis.rules import rule

# Step 21: friendly curiosity about someone, or the writer's own answer, anywhere in the
# message ("who's he?? spill!", "who is she? oh, that's my sister's
# flatmate", "who's he? looks familiar"), and stories told about others (a film, a play).
_CURIOUS_OR_ANSWERED = (
    r"\b(?:spill|where did you meet|is (?:he|she) (?:cute|single|"
    r"fit|hot)|(?:he|she)'?s (?:cute|gorgeous|lovely|fit)|so cute|looks? familiar|asking for "
    r"(?!the |a |an |it|trouble|this|that|you|your|me\b)[a-z]+|"
    # the answer given at the start of a sentence, not the answer the writer refuses in
    # advance ("don't tell me he's just your colleague", "don't say she's your cousin")
    r"(?:^|[.?!,] *)(?:he'?s|she'?s|that'?s|it'?s) (?:just |only )?(?:the|my|our|your) "
    r"(?:new|cousin|brother|sister|neighbou?r|colleague|boss|mate|friend|uncle|aunt|nephew|"
    r"niece|son|daughter)|oh,? (?:the|it'?s|that'?s)|the (?:guy|man|bloke|woman|girl|lady) "
    r"(?:at|from|in) (?:reception|accounts|it|hr|the office|the shop))\b|[\U0001F440\U0001F60D]|"
    + FICTION
)

DETECTOR = RuleDetector(
    "jealousy",
    [
        rule(
            "jealousy.cheating",
            "Accuses you of cheating",
            r"(?:are you|you'?re|you are|you'?ve been|you have been|you were|you been|have you "
            r"been|were you|you|did you|i know you'?re|i know you|bet you'?re|bet you) (?:<ADV1>)"
            r"(?:cheating|cheated|sleeping with|slept with|shagged|(?:shagging|screwing|fucking|"
            r"banging) (?:him|her|them|someone|somebody|your|ur|that|this|the|other|half|some)\b|"
            r"hooking up|seeing (?:someone|somebody|him|her|other)|having an affair|"
            r"unfaithful|going to see your ex|talking to someone else|with (?:him|her)"
            r"(?: again| right now| now|<END>))|"
            r"you'?re a (?:cheat|cheater)|(?:your|this|the) (?:little )?affair|"
            r"(?:is|was) there someone (?:else|new)(?! (?:coming|going|joining|here|there|at|in|on"
            r"))|someone else(?: isn'?t| is)? (?:there|it)|"
            r"(?:left|leave|leaving|dumped) me for (?:someone|him|her|another|a)|"
            r"(?:jump|jumped|hop|hopped) into bed with|another (?:man|woman)'?s? been|"
            r"been with half|i know about (?:her|him|them|your)|been lying about (?:him|her)|"
            r"(?:whoring|sleeping|slagging|slutting) (?:yourself |it )?around|"
            r"(?:his|her|a man'?s|some guy'?s) car (?:outside|at|in|on) your|"
            r"i know what you and [a-z]+ (?:get up to|are doing|did)",
            "cheat sleeping slept shag screw fuck hook bang seeing affair unfaithful ex$ "
            "someone him$ her$ left leave leaving dumped jump hop another been know whor slag "
            "slut car",
            negatable=False,
            unless=r"\b(?:monopoly|cards|game|games|exam|test|diet|quiz)\b",
        ),
        rule(
            "jealousy.who_is_he",
            "Asks suspiciously about another person",
            r"who(?:'?s| is| was) (?:he|she|that (?:guy|man|girl|woman|bloke))(?! (?:\w+ing|"
            r"going|coming|bringing|the actor|in the film))|"
            r"who(?:'?s| is| was| the fuck is) the (?:new |other )?(?:guy|man|girl|bloke|woman|"
            r"lad|fella)(?: (?:in|on) (?:your|the|that|this) (?:pic|photo|picture|story|post|video|"
            r"selfie)| you|<END>)|who'?s the new (?:guy|man|girl|bloke|woman)|"
            r"who(?:'?s| is| the fuck is| tf is| the hell is) [a-z]+(?:\W+(?:and why|don'?t lie|"
            r"dont lie|tell me)| and (?:why|how do you know))|"
            r"why (?:is|does|did|was|were|has|keeps) (?:(?:your|ur|that|this|some) )?(?:he|she|"
            r"[a-z]+) (?:keep |been |always )?(?!.{0,30}\babout (?:the|a|your|my|work|dinner))"
            r"(?:messag|text|call|comment|lik|follow|dm)\w* (?:you|on your)|"
            r"is (?:he|she|that) the reason (?:you|ur)|"
            r"(?:because of|is it for|was it for|all for) (?:him|her)\W*$|feelings for (?:someone|"
            r"him|her|somebody)|"
            r"what(?:'s| is) (?:he|she) to you|is (?:she|he) your (?:new )?(?:girlfriend|"
            r"boyfriend)|(?:your|the) \"?friend\"? [a-z]+ is (?:awfully|very|really|so) "
            r"(?:keen|friendly|close)",
            "reason who messaging texting calling commenting liking following dm he$ she$ girlfrie"
            "nd "
            "boyfriend friend text call comment like follow him$ her$ feelings",
            negatable=False,
            unless=r"\b(?:actor|film|movie|show|singer|band|player|coming|bringing|"
            # step 17: friendly curiosity that follows ("who's the new guy at work? is he nice?")
            r"is (?:he|she) nice|(?:he|she) seems? nice|coffee run)\b",
            unless_anywhere=_CURIOUS_OR_ANSWERED,
        ),
        rule(
            "jealousy.flirting",
            "Accuses you of flirting or wanting someone else",
            r"(?:flirt|flirting|flirted|flirty) (?:with|at)(?! (?:disaster|danger|death))|(?:you "
            r"were|you'?re|you are|stop|you) flirting(?! with (?:disaster|danger|death))|"
            r"(?:i saw|i noticed|saw) (?:how|the way) you (?:looked|look|smiled|were looking)|"
            r"the way you (?:look|looked|smile|smiled) at (?:him|her)|"
            r"(?:smile|smiled|looking|looked) at (?:him|her) like that|"
            r"all over (?:him|her)|(?:liked|like|liking|commenting on|comments on) (?:his|her) "
            r"(?:photo|pic|post|picture|status|story|selfie)|"
            r"(?:fancies|fancy|into|keen on|crush on) you(?! (?:too|back))|"
            r"(?:dressing|dressed|dress|get dressed|getting dressed) up for (?:your boss|him|"
            r"her|everyone|them|some|who)|you'?d rather be with (?:him|her|them)|"
            r"(?:prettier|better looking|hotter|younger|richer|thinner|fitter) than me|"
            r"(?:texting|messaging|talking to) other (?:men|guys|women|girls|blokes)",
            "flirt look smil all$ photo pic$ post picture status story selfie fancies fancy "
            "into keen crush dress rather prettier better hotter younger richer thinner fitter "
            "other",
            negatable=False,
            unless=r"\b(?:cute couple|two would make)\b",
            unless_anywhere=FICTION + r"|\bon (?:the )?(?:tv|telly)\b",
        ),
        rule(
            "jealousy.moved_on",
            "Accuses you of moving on to someone else",
            r"(?:you'?ve|you have|you) (?:already )?(?:moved on(?! to)|replaced me|found someone)|"
            r"replaced me|(?:enjoy|ur|your|with your) new (?:man|boyfriend|bf|girlfriend|gf|guy|"
            r"fella|bloke|woman|lover|fling|toy boy)|dating already|already dating|"
            r"(?:got|have|found|with|seeing) a new (?:man|boyfriend|bf|girlfriend|gf|guy|fella|"
            r"bloke|woman|lover)|"
            r"(?:hope|is) (?:he'?s|she'?s|he is|she is|he was|she was) worth it|"
            r"was (?:he|she) worth (?:it|throwing|losing|leaving|ruining)|bet (?:he'?s|she'?s|he "
            r"is|she is) there|(?:hopping|jumping|getting) (?:on|into bed with) (?:someone|"
            r"somebody) (?:else|new)|all over (?:that|this|some) (?:dude|guy|girl|man|woman|bloke)|"
            r"so that'?s why you left|for him\b|who'?s there<END>",
            "moved replaced found new dating worth there left him$ who hopping jumping getting "
            "all$",
            negatable=False,
            unless=r"\b(?:new job|new phone|new car|new flat|glad|congrat\w*|tell me everything|"
            # step 21: pleased about a friend's new partner ("she's gorgeous, bring her
            # along!"), and "for him" about a pet or a child ("no more cheese for him")
            r"gorgeous|bring (?:her|him)|vet|dog|cat|puppy|kitten|baby|treats?|crusts|"
            r"present|gift|"
            r"omg|yay|level|game|pray|praying|prayers)\b",
        ),
        # Compositional families (issue #4): "another man", "other men", "who is this man",
        # learner-order "why he is calling you", "better than me", "I know about you and ...".
        rule(
            "jealousy.someone_else",
            "Accuses you of cheating",
            r"(?:is there|you have|you'?ve got|you got|you found|have you got|you'?re seeing|"
            r"you are seeing) (?:another|some other|a new) (?:man|woman|guy|girl|bloke|lad|fella|"
            r"dude|boyfriend|girlfriend)\b(?! (?:coming|going|joining|at|in|on|here|there)\b)|"
            r"(?:for|at|with|to|about) other (?:men|guys|women|girls|blokes|lads|boys)\b|"
            r"i know about (?:you two|your (?:little )?(?:friend|affair|fling|boyfriend|girlfriend|"
            r"secret)|you and (?:him|her|them|the [a-z]+|that [a-z]+|[a-z]+)(?=\W*$|\W*[.!,]))|"
            r"(?:is|was|are) (?:he|she|they|him|her) (?:better|good|bigger|richer|hotter) "
            r"(?:than me|in bed)|"
            r"i know (?:he|she|someone|a man|a guy) (?:was|is|'?s|stayed|slept|has been|'?s "
            r"been) (?:at|in|round|over|staying|sleeping|there)|"
            r"(?:stop |you'?re |you are |been |keep |quit )lying about (?:him|her|them|your|ur|"
            r"that|this|the)\b|"
            r"(?:you|you'?ve|you have|you'?re|you are) "
            r"(?:got |found |with |seeing |dating |have )?"
            r"(?:a|another|some) (?:new )?(?:man|boyfriend|"
            r"girlfriend|guy|fella|bloke|woman|lover) already|"
            r"you (?:already|'ve already) (?:got|have|"
            r"found|seeing|with) (?:a|another|someone|somebody)\b",
            "another other new than$ bed know lying already",
            negatable=False,
            unless=r"\b(?:monopoly|cards|game|games|exam|test|diet|quiz|film|movie|book|show|"
            r"congrat\w*|glad|happy for)\b",
        ),
        rule(
            "jealousy.who_is_this",
            "Asks suspiciously about another person",
            r"who(?:'?s| is| was| are) (?:this|that|the|these|those) (?:new |other )?(?:guy|man|"
            r"girl|bloke|woman|lad|fella|dude|men|guys)\b(?! (?:from|at) (?:the )?(?:work|shop|"
            r"bank|council|gas|delivery|garage|door))|"
            r"(?:why|how come) (?:(?:does|is|did|has|was|do) (?:this |that |some |your |ur )?"
            r"(?:he|she|guy|man|girl|bloke|dude|woman|[a-z]+)|(?:this |that |some )?(?:he|she|guy|"
            r"man|girl|bloke|dude|woman)) (?:is |was |keeps? |always |still |"
            r"been ){0,2}(?:lik|comment|messag|text|call|ring|dm|follow|snap|view)\w* "
            r"(?:on |to )?(?:all |every |each |so many of )?(?:of )?(?:you|your)\b"
            r"(?!.{0,30}\babout (?:the|a|your|my|work|dinner))",
            "who why come$",
            negatable=False,
            unless=r"\b(?:actor|film|movie|show|singer|band|player|coming|bringing|delivery|"
            r"plumber|landlord|mum|mom|dad|nan|gran|grandad|grandpa|uncle|cousin|old photo|sister|"
            r"brother|boss|doctor|school|"
            r"bank|is she ok|is he ok|"
            # step 17: friendly curiosity that follows, as in who_is_he
            r"is (?:he|she) nice|(?:he|she) seems? nice|coffee run)\b",
            unless_anywhere=_CURIOUS_OR_ANSWERED,
        ),
        rule(
            "jealousy.who_with",
            "Accuses you of cheating",
            r"who (?:were|was|are|r|have) you (?:kissing|snogging|dancing with|flirting with|"
            r"sleeping with|shagging|getting off with|all over)|"
            r"(?:messaging|texting|talking to|seeing|meeting|calling|speaking to|dming|in touch "
            r"with) (?:your|ur) ex\b(?! (?:about|for|re) (?:the )?(?:kids|money|house|divorce|"
            r"papers|dog))|"
            r"(?:i know|i bet|bet|admit it|just admit|obviously|clearly) you (?:fancy|have a "
            r"thing for|'re into|are into|got a thing for) |"
            r"with (?:another|some other|a different) (?:man|guy|bloke|woman|girl|lad|fella)\b",
            "kissing snogging dancing flirting sleeping shagging getting all$ ex$ fancy thing into "
            "another other different",
            negatable=False,
            unless=r"\b(?:monopoly|game|film|movie|show|book|dance class|salsa)\b",
        ),
    ],
    excused_by_laughter=True,
)
