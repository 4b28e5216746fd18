"""Table of example messages per warning pattern, shared by the detector tests.

Each entry: (text, expected categories). Written for the tests; none is in the gold sets.
"""

from __future__ import annotations

# Messages from a partner: (text, categories expected from detect_flags over the partner
# categories). An empty set means "nothing should be flagged".
PARTNER_CASES: dict[str, list[tuple[str, set[str]]]] = {
    "threat": [
        ("I'm going to hurt you", {"threat"}),
        ("i swear ill hurt u", {"threat"}),
        ("I will end you.", {"threat"}),
        ("I'll make you pay for this", {"threat"}),
        ("you'll regret ever leaving me", {"threat"}),
        ("Watch your back tonight", {"threat"}),
        ("I'll smash your windows in", {"threat"}),
        ("I'll send the nudes to your dad", {"threat"}),
        ("Say one more word and you'll end up in hospital", {"threat"}),
        ("I'll kill you lol", {"threat"}),
        ("IM GONNA KILL YOU", {"threat"}),
        ("you'll never see the kids again", {"threat"}),
        ("I'll make sure you get sacked", {"threat"}),
        # negation, reported speech, idioms
        ("I would never hurt you", set()),
        ("I'm not going to hurt you, I promise", set()),
        ("I'd never lay a hand on you", set()),
        ("my dad said he'd kill me if I crashed his car", set()),
        ("she told me he'll hurt her if she leaves", set()),
        ("gonna kill it at the gig tonight", set()),
        ("this hangover is killing me", set()),
        ("I'll destroy you at chess later 😂", set()),
        ("we were just killing time at the station", set()),
        ("you'll regret not coming to the beach", set()),
        ("watch your head on the low beam", set()),
    ],
    "self_harm_pressure": [
        ("if you go I'll kill myself", {"self_harm_pressure"}),
        ("i want to die", {"self_harm_pressure"}),
        ("I'm going to take all my tablets", {"self_harm_pressure"}),
        ("everyone would be better off without me", {"self_harm_pressure"}),
        ("I won't be around much longer", {"self_harm_pressure"}),
        ("this is goodbye", {"self_harm_pressure"}),
        ("I'm not going to kill myself, relax", {"self_harm_pressure"}),
        ("i dont want to live anymore", {"self_harm_pressure"}),
        # idioms and other people
        ("I'm dying to try that new place", set()),
        ("I nearly died of embarrassment", set()),
        ("I could die for a pizza right now", set()),
        ("my phone died again", set()),
        ("her uncle killed himself years ago, it's still hard for her", set()),
        ("I killed myself laughing at that", set()),
    ],
    "refuses_breakup": [
        ("we're not over", {"refuses_breakup"}),
        ("You can't leave me.", {"refuses_breakup"}),
        ("you're mine, remember that", {"refuses_breakup"}),
        ("I'm not letting you go", {"refuses_breakup"}),
        ("this isn't over", {"refuses_breakup"}),
        ("you don't get to end this", {"refuses_breakup"}),
        # everyday uses
        ("we're not done with the shopping yet", set()),
        ("you can't leave the car there", set()),
        ("I won't let you go home without a plate of food", set()),
        ("it's over, the film finished", set()),
    ],
    "monitoring": [
        ("who are you with right now", {"monitoring"}),
        ("send me a photo of where you are", {"monitoring"}),
        ("turn your location on", {"monitoring"}),
        ("why aren't you answering", {"monitoring"}),
        ("give me your password", {"monitoring"}),
        ("I saw you were online at 3am", {"monitoring"}),
        ("where are you right now", {"monitoring"}),
        ("WHERE ARE YOU", {"monitoring"}),
        # caring and logistics
        ("text me when you get home safe", set()),
        ("where are you? we're at the front", set()),
        ("send me a pic of the cake!", set()),
        ("share your location so I can find you at the festival", set()),
        ("did you get home ok?", set()),
    ],
    "control": [
        ("you're not allowed out tonight", {"control"}),
        ("delete his number", {"control"}),
        ("I forbid you to go", {"control"}),
        ("you're not wearing that", {"control"}),
        ("hand over your bank card", {"control"}),
        ("stop seeing your friends", {"control"}),
        ("you need my permission first", {"control"}),
        # care and logistics
        ("stay home if you feel rough", set()),
        ("don't wear those boots, it's icy", set()),
        ("you're not allowed to park on that side", set()),
        ("my treat, you're not allowed to pay", set()),
    ],
    "insult": [
        ("you're so stupid", {"insult"}),
        ("You are pathetic", {"insult"}),
        ("ur a joke", {"insult"}),
        ("nobody will ever want you", {"insult"}),
        ("you useless idiot", {"insult"}),
        ("worthless", {"insult"}),
        ("you're pathetic lol", {"insult"}),
        # self-talk, things, play, negation
        ("I'm such an idiot", set()),
        ("this app is useless", set()),
        ("you absolute numpty 😂", set()),
        ("you're not stupid", set()),
        ("you're crazy talented", set()),
    ],
    "guilt_trip": [
        ("after all I've done for you", {"guilt_trip"}),
        ("I hope you're happy now", {"guilt_trip"}),
        ("you're ruining my life", {"guilt_trip"}),
        ("this is all your fault", {"guilt_trip"}),
        ("how could you do this to me", {"guilt_trip"}),
        # gratitude and ordinary uses
        ("after everything you did for me, thank you", set()),
        ("I hope you're happy in the new job", set()),
        ("it's my fault we're late, sorry", set()),
    ],
    "jealousy": [
        ("are you cheating on me", {"jealousy"}),
        ("who is he", {"jealousy"}),
        ("I saw you flirting with him", {"jealousy"}),
        ("you've already replaced me", {"jealousy"}),
        ("is there someone else", {"jealousy"}),
        # other people's lives
        ("my brother is seeing someone new", set()),
        ("he cheated at cards again lol", set()),
    ],
    "pressure_to_meet": [
        ("I'm outside your house", {"pressure_to_meet"}),
        ("I need to see you", {"pressure_to_meet"}),
        ("open the door", {"pressure_to_meet"}),
        ("I'm coming over whether you like it or not", {"pressure_to_meet"}),
        ("meet me tonight or I'll come to yours", {"pressure_to_meet"}),
        # plans
        ("meet at the cinema at 7?", set()),
        ("I'm outside, grey car", set()),
        ("I'm on my way, 5 mins", set()),
        ("come over for tea on Sunday if you like", set()),
    ],
    "hoovering": [
        ("I miss you so much", {"hoovering"}),
        ("I've changed, I swear", {"hoovering"}),
        ("give us one more chance", {"hoovering"}),
        ("remember when we went to Rome?", {"hoovering"}),
        ("you're the love of my life", {"hoovering"}),
        # ordinary affection
        ("love you, see you later", set()),
        ("miss you guys", set()),
        ("happy birthday, have a great day!", set()),
    ],
}

# The person's own drafts: (text, categories expected from check_draft).
DRAFT_CASES: list[tuple[str, set[str]]] = [
    ("please please answer me", {"begging"}),
    ("I'm begging you, don't go", {"begging"}),
    ("I'll do anything", {"begging"}),
    ("just give me one more chance", {"begging"}),
    ("reply tonight or we're done", {"threat"}),
    ("after everything I did for you", {"guilt_trip"}),
    ("I don't want to be alive without you", {"self_harm_pressure"}),
    # boundary setting is never flagged
    ("Please stop contacting me.", set()),
    ("I've decided. Please respect that.", set()),
    ("If you come to my house again I will call the police.", set()),
    ("please send the rest of my things by Friday", set()),
]
