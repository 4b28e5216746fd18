"""Hoovering: drawing the person back with affection, nostalgia, promises to change or gifts.

Ordinary affection ("love you mum x", "miss you guys, see you Friday") is not flagged: a plain
"miss you" or "love you" needs intensity ("so much it hurts", "I never stopped"), and a
message looking forward to a plan ("can't wait to see you on Friday") is left alone. Whether
the message came after the breakup is for the timeline layer to weigh.
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

_HAPPY_PLANS = (
    r"\b(?:can'?t wait|see you (?:on|this|next|tomorrow|tonight|soon|friday|saturday|"
    r"sunday)|see you then|guys|mum|mom|mam|dad|nan|gran|mate|hun|bro|sis|the op|"
    r"hope (?:the|it|you feel)|get well|bin day|bug|spreadsheet|shop was shut|paint|"
    r"sheets|plumber|wedding are|the milk|late reply|anniversary|girl|daughter|son|boy|sis|"
    # step 11: family named in the message ("miss you so much Grandpa")
    r"grandpa|grandad|granddad|grandma|granny|nana|papa|mama|auntie|aunty|uncle|"
    r"see you at (?:easter|christmas|the weekend)|"
    # step 13: kin named in other languages, and a dated family visit ("see you at Eid")
    r"ammi|ammu|amma|abbu|abba|mamãe|mãe|maman|mamma|mami|mummy|mommy|nani|dadi|baba|"
    r"tita|tito|lola|lolo|cousin|cuz|fam|"
    r"see you (?:at|for|on|in) (?:eid|hari raya|diwali|thanksgiving|new year|chinese new year|"
    r"passover|hanukkah|christmas|easter|the wedding|the reunion|january|february|march|april|"
    r"may|june|july|august|september|october|november|december))\b"
)

DETECTOR = RuleDetector(
    "hoovering",
    [
        rule(
            "hoovering.missing",
            "Says how much they miss you",
            r"i (?:really |still |just )?miss (?:you|us|your (?:laugh|smile|face|voice|touch|"
            r"kisses|body|smell|hugs|eyes)|having you|everything about|what we had|"
            r"waking up)(?:\W*$| so much| like crazy| more than| every| it hurts| terribly|"
            r"badly| more and more| all the time| baby| babe| desperately|<END>)|"
            r"miss (?:you|us) (?:so much|like crazy|more than|every|it hurts|terribly|badly|more "
            r"and more|all the time|desperately)|"
            r"i miss us|(?:can'?t|cannot) stop thinking about you|"
            r"(?:i )?(?:still )?(?:think|thinking|dream|dreaming) (?:about|of) you "
            r"(?:every|all|each|constantly|non ?stop|day and night)|"
            r"still (?:thinking|think) (?:about|of|abt) you|"
            r"(?:sleep|sleeping|slept) (?:in|with) (?:your|ur) (?:hoodie|shirt|jumper|sweater|"
            r"t-shirt|pillow|jacket)|"
            r"(?:i )?think about (?:you|it|us) every (?:single )?day|"
            r"(?:everything|it all|every song) reminds me of you|smells? like you|"
            r"(?:lost|nothing|not complete|incomplete|empty|not the same|isn'?t the same|is not "
            r"the same) without (?:you|u)|"
            r"my life is (?:empty|nothing|meaningless|pointless) without you|"
            r"(?:the )?house isn'?t the same without you|"
            r"(?:i )?need to hold you",
            "miss sleep sleeping slept still isn same thinking think dream dreaming reminds smell "
            "without hold",
            # step 21: sympathy and thanks to a family or a group, in the sentence or the next
            # ("so sorry to hear the news, thinking of you all", "lost without you, thanks for
            # having the kids"); not message-wide: an ex's condolences can open a hoover
            unless=_HAPPY_PLANS
            + r"|\b(?:sorry to hear|sorry for your loss|condolences|get well|went well|"
            r"grandchildren|grandkids|from uni|come visit|"
            r"love,? (?:nana|nan|gran|granny|grandma|grandad|grandpa|mum|mom|dad)|"
            r"you (?:all|both|guys)(?! (?:the|day|night|time|so))|all of you|"
            r"(?:thanks|thank you|cheers) for (?:sorting|doing|picking|helping|covering|taking|"
            r"having|looking after))\b",
        ),
        rule(
            "hoovering.love",
            "Declares love to draw you back",
            r"i still love you|i (?:still )?love you(?: so much| more than| always| forever|,? i a"
            r"lways will|"
            r"\W+i never stopped|,? always have)|(?:i )?never stopped loving you|"
            r"i love you\W+i never stopped|love of my life|soul ?mates?|"
            r"(?:you'?re|you are|you were) (?:the only one|my everything|my world|my whole "
            r"world|my person|the one for me|the best thing)|the only one for me|"
            r"(?:nobody|no one|noone) will (?:ever )?love (?:you|me) (?:like|the way)|"
            r"(?:we'?re|we are|we were) meant to be|we belong together|"
            r"i'?d marry you|i'?m here (?:whenever|when) you'?re ready|"
            r"i'?ll wait (?:for you(?! (?:at|outside|in|by|downstairs|there|here))|forever|"
            r"as long as)|always be here for you|"
            r"i love you and i'?m here",
            "love loving soul only everything world person one best meant belong marry ready "
            "wait always",
            # step 21: the only one who shares a taste or a hobby ("the only one who gets my love
            # of old trains")
            unless=r"\bthe only one who (?:understands|gets|likes|laughs at|appreciates|remembers|"
            r"knows|puts up with) (?:my|how to|the|this|that|about)\b(?! heart)|" + _HAPPY_PLANS,
        ),
        rule(
            "hoovering.nostalgia",
            "Brings up happy memories to draw you back",
            r"remember (?:when we|the time we|our|how we|that night|that (?:holiday|trip)|"
            r"when you and i)|we were (?:<ADV1>)(?:so )?(?:good|happy|perfect|great|amazing|"
            r"good|meant to be|made for each other) "
            r"together(?! (?:at|in|on|for))|we were so happy|"
            r"(?:found|saw|looking at|heard|listening to|listened to|found the) (?:the |our )?"
            r"(?:old )?(?:photo(?:graph)?s?|pics?|pictures?|songs?|videos?|playlists?)\b(?:.{0,30})"
            r"(?:we|us|our|"
            r"cried|happy|remember)|our (?:song|playlist)|for old times'? sake|"
            r"(?:back to )?how (?:it|things|we) (?:was|were|used to be) in the beginning|"
            r"back to how (?:it|we|things) (?:was|were)|"
            r"(?:the )?(?:life|future|house|wedding|family) we (?:planned|wanted|talked about|"
            r"dreamed of|dreamt of)|"
            r"happy birthday (?:beautiful|gorgeous|babe|baby|my love|sweetheart)|"
            r"(?:merry christmas|happy birthday|happy valentine'?s)(?:.{0,40})(?:without you|"
            r"miss|love you|think about you|thinking of you)",
            "remember back perfect meant made playlist listened together happy photo pic$ "
            "picture song video sake beginning planned wanted$ talked dreamed dreamt birthday "
            "christmas valentine merry pics$ ",
            unless=r"\b(?:bin day|to buy|to bring|wedding are up|sam|lol|haha|girl|daughter|son|"
            # step 21: a sibling greeted, and a shared past with the family or old friends
            # ("remember that camping trip? we should take the kids", "remember our school
            # days? reunion soon?")
            r"brother|sister|reunion|uni days|school days|with the kids|the kids found|album|"
            r"boy|mum|mom|dad|mate|sis|bro|"
            # step 13: a relative or friend greeted on their day ("my fave aunty")
            r"aunty|auntie|uncle|cousin|grandma|grandpa|nan|gran|nana|bestie|bff|"
            r"(?:my )?(?:fave|favourite|favorite) [a-z]+)\b",
        ),
        rule(
            "hoovering.second_chance",
            "Asks for another chance",
            r"(?:one more|another|a second|one last|last) chance(?! to (?:win|get|enter|buy|vote|s"
            r"ign|see|"
            r"catch|book))|"
            r"(?:try|give) (?:us|it|this) (?:again|another (?:go|try|shot))|"
            r"can we (?:try|start) (?:again|over)|(?:start|begin) (?:over|again|afresh|fresh)"
            r"(?!,? with the| with (?:the|my|this))|clean slate|fresh start|"
            r"take me back(?! to)|(?:come|get) back together|"
            r"let me make it (?:up to you|right)|(?:i want to|i'?ll|i will) make it (?:right|up "
            r"to you)|(?:we|i) can (?:fix|work through|get through|make) (?:this|it|us)|"
            r"come back and we'?ll|(?:i )?forgive you for leaving|"
            r"please come (?:home|back)(?! (?:soon|from|home soon|safe))|come back to me|"
            r"(?:let'?s|lets|we should|we could) try again(?! (?:next|tomorrow|later|on|at|when))|"
            r"everything will be different|it'?ll be different|"
            r"things will be different",
            "chance try start begin slate fresh back together make fix work forgive home different "
            "give through ",
            # timetabled things that "start again" (lessons, the show) are not a plea
            unless=_HAPPY_PLANS + r"|\b(?:tomorrow|the shop|the form|the printer|boiler)\b|"
            r"\b(?:does|do|will|when) (?:it|they|the [a-z]+) (?:start|begin)|"
            r"\b(?!us\b)[a-z]+s (?:start|begin) (?:again|over)",
            # step 17: not a last call before an errand or a sale, anywhere in the message
            # ("heading to Aldi, want anything? Last chance.")
            requires=r"^(?![\s\S]*\b(?:heading to|off to the|popping to|want anything|"
            r"need anything|anyone want|from the shop|aldi|lidl|tesco|asda|sainsbury'?s|"
            r"costco|walmart|"
            r"the shops?|supermarket|offer ends|sale ends)\b)",
            # step 21: a small lapse made good, or a series worth another try
            unless_anywhere=r"\bsorry (?:i|we) (?:forgot|missed) your (?:birthday|party|call|"
            r"show|match|gig|do|leaving do|opening)\b",
        ),
        rule(
            "hoovering.changed",
            "Promises to have changed",
            r"i'?ve changed(?! (?:my|the|your|it|plans|jobs|trains|them|that|this|a|our))|"
            r"i'?m (?:<ADV1>)(?:a )?(?:different|better|new|changed) (?:person|man|woman|partner)|"
            r"i'?m (?:sober|clean) now|"
            r"i'?ve (?:stopped|quit|given up) (?:drinking|drugs|gambling|smoking|the drink)|"
            r"i'?m (?:in|going to|getting) (?:therapy|counselling|counseling|rehab|help|anger "
            r"management)|i'?ve (?:started|been going to|booked) (?:therapy|counselling|"
            r"counseling|anger management)|(?:been )?working on myself|"
            r"i'?m ready (?:now|to be)|i'?ll be (?:better|different)(?:,? i promise| for you| this "
            r"time)|i promise i'?ll (?:change|be better|be different)(?:<END>| for you| i swear)|("
            r"?:the )?(?:partner|man|woman|husband|wife) you "
            r"deserve|let me show you (?:i'?ve|i have|i can|i'?m)|"
            r"i'?ll never (?:hurt|do that to|let you down|lie to|cheat on|shout at) you again|"
            r"i'?ll never (?:[a-z']+ ){1,4}(?:you|to you|at you|on you) again|"
            r"(?:i'?ll|i will) treat you (?:like a (?:queen|king|princess)|better|right|"
            r"properly)|(?:i'?ll|i will) do anything (?:to get you back|for you)|"
            r"(?:i'?d|i would) give anything (?:for|to)",
            "better promise different sober clean never changed person man woman partner husband w"
            "ife drinking drugs"
            " gambling smoking "
            "drink therapy counselling counseling rehab help anger myself ready deserve show "
            "hurt lie cheat shout down treat anything",
            unless=r"\b(?:leaving in|train|paint|sheets|my mind|basically|achievements|gym|"
            r"lol|haha)\b",
        ),
        rule(
            "hoovering.gifts",
            "Offers gifts to draw you back",
            r"(?:i )?(?:bought|got|sent|ordered|booked) (?:you|us|for you) "
            r"(?:a |the |some |that |those )?(?:[a-z]+ )?(?:flowers|roses|necklace|ring|"
            r"bracelet|jewellery|jewelry|earrings|chocolates|perfume|tickets|teddy|present|"
            r"gift|surprise|house|holiday)\b(?!.{0,20}(?:for (?:mum|dad|your mum|the kids)))",
            "bought got sent ordered booked deposit",
            # tickets to a named outing are ordinary plans
            unless=r"\b(?:desk|coffee|mum|dad|the kids|birthday mate|the team|work|gig|show|"
            r"concert|match|game|film|movie|comedy|festival|theatre|panto|"
            # step 17: a sporting day or a race ("tickets for the Ashes. Day 2")
            r"ashes|test match|day \d|grand prix|races|final|cup|league|stadium|wimbledon|open)\b",
        ),
        # Compositional families (issue #4): "give me a chance", "stopped drinking ... for you",
        # "come home, everything will be better", "nobody loves you like me", "my soulmate".
        rule(
            "hoovering.general",
            "Tries to draw you back",
            r"give (?:me|us) (?:a |one |another |1 )?(?:more |last |second |final )?chance\b"
            r"(?! to (?:explain (?:the|about)|win|pay))|"
            r"i (?:stopped|quit|gave up|'ve stopped|have stopped|'ve quit|'m off) (?:the )?"
            r"(?:drinking|drink|drugs|gambling|weed|coke|booze)\b(?=.{0,30}(?:for you|for us|"
            r"\d+ (?:weeks|days|months)|now))|"
            r"(?:come (?:back )?home|come back)\W+(?:[a-z' ]{0,30}\W*)?(?:everything|things|it) "
            r"(?:will|'ll) be (?:better|different)|"
            r"(?:nobody|no one|noone) (?:will ever |will |could ever |can |ever )?(?:loves?|gets?|"
            r"understands?|treats?) you (?:like|the way|as much as) (?:me|i)\b|"
            r"(?:you'?re|you are) my (?:soulmate|soul mate|everything|whole world|world|one and "
            r"only)\b|"
            r"i(?:'?ll| will) (?:always )?wait for you(?:<END>| forever| as long as| however "
            r"long| no matter|,? always)",
            "chance drinking drink drugs gambling weed coke booze better different nobody "
            "noone no$ "
            "soulmate soul everything world one$ wait",
            unless=_HAPPY_PLANS + r"|\b(?:mum|mom|dad|nan|gran|sis|bro|mate|kids|game|the shop|"
            r"the car|parcel)\b",
        ),
        rule(
            "hoovering.old_times",
            "Brings up happy memories to draw you back",
            r"(?:just )?like (?:the )?old times|(?:let me|i want to|i'?d love to|can i) take you "
            r"(?:out|to dinner|for dinner|somewhere special)",
            "old take",
            unless=_HAPPY_PLANS + r"|\b(?:reunion|school|uni|college|team|lads|girls)\b",
        ),
    ],
    excused_by_laughter=True,
)
