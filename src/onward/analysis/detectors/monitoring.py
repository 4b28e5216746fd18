"""Monitoring: demands to know where the person is and with whom, proof, phone and account
access, location tracking, and showing that they have been watched.

"Where are you?" on its own is ambiguous (it is also how friends find each other), so it is
flagged only with insistence: "right now", "answer me", a second "where are you", or asked
in capitals. Caring check-ins ("let me know you got home safe") and logistics ("share your
location so I can pick you up") are left alone.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

_LOGISTICS = (
    r"\b(?:so i can (?:find|pick|get|meet|come)|pick you up|i'?m lost|find you|missed you|"
    r"hope|trains?|traffic|"
    r"we'?re (?:at|by|in)|table|parked|i'?m at the|safe|ok\?|okay\?|landed|dinner|"
    r"expenses|form|"
    # step 21: meeting up at a place ("where are you now? I'll meet you by the entrance"), a
    # visitor or client waiting ("where were you at 2? the client was at reception")
    r"(?:we'?ll|i'?ll) meet you|meet you (?:at|by|outside|there)|exit|entrance|car park|"
    r"platform|gate|client|reception|no worries)\b"
)

# Step 15: finding or fetching someone, for families that ask where someone *was*
_FINDING = (
    r"\b(?:so i can (?:find|pick|get|meet|come)|pick you up|i'?m lost|find you|safe|landed|"
    r"hope you'?re ok|are you ok)\b"
)

DETECTOR = RuleDetector(
    "monitoring",
    [
        rule(
            "monitoring.whereabouts",
            "Demands to know where you are",
            r"where (?:are|r) you(?: right)? now(?! then)|where (?:are|r) you exactly|"
            r"where (?:are|r|were) you really|where (?:are|r) you\W+(?:answer|pick up|why|who|"
            r"i know|don'?t lie)|where (?:are|r) you\W+where (?:are|r) you|"
            r"where were you (?:last night|today|all day|at \d|between|till|until|earlier|"
            r"this morning|tonight)|"
            r"(?:i need to know|tell me|i want to know) (?:exactly )?where you (?:are|were|"
            r"went|go)|tell me (?:every|each) (?:place|where)|where you went (?:tonight|today|"
            r"last night)|(?:which|what) (?:bar|pub|club|restaurant|house)\W+exact|"
            r"exact (?:name|address|location)|i asked your [a-z]+ where you|"
            r"where did you go (?:last night|after|today)",
            "where tell exact",
            unless=_LOGISTICS,
        ),
        rule(
            "monitoring.shouted_where",
            "Demands to know where you are",
            r"where (?:are|r) you",
            "where",
            needs_caps=True,
            unless=_LOGISTICS,
        ),
        rule(
            "monitoring.company",
            "Asks who you are with or talking to",
            r"who (?:tf |the fuck |the hell )?(?:are|r|were|was|is) (?:you )?(?:with|texting|"
            r"messaging|talking to|"
            r"on the phone to|calling|snapchatting)(?! (?:tonight\?|at the (?:party|gig)))|"
            r"who(?:'re| are) you with|who were you (?:with|talking to|texting|messaging)|"
            r"who'?s (?:with you|texting you|messaging you|calling you)|"
            r"who (?:liked|commented on|follows) your|who were you talking",
            "who",
            # step 21: counting heads or adding people ("who are you with? need numbers for the
            # taxi"), a friend's curiosity
            unless=r"\b(?:plates|numbers|how many|headcount|taxi|booking|seats|email|invite|"
            r"add them|the meeting|spill|do you know where (?:he|she))\b|[\U0001F440]",
        ),
        rule(
            "monitoring.proof",
            "Asks for proof of where you are",
            r"(?:send|show) me (?:a |the )?(?:pic|picture|photo|selfie|video|screenshot|"
            r"proof)s? (?:of )?(?:where|who|the room|yourself|you and|you with|your screen|"
            r"your surroundings|so i|now|right now|to prove)|"
            r"(?:send|show) (?:me )?a (?:selfie|pic|photo|video) (?:now|right now|so i)|"
            r"(?:send|want|need) (?:me )?(?:a )?(?:photo|pic|picture|screenshots?) of "
            r"(?:the receipt|your (?:chats|messages|texts|screen|location))|"
            r"screenshots? of your|prove (?:it|that|you'?re|you are|where|you were)|"
            r"(?:facetime|video call|videocall) me (?:now|right now|so i|and show)|"
            r"show me the room|so i know (?:you'?re|you are) (?:really |actually )?(?:home|"
            r"alone|there|at)|what were you doing (?:between|at|with|last|all)|"
            r"what time did you get (?:home|in|back)|(?:don'?t|do not) lie,|and don'?t lie",
            "send$ show photo pic$ picture selfie video screenshot prove proof facetime room "
            "know doing time lie",
            unless=r"\b(?:let me prove|i'?ll prove|i can prove|to prove (?:it|myself)|chance)\b|"
            # step 21: a receipt for a claim or a return ("the receipt, so I can get a refund")
            r"\b(?:warranty|guarantee|claim|refund|return it|returns|reimburs\w*)\b|"
            # step 21: a household noticing, not checking ("what time did you get in? didn't
            # hear you")
            r"\b(?:didn'?t|did not) hear you\b|"
            r"\b(?:expenses|form|dog|cat|baby|holiday|view|dress|outfit|hope|safe|trains?|"
            r"traffic)\b",
        ),
        rule(
            "monitoring.location",
            "Asks to track your location",
            r"(?:share|turn on|turn back on|switch on|put on|send me) (?:<ADV1>)(?:your )?"
            r"(?:live )?location|turn your location (?:back )?on|"
            r"your location (?:says|is|shows|was|in)|why is your location|snap ?map|life ?360|"
            r"find my (?:iphone|phone|friends)|airtag|(?:i'?m|i am|been) tracking|"
            r"track(?:ing)? your (?:phone|location|car)|app on your phone|i see everything",
            "location snap life find airtag track app everything",
            unless=r"\b(?:so i can (?:find|pick|get|meet|come)|pick you up|i'?m lost|"
            r"parcel|delivery|"
            # step 13: finding each other ("send me your location, we're lost")
            r"lost|maps|can'?t find|pickup|entrance|meeting spot|walk home|just in case|"
            # step 21: a ride or a trip finding the reader ("so the driver can find you", "on
            # the school trip, for when the coach is back"), a walk home at night
            r"can find you|taxi|uber|cab|driver|coach|school trip|walking home|keep an eye out|"
            r"festival|hike|signal)\b",
        ),
        rule(
            "monitoring.calls",
            "Asks why you did not answer",
            r"(?:why|how come) (?:didn'?t|did not|don'?t|do not|aren'?t|are not|won'?t|"
            r"haven'?t|weren'?t|"
            r"wouldn'?t|are|r) you (?:not )?(?:answer|answering|answered|pick|picking|picked|"
            r"reply|replying|replied|respond|responding|responded|text back|texted back|call back|"
            r"called back|rung|rang|ignoring)|"
            r"why (?:is|was) your phone (?:off|busy|engaged|on silent|switched off)|"
            r"your phone (?:was|is|has been|went) (?:off|busy|dead|switched off|on silent) "
            r"(?:for|all|again|since)|"
            r"why did (?:it|you) take (?:you )?(?:so long|that long|ages|forever|\w+ (?:mins?|minu"
            r"tes|"
            r"hours?|secs?|seconds)) to|"
            r"answer (?:your|the|my) (?:phone|calls?|texts?|messages?)<END>|"
            r"answer your phone|pick up (?:the|your) phone|i'?ve called (?:you )?\d+ times|"
            r"(?:don'?t|do not) (?:turn|switch) your phone off|keep your phone on|"
            r"call me back (?:immediately|right now|now)",
            "phone why answer pick called turn switch keep call repl respond text rung$ rang$ "
            "ignor",
            negatable=False,
            unless=r"\b(?:tell me|birthday|earlier\? wanted|when you can|no worries|no rush|no "
            r"problem|call (?:me )?later|whenever|group chat|the email|the invite|the form)\b",
        ),
        rule(
            "monitoring.phone_access",
            "Asks for your phone, passwords or accounts",
            r"(?:password|passcode|pin|code|login) (?:to|for|of) your (?:phone|account|email|"
            r"insta|instagram|snap|facebook|icloud|laptop)|"
            r"your (?:[a-z]+ )?(?:password|passcode|pin code|login)(?! (?:for the wifi|reset))|"
            r"(?:your|the new|what'?s the) (?:new )?(?:password|passcode|pin|login|log in "
            r"details)(?! for the wifi)(?! reset)|(?:give|hand|unlock) (?:me )?your phone|"
            r"hand (?:it|your phone|them) over|unlock your phone|"
            r"(?:let me|i want to|i need to|i'?m going to) (?:see|check|read|look at|look "
            r"through|go through) your (?:phone|messages|texts|chats|emails|dms|call log|"
            r"bank)|why did you (?:change|delete|wipe|clear) (?:(?:your|the) (?:password|"
            r"passcode|pin|messages|texts|chats|number|history|call log)|it\b)|"
            r"change (?:the|your) (?:password|passcode|pin)|log(?:ged)? ?in(?:to)? your|"
            r"i (?:logged|got|hacked) into your|(?:read|blue) (?:receipts|ticks)|"
            r"i know you read my|show me your (?:phone|messages|texts|chats|dms|emails|call log|"
            r"camera roll|photos|search history)|your bank (?:statements|account|app|history|detai"
            r"ls)|"
            r"leave your phone (?:on the table|with me|out)",
            "password passcode pin login log phone hand unlock messages texts chats emails dms "
            "bank change delete wipe clear logged got hacked receipts ticks read code camera "
            "photo search",
            unless=r"\b(?:wifi|netflix|router|the shared|reset|forgot|forgotten|expired|"
            r"transfer|refund|pay you back|owe you|i'?ll send)\b",
        ),
        rule(
            "monitoring.watching",
            "Shows they have been watching you",
            r"i (?:saw|see|seen|can see|know|noticed) (?:that )?(?:you were|your car|"
            r"you (?:at|in|with|outside|online|last)|you went)(?! (?:on|in) (?:the )?(?:news|"
            r"telly|tv|paper))|"
            r"(?:you were|were you) (?:online|active|last seen)|"
            # step 17: not a notice for a lost pet or thing ("last seen near the chip shop")
            r"last seen(?! (?:near|by|around|heading|wearing|in the|on the|at the|outside the))|"
            r"(?:i can see|i saw|i see) (?:that )?(?:you'?re|you are|you were) (?:online|active|"
            r"on (?:insta|instagram|snap|snapchat|whatsapp|facebook|tiktok))|"
            r"i know (?:what time|when) you (?:finish|leave|get|go)|"
            r"i know you'?re (?:in there|home|there|at|in)\b|"
            r"(?:i|i'?ve) (?:followed|was following|been following|drove past|drive past|"
            r"been watching|was watching|watched|been checking|checked|went through|been "
            r"reading|have been (?:reading|checking|watching|following|tracking)|literally "
            r"watched) "
            r"(?:you|your)|i (?:know|saw) (?:where you (?:were|went|'ve been)|who you)|"
            r"your (?:friend|brother|sister|mum|mom|mate) (?:told|said) (?:me )?where|"
            r"your work says|"
            # step 15: a light on needs a verb or "your" ("light on the laundry line" is not)
            r"(?:your|ur) (?:[a-z]+ )?lights? (?:(?:were|are|is|was) )?(?:still )?on\b|"
            r"lights? (?:were|are|is|was) (?:still )?on\b|"
            r"(?:see|seen|saw|noticed) (?:the |your |ur )?lights? (?:were |are |was )?(?:still )?"
            r"on\b|(?:his|her|a|some) (?:[a-z]+ )?car "
            r"(?:outside|at|in) your|why (?:were|was) you (?:in|at|online)|"
            r"i'?ve been watching",
            "why read literally saw see seen know notic online active last follow drov drive watch"
            " check went "
            "friend brother sister mum mom mate work light car track",
            unless=r"\b(?:post|news|telly|tv|congrat|great|amazing|looked great|race|"
            r"marathon|video|story about|if i see|when i see|can you|could you|"
            # step 17: admiring what was passed ("drove past your new place, it looks lovely")
            r"looks? (?:lovely|nice|gorgeous|beautiful|fab|brilliant)|say hi|"
            # step 21: a notice for something lost ("Missing: tabby cat, reward, last seen
            # ..."), and a match or show watched ("I watched your gig online")
            r"(?:lost|missing):? (?:tabby |black |white |ginger )?(?:cat|dog|pet|kitten|puppy)|"
            r"answers to|reward|microchip\w*|collar|"
            r"your (?:match|goal|gig|concert|recital|performance|stream|game)|"
            r"(?:gig|concert|recital|stream|match|game) (?:online|on (?:tv|the telly|youtube)))\b",
        ),
        rule(
            "monitoring.check_ins",
            "Asks you to report in",
            r"check in with me|text me (?:the second|as soon as|the minute) you (?:leave|get)|"
            r"(?:text|call|message) me every (?:hour|half hour|\d+ minutes)|"
            r"what took you so long|who'?s car|whose car",
            "check every took car whose second minute soon",
            unless=r"\b(?:safe|so i don'?t worry|hotel|land|"
            # step 21: a car in the way ("whose car is parked across the driveway?")
            r"blocking|blocked|in the way|loading bay|driveway|double parked|parked (?:in|on|"
            r"across)|alarm|lights on)\b",
        ),
        # Compositional families (issue #4): why + (aux) + you + negation + reply verbs, in
        # learner order too ("why you didn't answer"); proof verbs + media nouns; "exactly".
        rule(
            "monitoring.why_no_reply",
            "Asks why you did not answer",
            r"(?:why|how come) (?:didn'?t|don'?t|won'?t|aren'?t|weren'?t|haven'?t|wouldn'?t|"
            r"couldn'?t|can'?t) you (?:<ADV1>)(?:answer|reply|repl|respond|pick|text|call|ring|"
            r"read|open|get back)|"
            r"(?:why|how come) (?:(?:did|do|are|were|have|would|will) )?you (?:not|never|"
            r"didn'?t|don'?t|did not|do not|won'?t|haven'?t) (?:<ADV1>)(?:answer|reply|repl|"
            r"respond|pick|text|call|ring|read|open|get back)|"
            r"(?:why|how come) (?:(?:are|were|r) )?you (?:ignoring|ignored|avoiding|dodging|"
            r"screening) (?:me|my)|"
            r"(?:why|how come) (?:(?:did|does|do) )?(?:it |you )?(?:take|took|taking|takes) "
            r"(?:you )?(?:so|that|this) long to (?:answer|reply|respond|text|call|pick|get back|"
            r"read|open)|"
            r"(?:why|how come) (?:is|was|does|did|has|'?s) your phone (?:[a-z']+ ){0,3}?(?:busy|"
            r"off|engaged|silent|voicemail|dead)",
            "why come$",
            negatable=False,
            unless=r"\b(?:tell me|birthday|earlier\? wanted|when you can|no worries|no rush|no "
            r"problem|call (?:me )?later|whenever|group chat|the email|the invite|the form|"
            r"the door|the question)\b",
        ),
        rule(
            "monitoring.answer_me",
            "Demands that you answer",
            r"answer (?:me|the phone|your phone)\W+(?:[a-z' ]{0,20}\W+)?answer (?:me|the phone|"
            r"your phone)",
            "answer",
            negatable=False,
        ),
        rule(
            "monitoring.shouted_answer",
            "Demands that you answer",
            r"answer (?:me|the phone|your phone|your fucking phone|my calls)",
            "answer",
            needs_caps=True,
        ),
        rule(
            "monitoring.company_plain",
            "Asks who you are with or talking to",
            r"who (?:you|u) (?:talking|texting|messaging|chatting|snapchatting|calling|on the "
            r"phone|facetiming)\b",
            "who",
        ),
        rule(
            "monitoring.proof_media",
            "Asks for proof of where you are",
            r"(?:send|show|take|give|get) (?:me )?(?:a |an |the )?(?:live )?(?:pic|picture|photo|"
            r"selfie|video|vid|screenshot|screen shot|snap)s? (?:of )?(?:where|who|the room|"
            r"your (?:room|surroundings|screen|chats?|messages|texts|call log|location)|"
            r"yourself|you (?:and|with|right now|now)|what you)|"
            r"(?:show|send|give|forward) me (?:all )?(?:of )?(?:your|ur) (?:[a-z]+ )?(?:phone|"
            r"messages|texts|chats|dms|emails|call log|call history|camera roll|search history|"
            r"inbox|conversations?)\b|"
            r"tell me (?:everywhere|every place|exactly where|where exactly|who you (?:were|was|"
            r"saw|spoke|talked|met)|everyone you (?:saw|spoke|talked|met))|"
            r"(?:where|who|what time|when|how long) (?:[a-z']+ ){0,6}?(?:you|your) "
            r"(?:[a-z']+ ){0,4}?exactly\b|(?:where|who|what time|when) exactly (?:did|were|are|"
            r"was) you",
            "pic$ pics$ picture photo selfie video vid$ vids$ screenshot screen snap show$ send$ "
            "give$ forward everywhere every exactly everyone who",
            unless=_LOGISTICS
            + r"|\b(?:expenses|form|dog|cat|baby|holiday|view|dress|outfit|land|landing|flight|"
            r"receipt|warranty|recipe|menu|tickets?|recommend\w*|trip)\b",
        ),
        rule(
            "monitoring.tracker",
            "Asks to track your location",
            r"(?:put|installed|install|hid|hidden|placed|fitted|got) (?:a |an )?(?:tracker|"
            r"tracking (?:app|device)|gps|airtag|spyware|spy app) (?:on|in|under|to)|"
            r"snap ?score",
            "tracker tracking gps airtag spyware spy snap",
            # step 21: a story in the news about a tracker
            unless_anywhere=r"\b(?:news|story about|article|documentary|podcast)\b",
        ),
        rule(
            "monitoring.delay_location",
            "Asks why you did not answer",
            r"(?:why|how come) (?:has|did|does|is) it (?:taken|take|taking|took) (?:you )?(?:so "
            r"long|that long|ages|forever|\d+ \w+|an hour|all day|all night) to|"
            r"(?:your|ur) location(?:'?s| is| has)? (?:been )?(?:off|turned off|disabled|not on|"
            r"hidden)",
            "taken take taking took location",
            negatable=False,
            unless=r"\b(?:so i can (?:find|pick|get|meet|come)|pick you up|i'?m lost|parcel|"
            r"delivery|battery)\b",
        ),
        # Issue #4, step 11: families by failure class (fresh3 became a dev set).
        rule(
            "monitoring.seen_you",
            "Shows they have been watching what you do",
            r"(?:i )?saw (?:that )?(?:you|u) (?:liked|commented on|viewed|followed|reacted to)\b|"
            r"(?:i )?saw (?:that )?(?:you|u) (?:were |was )?(?:online|active|on (?:insta|instagram|"
            r"facebook|snap|whatsapp))[^.!?]{0,25}?(?:at \d|at (?:midnight|night)|till|until|"
            r"all night|last night)|"
            r"(?:<YOUR>|ur) car was (?:outside|parked (?:at|outside|by)|at) |"
            r"(?:<YOUR>|ur) (?:bedroom |kitchen |living room )?lights? (?:was|were) (?:still )?on "
            r"(?:at|till|until)\b|"
            r"(?:i )?(?:see|saw|checked|can see) (?:on )?(?:the|your|ur) (?:app|bank app|bank "
            r"statement|statement|tracker|map|location)\b",
            "liked commented viewed followed reacted online active insta instagram facebook snap "
            "whatsapp car light lights app statement tracker map location",
            unless=r"\b(?:so i can|pick you up|parcel|delivery|battery|tow|ticket|clamp|"
            r"warden|hope you|are you ok|well done|congrat\w*|lovely|fab|thanks|thank you|"
            r"my (?:post|photo|pic|video|story))\b",
        ),
        rule(
            "monitoring.account_for",
            "Demands an account of your time or company",
            r"who did (?:you|u) (?:eat|go|have (?:dinner|lunch|drinks|a drink|coffee)|sleep|stay|"
            r"leave|come home) with\b|who (?:is|was|'s) (?:there )?with (?:you|u)\b|"
            r"tell me exactly (?:what|where|who|when)|hour by hour|"
            r"(?:i'?ll|i will|i'?d) know if (?:you|u) (?:delete|lie|go|see|talk|text|meet|block)|"
            r"i(?:'?ve| have)? (?:already )?read (?:them|all of them|(?:<YOUR>|ur|all (?:<YOUR>|"
            r"ur)) (?:messages|texts|chats|dms|emails|whatsapps))\b|"
            r"send me (?:his|her|their) (?:name|number|address|full name|insta|details)",
            "who exactly hour know read name number address insta details",
            unless=r"\b(?:so i can (?:find|pick|get|meet|come)|pick you up|plates|table for|"
            r"seats|booking|reservation|rsvp|invite|party|wedding|doctor|appointment|recipe)\b",
        ),
        # Issue #4, step 15: families by failure class (fresh5 became a dev set).
        rule(
            "monitoring.proof_step15",
            "Asks for proof of where you are or who you are with",
            r"screenshot (?:your|ur|the) (?:call log|calls|call history|messages|chats?|texts|"
            r"dms|location|whatsapp|screen time)|"
            r"send (?:me )?(?:your|ur|the|all (?:your|ur|the)) (?:receipts|call log|call "
            r"history|bank statements?|statements|mileage|browsing history)|"
            r"send (?:me )?the names of (?:everyone|everybody|every|all|who)|"
            r"(?:send|share) (?:me )?(?:your |ur )?location (?:now|right now|immediately)|"
            r"^location\W+now\b|"
            r"turn (?:your|ur|the) (?:camera|video) (?:back )?on\W+(?:i want to|so i can|let me)"
            r" see|"
            r"(?:voice note|video|facetime|video call)(?: [a-z']+){0,6} so i (?:can|could) "
            r"(?:see|hear) (?:the room|where|who)|"
            r"check in (?:with me )?every (?:hour|\d+ (?:minutes|mins|hours))|"
            r"^report in\b",
            "screenshot receipts log history mileage statement statements names location camera "
            "video voice facetime check report",
            unless=_LOGISTICS + r"|\b(?:expenses|refund|return|warranty|insurance claim|tax|"
            r"tax\w*|accountant|so i can pay|split the bill|invite|wedding|guest list|rsvp|"
            r"place cards|lol|haha)\b",
        ),
        rule(
            "monitoring.evidence_step15",
            "Shows they have been watching you",
            r"(?:your|ur) (?:location|tracker|find my|life360|snap ?map)(?: app)? "
            r"(?:stopped|stop|said|says|showed|showing|shows|had you|put you)\b|"
            r"why (?:did|is|was) (?:your|ur) location (?:stop|stopped|off|showing)|"
            r"why (?:is )?(?:your|ur) phone (?:is )?(?:going to voicemail|switched off)|"
            r"why (?:did|do) you (?:switch|turn) off (?:your|ur) (?:phone|location)|"
            r"i (?:checked|rang|called|phoned|asked) (?:the|your|ur)(?: [a-z']+){0,3}\W+(?:and )?"
            r"(?:they|she|he) (?:said|told me) (?:you|u)\b|"
            r"i checked(?: the)? (?:mileage|phone bill|bank|statements?|receipts|your)|"
            r"(?:on|in) the phone bill|"
            r"i (?:read|went through|looked through) (?:your|ur) (?:diary|journal|messages|texts|"
            r"emails|dms|notebook)|"
            r"saw (?:you|u) (?:were|was) (?:online|active)|"
            r"i saw (?:you|u) (?:walk|walking|leave|leaving|go|going|get|getting|drive|driving|"
            r"come|coming) (?:past|into)|"
            r"saw (?:your|ur|someone'?s|somebody'?s|a) car (?:out the front|outside|in your "
            r"drive|at|parked)|"
            r"who(?:'s| is) the number (?:ending|that)|who (?:phoned|rang|called) the house|"
            r"why did you delete (?:your|ur|the|that) (?:chat|messages|texts|convo|conversation)",
            "location tracker find life360 snap voicemail switched switch turn checked rang called "
            "phoned asked mileage bill read went looked online active past into car number house "
            "delete",
            # not _LOGISTICS: its "we'?re at" also matches "were at" ("you were at the pub")
            unless=_FINDING + r"|\b(?:battery|storage|update|glitch|broken|vet|doctor|gp|"
            r"school said|surprise|lol|haha|for you|so i could (?:get|pick|buy))\b",
            requires=r"\b(?:you told me|you said|said you|told me you|don'?t say|don'?t lie|not "
            r"there|weren'?t|where were you|who|why|explain|lying|liar|again|so where|not from|"
            r"just curious|checking|all of it|every|nothing to hide)\b",
        ),
        rule(
            "monitoring.where_were_step15",
            "Demands to know where you were",
            r"where were (?:you|u) (?:this (?:afternoon|morning|evening)|from \d|between|"
            r"last night)|"
            r"which place (?:were|was) (?:you|u)\b|"
            r"where (?:you|u) (?:stay|staying) (?:right )?now and who|"
            r"(?:who|where),? (?:who|where),? how long",
            "afternoon morning evening from between night which stay staying long",
            unless=_FINDING + r"|\b(?:lol|haha|we (?:waited|missed you)|missed you|worried)\b",
            requires=r"\b(?:you told me|you said|said you|told me|they said|he said|she said|"
            r"don'?t say|don'?t lie|not at|weren'?t|explain|i checked|i asked|who|send)\b",
        ),
        # Step 17 (fresh6 became a dev set): checking done and thrown back (a drive past,
        # a call to their work or family, an app's record, a camera), with a challenge in the
        # message; and demands for a report, a camera tour or their records.
        rule(
            "monitoring.checked_step17",
            "Shows they have been checking up on you",
            r"i (?:drove|drive) (?:by|past) (?:both|three times|twice|again|your|ur|thi)\b|"
            r"i (?:rang|called|phoned|asked) (?:the|your|ur|thi|yer) (?:[a-z']+ )?(?:[a-z']+)"
            r"(?:[^?]{0,40})(?:(?:they|she|he|it) (?:say|said|says)|you (?:left|weren'?t|were "
            r"not|wasn'?t))|"
            r"i (?:saw|seen|can see) (?:you )?on (?:the )?(?:shared |old town )?(?:[a-z]+ )?"
            r"(?:webcam|strava|icloud|find my|snap ?map|cctv|ring doorbell|camera)|"
            r"i (?:saw|seen) (?:you|u) (?:on|at|in|come out|outside|with)\b|"
            r"i zoomed in|refreshing your location|(?:step counter|steps app|mileage|kilometres|"
            r"odometer) (?:says|said|on the car)|i counted the (?:kilometres|miles|km)|"
            r"(?:your|ur|yer) (?:phone|truck|car|cars) (?:was|were|weren'?t|wasn'?t|not|'?s not|"
            r"is) (?:off|on airplane|in airplane|not at|at|in|outside)\b|"
            r"(?:phone|location) on airplane mode|turned your location off",
            "drove drive rang called phoned asked saw seen webcam strava icloud "
            "zoomed refreshing step steps mileage kilometres odometer counted phone truck car "
            "cars airplane location cctv snap camera doorbell find$",
            unless=_FINDING + r"|\b(?:battery died|lol|haha|surprise|for you|worried|are you ok|"
            r"you ok|hope you|pick you up|lift|missed you|say hi|said hi|looked great|looked "
            r"lovely|congrat\w*)\b",
            requires=r"\b(?:you told me|you said|said you|told me|don'?t say|dun'?t say|don'?t "
            r"lie|weren'?t|where|who|why|explain|which one|so where|what were|what are you "
            r"hiding|not alone|wer)\b",
        ),
        rule(
            "monitoring.report_step17",
            "Demands proof of where you are or what you do",
            r"(?:status report|full account of your (?:whereabouts|movements|day|evening))|"
            r"(?:location|company|whereabouts),? (?:company|eta|location),? |"
            r"turn (?:on )?the camera\W+(?:and )?show me|"
            r"show me the (?:whole|entire) (?:flat|house|room|place)|"
            r"(?:share|send|forward) (?:me )?(?:your )?(?:screen ?time|the emails|"
            r"your emails|the receipt|your receipts|your live location|a pic (?:a|of) weh)|"
            r"sen mi a pic|share your (?:live )?location with me",
            "status full location company whereabouts camera show share send forward sen",
            unless=_FINDING + r"|\b(?:expenses|tax|refund|return|warranty|claim|accountant|"
            r"so i can (?:find|pick|meet)|lost|lol|haha|safe|when you'?re home|pick you up|"
            r"lift)\b",
            # the demand is for checking: a doubt, an order, every detail
            requires=r"\b(?:so i can see|i want to (?:see|read)|i would like to see|"
            r"i (?:will|'?ll) approve|show me|every|whole|all|now|why|who|where|really|"
            r"at night|eta|the whole night|otherwise|or you)\b",
        ),
    ],
    excused_by_laughter=True,
)
