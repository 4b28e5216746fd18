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
    r"hungover|to die for|dying to|of laughter|starving|hungry|heat|cold)\b|"
    # step 13: hunger and chores ("I'm going to die if I don't eat")
    r"\bif i don'?t (?:eat|get (?:food|coffee|a coffee|some sleep))\b|"
    # the meme form: '"tell my family I loved them" - me going into the sales'
    r"\bme (?:going|walking|heading|trying to get) (?:into|in|to)\b|"
    # step 15: a chore as hyperbole ("if I have to sit through one more meeting I'll jump")
    r"\bif i (?:have|had|got) to (?:sit through|listen to|hear|watch|read|do|attend|mark|"
    r"write|fill in|answer) (?:one more|another|any more)\b"
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
        r"(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|hang|hanging|top|"
        r"topping|finish|finishing|off|offing|drown|drowning|poison|poisoning) "
        r"(?:<ADV1>)myself|(?:cut|cutting|burnt|burned|burning) my (?:arms?|wrists?|legs?|skin|"
        r"thighs?)|\bkms\b|(?:do|done|doing) (?:something|anything|nothing) "
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
        r"(?:better|easier)(?: off)? if i (?:just )?(?:die|died|disappear|disappeared|"
        r"wasn'?t here|was gone|wasn'?t around)(?! for (?:the|a) (?:day|night|week|weekend))|"
        r"wish i (?:never woke up|didn'?t wake up|wouldn'?t wake up)|"
        r"(?:at|to|come to|for) my funeral",
        "suicid die died dead wish if funeral better easier ways",
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
    # Issue #4, step 9: families by failure class, each gated by rare words.
    (
        "stops_care",
        r"(?:stopped|stop|stopping|quit|quitting|not taking|won'?t take|(?:not going to|not "
        r"gonna|refuse to) (?:take|stop)|flushed|binned|threw away|thrown away|chucked|'m off) "
        r"(?:taking )?(?:all )?(?:of )?(?:my|me) (?:[a-z]+ )?(?:meds|medication|medicine|"
        r"insulin|lithium|antidepressants|heart pills|tablets|pills|inhaler)|"
        r"(?:not|n'?t|stop|stopped|stopping) (?:going to |gonna )?(?:eat|eating|drink|drinking)"
        r"(?: (?:water|anything|food|a thing))? (?:until|till|til|unless) (?:you|u) (?:<ADV1>)"
        r"(?:talk|answer|reply|text|call|ring|speak|respond|forgive|pick up|message|unblock|"
        r"come back|take me back|see sense|change your mind)|"
        r"(?:stopped|stopping|quit) (?:eating|drinking water)|starv(?:e|ing) myself|"
        r"(?:i'?ll|i will) starve (?:if|until|till)",
        "meds medication medicine insulin lithium antidepress tablets pills inhaler eat$ "
        "eating drink$ drinking starv",
    ),
    (
        "means_more",
        r"(?:bought|got|buying|getting|have|holding) (?:some |a (?:length of |bit of |new )?)?"
        r"(?:rope|noose)|(?:rope|cord|belt|noose) (?:round|around) my neck|"
        r"(?:strong enough to|that'?d|that would|it'?d|it would|will) hold (?:me|my weight)|"
        r"(?:looking at|staring at|counting|holding|saving up|stockpiling|hoarding)[^.!?]{0,20}?"
        r"(?:pills|tablets|paracetamol|painkillers)|"
        r"how many (?:paracetamol|pills|tablets|sleeping pills|painkillers) (?:it )?(?:takes|"
        r"would|to)|(?:tablets|pills|knife|razor|blade|rope) (?:is|are) (?:in my hand|ready)|"
        r"(?:knife|blade|razor)'?s? (?:is |are )?sharp enough|"
        r"(?:been to|went to) (?:the|two) (?:chemists?|pharmac(?:y|ies)) (?:twice|again|three)|"
        r"(?:with|holding) (?:the|a) (?:razor|blade)|took (?:a few |some )?(?:extra|more) (?:of )?"
        r"(?:my )?(?:pills|tablets)|(?:car|engine) (?:running|on) in the garage|"
        r"(?:drink|take|consume|swallow|drank|took|swallowed) (?:the |some )?(?:poison|bleach|"
        r"rat poison)|drive (?:my |the )?car (?:into|off) (?:a|the)|"
        r"(?:walk|walking|step|stepping|jump|jumping|drive|driving) (?:off|over) (?:the|a) "
        r"(?:cliff|ledge|edge|balcony|roof|pier|bridge)|"
        r"on the (?:tracks|railway line)|swim out (?:until|till) i can'?t|"
        r"(?:thinking|thought|think) (?:about )?how easy it (?:would|'?d) be|"
        r"(?:voices?|something) (?:is |are |keeps? )?(?:telling|tell) me to (?:do it|end it|"
        r"jump|hurt|kill)|(?:researching|looking up|googling) (?:ways|methods)<END>|"
        r"i(?:'?ve)? cut again<END>|(?:started|starting) cutting again",
        "rope noose cord belt hold pills tablets paracetamol painkillers knife blade razor "
        "chemist pharmac took car engine poison bleach driv walk step jump tracks railway swim "
        "easy voice something researching looking googling cut started starting",
    ),
    (
        "farewell",
        r"by the time you (?:read|find) this|"
        r"when you (?:read|find) this,? i(?:'?ll| will)? (?:already )?be|"
        r"(?:this|that) (?:is|'s|will be|'ll be) the last (?:of it|of me|bye|goodbye|time you"
        r"(?:'ll)? (?:hear|see))|the last bye|"
        r"(?:didn'?t|don'?t|won'?t) (?:know|realise|realize) it was (?:goodbye|the last)|"
        r"said my goodbyes|(?:you were|you'?re|you are) my last thought|"
        r"(?:hear|see) your (?:voice|face) (?:one|for the) (?:last|final) time|"
        r"(?:i'?ll|i will) (?:already )?be at peace|made (?:my )?peace with (?:it|dying|going)|"
        r"(?:forgive me|sorry) for what i'?m (?:about|going) to do|"
        r"(?:you were|you'?re|you are|you'?ll be|you will be) my (?:last|final) thought|"
        r"tell (?:the|my|our) [a-z]+ (?:that )?i loved (?:them|him|her|you)",
        "read$ find$ last$ bye goodbye goodbyes realise realize thought voice face peace "
        "forgive loved do$",
    ),
    (
        "not_around",
        r"(?:need|needing)(?: for)? (?:any of )?(?:it|them|much|anything|those|that|a ticket|"
        r"any of it) where i'?m going|"
        r"where i'?m going,? i (?:won'?t|don'?t) need|"
        r"(?:won'?t|will not|wont) be needing (?:a ticket|it|them|those|that)<END>|"
        r"(?:won'?t|will not|wont|not) be (?:your|ur|anyone'?s) (?:problem|burden) (?:for )?"
        r"(?:much )?(?:longer|anymore|any more|soon)|"
        r"(?:finally|you'?ll|you will|then you'?ll|everyone'?ll) (?:be )?(?:rid|free) of me|"
        r"(?:leave|go|gone|stop|end|over|first|me)\W+(?:permanently|for good)<END>|"
        r"six (?:foot|feet) under|bury me(?! (?:in|with) (?:this|these|that|those)\b)|"
        r"the body they (?:pull|find|fish)|"
        r"bury (?:her|his|their|my) (?:son|daughter|child|baby|boy|girl)|"
        r"(?:hope|hoping|pray|praying) i (?:don'?t|never|won'?t|do not) wake up|"
        r"(?:whether|if) (?:i (?:want|should) )?to wake up|"
        r"me included<END>|(?:pain|hurt|this) (?:only )?(?:stops|ends) (?:is )?(?:if|when) i "
        r"(?:stop|go|die|end it)|"
        r"(?:tired|sick) of (?:fighting|trying) to (?:stay alive|live|keep going)|"
        r"run out of reasons to (?:stay|live|keep|be)|"
        r"not (?:scared|afraid) (?:of|to) (?:dying|die|death)|"
        r"point (?:of|in) (?:me|my life|a life|my being) (?:being )?(?:alive|here|living|without)|"
        r"(?:done|finished) with (?:breathing|living)|"
        # step 15: the speaker gives up on life ("my umbrella has given up on life" is not)
        r"(?:i|i'?ve|ive|i have|i'?m|im|i am|i'?d|just|already|totally|completely) (?:just |"
        r"already |totally |completely |basically |officially )?(?:give|giving|given|gave) "
        r"up\W+(?:on )?(?:everything\W+(?:on )?)?(?:life|living)<END>|"
        r"(?:updated|changed|made|wrote|written|writing|sorted) (?:out )?my will<END>|"
        r"(?:my )?affairs in order|"
        r"sort(?:ing|ed)? (?:everything|it all|things) (?:out )?so (?:nobody|no one|you don'?t)|"
        r"(?:give|giving|given|gave) (?:away )?(?:all )?my (?:things|stuff|belongings|possessions) "
        r"away|look after (?:him|her|them|it) better than i (?:ever )?(?:could|can|did)|"
        r"(?:die|died|dying|dead|kill myself) (?:[a-z']+ ){0,3}?because of (?:you|u)\b|"
        r"(?:i'?ll|i will|i'?d|i would) be dead (?:by|before|long before|soon|within)|"
        r"(?:guts|courage|nerve|bottle) to (?:end it|do it|go through with it)|"
        r"(?:i'?m|i am) (?:not )?(?:going to|gonna) end it(?:<END>|,? (?:if|so|ok))|"
        r"see me on the news",
        "going wont won problem burden rid free finally permanently good$ six "
        "bury body wake whether included pain hurt stops ends tired sick reasons scared "
        "afraid point breathing living life$ will affairs sort gave giving give given better "
        "because dead guts courage nerve bottle end news",
    ),
    # Issue #4, step 11: families by failure class (fresh3 became a dev set).
    (
        "last_word",
        r"(?:last|final) (?:message|text|thing|words?) (?:anyone|you|u|everyone|anybody)"
        r"(?:'?ll| will)? (?:ever )?(?:get|hear|receive|read|have) (?:from|of) me|"
        r"(?:you'?ll|you will|u will|u'?ll|you go) hear (?:about|of) me (?:tomorrow|soon|"
        r"on the news|in the news|in the morning)|"
        r"(?:whatever|anything that|if anything) happens to me (?:tonight |now |after this )?"
        r"(?:is|'s|it'?s|will be) (?:on you|your fault|on your head|because of you)|"
        r"(?:don'?t|do not|not sure|no idea) (?:know )?(?:(?:if|whether) )?i(?:'?ll| will)? "
        r"(?:still )?"
        r"(?:wake up|be (?:alive|around)) (?:tomorrow|in the morning|by morning)|"
        r"(?:won'?t|wont|will not) matter (?:soon|much longer|for much longer)(?: enough)?<END>|"
        r"(?:don'?t|do not|dont) have (?:anything|much|a thing|anyone|nothing) (?:left )?"
        r"(?:to live for|to stay for|to keep going for)|"
        r"(?:want|wanted) (?:it all|everything|all of it) to (?:stop|end)(?:<END>| for good| "
        r"forever| permanently)|just end everything\b(?! (?:between|with))|"
        r"(?:can'?t|cannot) do (?:this )?life (?:anymore|any more)|"
        r"(?:nobody|no one|noone) would (?:even )?(?:notice|care) if i (?:was|were|"
        r"went|am)? ?(?:gone|dead|not here|died|disappeared)",
        "last$ final hear happens wake alive around matter live stay going everything all$ "
        "anymore more notice care",
    ),
    (
        "means_step11",
        r"(?:pills|tablets|paracetamol|rope|knife|blade) (?:are|is) (?:on the table|lined up|"
        r"counted out|in front of me|next to me|right here)|"
        r"(?:been |started |starting |back to )?cutting (?:myself )?again<END>|"
        r"(?:been |started |starting |back to )cutting (?:myself )?again|"
        r"if i (?:drove|crashed|drive|crash|walked|stepped) (?:my car |the car )?(?:into|off|"
        r"in front of) (?:a|the) (?:wall|tree|bridge|cliff|river|lorry|truck|train|bus|traffic)|"
        r"(?:standing|stood|sat|sitting|sittin|been standing|been sitting) (?:at|on|near) the "
        r"(?:edge|end) of the (?:platform|bridge|roof|cliff|pier|tracks)|"
        r"(?:sittin|sitting|sat|standing|stood) on (?:the|a) (?:bridge|ledge|roof|railing)|"
        r"(?:thinking|think|thought) about the (?:train tracks|tracks|railway line|railway "
        r"tracks)",
        "pills tablets paracetamol rope knife blade cutting drove crashed crash walked stepped "
        "drive platform pier cliff roof bridge tracks ledge railing railway",
    ),
    # Issue #4, step 13: families by failure class (fresh4 became a dev set).
    (
        "means_step13",
        r"jump(?:ing)? (?:from|out of|off of) (?:the|this|my|a|that) (?:[a-z]+ )?(?:balcony|"
        r"building|bridge|roof|window|cliff|tower|flyover|overpass|floor|car park)|"
        r"(?:drive|driving|drove|steer|swerve|crash|crashing) (?:the car |my car |the truck |"
        r"my truck )?(?:off|into|in) (?:the|a) (?:road|lake|river|sea|canal|quarry|harbour|"
        r"ditch|barrier|oncoming)\b|"
        r"(?:swallow|swallowing|take|taking|drink|drinking|down) (?:all )?(?:of )?(?:them|"
        r"all them|all those) (?:[a-z]+ )?(?:tablets|pills|painkillers|sleeping pills)|"
        r"(?:gun|pistol|rifle|shotgun|revolver) (?:is |'?s )?(?:out|loaded|on the table|in my "
        r"hand|next to me|in my lap)\b|"
        r"(?:thinking|think|thought|thinkin) (?:about|bout|of) (?:the|my|all (?:the|my|them)) "
        r"(?:[a-z]+ )?(?:pills|tablets|paracetamol|painkillers|rope|gun|razor|blades?)\b|"
        r"how many (?:of )?(?:my |the |those |them )?(?:[a-z]+ )?(?:tablets|pills|painkillers)"
        r" (?:it )?(?:takes|would take|to take)|"
        r"(?:stood|standing|stand|sat|sitting|sittin) on (?:the|a) (?:[a-z]+ ){1,2}?(?:bridge|"
        r"roof|ledge|balcony)",
        "jump jumping drive driving drove steer swerve crash crashing tablets pills painkillers "
        "paracetamol gun pistol rifle shotgun revolver rope razor blade bridge roof ledge "
        "balcony",
    ),
    (
        "farewell_step13",
        r"disappear (?:from|off) (?:this|the) (?:world|earth|planet)|"
        r"(?:went|go|gone|going|goes) away (?:for good|forever|permanently)|"
        r"(?:nobody|noone|anyone|anybody|ain'?t nobody|nobody'?s) "
        r"(?:would|will|'?d|gonna|is gonna|"
        r"going to|is going to)? ?(?:even )?(?:miss|notice|care) (?:me|if i'?m gone|if i (?:just "
        r")?(?:gone|go|was gone|died|drove|jumped|disappeared|went away))\b|"
        r"(?:nobody|noone) (?:care|cares) if i (?:gone|go|die|was gone)|"
        r"(?:thinking|think|thinkin) (?:bout|about|of) (?:just )?(?:ending|finishing) it\b|"
        r"(?:maybe|might|i'?ll|i will|gonna) (?:tonight )?(?:i )?(?:just )?finish it"
        r"(?:<END>| all| tonight| now)|"
        r"(?:don'?t|do not) need to (?:live|be alive|exist)\b|"
        r"(?:soon |finally )?(?:you|u)(?:'?ll| will) be free (?:from|of) me|"
        r"(?:give|gave|giving|given) (?:away )?my (?:[a-z]+ ){0,2}?(?:things|stuff|phone|"
        r"guitar|motorbike|bike|watch|car|clothes|ring|jewellery|dog|cat) to (?:my )?(?:[a-z]+)"
        r"\b(?=[^\n]{0,60}?(?:understand|later|why|won'?t need|don'?t need|anymore|"
        r"just in case|you'?ll know|soon|goodbye|when you hear))|"
        r"(?:wrote|written|writing|made|updated|sorted) (?:out )?my will and (?:gave|given|left)|"
        r"sorted (?:out )?who gets (?:the|my)\b|"
        r"life insurance (?:[a-z]+ )?(?:are|is) in\b|"
        r"(?:left|leaving|wrote|written) (?:you )?(?:a |the |my |some )?(?:letters?|notes?) "
        r"(?:on|in|under|by|for) (?:the|my|your)\b(?=.{0,80}?(?:after|goodbye|tell (?:the|my|"
        r"our)|love (?:him|her|them|you)|forgive|sorry))|"
        r"read it after<END>|"
        r"(?:goodbye|bye)[^a-z]{0,16}(?:take care of|look after) (?:the|my)\b|"
        r"won'?t be (?:here|around) (?:to<END>|for (?:[a-z']+ ){0,2}?(?:sunday|christmas|eid|"
        r"easter|birthday|wedding|service|graduation|new year))|"
        r"(?:after tonight|after today|by tomorrow),? (?:you|u) (?:won'?t|wont|will not|don'?t) "
        r"have to (?:pretend|deal|worry|bother|care)|"
        r"(?:won'?t|wont|will not) have to\s+deal with me\s+(?:after|anymore|again)|"
        r"(?:ready to|want to|time to|going to) go home to (?:god|the lord|jesus|allah)\b|"
        r"(?:asked|ask|asking|begged|begging|pray(?:ed|ing)?) (?:god|the lord|jesus|allah) "
        r"to take me|pray for my soul|"
        r"remov(?:e|ing) myself (?:from [a-z ]+ )?(?:permanently|for good|forever)|"
        r"(?:about|bout) (?:just )?not waking up|"
        r"when (?:you|u) (?:hear|get|see|read) the news\b(?=.{0,60}?(?:remember|you did|"
        r"your fault|because of you|on you))|"
        r"(?:do|done|doing) (?:something|anything|nothing|owt|summat|nowt) (?:daft|silly|"
        r"drastic|stupid)? ?(?:to|with) (?:myself|meself)|"
        r"(?:do|done|doing) (?:owt|summat|nowt) (?:daft|silly|stupid)",
        # gated by rare words: generated chat says "about", "tonight" and "need" at every turn
        "disappear away nobody noone anyone anybody notice care cares ending finishing finish "
        "live alive exist free give gave giving given wrote written writing made updated "
        "sorted insurance left leaving read$ goodbye bye here around pretend deal worry "
        "bother god lord jesus allah pray soul remov waking news myself meself owt summat "
        "nowt",
    ),
    # Issue #4, step 15: families by failure class (fresh5 became a dev set).
    (
        "means_step15",
        r"(?:all )?(?:my|me|the) (?:tablets|pills|painkillers) (?:are )?(?:lined up|counted|"
        r"laid out|in front of me)|"
        r"(?:saving|saved|hoarding|stockpiling|collecting) (?:up )?(?:my|me|the|all my) "
        r"(?:pills|tablets|painkillers|meds)|"
        r"(?:take|swallow|down) everything in the (?:medicine|bathroom|meds) (?:cabinet|cupboard|"
        r"drawer)|"
        r"looking up ways to|"
        r"(?:drink|sleep|drive) until i (?:don'?t|never|do not|won'?t) wake|"
        r"throw myself (?:in|into|off|under|in front of)|"
        r"(?:maybe i'?ll|i might|i'?ll just|gonna) crash the (?:car|truck|bike)|"
        r"i cut (?:again|myself)|"
        r"(?:thinking|think|thought|thinkin) (?:about|bout|of) the (?:gun|shotgun|rifle|pistol)"
        r" in the|"
        r"(?:i'?m|i am|im|i stand|i'?m standing|standing|and) (?:up )?(?:on|at) (?:the )?"
        r"(?:top of the |edge of the )?(?:roof|rooftop|cliffs?|ledge|bridge|top floor|car park|"
        r"multi-?storey)\b",
        "tablets pills painkillers meds saving saved hoarding stockpiling collecting cabinet "
        "cupboard looking wake myself crash cut gun shotgun rifle pistol roof rooftop cliff "
        "cliffs ledge bridge top multi edge park",
    ),
    (
        "not_back_step15",
        r"(?:drive|driving|drove|paddle|paddling|swim|swimming|walk|walking|head|heading|take "
        r"the [a-z]+) (?:[a-z'.]+ ){0,6}?(?:and|&|n) (?:not|never) (?:come|coming|drive|"
        r"driving|swim|walk) back(?: in| out)?(?! (?:till|until|before|for|to|with))|"
        r"(?:don'?t|do not|dont) know if i'?(?:ll| will) (?:come|make it) back|"
        r"next time i (?:won'?t|will not|wont) (?:come|drive|walk|swim) back",
        "back",
    ),
    (
        "gone_step15",
        r"no point (?:in )?(?:me|my) (?:being here|being alive|staying|existing|living)|"
        r"no reason (?:for me )?to (?:keep )?(?:breathing|living|go on|wake up|be here)|"
        r"better (?:off )?with me gone|"
        r"(?:don'?t|dont|do not) (?:want|wanna) (?:to )?be (?:here|hear|alive|around) "
        r"(?:anymore|any more|no more|anymor)|"
        r"better if i (?:just )?(?:don'?t|didn'?t|do not|did not) exist|"
        r"(?:i think i|i|maybe i) (?:will|'ll|shall) (?:just )?disappear\W+(?:it is|it'?s|"
        r"better|nobody|no one|don'?t)|"
        r"(?:don'?t|do not) think i'?(?:ll| will) (?:see|make it to) (?:christmas|my birthday|"
        r"the weekend|new year|summer|spring)|"
        r"if i'?m not (?:here|around|alive) tomorrow|"
        r"(?:you'?ll|you will) be (?:going|coming) to (?:a|my) funeral|"
        r"(?:don'?t|do not) bother (?:with|coming to) the funeral|"
        r"(?:come|coming) home to find me|never see me alive|"
        r"(?:something|anything) i can'?t take back|"
        r"(?:literally )?die without you(?:[^.!?\n]{0,20})literally|"
        r"you'?ll get it after<END>|(?:i'?m|im) done\W+goodbye",
        "point reason breathing living gone here hear alive around exist disappear christmas "
        "birthday weekend year summer spring funeral find alive done back literally after "
        "goodbye",
    ),
    # Step 17 (fresh6 became a dev set): means named or readied, water and heights with a
    # thought of going in or over, a car left running; then wanting to die, ending it
    # all, not being here after tonight, and the same said as "I won't" (labelled too).
    (
        "means_step17",
        r"swallow (?:[a-z']+ ){0,3}(?:pills|tablets|bottle|everything in)|"
        r"took (?:some|all|a handful|loads|half) of (?:[a-z']+ )?(?:tablets|pills)|"
        r"(?:pills|tablets) counted|(?:planned|plan) with the (?:pills|tablets)|"
        r"(?:car|engine) (?:running|runnin)(?:[^.!?\n]{0,30})(?:hose|garage)|"
        r"garage with the (?:car|engine) running|"
        r"(?:think|thinking|thinkin) about (?:just )?(?:walking|swimming|driving|stepping) "
        r"(?:in|into|out|off)\b|(?:walk|swim|swimming|walking) out (?:in|into|past) (?:the )?"
        r"[a-z]+ (?:and (?:keep going|let|not|lie))|(?:sea|water|river) closing over me|"
        r"how quiet it would be (?:underneath|under)|"
        r"long way down from here|one step'?s? all it'?d take|how many seconds it would take|"
        r"(?:stood|standing|stand) (?:at|on) (?:the )?(?:edge|railing|ledge) (?:of|now)|"
        r"(?:rope|pistol|shotgun|rifle) (?:in the shed|on the (?:kitchen )?table)|"
        r"(?:driving|drive|drivin) into (?:the )?(?:wall|back of a lorry|a lorry|a tree|a wall)",
        "swallow took pills tablets counted planned running runnin garage think thinking "
        "thinkin walk swim swimming walking closing quiet down step seconds stood standing "
        "stand rope pistol shotgun rifle driving drive drivin",
    ),
    (
        "gone_step17",
        r"(?:i|mi) (?:prefer|would rather|'?d rather|wah|laik|want|wanna) (?:to )?(?:die|dai)\b"
        r"(?! (?:than|of|laughing|for))|"
        r"(?:nuh|no|don'?t) (?:wah|want|wanna) (?:to )?live (?:no more|anymore|any more)|"
        r"(?:end|ending) (?:everything|it all) tonight|"
        r"(?:thinking|thought|thinkin) (?:to|about|of) (?:end|ending) it\b|"
        r"(?:won'?t|will not|wont) be here (?:in the morning|tomorrow|by morning)|"
        r"(?:after tonight|soon) i (?:won'?t|shan'?t|will not) be (?:disturbing|bothering|"
        r"needing|a problem)|shan'?t be needing anything|"
        r"stop being a (?:problem|burden) (?:soon|forever)|"
        r"(?:i'?ll|i will) be in the ground|(?:whatever|what) i do to myself|"
        r"not in this world (?:anymore|any more)|"
        r"(?:no|hent no|ain'?t no|not any) point (?:in )?carrying on|"
        r"(?:don'?t|dont) see the point (?:of|in) any of it|has no meaning|"
        r"(?:got no|ain'?t got no|no) reason left|"
        r"(?:thinking|thought) about (?:dying|ending it|killing myself)|"
        r"(?:do|doing|gona do|gonna do) (?:nothing|nothin|anything) (?:dumb |stupid )?to myself",
        "prefer rather wah laik want wanna live everything all thinking thought thinkin here "
        "tonight soon shan needing problem burden ground myself world point see meaning reason "
        "dying ending killing",
    ),
    (
        "no_point",
        r"(?:no|don'?t see the|what'?s the|there'?s no|not much) point (?:in|of) (?:being alive|"
        r"existing|carrying on|staying alive|being here)",
        "point",
    ),
)

