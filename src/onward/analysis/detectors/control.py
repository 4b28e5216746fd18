"""Control: telling the person what they may do, wear, spend, or whom they may see.

Caring advice shares the words ("stay home if you're ill", "don't wear the white shoes,
it's muddy", "you're not allowed to pay, my treat"), so rules name a restriction on the
person's freedom (friends, family, going out, clothes, money, phone, job) rather than any
imperative.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

_CARE = (
    r"\b(?:if you'?re (?:ill|sick|tired|unwell)|my treat|muddy|rain|raining|cold|freezing|"
    r"boiling|hot|icy|rest|burn out|you'?ll feel better|spoil|spoiler|ending|believe|"
    r"park|parking|landlord|the kids aren'?t|phones at school|hungry|go home|food|plate|"
    r"eating|spilled|spilt|stain\w*|ketchup|wet|dirty|covered|"
    # step 13: weather warnings and school-run logistics
    r"\w*storm|typhoon|snow\w*|flood\w*|hurricane|tornado|heatwave|"
    r"will you be home|drop (?:off )?the kids|pick up the kids|school run)\b"
)
_FREEDOMS = (
    r"(?:see|seeing|go|going|talk|talking|speak|speaking|text|texting|hang out|hanging out|"
    r"meet|meeting|visit|visiting|leave|leaving|wear|wearing|have|having|cut|cutting|"
    r"take|taking|spend|spending|work|working|drive|driving|use|using|call|calling|dye|"
    r"eat|post|posting)"
)

# Step 21: a parent's rule for a child ("no sleepover until the homework's
# finished", "only if Jo's mum will be there") and an order at work ("nobody leaves before the
# stocktake, head office says").
_CHILD_OR_WORK = (
    r"\b(?:homework|school night|kiddo|young (?:man|lady)|grounded|your teacher|"
    r"[a-z]+'?s (?:mum|mom|dad|parents?) (?:is|are|will be) there|head office|stock ?count|"
    r"stocktake|the rota|manager'?s orders|orders from)\b"
)

DETECTOR = RuleDetector(
    "control",
    [
        rule(
            "control.not_allowed",
            "Tells you what you are not allowed to do",
            r"<YOURE> (?:not|never) allowed|you aren'?t allowed|i (?:don'?t|do not|won'?t|"
            r"will not) (?:allow|let) you (?:to )?" + _FREEDOMS + r"(?!<END>)|i forbid|forbidden|"
            r"you (?:don'?t|do not|will not|won'?t) (?:go|leave) anywhere without (?:asking|"
            r"telling|me)|"
            r"<YOURE> not (?:going|to go) (?:out|anywhere|to (?:that|the|your|his|her|their|"
            r"this|a) (?!bed\b)[a-z]+)(?! (?:believe|need|like|want|regret|get|guess|find|"
            r"be|have))|you (?:will not|won'?t) (?:go|see|wear|leave|talk|speak|cut)\b"
            r"(?! (?:to me|through|well|far))|<YOURE> not (?:seeing|speaking to|talking to|wearing"
            r"|cutting|taking|"
            r"having|leaving|going out|dyeing) (?:that|this|him|her|them|it|again|anymore|"
            r"any more|ever|the kids|your|those|out|a bank|the flat|the house|[a-z]+ "
            r"again)|you can'?t go to (?:the|that|his|her|their|your) (?:hen|stag|party|"
            r"wedding|do|concert|gig|club|pub)|"
            r"you'?re not going anywhere (?:this|tonight|today|without)|"
            r"you(?:'ll| will) (?:no longer|never again|not) (?:see|talk to|speak to|visit|go to|"
            r"hang out with|text|call)|"
            r"you(?:'re| are| will| won'?t|'ll) not (?:be )?(?:attending|going to|seeing|"
            r"visiting)|you won'?t be (?:attending|going|seeing|visiting)|"
            r"you (?:can'?t|cannot) go (?:out|anywhere)(?! (?:in|like) (?:this|that) "
            r"(?:rain|weather))|"
            r"(?:don'?t|do not) (?:go|leave) (?:out |anywhere )?without (?:asking|telling) me",
            "allowed allow let$ won$ leave forbid longer never attending visiting anywhere "
            "going go will seeing speaking talking wearing cutting taking having leaving "
            "dyeing hen stag party wedding concert gig club pub speak hang ",
            # step 21: a treat, a doctor's orders or an exam's rule, in the sentence or the next
            # ("you're not allowed to pay, it's your birthday", "not allowed to lift anything
            # heavy, doctor's orders")
            unless=_CARE
            + "|"
            + _CHILD_OR_WORK
            + r"|\b(?:it'?s your birthday|doctor'?s orders|doctor said|physio|stitches|exam hall|"
            r"my treat|it'?s on me|anything heavy)\b",
        ),
        rule(
            "control.permission",
            "Says you need their permission",
            r"(?:my|need|needs|without) permission|ask (?:me|my permission) (?:first|before)|"
            r"ask (?:me )?(?:for )?permission|(?:that'?s|that is) final|"
            r"when i say (?:you can|so)|"
            r"(?:without|before) (?:asking|checking with|telling) me|check with me (?:first|"
            r"before)|when i say so|(?:i'?ll|i will) tell you when you can|"
            r"(?:i|i'?ll|i will|i get to) (?:decide|choose) (?:who|what|where|when|how) you|"
            r"(?:decide|know) what'?s best for you|"
            r"(?:do|did) (?:as|what) (?:you'?re|you are|you were|i) (?:told|say|said)|"
            r"(?:that'?s|this is|it'?s) not a request|end of (?:discussion|story)<END>|"
            r"from now on you (?:ask|tell|check|don'?t|won'?t|will|can|need)|"
            r"you'?ll (?:wear|eat|do|say|go) (?:what|where|whatever) i",
            "permission final best ask asking checking telling check say tell decide choose told s"
            "aid "
            "request end now wear eat go whatever ",
            unless=r"\b(?:landlord|boss|school|council|doctor|days off|holiday form)\b",
            # step 21: the writer says no permission is needed
            unless_anywhere=r"\b(?:don'?t|do not|doesn'?t|never) need (?:my|anyone'?s|our) "
            r"permission\b",
        ),
        rule(
            "control.people",
            "Tells you to cut off people in your life",
            r"(?:delete|block|unfollow|unfriend|remove|unadd) (?:him|her|his number|her number|"
            r"them|their number|your ex|that guy|that girl|all (?:the |those |your )?(?:guys|men|"
            r"girls|boys|lads)|every (?:guy|man|girl|boy|lad)s?)|"
            r"(?:stop|quit) (?:seeing|talking to|texting|hanging out with|hanging with|speaking to|"
            r"meeting) (?:him|her|them|that (?:guy|girl|man|woman|lot)|those (?:people|guys|girls|"
            r"friends)|your (?:friends?|mates?|family|sister|brother|mum|mom|dad|ex|colleagues?|"
            r"workmates?)|[a-z]+(?=<END>| again| anymore| any more| now))|"
            r"(?:don'?t|do not|never) (?:talk|speak|text|message) to (?:any|other) (?:men|"
            r"guys|women|girls|lads)|no (?:more )?(?:male|female|guy|girl) friends|"
            r"(?:i )?(?:don'?t|do not) want you (?:wearing|talking|seeing|speaking|texting|hanging|"
            r"going|meeting|visiting)|(?:not|never) (?:allowed )?to have (?:male|female|"
            r"guy|girl) friends|cut (?:off )?(?:your )?(?:friends|family|sister|mum|mom) "
            r"(?:off|out)|stop seeing your friends|no more (?:girls'? nights?|nights out|"
            r"lads'? nights?|going out|gym|classes)",
            "delete block unfollow unfriend remov unadd seeing talking texting hanging "
            "speaking meeting men guys women girls lads friends want cut more",
            unless=r"\b(?:spam\w*|app|calendar|out friday|diary|contact me|the pic|pic of me|"
            r"photo of me|the dog|biscuits|scam\w*|bot|fake|troll)\b",
            # step 21: advice to block someone else ("block him, you don't owe him a reply")
            unless_anywhere=r"\byou don'?t owe (?:him|her|them)\b|"
            r"\b(?:screenshot|report (?:him|her|it|them))\b",
        ),
        rule(
            "control.appearance",
            "Tells you what to wear or how to look",
            r"(?:change|take off|wipe off|wipe) (?:your |that |the )?(?:[a-z]+ )?(?:top|dress|"
            r"skirt|makeup|"
            r"make-up|lipstick|outfit|clothes|shirt|jeans)(?! (?:for|to|if)\b)|"
            r"(?:take|wipe) that (?:top|dress|skirt|makeup|make-up|lipstick|outfit) off|"
            r"(?:not|don'?t|never) (?:going out |leaving )?(?:dressed|wearing|dress) like that|"
            r"(?:don'?t|do not|never) (?:even think about |you dare )?wear(?:ing)? (?:that|"
            r"this|those|a) (?:dress|skirt|top|outfit|makeup|shorts)|"
            r"(?:stop|quit) wearing|(?:not|never) (?:cutting|dyeing) your hair|"
            r"you'?ll wear what i",
            "change take wipe dress wear cutting dyeing",
            unless=_CARE,
        ),
        rule(
            "control.going_out",
            "Tells you where you may go",
            r"(?:don'?t|do not) you (?:dare|ever) (?:go|leave|see|talk|speak|wear)|"
            r"(?:don'?t|do not) even think about (?:going|leaving|seeing|wearing)|"
            r"(?:stay|you'?ll stay|you will stay) (?:home|in) (?:tonight|this weekend|all "
            r"weekend|today)(?!\?)|you(?:'ll| will| are going to|'re going to) stay (?:home|in)"
            r"(?:<END>| tonight| today| this weekend| all)|be home by (?:\d+|[a-z]+)|"
            r"(?:expect|want) you (?:home|back) by|<YOURE> staying (?:home|in)\b(?!\?)|"
            r"come straight home|no detours|"
            r"stay put|"
            r"(?:cancel|call off) (?:the|your|that) (?:trip|holiday|plans|night out|weekend "
            r"away)|(?:stop|quit) going to (?:those|that|the|your)|"
            r"(?:quit|leave|drop) (?:the|your|that) (?:gym|class|classes|course|team|band|choir|"
            r"club)\b|"
            r"(?:move|come) back in with me\W+(?:that'?s|it'?s|this is) not|"
            r"you'?re not going to (?:your|the|that|his|her) [a-z']+ (?:wedding|party|"
            r"interview|do|night|thing)",
            "dare ever think stay staying expect quit drop gym class course team band choir "
            "club home detours put cancel off going straight move back want$",
            unless=_CARE,
            # step 21: someone else home by a time ("the nurse thinks she'll be home by Friday")
            unless_anywhere=r"\b(?:he|she|they|it|dad|mum|mom|nan|gran)(?:'?ll| will| should| "
            r"might| could| may|'?d)? be home by\b|\bhome by the (?:weekend|end of)",
        ),
        rule(
            "control.money",
            "Controls your money, phone or documents",
            r"(?:give|hand) (?:me )?(?:over )?your (?:card|cards|wages|salary|pay|money|bank "
            r"card|pin|payslip|paycheck|paycheque|bank statements|statements)|"
            r"give you an allowance|leave your phone (?:on the table|with m"
            r"e|"
            r"out)|(?:i'?ll|i will|i'?m going to) (?:handle|control|manage|keep|"
            r"take) (?:the|your|all the) (?:money|finances|wages|cards)|"
            r"(?:not|never) having (?:a|your own) (?:bank account|account|card)|"
            r"(?:i'?m|i am|i'?ll be) in charge of (?:your (?:money|finances|bank|cards?|wages)|"
            r"(?:the |all the )?(?:money|finances)(?: now| from now on))|"
            r"your own (?:bank account|money)(?! (?:is|was))|"
            r"(?:i'?m|i am|i'?ll|i will|i'?ve|i'?ll be) (?:taking|take|keeping|keep|hiding|hide|"
            r"holding|took|"
            r"taken|cancelled|canceled) your (?:car keys|passport|documents|cards?|bank card|"
            r"phone contract|phone|id|visa|keys so)|"
            r"(?:quit|leave) (?:your|that) job|tell your boss you'?re quitting|"
            r"(?:shut|delete|deactivate|close) (?:down )?your (?:instagram|facebook|account|"
            r"socials|tiktok|snap|snapchat|twitter)(?: down)?|shut your [a-z]+ down|"
            r"(?:take|took) (?:that|the|this) (?:photo|pic|post|picture) down|"
            r"(?:ask|asking|check|checking) (?:me )?before you (?:buy|spend|make|go|book|"
            r"see)|spend that much",
            "give hand paycheck paycheque allowance keeping holding money finances wages job "
            "quitting shut instagram facebook account socials tiktok snap twitter spend taking "
            "take hiding hide took taken cancelled canceled charge own$ having before table leave "
            "keep$ card ",
            unless=r"\b(?:i look|of me|spam|look awful)\b",
        ),
        # Compositional families (issue #4): "you don't/won't <verb> ... anymore", "no more
        # <activity>", cut-off verbs + people nouns, modal + quit + job nouns.
        rule(
            "control.anymore",
            "Tells you what you are not allowed to do",
            r"you (?:don'?t|do not|won'?t|will not|are not|aren'?t|'re not|will never|'?ll never)"
            r" (?:be )?(?:see|seeing|go|going|talk|talking|speak|speaking|text|texting|call|"
            r"calling|visit|visiting|meet|meeting|hang|hanging|wear|wearing|drink|drinking|"
            r"message|messaging) (?:(?!me\b|us\b)[a-z']+ ){0,5}?(?:anymore|any more|ever again)"
            r"\b(?![^.!]*\?)|"
            r"no more (?:talking|texting|messaging|seeing|going out|nights out|girls'? nights?|"
            r"lads'? nights?|gym|drinks with|hanging out|parties|dancing|facebook|instagram|"
            r"insta|snapchat|tiktok)\b(?! for me)",
            "anymore any$ ever$ more$",
            unless=_CARE + r"|\b(?:i'?m|for me|myself|promise|pinky)\b",
        ),
        rule(
            "control.cut_off",
            "Tells you to cut off people in your life",
            r"(?:delete|block|unfriend|unfollow|remove|get rid of) (?:the |his |her |their |that |"
            r"those |all |every |any |all the |all of the |all of your |all your )(?:[a-z']+ )"
            r"{0,3}?(?:number|contact|guys?|men|man|blokes?|lads?|boys?|girls?|women|woman|exes|"
            r"ex|followers|friends?)\b|"
            r"stop (?:hanging out|hanging around|seeing|talking to|speaking to|texting|messaging|"
            r"going out|meeting up) (?:with |w )?(?!me\b|us\b|things|stuff)(?:him|her|them|your|"
            r"ur|that|those|the|[a-z]+)",
            "delete block unfriend unfollow remove rid hanging seeing talking speaking texting "
            "messaging going meeting",
            unless=_CARE + r"|\b(?:spam|scam|scammer|bot|virus|junk)\b",
        ),
        rule(
            "control.quit",
            "Tells you what you are not allowed to do",
            r"you(?:'?ll| will|'re going to|'re gonna| are going to| need to| have to| must|"
            r"'d better| better) (?:quit|leave|give up|drop|stop|hand in your notice at) (?:your|"
            r"ur|this|that|the) (?:job|course|class|classes|gym|team|band|choir|studies|"
            r"degree|uni|college|football|netball|night shifts?)\b|"
            r"^\W*(?:just )?quit (?:your|ur|the|that) (?:job|course|gym|team|band|choir)\b",
            "job course class gym team band choir studies degree uni$ college football "
            "netball night",
            unless=_CARE + r"|\b(?:miserable|stressed|stress|unhappy|burn|burnt|health|if you "
            r"want|up to you|your call|support you|proud)\b",
        ),
        rule(
            "control.restricts",
            "Tells you what you are not allowed to do",
            r"i'?ve (?:cancelled|canceled|stopped|blocked|frozen|closed) your (?:gym|membership|"
            r"bank card|card|bank account|phone contract|passport|driving lessons|course)|"
            r"wear something (?:less|decent|appropriate|longer|more modest|covered)|"
            r"(?:less|too) revealing|"
            r"you can'?t (?:see|go out with|meet|visit|talk to|text|call) (?:your|ur|him|her|"
            r"them|any|those|that)\b|"
            r"get rid of (?:all )?(?:of )?(?:his|her|your ex'?s|that guy'?s) (?:stuff|things|"
            r"gifts|photos|presents)|"
            r"(?:no|not|never) (?:going out|seeing (?:your|ur) friends|nights out|drinking|going "
            r"anywhere)[^.!?]{0,20}(?:unless|without) (?:i'?m|me|my|i)\b|"
            r"(?:you'?re|you are) not to (?:see|speak|talk|go|leave|wear|text|call|contact|visit|"
            r"meet|drink|drive|spend)",
            "cancelled canceled stopped blocked frozen closed decent appropriate longer modest "
            "covered less revealing can't$ rid unless without you're$ are$ ur$ ",
            unless=_CARE + r"|\b(?:contagious|covid|isolat\w*|germs|quarantine|surprise|party|"
            r"it'?s a secret|spoil)\b|" + _CHILD_OR_WORK,
        ),
        # Issue #4, step 11: families by failure class (fresh3 became a dev set).
        rule(
            "control.decides",
            "Decides for you",
            r"i (?:decide|have decided|'?ve decided|will decide) (?:this|for you|what you|where "
            r"you|who you)\b|"
            r"i (?:will not|won'?t) have you (?:visiting|seeing|going|talking|texting|wearing|"
            r"working|going out)|"
            r"(?:cleared|approved|checked|okayed|ok'?d) (?:with|by) me first|"
            r"(?:<YOUR>|ur) (?:wages|salary|pay|pay cheque|paycheck|money) (?:go|goes|will go) "
            r"(?:in)?to (?:the joint|my|our) account|"
            r"(?:get|have) (?:<YOUR>|ur) (?:bank card|card|car keys|money|passport) "
            r"back when",
            "decide decided have first account card car passport money",
            unless=_CARE + r"|\b(?:festival|gig|crowd|concert|so i can (?:find|pick|get|meet)|"
            r"pick you up|boss|manager|holiday dates|rota|shift|invoice|lol|haha)\b",
        ),
        # Issue #4, step 13: families by failure class (fresh4 became a dev set).
        rule(
            "control.forbids_outing",
            "Tells you what you are not allowed to do",
            r"(?:you|u|<YOURE>) (?:don'?t|do not|ain'?t|aint|are not|not|will not|won'?t) "
            r"(?:go|going|goin|attend|attending|put|putting|wear|wearing) (?:to |for |on )?"
            r"(?:that|this|those|the|them|your|ur|any) (?:[a-z]+ ){0,2}?(?:work do|do|party|"
            r"parties|concert|gig|wedding|church|festival|trip|night out|club|pub|bar|"
            r"event|skirt|dress|top|course|class|gym|reunion|hen|stag)\b|"
            r"(?:you|u) (?:don'?t|do not|won'?t|will not) (?:go|leave|go out|leave the house) "
            r"(?:[a-z']+ ){0,4}?without (?:me|texting me|telling me|asking me|my)\b|"
            r"(?:you|u) (?:will not|won'?t|do not|don'?t) (?:work|spend) (?:in|at|any|money on)\b",
            "do$ party parties concert gig wedding church festival trip night club pub bar event "
            "skirt dress top course class gym reunion hen stag without work spend",
            requires=r"\b(?:end of|said what i said|is that clear|clear|(?:don'?t|do not|won'?t) "
            r"allow|not asking|told you|the rule|from now|stay home|i say|i'?m checking|"
            r"(?:don'?t|do not) want you|permission|not agreed|not going|submit|without me|"
            r"no right|i said|final|you look like|men come|i don'?t allow)\b",
            unless=_CARE + r"|\b(?:believe|guess|regret|need to|have to|lol|haha|sick|ill|"
            r"fever|contagious)\b|" + _CHILD_OR_WORK,
        ),
        rule(
            "control.permission_step13",
            "Says you need their permission",
            r"(?:i|we) (?:don'?t|do not|won'?t|will not) allow (?:it|this|that)\b|"
            r"(?:i'?ve|i have) not (?:given|agreed to|allowed)\b|"
            r"(?:haven'?t|never|not) given (?:you )?(?:my )?permission|"
            r"requires? my (?:sign-?off|approval|permission|say-?so|ok)\b|"
            r"i say when (?:it|we|this|you)\b|"
            r"from now(?: on)?,? (?:you|your|ur|u) (?:[a-z']+ ){0,3}?(?:don'?t|do not|always|"
            r"never|must|only|stay|have to|need to|will|is always|are always)\b|"
            r"(?:turn|keep|put|switch) (?:<YOUR>|ur) read receipts (?:back )?on|"
            r"keep (?:<YOUR>|ur) phone on loud|"
            r"(?:don'?t|do not) get to turn (?:it|that|them) off",
            "allow given agreed allowed permission requires require say$ from receipts loud turn",
            unless=_CARE + r"|\b(?:festival|gig|crowd|concert|so i can (?:find|pick|get|meet)|"
            r"pick you up|pickup|hike|signal|boss|manager|battery|lol|haha|"
            # refusing the breakup itself is refuses_breakup ("I won't allow it")
            r"break ?up|breakup|break up with me|leave me|leaving me|split|divorce)\b",
        ),
        # Issue #4, step 15: families by failure class (fresh5 became a dev set).
        rule(
            "control.forbids_step15",
            "Tells you what you are not allowed to do",
            r"(?:you|u|yuh|yow|ya|you'?re|your|ur) (?:ain'?t|aint|no|nah|nuh) (?:going|goin|go|"
            r"seeing|see|wearing|wear|taking|take|moving|leaving|meeting)\b|"
            r"(?:you'?re|you are|your|ur) not (?:seeing|wearing|taking|moving|leaving|meeting)\b|"
            r"(?:not|never) (?:aloud|alowed|allowd|alloud) to|"
            r"(?:please )?(?:do not|don'?t) (?:meet|see|talk to|go to|visit) (?:your|ur) "
            r"[a-z']+ (?:friends|mates|colleagues|family|ex'?s?|sister|brother|mum|mom)",
            "ain aint no$ nah nuh seeing wearing taking moving leaving meeting aloud alowed allowd "
            "alloud friends mates colleagues family ex$ exs$ sister brother mum mom",
            requires=r"\b(?:end of|said what i said|is that clear|not asking|told you|the rule|"
            r"from now|stay home|i say|final|simple|an order|(?:don'?t|do not) allow|i decided|"
            r"that is enough|is enough|cancel|your place is|poison|again|change|anymore|agen|"
            r"alredy|i don'?t care|i don'?t like it)\b",
            unless=_CARE + r"|\b(?:believe|guess|regret|lol|haha|sick|ill|fever|contagious|"
            r"if you don'?t want|up to you|no worries|no pressure|homework|bedtime|"
            r"school night|age)\b",
        ),
        rule(
            "control.authority_step15",
            "Tells you what you may or may not do",
            r"that'?s an order|that is an order|(?:that is|that'?s) the rule|(?:dat|that)'?s "
            r"final|i (?:don'?t|do not) allow<END>|i decided it is better|and that is enough|"
            r"that'?s how (?:this|it) works|(?:your|ur) place is (?:here|at home|with (?:me|us|"
            r"the))|you ask (?:me )?(?:if|when|before) you (?:need|want) to go|"
            r"i'?ll give you (?:cash|money|an allowance) (?:each|every) (?:week|month|day)|"
            r"i hold the (?:car )?keys|you stay off (?:it|the)|get changed,? you'?re "
            r"embarrassing|cancel the (?:van|move|movers|trip|booking|flight)",
            "order rule final allow decided enough works place ask cash money allowance hold "
            "stay changed cancel",
            requires=r"\b(?:you|u|yuh|yow|ya|your|ur)\b",
            unless=_CARE + r"|\b(?:homework|bedtime|school night|kids?|children|teacher|"
            r"class|game|referee|lol|haha|board game|house rules)\b",
        ),
        # Step 17 (fresh6 became a dev set): money taken over, permission given or refused,
        # standing orders about clothes, the phone, going out and coming home, in dialect
        # and in formal English.
        rule(
            "control.rules_step17",
            "Tells you what you may or may not do",
            r"from now (?:on )?you (?:run|send|ask|give|hand|show|check)|"
            r"i (?:decide|'?ll decide|will decide) (?:about )?(?:the )?money|i'?ll sort the money|"
            r"give (?:us|me) your (?:bank )?card|hand over your (?:bank )?card|"
            r"i (?:don'?t|do not) give (?:you )?permission|i (?:will|'?ll) approve it|"
            r"(?:we|i) (?:already )?decided you (?:stay|will|are|don'?t|can'?t)|"
            r"no more (?:short |mini |tight |low )?(?:skirts|dresses|shorts|make-?up|lipstick|"
            r"nights out|girls'? nights?)|"
            r"(?:you )?don'?t need (?:no|a) job\W+i (?:make|earn)|"
            r"(?:tha'?ll|you'?ll|you will) ask me (?:afore|before) (?:tha|you) go|"
            r"but you (?:leave|come home|are home|be home) (?:at|by) (?:ten|eleven|midnight|\d)|"
            r"(?:ye'?ll|tha'?ll|you'?ll|you will) not be (?:goin|going) to|"
            r"(?:thoo'?s|tha'?s|you'?s) not (?:gannin|goin)(?! anywhere)|"
            r"make-?up off before|you wear the [a-z]+(?: [a-z]+)? when you go out|"
            r"\bno exceptions\W+(?:[a-z]+ ){0,2}(?:phone|stays|you)|"
            r"(?:phone|the phone) stays on\b|leave the phone on the table|"
            r"you only go (?:to )?(?:[a-z]+ ){1,3}when i|"
            r"(?:don'?t|do not) you be (?:cutting|dyeing|wearing|going)|"
            r"you will not take the job|cease all contact with|refrain from attending",
            "now decide money sort card permission approve decided skirts dresses shorts make "
            "lipstick nights job ask leave home goin going gannin off wear exceptions phone only "
            "cutting dyeing wearing take cease refrain girl ",
            requires=r"\b(?:you|u|yuh|ya|your|ur|tha|thoo|ye|thi)\b",
            unless=_CARE + r"|\b(?:homework|bedtime|school night|teacher|class|game|referee|"
            r"lol|haha|board game|house rules|exam|dress code|uniform|office policy|gym|"
            r"weather|forecast|storm|refund|if you'?re (?:ill|sick)|doctor)\b",
        ),
    ],
    excused_by_laughter=True,
)
