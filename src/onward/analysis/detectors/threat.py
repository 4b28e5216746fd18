"""Threats: harm to the person, the people and animals they love, their things or their life.

Most rules need a first-person intent ("I'll", "I'm going to") or a second-person
consequence ("you'll regret"), so idioms aimed at things ("kill it at the interview",
"this traffic is killing me") never match. Games and sport ("I'll kill you at Mario Kart")
are excluded by context. A laughing emoji does not excuse a threat: it stays flagged.
Ultimatums count as threats only in the person's own drafts (``draft_only``).
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.guards import GAMES
from onward.analysis.rules import rule

_PEOPLE = (
    r"(?:you|him|her|your (?:[a-z']+ )?(?:family|mum|mom|mam|mother|dad|father|sister|"
    r"brother|kids|children|son|daughter|friends?|mate|boyfriend|girlfriend|husband|wife|"
    r"partner|new (?:man|guy|boyfriend|girlfriend|bloke|fella)|nan|gran|grandma|parents|"
    r"dog|cat|pets?))\b"
)
_HARM = (
    r"(?:kill|murder|hurt|stab|shoot|strangle|choke|batter|beat|punch|slap|hit|smack|"
    r"kick|end|destroy|ruin|bury|drown|finish|break|smash|wreck|torch|hunt|flatten|deck|"
    r"floor|thump|bash|cripple|maim|torture|knife)"
)
# Everyday phrases that share a harm verb: "hit you up", "shoot you a message".
_NOT_HARM = (
    r"hit (?:you|him|her) up|shoot (?:you|him|her) (?:a|an|over|the)\b|"
    r"beat (?:you|him|her) (?:to|there|home|back)\b|hunt you down (?:a|one|some)\b|"
    r"kick (?:you|him|her) (?:off|out of bed)|when i'?m (?:gone|dead)"
)
_THINGS = (
    r"(?:your|the|that|this|his|her) (?:[a-z']+ )?(?:car|tyres|tires|windows?|house|flat|"
    r"place|apartment|home|stuff|things|phone|door|bike|van|garden|shop|business|clothes|"
    r"belongings|room|ute|truck|motorbike|laptop|shed|furniture|photos)"
)

DETECTOR = RuleDetector(
    "threat",
    [
        rule(
            "threat.harm_you",
            "Talks about hurting you or someone close to you",
            r"<IWILL> (?:<ADV>)(?:" + _HARM + r" " + _PEOPLE + r"|"
            r"get you for (?:this|that)|teach you a lesson|cut (?:you|your throat)\b|"
            r"knock (?:you|him|her) (?:out|down|flat|into)|"
            r"make " + _PEOPLE + r" (?:pay|suffer|bleed|regret|sorry|disappear)|"
            r"put you (?:in|into) (?:the ground|hospital|a box|a wheelchair|a coffin)|"
            r"break your (?:[a-z']+ )?(?:neck|legs?|arms?|face|fingers|jaw|nose|teeth|back)|"
            r"beat the (?:shit|crap|hell|life) out of|punch your lights out|"
            r"knock your (?:teeth|head|block)\b|end you\b|slit your|"
            r"make your life (?:a |like )?(?:living )?(?:hell|misery|miserable)|"
            r"(?:end|finish|bury|ruin|destroy|wreck|break) (?:him|her|you)\b|"
            r"(?:wreck|ruin|destroy) (?:everything|everyone|all) you (?:care|love)|"
            r"(?:ruin|wreck|destroy|end) your (?:life|career|reputation|name|world|family))",
            "flatten deck floor thump bash cripple maim tortur knife kil hurt murder stab shoot st"
            "rangl chok batter beat punch slap hit smack kick "
            "end destroy ruin bury drown finish break get cut knock smash wreck torch hunt "
            "teach make put life",
            # step 13: a surprise or a small thing to keep ("tell her about the party and
            # I'll murder you 😂")
            unless=GAMES + "|" + _NOT_HARM + r"|\b(?:surprise|spoil\w*|leftovers|my chips|recipe|"
            r"that song)\b",
        ),
        rule(
            "threat.get_you",
            "Talks about hurting you or someone close to you",
            r"<IWILL> (?:<ADV>)get you<END>",
            "get",
            unless=r"\b(?:lift|pick|station|airport|later|at \d|there|from|drink|coffee|one|"
            r"some|it|that|home|"
            # step 17: a lift offered ("if nobody's sober I'll come and get you")
            r"sober|driving|drive you|in the car|ride|taxi|uber)\b",
        ),
        rule(
            "threat.property",
            "Talks about damaging your home or things",
            r"<IWILL> (?:<ADV>)(?:smash|burn|slash|key|trash|wreck|torch|break|destroy|"
            r"kick|set fire to|set light to|burn down) (?:in |up |down )?(?:every |all |each )?"
            + _THINGS
            + r"|"
            r"<IWILL> (?:<ADV>)(?:smash|break|slash|key) (?:every|all (?:the |your |ur )?|each) "
            r"(?:[a-z]+ )?(?:window|tyre|tire|thing|car)s?|watch what i (?:do|'?ll do) to|"
            r"<IWILL> (?:<ADV>)(?:set fire to|set light to|burn down|torch) (?:the|this|that|"
            r"your) [a-z]+|burn (?:that|the|your) (?:[a-z]+ )?down|"
            r"kick (?:the|your) door in|say goodbye to your (?:precious )?[a-z]+|"
            r"slash your tyres|key your car",
            "smash burn slash key trash wreck torch break destroy kick set say watch",
        ),
        rule(
            "threat.regret",
            "Says you will regret it or pay for it",
            r"<YOULL> (?:<ADV1>)(?:regret (?:this|that|it|everything|the day|ever|"
            r"(?:doing|leaving|ignoring|blocking|treating|crossing|messing))|"
            r"regret(?:<END>| it| this)|be (?:so |very |really |fucking )?sorry|pay for "
            r"(?:this|that|it|what|everything)|"
            r"pay<END>|suffer|get what'?s coming|get yours)|"
            r"you'?re (?:going to|gonna) pay|you will (?:regret|pay)|"
            r"live to regret|regret the day you|make you (?:pay|regret|suffer)|"
            r"get what'?s coming to you|what'?s coming to you|you won'?t get away with",
            "regret sorry pay suffer coming yours away",
            unless=r"regret (?:not|missing|skipping|it if you don't come)|"
            r"pay for (?:the|dinner|lunch|it all|tickets?|petrol|parking|half)|"
            r"when i'?m (?:gone|dead|not here)|"
            # step 15: a line quoted from a film or song
            r"\b(?:line (?:in|from)|in th(?:at|e) (?:movie|film|show|episode|scene|song)|cheesy|"
            r"lyrics?)\b|"
            # step 21: a drink regretted or a night missed ("you'll regret those shots
            # tomorrow", "you'll be sorry you missed it, what a night"), a debt of a pint
            r"\b(?:tequila|shots?|pints?|hangover|sorry you missed|with a (?:pint|drink|beer|"
            r"coffee|cake))\b",
        ),
        rule(
            "threat.menace",
            "Sounds like a warning to be afraid",
            r"watch (?:your|his|her|their) back|watch yourself<END>|sleep with one eye open|"
            r"(?:police|cops|nobody|no one) (?:can'?t|can|won'?t|will|could) (?:protect|save|"
            r"help) you|(?:you'?d|you) better hope|(?:won'?t|will not|not) be so lucky|"
            r"(?:mess|fuck|screw) with me (?:and )?(?:you|ur|you'?ll) (?:get|will get) hurt|"
            r"you (?:get|will get|'ll get) hurt|you won'?t like (?:it|what happens|how|what i)|"
            r"make sure you (?:lose|never get|never see|regret|suffer|pay|get nothing)|"
            r"(?:your|ur) (?:visa|job|career|life|reputation|business|marriage) (?:is|will be|'s) "
            r"(?:finished|over|done|gone)|you'?re (?:so )?dead(?! (?:to me|funny|"
            r"tired|good|right|lucky|cute|nice|serious|on|inside|jealous|keen|excited))|"
            r"you'?re (?:a )?dead (?:man|woman|meat)|you'?re finished|you'?re done for|"
            r"(?:no idea|know) what i'?m capable of|no idea what i'?(?:ll| will|d) do|"
            r"what happens (?:next|to people|to your)|(?:and|then) see what happens|"
            r"see what happens (?:to|if|when)|face the consequences|"
            r"there'?(?:ll| will| is going to|s going to) be consequences|"
            r"(?:you'?d|you) better (?:be scared|be careful|watch|run|hide|pray)|"
            r"better be careful|(?:be|better) (?:very )?afraid|i'?m coming for you|"
            r"(?:i'?ll|i will) (?:always )?find you(?: wherever| anywhere|<END>)|you can run but|"
            r"see what i(?:'?ll| will)? do|keep (?:pushing|testing|provoking) me(?: and|<END>)|"
            r"(?:don'?t think|do you think|you think) i won'?t (?:hurt|kill|do it|come|find|"
            r"hit)|"
            r"(?:you|your [a-z]+|someone|somebody|people|he|she) (?:will|'ll|is going to|are "
            r"going to|'s going to|gonna|is gonna|are gonna) get (?:hurt|killed)(?:<END>| if| when"
            r"| "
            r"unless)|"
            r"not holding back|wherever you (?:go|hide|are),? i'?ll|"
            r"or else|don'?t (?:make|push|test) me(?! (?:laugh|cry|choose|wait))|"
            r"(?:there'?ll|there will|there'?s going to|there is going to) be (?:[a-z]+ )?"
            r"consequences|see how (?:that|it|this) works out for you|"
            r"(?:your|ur) last (?:[a-z]+ )?(?:night|day|week|chance)(?! (?:at|of|in|before))|"
            r"(?:you'?ll|you will|you'?re gonna|ur gonna|you'?re going to) find out<END>|"
            r"(?:your|ur) (?:[a-z]+ )?(?:dog|cat|sister|brother|mum|mom|mam|dad|kids?|son|"
            r"daughter|family|friends?|boyfriend|girlfriend|fella|bloke|man|guy) (?:better|had "
            r"better|'d better) "
            r"(?:stay|watch|be careful|hide|lock|keep)|"
            r"if i can'?t have you,? (?:then )?(?:no one|nobody|noone) (?:can|will|else)|"
            r"you'?ll end up (?:in hospital|in a&e|dead|hurt|in the ground|in a box)|"
            r"someone'?s (?:going to|gonna) get hurt|<YOULL> get hurt|"
            r"what'?s (?:going to|gonna) happen to you|ready for what (?:happens|comes)",
            "watch see$ yourself police cops protect save hope lucky like visa job career "
            "reputation business marriage sleep dead finished done capable idea happens "
            "happen$ better hurt killed pushing testing provoking won works last dog cat "
            "sister brother mum mom mam dad kid son daughter family friend boyfriend "
            "girlfriend afraid coming find run holding wherever else make push test have$ end "
            "someone hurt ready mess$ messing lose consequen help life",
            unless=r"watch your (?:step|head)|see what happens (?:with|to the weather)|"
            r"\bmyself\b|"
            # step 13: a real hazard named ("watch your back on the stairs")
            r"\b(?:stairs|carpet|wasps?|slippery|wet floor|wet paint|icy|streetlights?)\b|"
            # step 21: the body's back ("watch your back carrying that, bend your
            # knees") and curiosity about a story ("can't wait to see what happens next")
            r"\b(?:lift|lifting|bend|bending|knees|posture)\b|"
            r"\b(?:to|can'?t wait to|dying to|wonder|wondering) (?:know|see|find out)? ?what "
            r"happens next\b|" + GAMES,
        ),
        rule(
            "threat.knows_where",
            "Says they know where you live or go",
            r"i know (?:where|what time|when) you (?:live|work|finish|leave|sleep|park|are|go|"
            r"get)|i know where (?:your|the kids?) |i know which (?:[a-z]+ )?(?:is yours|you "
            r"live|house|flat|apartment|building|car)|i know (?:your|ur) (?:schedule|route|"
            r"routine|address|shifts?|plate|building|apartment|flat|way home)|i know (?:the )?"
            r"(?:school|house|street|gym|office|place|building|nursery) (?:where|you|the kids|"
            r"your)",
            "know",
            unless=r"is miles|give you a lift|\b(?:bring|drop|post) (?:the|your|it)\b|"
            r"\b(?:cake|dish|parcel|present|card)\b|"
            # step 15: bringing a kindness ("I'm bringing you soup, get well soon")
            r"\bbringing (?:you|round|over|some)\b|\b(?:soup|flowers|get well|casserole)\b",
        ),
        rule(
            "threat.expose",
            "Threatens to share private pictures or secrets",
            r"(?:these|those|them|the|your|ur|all the|all your) (?:videos?|vids|pics|photos|"
            r"pictures|nudes|texts|screenshots) (?:go|going|will go|are going|get posted|will be) "
            r"(?:on|online|up|to|everywhere|public)|"
            r"(?:send|sending|show|showing|post|posting|share|sharing|leak|leaking|upload|"
            r"uploading|put|putting|forward) (?:<ADV1>)(?:(?:the|those|these|your|all|our|my|"
            r"every) )?(?:[a-z]+ )?(?:pics?|pictures?|photos?|videos?|vids?|nudes|"
            r"texts|messages|screenshots|tapes?|recordings?) (?:[a-z]+ )?(?:to|online|"
            r"everywhere|on|all over)\b(?! (?:me|my))|"
            r"(?:post|send|share|leak|upload|show|sell) (?:your|the|those|our|all your) (?:nudes|"
            r"naked (?:pics|photos|pictures)|sex tape|private (?:pics|photos|pictures|videos)|"
            r"intimate (?:pics|photos|pictures|videos))|"
            r"(?:everyone|everybody|the whole [a-z]+|your (?:boss|family|work|mum|mom|dad|"
            r"parents|friends)) (?:at (?:[a-z]+ ){1,2})?(?:is|are|will) (?:going to |gonna )?"
            r"(?:see|know|find out|hear)|"
            r"(?:your|ur) (?:mum|mom|mother|dad|father|family|boss|friends|parents|kids|"
            r"sister|brother) (?:gets?|will get|sees?|will see|is getting) (?:them|it|those|"
            r"these|the (?:pics|photos|videos|texts|screenshots|recordings))|"
            r"(?:your|ur) (?:employer|boss|work|manager|company) (?:learns|finds out|will learn|"
            r"will find out|will know|hears|will hear)|"
            r"tell (?:everyone|everybody|your (?:boss|mum|mom|dad|family|parents|husband|wife|"
            r"kids|friends)|the whole [a-z]+) (?:everything|your secret|what you|the truth|"
            r"about you|about us)|post what you did|tell everyone your secret",
            "send show post shar whole video vids pics photos pictures nudes texts screenshots lea"
            "k uplo"
            "ad put forward everyone everybody tell mum mom "
            "mother dad father family boss friends parents kids sister brother employer work "
            "manager company sell",
            requires=r"\b(?:i'?ll|i will|i'?m|i am|going to|gonna|or|if|unless|leave|"
            r"watch|see|try|everyone|everybody|is going|are going)\b",
            unless=r"\b(?:send me|show me|can you|could you|please|did you|have you|"
            r"holiday|wedding|party|album|myself|"
            # step 17: pictures shared to please someone ("she'll love them")
            r"(?:she|he|they)'?(?:ll| will) love|love (?:them|these|those)|cute|baby|grandkids)\b",
        ),
        rule(
            "threat.reputation",
            "Threatens your job or reputation",
            r"(?:get you (?:fired|sacked|arrested|deported)|make sure you (?:get|are) (?:fired|sac"
            r"ked|"
            r"arrested)|nobody (?:will )?(?:ever )?hires? "
            r"you|no one (?:will )?(?:ever )?hires? you|ruin your (?:reputation|career|name|"
            r"life)|tell your boss (?:everything|what you|about|the truth)|see how long you keep)"
            r"|one (?:phone )?call and",
            "fired sacked arrested deported hire hires nobody ruin boss keep one",
        ),
        rule(
            "threat.children",
            "Threatens to keep your children or pets from you",
            r"(?:never|won'?t) see (?:the|your|our) (?:kids|children|son|daughter|baby|dog|"
            r"cat) (?:again|ever)|you(?:'ll| will) never see (?:them|the kids|the children|your "
            r"kids|your children|him|her) (?:again|ever)?|take (?:the|your|our) (?:kids|children) "
            r"(?:to|abroad|out of|back to)|(?:never|won'?t|not) (?:get|have|keep) (?:custody|the k"
            r"ids|"
            r"your kids|the children)|take (?:the|your|our) (?:kids|children|son|daughter|baby|"
            r"dog|cat)(?: away| from you|<END>| and)|you'?ll lose (?:the|your) (?:kids|"
            r"children)|(?:kids|children) (?:will )?(?:never|won'?t) see you",
            "never won see$ take kids children lose custody",
            negatable=False,
            # step 11: outings ("let's take the kids to the beach") share the words;
            # step 13: childcare logistics (a time, a place of the day, "bring them back at")
            unless=r"\b(?:let'?s take|shall (?:we|i) take|we (?:could|should|can) take|happy "
            r"for you to take|fine for you to take|(?:i|we) (?:want|wanna|'?d like) to take the "
            r"(?:kids|children) to|i can take|(?:fixin|fixing|about|off) to take|"
            r"bring (?:them|the kids|the children) back (?:at|by|around|for|\d)|"
            r"(?:beach|park|pool|piscine|swimming|cinema|zoo|school|nursery|dentist|doctor|gp|"
            r"practice|training|football|match|party|mcdonald'?s|burger|pizza|shops|library|"
            r"you want anything|finish early|\d+ ?(?:h|am|pm|o'?clock)))\b|"
            # step 17: the writer's own promise not to ("I'd never keep the kids from you")
            r"\bi(?:'?d| would| will|'?ll)? never (?:ever )?(?:keep|take|stop)\b|"
            # step 21: "I'm not gonna take the children, we'll agree it"
            r"\bi'?m not (?:going to|gonna) (?:ever )?(?:keep|take|stop) (?:the|our|your) "
            r"(?:kids|children)\b|"
            r"\bi (?:won'?t|wouldn'?t|would not|will not) (?:ever )?(?:keep|take|stop) (?:the|"
            r"our|your) (?:kids|children)\b",
        ),
        rule(
            "threat.warn_off_help",
            "Warns you not to get help",
            r"think twice before (?:calling|going to|telling)|"
            r"(?:go to|call|ring|tell) the (?:police|cops|feds)(?: and|\.|,)? see what|"
            r"(?:call|ring|tell) the (?:police|cops) and (?:you'?ll|i'?ll|see)|"
            r"if you (?:go to|call|ring|tell) the (?:police|cops)|"
            r"(?:don'?t|do not) (?:you )?(?:dare|even think about|even think of) (?:go(?:ing)? to|"
            r"call(?:ing)?|ring(?:ing)?|phon(?:e|ing)|tell(?:ing)?|report(?:ing)? (?:me|this|it) "
            r"to) the (?:police|cops|feds|guards|gardai)|"
            r"what happens to (?:grasses|snitches|rats|people who (?:talk|grass|snitch))|"
            r"snitches get stitches|(?:call|ring) the (?:police|cops) then\W+see",
            "police cops feds twice grasses snitches guards gardai happens",
            negatable=False,
        ),
        rule(
            "threat.ultimatum",
            "Sets an ultimatum",
            r"\bor (?:we'?re|i'?m|i'?ll|i will|you'?ll|else|it'?s) (?:done|over|coming|"
            r"going|telling|posting|leaving|sorry|finished|through)|"
            r"if you (?:don'?t|do not|won'?t) [a-z' ]{1,40}?,? (?:<IWILL>|i'?m) "
            r"(?:coming|come|tell|telling|post|posting|show|send|turn up|show up|leave|"
            r"make|be round|be over)",
            "or if",
            draft_only=True,
            unless=r"\b(?:police|solicitor|lawyer|report|block|court|support)\b",
        ),
        # Compositional families (issue #4): "... or the videos go on facebook",
        # "you won't like what happens".
        rule(
            "threat.consequence",
            "Threatens to share private pictures or secrets",
            r"or (?:these|those|the|your|my|all the|all|all your) (?:[a-z]+ )?(?:videos|photos|"
            r"pics|pictures|nudes|messages|texts|screenshots|recordings|tapes) (?:go|get|are "
            r"going|will go|'ll go|end up|get sent|get posted|goes)\b",
            "or$",
        ),
        rule(
            "threat.wont_like",
            "Sounds like a warning to be afraid",
            r"you (?:won'?t|will not|'re not going to|are not going to) like (?:how|what happens|"
            r"what i do|what comes next|the consequences|the way i)",
            "like",
        ),
        rule(
            "threat.better_watch",
            "Sounds like a warning to be afraid",
            r"you(?:'?d| had)? better (?:sleep with|lock your|keep (?:looking|an eye)|look over "
            r"your|pray|watch (?:out|yourself|your))",
            "better",
            unless=r"\b(?:ice|icy|roads?|traffic|step|wet|slippery|rain|storm|weather)\b",
        ),
        rule(
            "threat.damage_general",
            "Talks about damaging your home or things",
            r"(?:put|throw|chuck|lob|send) (?:a |something |some )?(?:brick|rock|stone|bottle)s? "
            r"(?:through|at|into) (?:your|ur|the)|"
            r"(?:your|ur) (?:car|house|flat|face|place|windows?|tyres|door|bike|van) (?:won'?t|"
            r"will not|isn'?t going to|ain'?t gonna|is not going to) (?:look|be|stay) (?:so |as |"
            r"that )?(?:nice|pretty|good|clean|intact|the same|in one piece|standing)",
            "brick rock stone bottle won will isn ain",
        ),
        rule(
            "threat.do_to_you",
            "Talks about hurting you or someone close to you",
            r"what (?:<IWILL>|i'?m (?:gonna|going to)) (?:<ADV1>)do to (?:you|your|him|her)\b|"
            r"<IWILL> (?:<ADV1>)come after (?:you|your|him|her|them)\b|"
            r"(?:<IWILL>|i'?m) (?:<ADV1>)(?:tell|telling|show|showing|inform) "
            r"(?:everyone|everybody|the whole (?:town|"
            r"world|family|village|street|school)|all your (?:friends|family|colleagues)) "
            r"(?:about (?:your|you|what)|what you)",
            "do$ after tell show inform",
            negatable=True,
            unless=r"\b(?:surprise|party|present|birthday|good news|promotion|engaged|"
            r"pregnant)\b",
        ),
        rule(
            "threat.one_more",
            "Sets an ultimatum",
            r"one more (?:day|word|time|message|hour|night|week|lie|excuse) (?:of [a-z]+ )?"
            r"(?:[a-z']+ ){0,4}?(?:and|&) (?:your|ur|i'?ll|i will|everyone|the|those|these|"
            r"you'?ll)\b|"
            r"if (?:you|u) (?:don'?t|won'?t|do not) [^.!?]{0,30}(?:<IWILL>|i'?m) (?:<ADV1>)"
            r"(?:showing up|turning up|coming) (?:at|to|round) (?:your|ur) (?:work|office|house|"
            r"flat|place|job|parents|mum'?s|school)",
            "one$ if$",
            unless=r"\b(?:lol|haha|episode|game|round|level|chapter|song|drink|slice|biscuit)\b",
        ),
        # Issue #4, step 9: veiled menace by failure class, each gated by rare words.
        rule(
            "threat.shame_if",
            "Sounds like a veiled threat",
            r"(?:shame|pity) if (?:something|anything) (?:bad )?(?:happened|happens|were to "
            r"happen)|"
            r"(?:shame|pity) if (?:your|ur|that|those|the|his|her|he|she|it|they|someone|"
            r"somebody) (?:[a-z']+ ){0,3}?(?:got (?:hurt|lost|out|broken|damaged|burnt|burned|"
            r"cut|scratched|keyed|posted|leaked|deleted|sent)|went (?:missing|up|wrong|on fire)|"
            r"caught fire|disappeared|broke|fell|failed|found out|saw (?:them|those|these|it)|"
            r"had an accident)|"
            r"(?:shame|pity) (?:to|if (?:i|someone|somebody) (?:had to )?)(?:ruin|spoil|break|"
            r"mess up|damage|hurt|cut|burn|scratch)",
            "shame pity",
            unless=r"\bweather|rain(?:ed|s)?\b",
        ),
        rule(
            "threat.locks",
            "Sounds like a veiled threat",
            r"(?:hope|hoping|pray|better hope) (?:[a-z']+ ){1,5}?(?:has|have|got|'?s got|'?ve "
            r"got) (?:good|strong|decent|new|really good) locks|"
            r"tell (?:him|her|them|your [a-z]+) (?:from me )?to (?:keep|lock) (?:his|her|their|"
            r"the) (?:doors?|windows?) (?:locked|shut)",
            "locks lock",
        ),
        rule(
            "threat.not_safe",
            "Sounds like a veiled threat",
            r"(?:think|thinking|reckon|believe) (?:<YOURE>|you'?ll be|you will be|you'?re going "
            r"to be) (?:so |really |actually )?(?:safe|protected|untouchable|hidden)|"
            r"(?:think|reckon|believe) (?:[a-z']+ ){1,4}?(?:can|will|could|is going to) (?:protect|"
            r"save|hide) you|"
            r"look(?:ing)? over (?:your|ur|my) shoulder|"
            r"(?:in|at|from) every (?:shadow|corner|window)|"
            r"(?:every|each) time you close your eyes|"
            r"(?:turn|look) (?:round|around|behind you) and i'?(?:ll| will|m going to) be there",
            "safe protected untouchable hidden protect save hide shoulder shadow eyes turn look "
            "every",
            unless=r"\b(?:while (?:i|you) (?:type|read|work)|typing|screen|exam|road|crossing|"
            r"cycling|lol|haha)\b",
        ),
        rule(
            "threat.warning",
            "Sounds like a warning to be afraid",
            r"(?:your|ur|this is (?:your|ur|the|my)|that'?s (?:your|ur|my)|consider this (?:your|"
            r"a)|giving you (?:a|one|your)) (?:last|final|only|one and only) warning|"
            r"i'?m warning (?:you|u)<END>|i'?m warning (?:you|u) (?:now|for the last|one last)|"
            r"(?:you'?ll|you will|you'?re going to|ur gonna) (?:find out|learn) the hard way|"
            r"easy way or the hard way|(?:the )?gloves (?:come|are coming|came) off|"
            r"(?:then|after that|or) i (?:stop|start) being (?:nice|polite|patient|reasonable)|"
            r"(?:you'?ve|you have) made (?:yourself )?(?:an|a real|a serious) enemy|"
            r"(?:got|has|have|had) it coming<END>|get(?:s)? what'?s coming to (?:them|him|her)|"
            r"<YOURE> playing (?:with fire|a dangerous game)|play(?:ing)? with fire o\b|"
            r"not responsible for what i (?:do|might do|'?ll do|will do)|"
            r"remember what happened to the last (?:person|one|guy|girl|bloke|woman|man)|"
            r"(?:nobody|no one) (?:humiliates|disrespects|crosses|embarrasses|mugs) me (?:[a-z']+ "
            r"){0,5}?and (?:gets away|walks away)|"
            r"(?:people|anyone|those) who (?:lie to|cross|mess with|humiliate|disrespect|"
            r"betray) me "
            r"(?:always )?(?:get|regret|pay|end up|learn)",
            "warning hard gloves nice polite patient reasonable enemy coming fire dangerous "
            "responsible "
            "last$ humiliat disrespect cross embarrass mugs betray lie$ mess$",
            unless=r"\b(?:weather|forecast|traffic|roads?|ice|icy|exam|deadline|spoilers?|film|"
            r"movie|episode|season|book|match|round|level|quiz|chess|lol|haha)\b",
        ),
        rule(
            "threat.leverage",
            "Threatens to share private pictures or secrets",
            r"i(?:'?ve| have)? (?:still )?(?:got|have|kept|saved) (?:the|those|these|your|all "
            r"the|all your|copies|copies of|every one of (?:the|your)) (?:[a-z]+ )?(?:videos?|"
            r"photos|pics|pictures|nudes|screenshots|recordings|messages|texts)|"
            r"i'?ve got copies|(?:turn(?:ed|s)? up|land(?:ed|s)?|end(?:ed|s)? up) in (?:their|"
            r"your|ur|his|her|everyone'?s) (?:inbox|feed|dms|group chat)|"
            r"(?:everyone|everybody|the whole [a-z]+) (?:sees|reads|gets) (?:it|them|those|the)\b|"
            r"(?:screenshotted|screenshot) (?:everything|every message|all of it)",
            "got have kept saved copies inbox feed dms sees reads gets screenshot group",
            requires=r"\b(?:think about|remember|before you|or (?:every|i|the|they|your)|"
            r"everybody|everyone|you know the one|if you|unless|block|report|police|forever|"
            r"careful|your (?:mum|mom|dad|boss|wife|husband|family|work|office|parents)|lovely "
            r"surprise|try me)\b",
            unless=r"\b(?:holiday|wedding|party|album|christmas|birthday|from (?:spain|the trip)|"
            r"want them|do you want|if you want|lol|haha)\b",
            # step 21: advice to the reader about someone else ("block her, keep the
            # screenshots, report it")
            unless_anywhere=r"\b(?:block (?:him|her|them)|you don'?t owe (?:him|her|them))\b",
        ),
        rule(
            "threat.report_you",
            "Threatens your job, home, visa or reputation",
            r"(?:<IWILL>|i'?m (?:going to|gonna)|i (?:could|can|might)) (?:<ADV1>)(?:ring|call|"
            r"phone|email|write to|report you to|contact|tip off|tell|inform|go to|speak to) "
            r"(?:the )?"
            r"(?:immigration|home office|social services|(?:your|ur) (?:employer|landlord|hr|"
            r"probation officer|pastor|imam|regulator|church|mosque|school|uni|university)|hr|"
            r"the (?:judge|nursing council|regulator|council|benefits|tax office))|"
            r"(?:one|a single|one little|an anonymous) (?:email|call|phone call|letter|message|"
            r"click|word|report|tip|tip-off)(?: (?:to|from me to) (?:[a-z']+ ){1,3}?)?"
            r"(?:\W+that'?s "
            r"all it (?:would|will) take|\W+and (?:<YOURE>|your|ur) [a-z' ]{0,25}?(?:gone|finished|"
            r"over|deported|fired|sacked|on the next|out|done for|lose))|"
            r"anonymous (?:call|tip|tip-off|report|letter|email)|(?:love|like) a tip-?off|"
            r"(?:bet|i reckon|wonder if|imagine if|imagine how) (?:<YOUR>|the) (?:[a-z']+ "
            r"){1,3}?(?:would|'?d|will) (?:love|be (?:very |really |so )?interested|like|want) "
            r"(?:to (?:hear|know|read|find out)(?! from)|a copy|a tip)|"
            r"(?:would|'?d) (?:love|like|want) a copy|"
            r"make sure (?:everyone|everybody|the (?:judge|court|school|whole [a-z]+)) "
            r"(?:at [a-z]+ )?(?:knows?|hears?|sees?|finds? out)",
            "immigration office services employer landlord hr$ probation pastor imam "
            "regulator church mosque judge council benefits one$ single anonymous tip copy bet "
            "reckon wonder imagine everyone everybody whole school uni court",
            unless=r"\b(?:boiler|heating|leak|repair|rent is|the deposit|ill|sick|poorly|absent|"
            r"to say (?:thanks|thank you|sorry)|surprise|party|present|birthday|good news|"
            r"promotion|engaged|pregnant|from you)\b",
        ),
        rule(
            "threat.custody",
            "Threatens to keep your children from you",
            r"kiss (?:the|your|our) (?:kids|children|daughter|son|babies|baby|boys|girls) goodbye|"
            r"(?:not|never|won'?t|don'?t|just don'?t) (?:bring|give|hand|send) (?:them|the kids|"
            r"the children|her|him|the baby|your (?:kids|children|son|daughter)) back|"
            r"(?:you will|you'?ll) never (?:find|see|get) (?:them|her|him)\b|"
            r"make (?:the|those|your|our|my) (?:kids|children|son|daughter|boys|girls) (?:hate|"
            r"fear|forget|turn against) you|"
            r"(?:lucky to|never|won'?t|not going to|never going to) (?:get|see|have) "
            r"(?:supervised |any |full |joint |weekend )?(?:visits|visitation|custody|access)\b|"
            r"take everything from you|starting with the (?:kids|children)|"
            r"(?:won'?t|will not|wont|never|not) (?:be )?(?:get|getting|see|seeing|have|having) "
            r"(?:the|those|your|ur|my|our) (?:kids|children|son|daughter|baby|boys|girls|wee "
            r"ones|weans) (?:back|again)\b|"
            r"(?:you|u) (?:will not|won'?t|wont|will never|'?ll never|never) find "
            r"(?:us|them)\b",
            "kids$ children son$ daughter baby babies boys girls custody visits visitation access "
            "wee weans find back$ never everything",
            requires=r"\b(?:kids?|children|son|daughter|baby|babies|boys|girls|custody|"
            r"weekend|court|judge|visits|access|find us|take (?:her|him))\b",
            unless=r"\b(?:book|books|library|tupperware|charger|jumper|lol|haha|hide and seek|"
            r"hide-and-seek|game)\b",
        ),
        rule(
            "threat.pets_things",
            "Talks about harming your pets or things",
            r"(?:have|get) (?:it|him|her|them|the [a-z]+|your [a-z]+) put down|antifreeze|"
            r"(?:end up|ends up|(?:he|she|it|you|they)(?:'?s|'?re| is| are) going|(?:he|she|it|you|"
            r"they)(?:'?ll| will) (?:go|end up)) in the (?:ground|canal|river)\b|"
            r"(?:very |so |quite |awfully )?flammable|(?:covers?|covered for) fire damage|"
            r"(?:glass|windows?) (?:breaks?|smash(?:es)?|shatters?) (?:so )?easily|"
            r"(?:your|ur|the) brakes (?:went|failed|fail|gave out|giving out|failing)|"
            r"tyres (?:go|went|going|end up) flat|(?:it'?s|its|make|making) (?:a|the) "
            r"bonfire(?! night)|pay (?:your|ur) (?:new )?(?:bf|boyfriend|gf|girlfriend|fella|"
            r"bloke|man|guy|partner|husband|wife|mate) (?:a )?(?:little |friendly |quick )?visit|"
            r"if (?:he|she|you|they) (?:likes?|values?|wants? to keep) (?:his|her|your|their) "
            r"(?:teeth|face|legs|kneecaps|fingers)",
            "put$ antifreeze ground canal river flammable fire glass window brakes tyres bonfire "
            "visit teeth kneecaps face legs fingers",
            requires=r"\b(?:your|ur|you|he|she|his|her|dog|cat|horse|pony|pup|puppy|rabbit|"
            r"budgie|hamster|pet)\b",
            unless=r"\b(?:vet said|the vet|old age|kindest|cancer|suffering|poorly|tumou?r|"
            r"quote|garage said|mechanic|mot|service|recipe|lol|haha)\b",
        ),
        # Issue #4, step 11: families by failure class (fresh3 became a dev set).
        rule(
            "threat.not_finished",
            "Warns that they are not finished with you",
            r"(?:i'?m|am|i am) (?:not|no|nowhere near) (?:finished|done) (?:with|wi|wiv) "
            r"(?:you|u|ye|yous)\b(?! (?:guys|all|lot)\b)",
            "finished done",
            negatable=False,
            unless=r"\b(?:book|charger|hoover|drill|ladder|car|laptop|game|lol|haha)\b",
        ),
        rule(
            "threat.see_what_happens",
            "Warns that something will happen to you",
            r"(?:you|u|yuh|yu)(?:'?ll| will| go| ago| a go| gonna) see (?:what|wha|wat) "
            r"happens?\b|"
            r"accidents (?:can |do )?happen\b[^.!?]{0,40}?[.!?,]?\s*(?:just )?(?:be careful|"
            r"watch (?:yourself|your step|your back|out))|"
            r"(?:find|found|finds|see) (?:your|ur|yer|the|his|her) (?:[a-z]+ )?(?:tyres|tires|"
            r"windows?|windscreen|car|van|bike|door) (?:all )?(?:slashed|smashed|scratched|keyed|"
            r"kicked in|burnt|on fire)|check under (?:your|ur|his|her|their|the) (?:[a-z]+ )?car",
            "happen accidents slashed smashed scratched keyed kicked burnt fire under",
            unless=r"\b(?:in the (?:kitchen|bath|garden)|nobody'?s fault|no harm|spilt|spilled|"
            r"toddler|potty|mot|garage|insurance claim|mechanic|game|film|movie|book|lol|haha)\b",
        ),
        rule(
            "threat.door_in",
            "Threatens to break in",
            r"(?:kick|kicking|kicked|smash|smashing|break|breaking|boot|booting) (?:the|your|ur|"
            r"that|yer) (?:[a-z]+ )?door (?:in|down)\b",
            "kick kicking kicked smash smashing break breaking boot booting",
            requires=r"\b(?:i'?ll|i will|i'?m|im|i swear|or|coming|gonna|going to)\b",
            unless=r"\b(?:police|firefighters|fire brigade|locked out|lost (?:my|the) keys|"
            r"film|movie|show|episode|game)\b",
        ),
        rule(
            "threat.kept_key",
            "Reminds you they can get in",
            r"(?:remember|don'?t forget),? i(?:'?ve| have)? (?:still )?"
            r"(?:got|have|kept) (?:a|the|your|a spare|the spare) keys?\b",
            "remember forget",
            unless=r"\b(?:drop|return|give (?:it|them) back|post (?:it|them)|leave (?:it|them)|"
            r"let you in|feed the|water the|lock up)\b",
        ),
        rule(
            "threat.dead_if",
            "Says you will be hurt if you tell",
            r"(?:<YOURE>|you'?re|ur) (?:actually |so |literally |fucking |proper )?dead if "
            r"(?:you|u) (?:ever )?(?:tell|say|talk|speak|go|show|post|grass|open)",
            "dead",
            unless=r"\b(?:mum|mam|mom|dad) (?:finds out|sees)|cake|lol|haha|quiz|game\b",
        ),
        rule(
            "threat.tell_family",
            "Threatens to tell people close to you",
            r"(?:<IWILL>|i'?m going to|make sure) (?:<ADV1>)(?:tell|show|send|inform|speak to|"
            r"talk to|write to|message) (?:<YOUR>|ur) (?:father|dad|mum|mom|mam|mother|parents|"
            r"family|boss|manager|employer|wife|husband|pastor|imam|colleagues|work ?mates|"
            r"workmates|kids|children) (?:everything|all about|what you|the truth|"
            r"about (?:you|us|what|your)|the (?:pics|photos|videos|screenshots|texts))\b|"
            r"(?:<YOUR>|ur|every one of (?:<YOUR>|ur)|all (?:<YOUR>|ur)) (?:[a-z]+ )?"
            r"(?:work ?mates|workmates|colleagues|parents|family|followers|students|clients|"
            r"congregation) "
            r"(?:gets?|get|will get|are going|is going|are gonna) to (?:see|read|hear|know)\b|"
            r"(?:every (?:single )?(?:parent|mum|teacher|neighbour|one)|the whole (?:school|street|"
            r"estate|office|village|church|town)|everyone) "
            r"(?:(?:at|in|on|from) (?:[a-z']+ ){1,2}?)?(?:is |are |will be )?"
            r"(?:going to|gonna|will) (?:know|hear|find out|see) "
            r"(?:what you|about you|about what|who you)|"
            r"(?:(?:<YOUR>|ur|that your) (?:[a-z]+ )?(?:oga|boss|manager|employer|supervisor) "
            r"(?:at (?:the )?[a-z]+ )?(?:will|go|gonna|is going to|would) (?:sack|fire) you)|"
            r"(?:speaking|speak|talking|talk|writing|write) to (?:<YOUR>|ur) (?:employer|boss|"
            r"manager|landlord|supervisor|head teacher|headteacher)(?: about (?:you|your|ur))?|"
            r"(?:let slip|mention|drop a word|have a word) (?:to|with) (?:<YOUR>|ur) (?:landlord|"
            r"boss|employer|manager|mum|dad|wife|husband|parents)",
            "father dad mum mom mam mother parents family boss manager employer wife husband "
            "pastor imam colleagues mates workmates kids children followers students clients "
            "congregation parent teacher neighbour every whole oga supervisor landlord head "
            "headteacher",
            requires=r"\b(?:or|if|unless|block|again|keep it up|try|warned|think|before|"
            r"everything|all of it|what you|sack|fire|then|see who|just saying|for now|"
            r"police|court|watch|remember|pics|photos|screenshots|videos)\b",
            unless=r"\b(?:surprise|party|present|birthday|good news|promotion|engaged|pregnant|"
            r"proud|congrat\w*|thank\w*|well done|recipe|lol|haha|gift|card)\b",
        ),
        rule(
            "threat.warned",
            "A menacing warning",
            r"(?:you'?d|you had|ye'?d|you) better watch (?:yourself|yersel|your back|your step|"
            r"out|it)\b|"
            r"(?:mind|watch) how (?:ye|you|u) go (?:walking|walkin|driving|home)|"
            r"(?:dark|lonely|quiet) (?:roads?|lanes?|streets?|walk|car park)s? (?:up|round|near|on|"
            r"by) (?:your|ur|yer) (?:way|place|bit|end|flat|house)",
            "watch mind dark lonely quiet",
            unless=r"\b(?:ice|icy|snow|storm|fog|weather|flood|gritters|wind|rain|game|quiz|"
            r"fantasy|exam|lol|haha|😂)\b",
        ),
        # Issue #4, step 13: families by failure class (fresh4 became a dev set).
        rule(
            "threat.authority",
            "Threatens your job, home, visa or reputation",
            r"(?:call|calling|ring|ringing|phone|report (?:you|him|her|them) to|tip off|"
            r"set|send|get) (?:the )?(?:ice|immigration|home office|migration office|"
            r"pr[eé]fecture|border force|ofsted|social services|hmrc|irs|dwp|child protection)"
            r"\b(?: on (?:you|him|her|them|your|ur))?|"
            r"(?:one|a single|an?) (?:call|letter|email|word|report|phone call|message) to "
            r"(?:the )?(?:[a-zé]+ ){1,2}?and (?:[a-z']+ ){0,3}?(?:finished|gone|done|over|"
            r"deported|fired|sacked|out|lose|lost|on (?:a|the) (?:next )?(?:plane|flight))\b|"
            r"(?:<YOUR>|ur) (?:[a-z]+ )?(?:visa|residence (?:permit|card)|residency|papers|"
            r"status|green card|permit) (?:depends|is depending|relies|is|are|goes) "
            r"(?:on|through) me\b|"
            r"(?:if|when|once) (?:<YOUR>|ur) (?:[a-z]+ )?(?:visa|papers|status|residence "
            r"[a-z]+|permit|registration|licen[cs]e) (?:gets?|is|are|were) (?:looked at|checked|"
            r"reviewed|cancelled|revoked|reported)|"
            r"(?:i'?ve|i have) (?:got )?(?:the )?(?:home office|immigration|ice|ofsted|police) "
            r"number",
            "ice$ immigration office préfecture border ofsted social hmrc irs$ dwp "
            "child one$ single visa residence residency papers status green permit "
            "registration licence license prefecture number call letter email word report message",
            requires=r"\b(?:you|your|ur|u|him|her|brother|sister|them)\b",
            unless=r"\b(?:help(?:ed|s)? (?:me|us|you)|appointment|renewal|renew|interview|"
            r"(?:my|our) (?:visa|papers|status|permit)|advice|support worker|form|lol|haha)\b",
        ),
        rule(
            "threat.employer_hears",
            "Threatens to tell people close to you",
            r"(?:<YOUR>|ur) (?:new |little |precious |daddy'?s |dad'?s |mum'?s |mom'?s )?"
            r"(?:boss|bosses|employer|manager|hr|work|office|church|pastor|elders|congregation|"
            r"colleagues|workmates|clients|registration) (?:[a-z']+ ){0,2}?"
            r"(?:will |would |is going to |are going to |gonna |were to |might |'?ll )?"
            r"(?:receive|receives|gets?|hear|hears|learn|learns|find out|finds out|feels? about)"
            r"\b(?! (?:you|back|promoted|a raise|the day off|paid))|"
            r"(?:shame|pity|terrible|regrettable|unfortunate|awful|sad) if (?:[a-z']+ ){1,3}?"
            r"(?:found out|were to (?:learn|find out|hear|see|get)|got a call|heard about|"
            r"learned|learnt)|"
            r"shame about (?:<YOUR>|ur) (?:[a-z]+ ){1,3}?if\b",
            "boss bosses employer manager hr$ work office church pastor elders congregation "
            "colleagues workmates clients registration shame pity terrible regrettable "
            "unfortunate awful sad",
            requires=r"\b(?:pictures?|photos?|pics|videos?|vids|screenshots?|recordings?|"
            r"interesting|certain|about (?:you|your|ur|what|how|the|them)|keep|continue|ignor\w*|"
            r"block\w*|or|if|unless|monday|let'?s see|would|think|lied|stuff you|what you|"
            r"report|advis\w*|court|cute|wanna play)\b",
            unless=r"\b(?:surprise|party|present|birthday|good news|promotion|engaged|"
            r"pregnant|proud|congrat\w*|thank\w*|well done|lol|haha|reference|sick note|"
            r"doctor'?s note)\b",
        ),
        rule(
            "threat.veiled_happen",
            "Sounds like a veiled threat",
            r"(?:shame|pity|sad|terrible|awful|unfortunate|regrettable) if (?:something|anything) "
            r"(?:bad )?(?:happens|happened|were to happen) (?:to|with) (?:it|him|her|them|"
            r"<YOUR>|ur|that|the)|"
            r"(?:would|'?d) hate for (?:anything|something) (?:bad )?to happen|"
            r"(?:accidents|things|bad things|many things|all sorts) (?:can |do |could |might )?"
            r"happen to (?:shops|people|cars|houses|flats|girls|women|men|those|[a-z]+ who|"
            r"nosy|people like)|"
            r"(?:many|a lot of|lots of|bad|all sorts of) things (?:can|could|might) happen "
            r"(?:in|on|at) (?:that|this|your|ur|the)|"
            r"shame about (?:the|your|ur) (?:[a-z]+ )?(?:gate|door|lock|window|alarm|camera)s? "
            r"(?:not|being|is|that)|"
            r"(?:should|better|might want to|tell (?:him|her|them) to) check (?:his|her|your|ur|"
            r"their) (?:tyres|tires|brakes|locks)",
            # gated by the words around "happen", which generated chat uses at every turn
            "shame pity sad terrible awful unfortunate regrettable hate accidents things sorts "
            "check tyres tires brakes locks",
            unless=r"\b(?:kitchen|bath|toddler|potty|nobody'?s fault|no harm|mot|garage|"
            r"mechanic|service|weather|ice|icy|snow|storm|game|film|movie|book|lol|haha)\b",
        ),
        rule(
            "threat.knows_where_now",
            "Says they know where you live or go",
            r"i know (?:where|which) (?:<YOURE>|you|u|<YOUR>|ur) (?:[a-z']+ ){0,2}?(?:living|"
            r"staying|stay|stays|lives|sleeping|hiding|working|parked|moved to|been staying)\b|"
            r"i know (?:<YOURE>|you|u) (?:staying|living|hiding|been staying) (?:at|in|on)\b|"
            r"(?:(?:not|as) if|not like|you think) i (?:don'?t )?know where (?:you|u|<YOUR>|ur)|"
            r"(?:heard|found out|know) (?:<YOUR>|ur) new (?:place|flat|address|house|"
            r"apartment) is (?:on|in|at)\b|"
            r"(?:been )?watching you (?:come and go|leave|go in|get home|all (?:week|day|night))",
            "know heard found watching",
            negatable=False,
            unless=r"\b(?:give you a lift|bring|drop|post|parcel|present|card|cake|dish|"
            r"lol|haha)\b",
        ),
        rule(
            "threat.power_over",
            "Threatens to keep your children from you",
            r"i(?:'?ve got| have| know| got) (?:people|someone|friends|mates|contacts|connections|"
            r"a mate|a friend) (?:at|in) the "
            r"(?:airport|police|court|family court|border|immigration|embassy|council)|"
            r"(?:you|u)(?:'?ll| will) never (?:pass|get through|get past|make it (?:through|"
            r"past)) (?:the )?"
            r"(?:airport|border|passport control|security)|"
            r"(?:lose|losing) (?:them|the kids|the children|your kids|your children) (?:entirely|"
            r"completely|for good|forever|altogether)|"
            r"make (?:you|u) lose (?:everything|it all|your (?:job|house|home|kids|children))|"
            r"(?:see|find out) if (?:the kids|the children) (?:ever )?(?:come|get) back\b|"
            r"(?:see|get) (?:the|your) (?:kids|children) when i say(?: so)?\b",
            "people someone friends mates mate friend contacts connections airport border "
            "passport security "
            "entirely completely forever altogether lose kids children",
            unless=r"\b(?:holiday|trip|flight delayed|lol|haha)\b",
        ),
        rule(
            "threat.menace_step13",
            "Sounds like a warning to be afraid",
            r"(?:think|thinking) i (?:won'?t|wouldn'?t|will not|can'?t) [^.!?\n]{1,40}[?.!]?\s*"
            r"(?:try me|test me|watch me)\b|"
            r"(?:won'?t|will not|not) be (?:so |as )?[a-z]+ (?:when|once|after) i'?m (?:done|"
            r"finished|through)\b|"
            r"(?:you'?d|you would) do well to (?:remember|keep|think|watch|mind)|"
            r"let me (?:hear|catch|find out) (?:that )?(?:you|u) (?:have |'?ve )?(?:gone|went|"
            r"been|go|talked|spoke)\b|"
            r"(?:he|god|the lord|karma) will (?:repay|punish|get) you\W+(?:and )?so will i\b",
            "try test watch done finished through remember hear catch repay punish well$ find get$",
            unless=r"\b(?:game|match|quiz|round|chess|race|lol|haha|😂)\b",
        ),
        rule(
            "threat.deadline_over",
            "Sets an ultimatum",
            r"(?:it'?s|it is|that'?s|we'?re|we are|it'?ll be|it will be) (?:over|finished|done|"
            r"through) between us|"
            r"(?:that'?s us|we'?re|we are|i'?m|i am) (?:finished|done|through) for (?:good|real)|"
            r"consider (?:our|this|the) (?:relationship|marriage|engagement) (?:over|finished|"
            r"ended)|that'?s (?:us|it) finished\b",
            "between good$ real relationship marriage engagement finished",
            draft_only=True,
            requires=r"\b(?:by|till|until|before|unless|if|or|after that|today|tonight|"
            r"tomorrow|sunday|monday|tuesday|wednesday|thursday|friday|saturday|\d+ ?(?:pm|am))\b",
            unless=r"\b(?:police|solicitor|lawyer|report|block|court|support)\b",
        ),
        # Issue #4, step 15: families by failure class (fresh5 became a dev set).
        rule(
            "threat.tell_everyone",
            "Threatens to tell people things about you",
            r"(?:<IWILL>) (?:<ADV1>)(?:tell|inform|email|show) (?:the whole|"
            r"everyone|everybody|every ?one of|every single|all (?:of )?(?:your|ur|the)|"
            r"(?:your|ur) (?:whole )?(?:family|village|estate|town|church|mosque|followers|"
            r"colleagues|team|boss|parents|old man|old lady|mum|mom|dad))(?: [a-z']+){0,4} "
            r"(?:what|who|things|about|exactly|everything|how)\b|"
            r"(?:<IWILL>) (?:<ADV1>)let (?:the whole|everyone|everybody|all (?:of )?(?:your|ur|"
            r"the)|(?:your|ur) (?:whole )?(?:family|village|estate|town|church|mosque|followers|"
            r"colleagues|team|boss|parents|mum|mom|dad))(?: [a-z']+){0,2} know (?:exactly )?"
            r"(?:what|who|about|everything|how)\b|"
            r"(?:<IWILL>) (?:<ADV1>)(?:set up a new account and )?message every (?:one|single "
            r"one)? ?of (?:your|ur) (?:followers|contacts)|"
            r"make sure (?:your|ur|everyone|everybody|the whole|they|he|she|all)(?: [a-z']+){0,3}"
            r" (?:hears?|knows?|finds? out|sees?) (?:all )?(?:about|what|everything)|"
            r"(?:your|ur) name (?:is|will be|'?s) mud|"
            r"(?:<IWILL>) (?:<ADV1>)forward (?:them|him|her|hr|your boss) (?:the|those|your|our) "
            r"(?:chat|messages|texts|screenshots|emails)",
            "tell inform let$ email show forward followers contacts mud hears hear knows know "
            "finds sees find see$",
            unless=r"\b(?:surprise|party|engaged|engagement|pregnant|baby|promotion|good news|"
            # step 21: praise passed on ("I'll tell your boss how well you did")
            r"brilliant|amazing|fantastic|well done|great job|how good|how well|"
            r"proud|birthday|wedding|recipe|lol|haha)\b",
        ),
        rule(
            "threat.lose_everything",
            "Threatens your job, home, visa or reputation",
            r"(?:you'?ll|you will|you'?re (?:going to|gonna)|you are (?:going to|gonna)|"
            r"and you) (?:<ADV1>)lose (?:everything|it all|the (?:house|kids|children|flat|car)|"
            r"your (?:kids|children|house|job|visa|home|career|registration))|"
            r"(?:you'?ve|you have|you got) (?:got )?(?:a lot|so much|too much|plenty) to lose|"
            r"(?:your|ur) (?:career|name|reputation|visa)(?:'s| is| will be) (?:finished|over|"
            r"ruined|dead|mud)(?: before it (?:started|starts))?|"
            r"(?:never|not) get a reference from me|"
            r"(?:<IWILL>) (?:<ADV1>)(?:drain|empty|clear out|freeze|close) (?:the|our|your|ur) "
            r"(?:joint )?(?:account|savings|bank)|"
            r"(?:<IWILL>|i'?m) (?:<ADV1>)(?:burn|burning|smash|smashing|bin|binning|destroy|"
            r"destroying|sell|selling) (?:every|all)(?: one| single one)? of (?:your|ur)|"
            r"(?:cancel|cancelling|canceling) (?:your|ur) (?:phone|car insurance|"
            r"insurance|contract|visa|card)(?: [a-z']+){0,6}\W+(?:let'?s )?see how you",
            "lose career name reputation visa reference drain empty clear freeze close burn "
            "burning smash smashing bin binning destroy destroying sell selling cancel "
            "cancelling canceling",
            unless=GAMES
            + r"|\b(?:bet|fantasy|weight|pounds|kilos|lbs|keys|glasses|bag|signal|connection|"
            r"battery|if you don'?t (?:save|back up)|backup|back it up|lol|haha)\b",
        ),
        rule(
            "threat.false_report",
            "Threatens to report you to the police or other authorities",
            r"(?:<IWILL>) (?:<ADV1>)(?:go to|call|ring|phone|tell|text) (?:the )?(?:police|cops|"
            r"authorities|embassy|court|social services|immigration|council)(?: [a-z']+){0,3}? "
            r"(?:and )?(?:say|tell (?:them|him|her)|that) (?:you|u|things)|"
            r"(?:<IWILL>) (?:<ADV1>)(?:tell|report) (?:them|the embassy|immigration|the police) "
            r"(?:things|stuff|lies) about you|"
            r"(?:<IWILL>) (?:<ADV1>)have (?:animal control|the police|the cops|social services|"
            r"immigration|the council|cps|child services) on you|"
            r"(?:<IWILL>) (?:<ADV1>)make a complaint(?: [a-z']+){0,4} (?:and )?(?:they|the "
            r"[a-z]+) will take (?:them|the kids|the children|her|him)|"
            r"one (?:email|call|letter|phone call|word|text|message) from me and (?:you'?re|you "
            r"are|you will|you'?ll|your)",
            "police cops authorities embassy court social immigration council control cps "
            "complaint from things stuff lies child",
            unless=r"\b(?:if (?:he|she|they) (?:comes?|does|hurts?)|stalk\w*|harass\w*|"
            r"restraining|for help|safe|lost|stolen|theft|broke in|burglar\w*|lol|haha)\b",
        ),
        rule(
            "threat.veiled_step15",
            "Sounds like a warning to be afraid",
            r"(?:be|would be|'?d be|it would be|it'?d be) (?:a )?(?:real |such a )?(?:shame|pity) "
            r"if (?:the|your|ur|that|those|them|something|anything|she|he|they)\b[^.!?\n]{0,60}"
            r"(?:wouldn'?t it|or worse|just saying|left open|got out|went missing|ended up)|"
            r"would be (?:super |so |really |very )?(?:awkward|easy|a pity|unfortunate|"
            r"interesting) (?:if|to) (?:they|those|these|them|the|some|post|share|send)\b"
            r"[^.!?\n]{0,40}(?:somewhere|online|facebook|everyone|posted|post|pics|photos|"
            r"videos)|"
            r"(?:them|those|these|the|your|ur|my) (?:[a-z]+ )?(?:pics|photos|pictures|videos|"
            r"vids|nudes)(?: [a-z']+){0,4}(?:\W+(?:they'?re|they are))? (?:still )?on my "
            r"(?:laptop|hard drive|drive|cloud)|"
            r"when (?:i post|i share|everyone sees|evryone sees|every1 sees) (?:them|those|the|"
            r"your|ur) (?:pics|photos|pictures|videos|vids|nudes)|"
            r"accidents happen (?:out|round|around|in|on|to)\b|people go missing|"
            r"make a scene (?:[a-z']+ ){0,3}(?:won'?t|will never|never) forget|"
            r"it won'?t be pretty|"
            r"(?:you'?ll|you will|you'?re gonna|you are going to) (?:find out|see) what i'?m "
            r"(?:really )?(?:like|capable of)|"
            r"(?:you'?ll|you will|you'?re gonna|you are going to|you gonna) wish (?:you )?(?:had )?"
            r"(?:never|hadn'?t)|gonna need a new face|"
            r"put (?:him|her|you|them) in the ground|"
            r"won'?t be a (?:home|house|flat|place) to come back to|"
            r"^(?:this is )?(?:your |my )?(?:final|last) warning\W*$|cross me and|"
            r"(?:i have|i got|i know|me have|we have) (?:friends|people|family|mates|cousins|"
            r"contacts) (?:in|all over|everywhere)(?: [a-z']+){0,3}[^.!?\n]{0,40}(?:can'?t|cannot|"
            r"cyan|cant) hide|"
            r"(?:you|u|yuh|ya) (?:can'?t|cannot|cyan|cant|caan) hide from (?:me|us)|"
            r"watch (?:yer|ya|yo|yuh) back",
            "shame pity awkward easy unfortunate interesting laptop drive cloud post share sees "
            "accidents missing scene pretty capable wish face ground home house flat "
            "place warning cross hide back find like$",
            unless=GAMES
            + r"|\b(?:weather|rain|forecast|match|tickets|sold out|cake|surprise|holiday|film|"
            r"movie|lol|haha|bbq|sale|tesco|recipe|concert|gig)\b",
        ),
        # Step 17 (fresh6 became a dev set): leverage through people the reader answers to
        # ("I shall be speaking to your vicar", "I'm telling your dad everything"), private
        # pictures or messages sent on as a condition, and "accidents" to their things.
        rule(
            "threat.leverage_step17",
            "Threatens to tell people about you or share your private things",
            r"(?:i'?ll|i will|i shall|i'?m|i am|then i|mi wi|i) (?:be )?(?:speak|speaking|talk|"
            r"talking|tell|telling|contact|contacting|write|writing|go|going) (?:to )?(?:your|ur|"
            r"yu|thi|tha) (?:[a-z']+ )?(?:dad|daddy|father|mum|mom|mother|pastor|vicar|priest|"
            r"imam|uncle|aunty|auntie|employer|boss|church|parish|landlord|council|judge)"
            r"\b(?:[^.!?\n]{0,30})?(?:everything|all of it|about (?:you|your|what|everything)|"
            r"regarding|and your|tonight)|"
            r"(?:or|then|otherwise) (?:i'?ll |i will |i )?(?:send|show|forward|post|share) "
            r"(?:the|those|these|your|ur|all (?:the|your|ur|those)) (?:[a-z]+ )?"
            r"(?:videos?|vids|photos?|pics|pictures|messages|screenshots|nudes) (?:to|on|with)\b|"
            r"or (?:your|ur) [a-z]+ (?:gets|sees|will (?:get|see)) (?:the|those|these|your|ur|all|"
            r"my) (?:[a-z]+ )?(?:videos?|photos?|pics|pictures|messages|screenshots|texts|nudes)|"
            r"(?:ur|your) (?:pics|photos|nudes|videos) (?:r|are|will be|go|going) (?:on|up on) "
            r"(?:evry|every|all)|"
            r"(?:distribution|distribute|circulat\w+) (?:[^.!?\n]{0,40})(?:material|images|"
            r"photos|videos)|copies of (?:all )?(?:intimate|private)|"
            r"(?:cars?|dogs?|cats?|horses?|sheds?|greenhouses?) (?:get|go|gets|goes) (?:lost|"
            r"missing|accidents|stolen|hurt|broken into|smashed)(?: all the time| sometimes| "
            r"easily)?\W+(?:ja|no|eh|innit|you know|just saying|especially)\b|"
            r"(?:cars?|dogs?|cats?) get accidents",
            "speak speaking talk talking tell telling contact contacting write writing go going "
            "send show forward post share gets sees pics photos nudes videos distribution "
            "distribute circulat copies cars car dogs dog cats cat horses sheds greenhouses horse "
            "shed greenhouse photo video pictur messag screenshot text",
            unless=GAMES
            + r"|\b(?:party|birthday|surprise|present|good news|wedding|lift|pick up|dinner|"
            r"visit|recipe|thanks|thank|homework|grounded|bedtime|holiday|graduation|baby|cute|"
            r"funny|microchip|insurance|vet|rspca|lol|haha)\b",
        ),
    ],
)
