"""Guards that drop a rule match: negation, reported speech, laughter; sentence bounds.

Pure: standard library only, no I/O.
"""

from __future__ import annotations

import re

# --- shared context patterns ---

# Games and sport: "I'll kill you at Mario Kart", "you destroyed me at bowling".
GAMES = (
    r"\b(?:at|in) (?:[a-z']+ )?(?:game|games|chess|scrabble|mario|kart|fifa|tennis|golf|pool|"
    r"darts|poker|cards|monopoly|quiz|trivia|bowling|squash|badminton|uno|cluedo|wordle|"
    r"pictionary|race|football|footy|cod|fortnite|ping pong|table tennis|catan|settlers|smash|"
    r"bridge|rummy|this|that)\b|\bgame\b|"
    # step 13: games named anywhere near ("tonight backgammon, I will destroy you")
    r"\b(?:backgammon|mahjong|mah-jong|dominoes|ludo|carrom|game night|games night|rematch|"
    r"best of (?:three|five|\d)|padel|brawl stars|boxing|sparring|netball|hockey|cricket|"
    r"warzone|valorant|minecraft|roblox|among us|tournament|contest|hill climb)\b|"
    # step 15: game words named anywhere ("you're dead in the next round", "on the Catan
    # board")
    r"\b(?:catan|board game|next round|spawn|respawn|sniper|lobby|ranked|speedrun|boss fight|"
    r"raid)\b|"
    r"\bon (?:fifa|cod|fortnite|warzone|tekken|mario ?kart)\b|"
    # step 17: a board game named by its name ("watch your back in Risk tonight"), kit for a
    # pub game ("bring your arrows Friday, I'm gonna batter you"), the end of a match
    r"\b(?:in|at|play|playing) risk (?:tonight|later|tomorrow|again|night)\b|\bgame of risk\b|"
    r"\bbring (?:your|ur) (?:arrows|darts|cue|racket|racquet|clubs|bat|boots|deck|cards)\b|"
    r"\b(?:oche|final whistle|full time|extra time|injury time|penalties|nick a draw)\b"
)

# Step 21: a game, quiz or league named anywhere in the message, for rules that check the
# whole message (``unless_anywhere``): the game is often set in an earlier sentence ("Poker
# night Friday. I'll finally beat you", "league table update: watch yourself").
GAMES_ANYWHERE = (
    r"\b(?:chess|scrabble|monopoly|cluedo|pictionary|backgammon|poker|darts|bowling|padel|"
    r"squash|badminton|table tennis|ping pong|snooker|pool table|mini ?golf|crazy golf|"
    r"(?:pub |table )?quiz(?:zes)?|quiz ?night|quiz ?master|fantasy (?:football|league|team)|"
    r"mario ?kart|blue shell|rematch|tournament|my a game|board games?|card games?|"
    r"game night|games night|top spot|leaderboard|league table|my crown|your crown)\b"
)
# Step 21: stories told about others: a film, series, book or play ("in episode two he
# threatens to take the kids", "in the play I'm the jealous one who yells 'who is he'").
FICTION = (
    r"\b(?:film|movie|thriller|horror|series|season (?:\d+|finale|one|two|three)|finale|"
    r"episode|the credits|cinema|trailer|novel|page ?turner|audiobook|plot twist|the script|"
    r"drama club|the play|on stage|rehearsals?|my lines|box ?set|netflix|love island)\b"
)


# Bare "no" is left out: "no i'll hurt you" is not a negated threat.
_NEG_BEFORE = re.compile(
    r"\b(?:not|never|nobody|noone|no one|no way|don't|do not|won't|will not|wouldn't|"
    r"would not|can't|cannot|couldn't|could not|didn't|did not|shouldn't|ain't|isn't|wasn't|"
    r"aren't|haven't|hasn't|hadn't)\s+(?:(?:ever|going|gonna|to|want|wanna|try|trying|plan|"
    r"planning|about|really|actually|do|be|is|will|would|could|can|even|mean|meant|intend|"
    r"think|i|it|that|just|like|so|such|a|an|the|let|dream|of|ask|tell|make|you|me)\s+)"
    r"{0,4}$"
)
_REPORT = re.compile(
    r"\b([a-z']+)\s+(?:said|says|told|tells|texted|messaged|wrote|posted|threatened|"
    r"warned|reckons|claimed|claims|keeps saying|kept saying|was like|asked|"
    # step 21: shouting and threatening reported ("my neighbour yelled 'I'll kill you' at the
    # seagulls", "in episode two he threatens to take the kids")
    r"shouted|shouts|yelled|yells|screamed|screams|threatens|threatening|texts|shouting|"
    r"screaming|yelling|used to say)\b|"
    r"\baccording to\b"
)
# Words before a reporting verb that do not make it someone else's speech: the writer
# ("I said I'd ..."), the reader ("you said ..."), or no subject at all ("just said").
_NOT_REPORTERS = frozenset(
    {
        "i",
        "i've",
        "i'd",
        "i'll",
        "i'm",
        "we",
        "you",
        "and",
        "just",
        "literally",
        "also",
        "never",
        "always",
        "only",
        "it",
        "that",
        "this",
        "what",
        "which",
        "then",
        "so",
        "but",
        "or",
        "if",
        "when",
        "as",
        "even",
        "not",
        "to",
    }
)
_SENTENCE_BREAKS = ".!?;\n"
_CLAUSE_BREAKS = ".!?;\n,"
LAUGHTER = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|joking|kidding)\b|[\U0001F602\U0001F923\U0001F60"
    r"6]"
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], split at . ! ? ; and new lines."""
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_BREAKS) + 1
    right = len(text)
    for ch in _SENTENCE_BREAKS:
        pos = text.find(ch, end)
        if pos != -1 and pos < right:
            right = pos
    return left, right


def next_sentence_end(text: str, right: int) -> int:
    """Where the sentence after the one ending at ``right`` ends: a follow-up sentence often
    explains an idiom ("who is he? the actor in the film, I mean"). An ellipsis ends one
    sentence, not three (step 21: "you'll pay for this... with a cake")."""
    while right + 1 < len(text) and text[right] == "." and text[right + 1] == ".":
        right += 1
    return right if right >= len(text) else sentence_bounds(text, right + 1, right + 1)[1]


def is_negated(text: str, start: int) -> bool:
    """Whether a negation directly precedes position ``start``."""
    return _NEG_BEFORE.search(text, max(0, start - 60), start) is not None


def is_reported(text: str, start: int) -> bool:
    """Whether the words before ``start`` in its clause report someone else's speech.

    "my mum said she'd kill me" is reported; "you said you'd stay, I'll make you pay" is not,
    because the comma closes the reported clause. "I said I'd ..." is the writer's own word.
    """
    clause_start = max(text.rfind(ch, 0, start) for ch in _CLAUSE_BREAKS) + 1
    for m in _REPORT.finditer(text, clause_start, start):
        if m.group(1) is None or m.group(1) not in _NOT_REPORTERS:
            return True
    return False


def quote(text: str, limit: int = 70) -> str:
    """The matched words as shown in a reason: whitespace folded, long quotes shortened."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
