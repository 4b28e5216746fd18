"""Pressure to meet: insisting on seeing the person, turning up or waiting at their door.

Plain plans share the words ("meet at 7 at the pub?", "I'm outside, the blue car", "I'm on my
way, 10 mins"), so a rule needs insistence (need to, have to, whether you like it or not,
no excuses, not leaving until) or the person's own place (your flat, your work, your door).
Whether a meeting request comes after the breakup is for the timeline layer to say.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

_PLACE = (
    r"(?:(?:your|ur) (?:[a-z]+'?s )?(?:flat|house|place|door|doorstep|work|office|school|gym|"
    r"mum'?s|mom'?s|mam'?s|dad'?s|parents'?|sister'?s|friend'?s|street|road|building|"
    r"window|car|job|uni|college|shop)|yours\b)"
)
_LOGISTICS = (
    r"\b(?:drop (?:off|the)|bags|parcel|shopping|hands are full|is \d+ ok|lift|the kids|"
    r"school run|reception|the blue car|if you want|no pressure|"
    r"whenever|no rush|wifi|umbrella|left my|ready when|take your time|fancy|forgot my|"
    r"locked out|key|keys|around \d+|is that ok|if that'?s ok|"
    # step 13: a ride waiting, a meal offered, a time agreed
    r"uber|taxi|cab|double parked|parked up|for (?:tea|dinner|lunch|breakfast)|tea'?s "
    r"ready|be there by \d+|see you at \d+|"
    # step 21: a plan agreed ("I'm at yours on Friday, still on?", "on the dot, I'll be
    # at yours"), a map (being at the door with food, or with a broken bell, is still being
    # at the door: those stay flagged)
    r"still on|dead on \d+|when you'?re ready|on the dot|festival|map)\b"
)

# Step 15: a meal or a family occasion on a date ("you better show up hungry", "Nan's 90th is
# the 14th, put it in your diary")
# Step 17: a thing that will not open a door ("my badge won't open the door to the lab")
_STUCK_DOOR = (
    r"\b(?:badge|fob|card|pass|lock|key|handle|door|it) (?:won'?t|doesn'?t|wouldn'?t|didn'?t|"
    r"will not|does not|would not) open\b"
)
# Step 17: hosting, not insisting: something on screen or food to share ("Tennis finals on TV,
# I'm making popcorn, come over"), and telling the reader there is no need to come
_HOSTING = (
    r"\b(?:tv|telly|on at \d|kick ?off|finals?|semis?|league|liga|premiership|grand prix|f1|"
    r"darts|snooker|cricket|tennis|golf|boxing|ufc|nba|nfl|super bowl|eurovision|bake off|"
    r"popcorn|pretzels|crisps|nibbles|beers? in|brought (?:beers?|wine|snacks|food|cake|"
    r"pretzels|crisps|dessert))\b|"
    r"\b(?:no need|don'?t need|needn'?t|don'?t have|no point|don'?t bother) (?:for you )?to "
    r"come\b"
)
_MEAL_OR_EVENT = (
    r"\b(?:hungry|starving|gravy|roast|bbq|barbie|barbecue|potluck|bring a (?:dish|bottle|"
    r"salad|plate)|diary|calendar|\d+(?:st|nd|rd|th)|christening|graduation|reunion)\b"
)

# Step 21: hosting set anywhere in the message, often in the sentence before the invitation
# ("Made a huge pot of soup. Come round", "candles lit, it's so cosy. Come over", "the hot tub
# is warm, come over"), and a surprise for the reader ("we're all outside singing", "the
# team's in on it").
_HOSTING_ANYWHERE = (
    r"\b(?:(?:made|cooked|baked|cooking|making) (?:way )?(?:too much|loads|extra|some|a)|"
    r"candles|cosy|cozy|sauna|hot tub|jacuzzi|fire'?s (?:on|lit)|kettle'?s on|heated|"
    r"popcorn|snacks)\b"
)
_SURPRISE = r"\b(?:singing|in on it)\b"

DETECTOR = RuleDetector(
    "pressure_to_meet",
    [
        rule(
            "pressure_to_meet.at_door",
            "Says they are at your door or outside",
            r"i am (?:outside|downstairs|at|on|parked outside|waiting outside) (?:of )?"
            + _PLACE
            + r"|i'?m (?:outside|downstairs|at|on|sitting on|sat on|parked outside|waiting "
            r"outside|standing outside|sitting outside|at the end of) (?:of )?" + _PLACE + r"|"
            r"i'?m (?:sitting|sat|parked|standing|waiting) (?:outside|downstairs|on your)|"
            r"i'?m (?:outside|downstairs|here)\W+(?:.{0,40})(?:come (?:down|out)|open|let me "
            r"in|not (?:going anywhere|leaving)|i can see|i know you'?re)|"
            r"open (?:up|the door|your door|ur door)|let me in(?! on)\b|let me (?:come up|up|"
            r"come in)(?:<END>| now| right now)|i'?m knocking|come to the (?:door|window)|"
            r"(?:until|till|til) you (?:come out|open|let me|talk to me|come down|answer the "
            r"door)|i'?m not (?:leaving|going anywhere) (?:until|till|til)",
            "outside downstairs sitting sat$ parked standing waiting here flat house place "
            "door work office school gym mum mom mam dad parents sister friend street road "
            "building window car job uni college shop yours open let$ knocking until till til",
            negatable=False,
            unless=_LOGISTICS + "|" + _STUCK_DOOR,
            unless_anywhere=_SURPRISE,
        ),
        rule(
            "pressure_to_meet.coming_over",
            "Says they are coming to you",
            r"i'?m (?:coming|driving|heading|walking|getting (?:on )?a (?:train|bus|taxi|cab|"
            r"flight)|flying|on my way) (?:over |round |around |up )?(?:to )?(?:"
            + _PLACE
            + r"|see you)|"
            r"i'?m coming (?:over|round|around|up)(?:<END>| now| right now| tonight| "
            r"whether| anyway| again| if| no matter)|"
            r"i'?m (?:driving|flying|coming) (?:to you|over|up) (?:right now|now|this weekend|"
            r"tonight|whether)|"
            r"(?:i'?ll|i will|i'?m going to) (?:turn up|show up|come|be|wait|be waiting|keep "
            r"coming|come round|come over) (?:back )?(?:at|to|outside|round|by)? ?(?:"
            + _PLACE
            + r")|i'?ll come to (?:you|yours|the school|your)|i'?ll be at "
            + _PLACE
            + r"|"
            r"(?:i'?ll|i will) keep coming back|if you won'?t come to me|"
            r"i'?ll come (?:round|over) (?:anyway|if i have to|whether)|"
            r"(?:i'?ll|i will) be waiting<END>|i'?ll be waiting at|"
            r"in \d+ mins?(?:utes)?(?:.{0,20})(?:door|yours|your)|at your door in",
            "coming driving heading walking getting flying way turn show come wait waiting keep "
            "flat house place door work office school gym mum mom mam dad parents sister friend "
            "street road building window car job uni college shop yours mins minutes min",
            negatable=False,
            unless=_LOGISTICS,
            unless_anywhere=_SURPRISE,
        ),
        rule(
            "pressure_to_meet.insists",
            "Insists on seeing you in person",
            r"(?:i|we) (?:really )?(?:need|have|got) to (?:see|me{2}t) (?:you|me)(?! about)|"
            r"i (?:really )?need to (?:see|hold|talk to) you(?! about)|you have to (?:see|me{2}t|"
            r"face) me|(?:need|have|got) to (?:talk|me{2}t) (?:in person|face to face|tonight|this "
            r"week|properly)(?! about)|(?:in person|face to face)(?! (?:meeting|interview|class|"
            r"about))|"
            r"we have to me{2}t|me{2}t me (?:tomorrow|tonight|now|halfway)|"
            r"(?:me{2}t|see) me (?:tomorrow |tonight |now )?or (?:i'?ll|i will|else)|"
            r"(?:just )?(?:me{2}t|see) me\W*$|just (?:me{2}t|see|let me see) (?:me|you)|"
            r"let me see you|why won'?t you (?:see|me{2}t) me|"
            r"won'?t take no for an answer|you owe me a (?:conversation|talk|"
            r"chance)|you owe me (?:one|a) (?:last|more|final) (?:dinner|drink|coffee|talk|"
            r"conversation|meeting|date)|you owe me (?:one|a) (?:talk|conversation|meeting)|"
            r"(?:can'?t|cannot) avoid me (?:forever|much longer)|"
            r"we will see each other|me{2}t me\W+(?:not asking|that'?s not a request|no excuses)|"
            r"(?:booking|booked|getting|got) (?:a|my) (?:flight|train|ticket|bus) to (?:see you|"
            r"yours|your)|"
            r"you'?re going to have to (?:face|see|me{2}t) me|you will see me|"
            r"(?:you'?d|you) better (?:show|come|be there|turn up)|you'?re coming<END>|"
            r"when can i see you|can i come (?:round|over)(?:.{0,30})need to see|"
            r"(?:can we|let'?s|lets) me{2}t (?:up )?(?:and|to) (?:talk|sort)|can we me{2}t\?|"
            # step 15: "one more time" only with seeing someone ("if the wifi drops one more
            # time", "we must go one more time" are not about meeting)
            r"(?:see|me{2}t|hold|hug|kiss|talk to)(?:\W+[a-z']+){0,2}?\W+(?:one|1) (?:last|more) "
            r"time|(?:just|please|pls) (?:one|1) (?:last|more) time|"
            r"need to see your face|"
            r"(?:just )?(?:five|5|ten|10|two|2) minutes (?:face to face|in person|of your time)",
            "need have got see$ meet avoid booking booked flight asking face person hold won excus"
            "es owe better coming when time "
            "minutes five ten two train ticket bus$",
            negatable=False,
            unless=_LOGISTICS + "|" + _MEAL_OR_EVENT + r"|\b(?:doctor|dentist|gp|manager|boss|film|"
            r"movie|trailer|meeting|interview|if you'?re coming|mortgage|papers|vet|funeral)\b|"
            # step 17: the writer's own attendance or a work matter ("I'll go in person, can
            # you do the video link?", "face to face instead of over email ... the numbers")
            r"\b(?:i'?ll|i will|i can|i'?m going to|i'?m gonna) (?:go|attend|be there|pop in|"
            r"hand it in|drop it off|sign)(?: [a-z']+){0,2} in person\b|\b(?:video link|zoom|"
            r"teams call|on the call|email|e-mail|slack|spreadsheet|the numbers|agenda|invoice|"
            r"parents'? evening|"
            # step 21: a friendly catch-up ("let's catch up in person")
            r"catch up)\b",
        ),
        # step 15: "no excuses" insists on a meeting only when the message is about meeting
        # ("put Nan's 90th in your diary, no excuses" and a work deadline are not)
        rule(
            "pressure_to_meet.no_excuses",
            "Insists on seeing you in person",
            r"no excuses",
            "excuses",
            requires=r"\b(?:see me|see you|meet|come|talk|face|be there|outside|door|in person|"
            r"yours|tonight)\b",
            negatable=False,
            unless=_LOGISTICS + "|" + _MEAL_OR_EVENT + r"|\b(?:doctor|dentist|gp|manager|boss|"
            r"client|deadline|homework|assignment|deck|gym|training|practice|rehearsal|"
            # step 21: a show watched together ("the new series started, we're watching it
            # tonight, no excuses")
            r"series|episode|show|watching|box ?set)\b",
        ),
        rule(
            "pressure_to_meet.come_here",
            "Tells you to come to them",
            r"come (?:downstairs|outside|out here)(?:<END>| now| right now| i'?m)|"
            r"come (?:over|round|around|outside|down|out|to the car|to mine|here)(?: (?:right )?"
            r"now| for a minute|<END>| so we can| no excuses| after work| tonight| or)|"
            r"come (?:back )?home so we can|(?:just|please) come (?:over|round|outside|out|down)|"
            r"come (?:and )?get your (?:stuff|things) in person|"
            r"come home so we can|come to the car",
            "come",
            negatable=False,
            unless=_LOGISTICS + r"|\b(?:pizza|dinner'?s|food|tea'?s|film|movie|party|bbq|"
            r"the dog|we'?re in|snacks|if you'?re free|sunday|saturday|birthday|"
            # step 13: food made or a match on ("made way too much chilli. come round")
            r"(?:made|cooked|baked|cooking|making) (?:way )?(?:too much|loads|extra|some|a)|"
            r"is ready|watching the|rugby|footy|football|match|candles|cosy)\b|" + _HOSTING + "|"
            # step 21: the writer's own "I won't come over, promise"
            r"\b(?:not|never) (?:going to |gonna )?come (?:round|over|around)\b",
            unless_anywhere=_HOSTING_ANYWHERE,
        ),
        # Compositional families (issue #4): position words + your place, travel "on the bus
        # to your place", "come out and talk", "let me come inside", "won't take no".
        rule(
            "pressure_to_meet.nearby",
            "Says they are at your door or outside",
            r"i'?m (?:<ADV1>)(?:in front of|across from|opposite|round the corner from) "
            + _PLACE
            + r"|i'?m (?:sitting|sat|waiting|parked|standing)(?: [a-z']+){0,3} (?:outside|in "
            r"front of|across from|opposite|at|near) "
            + _PLACE
            + r"|i'?m on (?:the|a|my) (?:bus|train|plane|flight|ferry|coach|tube|way) (?:to|over "
            r"to|round to) (?:" + _PLACE + r"|you\b|see you)",
            "front across opposite round sitting sat$ waiting parked standing bus "
            "train plane flight ferry coach tube way",
            negatable=False,
            unless=_LOGISTICS + r"|\b(?:see you (?:at|soon|in|there|then)|at \d|cake|present)\b",
        ),
        rule(
            "pressure_to_meet.come_talk",
            "Tells you to come to them",
            r"come (?:out|down|outside|over|round|here) (?:and|&|n) (?:talk|speak|see me|face me|"
            r"look me)(?! about)|"
            r"come (?:and |to )?see me(?:<END>|,| now| tonight| today| just| please| "
            r"one| once)|let me (?:come )?(?:in|inside|up)(?:<END>|,| please| now| just| only)|"
            r"(?:won'?t|will not|not going to|not gonna|don'?t) (?:accept|take) (?:a )?no\b|"
            r"(?:i'?m|i am) not (?:accepting|taking) (?:a )?no\b|"
            r"(?:we|you and i) (?:need|have|got) to (?:see|meet) (?:each other|in person|face to "
            r"face)|come (?:out|down|outside|to the door)[^.!?]{0,40}\bi'?m (?:outside|"
            r"downstairs)",
            "come let$ accept take$ taking each person face",
            negatable=False,
            unless=_LOGISTICS + r"|\b(?:pizza|dinner'?s|food|tea'?s|film|movie|party|bbq|"
            r"the dog|we'?re in|snacks|if you'?re free|sunday|saturday|birthday|for an answer "
            r"on the|show|gig|play|match)\b",
        ),
        # Issue #4, step 11: families by failure class (fresh3 became a dev set).
        rule(
            "pressure_to_meet.turn_up",
            "Says they will come to you whatever you say",
            r"(?:whether|if) (?:you|u) (?:like it|want it|answer|reply|want to|agree) or not|"
            r"(?:i'?ll|i will|i'?m going to|i'?m gonna) (?:just )?(?:keep )?turn(?:ing)? up at "
            r"(?:<YOUR>|ur|the) |"
            r"(?:can'?t|cannot|can't) hide (?:at|in|from me|behind|there)\b|"
            r"i'?m (?:downstairs|in reception|at reception|in the lobby|in the car park) |"
            r"letting me in\. see you|"
            r"make sure (?:you'?re|you are|ur|u r) (?:home|in|there|up)\b",
            "whether turn hide downstairs reception lobby park letting make if$",
            requires=r"\b(?:coming|come|be there|meet|meeting|see you|"
            r"talk|round|over|yours|your (?:place|house|work|door|flat))\b",
            negatable=False,
            unless=_LOGISTICS + r"|\b(?:parcel|delivery|surprise|party|birthday|the dog|pizza|"
            r"buzz|takeaway|food|plumber|engineer|boiler|lol|haha|hide and seek|game)\b",
        ),
    ],
    excused_by_laughter=True,
)