# Everyday contexts that share a family's words (travel, meals, medicine courses).
# Step 11: someone else's overdose or medicine, and talk *about* suicide (a podcast, a poem).
_OTHERS = (
    r"\b(?:friend|sister|brother|cousin|mum|mom|mam|dad|son|daughter|aunt|auntie|uncle|nan|"
    r"gran|neighbour|colleague|patient)'?s? (?:[a-z']+ ){0,4}?(?:overdose|took|taking|is in|"
    r"was in)\b|\b(?:pills|tablets|paracetamol|medicine) (?:for|from) (?:the|your|ur|my) "
    r"(?:dog|cat|vet|chemist|pharmacy|mum|mom|dad|nan|gran|kids?|baby)\b|"
    # step 13: a course of tablets after a test ("iron's a bit low, going to take tablets")
    r"\b(?:blood test|results|iron|vitamins?|deficien\w*|prescri\w+|doctor said|gp said)\b|"
    # step 21: medicine taken as told, or for an illness ("remember your pills with
    # breakfast", "two paracetamol for this headache, then bed"), and "an overdose of" a
    # pastime ("an overdose of chocolate")
    r"\b(?:antibiotics?|after (?:meals|food|eating)|flu|a cold|hay ?fever|allerg\w+|dosage|"
    r"headache|migraine|period pain|toothache)\b|"
    r"\boverdos\w* (?:of|on) (?!(?:my |the |your |his |her |some |all )?(?:pills|tablets|"
    r"paracetamol|meds|medication|insulin|drugs|heroin|sleeping|pain ?killers|"
    r"antidepressants))|"
    # step 21: someone else's hospital shift ("busy night on the ward, 12 hour shift done")
    r"\b(?:\d+ ?(?:hour|hr|h) shift|shift (?:done|over|finished)|on call|night duty)\b"
)
_ABOUT = (
    r"\b(?:podcast|documentary|poem|novel|episode|prevention|awareness|helpline|article|"
    r"lecture|in class)\b|"
    # step 13: work and school chores as hyperbole ("boss made me redo the slides, I want to die")
    r"\b(?:boss|supervisor|slides|homework|assignment|essays?|spreadsheet|assembly|"
    r"revision|deadline)\b"
)
_GROUP_UNLESS: dict[str, str] = {
    # step 15: "before you do anything stupid" is said to the reader, not about oneself
    "myself": r"\b(?:you|u) (?:do|try) (?:anything|something) (?:stupid|daft|silly)\b",
    "means": _OTHERS,
    # step 21: someone else's wish to die or past crisis ("my friend says he wants to die,
    # I'm going round", "the charity that helped my brother when he was suicidal")
    "die": _ABOUT + r"|\b(?:fundrais\w*|sponsor\w*)\b|"
    r"\b(?:he|she|they) (?:says?|said)? ?(?:he|she|they)? ?wants to die\b|"
    r"\bwhen (?:he|she|they) (?:was|were) suicidal\b",
    # step 21: a goodbye to a job, a thing or a habit ("this is goodbye from me, my last day at
    # the office is tomorrow", "goodbye forever, my old car", "ending it all with the diet")
    "gone": r"\b(?:last day (?:at|in) (?:work|the office)|leaving do|new job|sofa|couch|"
    r"mattress|old (?:car|phone|laptop|sofa|flat|"
    r"house)|streak|duolingo|subscription|lease|diet|dry january)\b|"
    r"\bgoodbye forever,? (?:old|my|to|you) (?:[a-z]+ )?(?:sofa|car|phone|jeans|hair|fringe|"
    r"friend|laptop|trainers|flat|house)\b",
    "not_around": r"\b(?:holiday|beach|sun|weather|hot|flight|spain|abroad|festival|camping|"
    r"hostel|cruise|supervisor|boss|deadline)\b",
    "last_word": r"\b(?:exam|results|interview|flight|landed|holiday|battery|signal|phone "
    r"(?:dies|is dying)|game|film|book|lol|haha)\b",
    "means_step11": r"\b(?:vet|dog|cat|doctor said|prescri\w+|chemist|pharmacy|view|sunset|"
    r"photo|selfie|fishing|train (?:is )?(?:late|delayed|cancelled)|waiting for the train|"
    r"commute|lol|haha)\b",
    "means_step15": _OTHERS
    # step 21: throwing oneself into a task ("going to throw myself into revision")
    + r"|\bthrow\w* (?:myself|me) into (?:my )?(?:work|job|studies|study|studying|revision|"
    r"training|the (?:job|project|work|garden|new role)|a (?:new )?(?:project|hobby|course))\b"
    + r"|\b(?:vet|prescri\w+|chemist|pharmacy|doctor said|view|sunset|photo|selfie|pic|bar|"
    r"party|drinks|gutter|tiles|aerial|fixing|repair|parking|parked|car park (?:is|was)|"
    r"shooting club|range|clay|hunting|game|film|movie|lol|"
    # travelling: "on the bridge now, five minutes away"
    r"minutes away|mins away|on my way|nearly there|almost there|traffic|see you)\b",
    "not_back_step15": r"\b(?:holiday|trip|abroad|moving|move|walk out|leave|leaving|job|"
    r"contract|uni|spain|australia|"
    r"home country|visa|for a (?:week|month|year)|shop|tesco|film|game|party)\b",
    "means_step17": _OTHERS
    + r"|\b(?:vet|prescri\w+|chemist|pharmacy|view|sunset|photo|selfie|pic|paddle|"
    r"paddling|wild swim\w*|dip|wetsuit|pool|beach day|swimming lesson|lifeguard|hike|"
    r"climb|summit|parking|mechanic|garage door|mot|service|film|movie|game|lol|haha)\b",
    "gone_step17": _ABOUT
    + r"|\b(?:than|embarrass\w*|cringe|meeting|exam|party|lol|haha|😂|relationship|"
    r"contract|lease|call|chat|conversation|subscription|with (?:him|her))\b",
    "gone_step15": _ABOUT
    + r"|\b(?:holiday|flight|trip|party|exam|shift|work|meeting|lol|haha|when you get back|"
    r"grandad|grandma|nan|gran|uncle|aunt|granny|grandpa|dog|cat)\b",
    "means_step13": _OTHERS
    + r"|\b(?:vet|prescri\w+|chemist|pharmacy|doctor said|blood test|iron|vitamins?|"
    r"headache|view|sunset|photo|selfie|bus|train|traffic|jam|commute|range|hunting|shooting "
    r"club|clay|skydiv\w*|bungee|pool|diving|swim\w*|film|movie|game|lol|haha)\b",
    "farewell_step13": _ABOUT
    + r"|\b(?:holiday|flight|trip|festival|meeting|party|class|lecture|shift|work do|skip|"
    r"skipping|leave early|interview|exam|landed|airport|moving|spain|abroad|charity shop|"
    r"car boot|sell|selling|lend|lent|borrow|birthday present|game|film|book|lol|haha)\b",
    "farewell": r"\b(?:landed|flight|plane|airport|arrivals|boarded|asleep|in bed|at work|"
    r"on my way|on the train|exam|holiday)\b",
    # step 21: a food given up ("my brother has stopped eating dairy")
    "stops_care": r"\b(?:eating|having|eat|have) (?:any )?(?:meat|dairy|sugar|gluten|carbs|"
    r"bread|red meat|fish|pork|chocolate|junk|takeaways?|crisps)\b|"
    r"\b(?:vegetarian|vegan|veggie|plant based)\b|"
    r"\b(?:course (?:is )?(?:finished|done|over)|antibiotics|weaned|fasting|"
    r"ramadan|diet|before the (?:op|operation|scan|surgery|blood test))\b",
}

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
            unless=_IDIOMS + ("|" + _GROUP_UNLESS[name] if name in _GROUP_UNLESS else ""),
        )
        for name, pattern, triggers in _GROUPS
    ],
)
