"""Refusing to accept the breakup: "we're not over", "you can't leave me", "you're mine".

Everyday uses of the same words are excluded by what follows them: "we're not done with the
kitchen", "you can't leave the oven on", "you're all mine this weekend", "I won't let you go
home hungry".
"""

from __future__ import annotations

from onward.analysis.base import RuleDetector
from onward.analysis.rules import rule

_LABEL_OVER = "Says the relationship is not over"
_LABEL_LEAVE = "Says you can't leave"
_LABEL_MINE = "Talks about you as theirs"

DETECTOR = RuleDetector(
    "refuses_breakup",
    [
        rule(
            "refuses_breakup.not_over",
            _LABEL_OVER,
            r"(?:we'?re|we are|we were|us|we) (?:still )?(?:not|never|n't|so not|are not) "
            r"(?:<ADV1>)(?:over|done|finished|through|breaking up|broken up|ending|finished)"
            r"(?! (?:with|yet|here|at|in|eating|talking|packing|painting|by|for|on|after|"
            r"before)\b| (?:till|until) \d)|"
            r"(?:it'?s|this is|it is|that'?s) not (?:<ADV1>)(?:over|ending)(?: between us)?"
            r"(?: until| till| til| when|<END>)(?! yet)|"
            r"stop saying (?:it'?s|we'?re) (?:over|done|finished)|"
            r"(?:this|it|that|we) (?:isn'?t|is not|ain'?t|aren'?t|are not) over"
            r"(?! yet| till the| til the| until the)|"
            r"neither are (?:we|you)|we'?re never done|no \"?we'?re done|"
            r"it'?s not over between us|not (?:breaking|broken) up|"
            r"breaking up (?:isn'?t|is not) an option|we'?re staying together|"
            r"we'?re (?:still )?together\W+(?:end of|full stop|period|deal with it|get over it|"
            r"whether|like it or not)|"
            r"(?:we'?re|we are) (?:still )?together(?:,)? (?:whether|no matter|as far)|"
            r"as far as i'?m concerned,? (?:we'?re|we are|you'?re)|"
            r"we'?re (?:getting|going to get|gonna get) back together|"
            r"(?:we are|we'?re) meant to be together|it'?s not ending|"
            r"isn'?t a breakup|(?:doesn'?t|does not|won'?t) count|a text (?:doesn'?t )?ends?",
            "over done finished through breaking broken ending neither together concerned breakup "
            "count text end",
            negatable=False,
            unless=r"\b(?:match|game|film|movie|season|series|show|party|kitchen|meeting|"
            r"fat lady|half|contract|booking|project|decorating|painting|exam|"
            # step 17: the end of a match ("not over till the final whistle")
            r"final whistle|whistle|full time|extra time|injury time|penalties|a draw|"
            # step 21: a rematch, a league or a hobby ("this isn't over, rematch next week",
            # "we're not done with this sourdough starter"), "not over the moon", a band
            r"rematch|best of|playoffs?|league|over the moon|till it'?s over|until it'?s over|"
            r"sourdough|starter|band|hiatus|tour)\b",
        ),
        rule(
            "refuses_breakup.cant_leave",
            _LABEL_LEAVE,
            r"you (?:can'?t|cannot|can not|are not allowed to|aren'?t allowed to|'re not "
            r"allowed to) (?:just )?(?:leave|break up with|dump|end|walk away from|walk out on|"
            r"divorce|finish with|get rid of) (?:me|us|this|things|what we have)|"
            r"you (?:can'?t|cannot) (?:just )?leave<END>|you (?:can'?t|cannot) (?:just )?"
            r"(?:break up|end it|end things|walk away)(?! from the| with the)|"
            r"you don'?t get to (?:decide|end|leave|walk|break|just|say|take it back)|"
            r"(?:ends|over|end) when i (?:say|decide)|when i say (?:it'?s|it is) over|"
            r"not until i say|until i say (?:it'?s|its|so)|"
            r"(?:i|we)(?: won'?t| will not| am not going to|'m not going to|'m not gonna|"
            r" refuse to| never|'?ll never| will never) (?:let|allow) (?:you )?(?:go|leave|walk|en"
            r"d|t"
            r"hrow|break|"
            r"this end|it end|make it)(?! (?:home|out|there|alone|to|back|hungry|without|"
            r"in|on|of))|"
            r"i'?m (?:never|not) letting (?:you|this|us) (?:go|leave|walk|end|throw)|"
            r"i'?ll never (?:let|allow) (?:you )?(?:go|leave|walk away|end this)\b|"
            r"i won'?t allow it|i'?m not going to let you make it|"
            r"<YOURE> not (?:leaving|breaking up with) me|we both know you'?re not leaving|"
            r"you'?re not going anywhere<END>|you'?re not leaving<END>|"
            r"(?:nobody|no one|noone) (?:breaks up with|leaves|dumps) me|"
            r"(?:i|i'?m) (?:don'?t|do not|won'?t|not|refuse to) accept(?:ing)? (?:this|it|that|"
            r"the breakup|your breakup|your decision|that it'?s over)|i'?m not accepting|"
            r"i (?:refuse|will never agree)|never sign the papers|"
            r"(?:i'?m|i am) not (?:ok|okay|fine) with this ending|"
            r"i'?m not giving up on (?:us|this|you)|not letting you throw|"
            r"i (?:don'?t|do not) believe in breakups|there is no \"?ex|"
            r"(?:break up with|leave|dump|block) me all (?:you|u) want|"
            r"(?:haven'?t|have not|never|didn'?t|did not) agree(?:d)? to (?:any|this|the|a|your) "
            r"breakup|(?:can'?t|cannot) (?:just )?(?:quit on|give up on|walk out on|walk away "
            r"from) (?:us|me)|"
            r"you'?re making a mistake and i|you think you can (?:just )?(?:walk away|leave|"
            r"end (?:this|it|things)|walk out)|if i can'?t have you",
            "leav break dump end walk divorc finish rid decide say take let$ letting allow "
            "going anywhere accept refus agree sign giving throw believe ex$ mistake think "
            "quit block breakup have$ just$ give$",
            negatable=False,
            unless=r"\b(?:oven|light|lights|door|window|house|keys|kids|dog|cat|yet|party|"
            # step 21: left out of something, and a parent asked to stay ("you can't leave me
            # out of the group chat", "mum you can't leave me, who'll make the gravy")
            r"leave me out|group chat|(?:mum|mom|mam|dad),? (?:you )?can'?t leave|gravy|"
            r"early|without a|cake|tea|dinner|hungry|home|contract|fee|"
            # step 17: care about the way home ("not letting you walk back in this weather")
            r"weather|rain|raining|snow|dark|in the car|lift|drive you|pick you up|come get you|"
            r"come and get you)\b",
        ),
        rule(
            "refuses_breakup.mine",
            _LABEL_MINE,
            r"(?:you'?re|you are|your|you'?ll always be|you will always be|you'?ll be|you were|"
            r"you'?re still|you are still|still) mine(?! (?:for|this|tonight|today|all|"
            r"until|till|now))|you belong (?:to|with) me|"
            r"(?:you'?re|you are) (?:still )?my (?:girlfriend|boyfriend|wife|husband|partner|"
            r"fiancee?|missus|woman|man|girl)(?! (?:'s|and))|"
            r"i'?m still your (?:boyfriend|girlfriend|husband|wife|partner|man|woman)|"
            r"(?:you'?re|you are) my (?:wife|husband|girlfriend|boyfriend)\W{0,3}(?:that|this|"
            r"nothing) (?:doesn'?t|does not|won'?t|will never) change|"
            r"(?:never|won'?t ever|will never) (?:be|get) (?:rid|free) of me|you'?re stuck with "
            r"me|"
            r"you'?ll (?:come back|be back)(?:,| to me| eventually| crawling| begging)"
            r"(?:.{0,25}(?:always|eventually|you'?ll see|trust me|you always do))?|"
            r"you always come back|"
            r"you gave me your word",
            "mine belong wife husband girlfriend boyfriend partner fianc missus woman man girl "
            "rid free stuck back gave always",
            negatable=False,
            unless=r"\b(?:weekend|tonight|today|birthday|valentine|pub|all mine this|"
            r"for dinner|by \d|at \d|back by|back at|back home|back soon|"
            # step 17: a friend addressed as one ("stuck with me forever now, bestie")
            r"bestie|bff|bezzie|roomie|flatmate|no refunds|"
            # step 21: friends for life ("stuck with me, we're best friends")
            r"best friends?|friends for life|mates for life)\b",
        ),
        # Compositional families (issue #4): subject + negation + "break up" verb family,
        # "still a couple", "stop pretending it's over", a modal + "leave" with no object.
        rule(
            "refuses_breakup.denies_split",
            _LABEL_OVER,
            r"(?:it'?s|this is|that'?s|we'?re|it is|this|it|we are) (?:not|never|isn'?t|is not|"
            r"aren'?t|are not) (?:<ADV1>)(?:the end|finished|over|done|through) "
            r"(?:for|of|between|with) us\b|"
            r"(?:we|us) (?:didn'?t|did not|never|haven'?t|have not|aren'?t|are not|'re not|"
            r"are never) (?:<ADV1>)(?:break|broke|broken|split|splitting|breaking|separated|"
            r"separating)(?!(?: up)? (?:the|a|an|with|over|into|in|on)\b)(?: up)?\b|"
            r"(?:we'?re|we are) still (?:a couple|together|married|engaged|in a relationship|"
            r"an item|partners)(?! (?:at|in|on|for|after|with the)\b)|"
            r"no (?:breakup|break up|breaking up|splitting up|divorce)\b(?! (?:party|song|"
            r"playlist|movie|film|album|yet))|"
            r"stop (?:saying|pretending|telling(?: [a-z']+){1,2}?|acting like|"
            r"acting as if) (?:that )?(?:it'?s|we'?re|we are|we|it is) (?:<ADV1>)(?:over|done|"
            r"finished|through|broken up|split up|separated|broke up)|"
            r"(?:you|<YOURE>) mine (?:till|until|til|forever|for life|for ever|whether)",
            "us$ break broke broken split splitting breaking separat couple together married "
            "engaged relationship item partners breakup divorce saying pretending telling "
            "acting mine",
            negatable=False,
            unless=r"\b(?:match|game|film|movie|season|series|show|party|kitchen|meeting|"
            r"decorating|painting|project|band|the kids'? parents|my parents|his parents|"
            r"her parents)\b",
        ),
        rule(
            "refuses_breakup.cant_leave_modal",
            _LABEL_LEAVE,
            r"you (?:can'?t|cannot|can never|'?ll never|will never|won'?t ever|are never "
            r"going to|'re never going to) (?:ever |just )?leave(?: me| us)?(?:<END>| after| "
            r"just like that| like that| over| because| cos| now| ever)|"
            r"you don'?t get to (?:quit|give up|dump|throw|walk away|end|leave|decide)|"
            r"(?:i|i'?m) (?:don'?t|do not|won'?t|will never|'?ll never|refuse to|not going to|"
            r"not gonna) accept(?: (?:it|this|that))?<END>|"
            r"no way (?:i'?m|i am|am i|i'?ll|will i) (?:letting|let|allow|allowing) (?:you|this|"
            r"it|us) (?:go|end|leave|walk|throw)|"
            r"you (?:stay|remain|'?ll stay|will stay|'?ll always be|will always be|are still|"
            r"'?re still) my (?!little|baby)(?:girlfriend|boyfriend|wife|husband|partner|"
            r"fiancee?|missus|woman|man|girl|boy)\b",
            "leave quit give dump throw walk end decide accept way stay remain always still",
            negatable=False,
            unless=r"\b(?:oven|light|lights|door|window|keys|kids|dog|cat|yet|party|early|"
            # step 21: as in cant_leave ("mum you can't leave me, who'll make the gravy")
            r"leave me out|group chat|(?:mum|mom|mam|dad),? (?:you )?can'?t leave|gravy|"
            r"without a|cake|tea|dinner|hungry|home|contract|fee|work|school|the house|film|"
            r"movie|match|show|game|started|refund)\b",
        ),
        rule(
            "refuses_breakup.not_agreed",
            _LABEL_OVER,
            r"(?:not|never|won'?t|don'?t|didn'?t|haven'?t) (?:agreeing|agree|agreed) to (?:any|"
            r"this|the|a|your) (?:breakup|break up|divorce|separation)|"
            r"(?:not over|not done|not finished)[^.!?]{0,20}because you (?:said|say|decided)|"
            r"just because you (?:say|said|decided) (?:so|it is|it'?s over|we'?re done|we'?re "
            r"over)",
            "agree because",
            negatable=False,
        ),
        # Issue #4, step 11: families by failure class (fresh3 became a dev set).
        rule(
            "refuses_breakup.doesnt_end",
            "Says the relationship goes on whatever you do",
            r"(?:doesn'?t|does not|won'?t|will not|don'?t) (?:mean (?:we'?re|it'?s|we are|that "
            r"we'?re|it is|that it'?s|we) (?:finished|over|done|through|split|broken up)|"
            r"end (?:anything|us|this|what we (?:have|had)))\b|"
            r"nothing(?:'?s| is| has) (?:ended|over|finished)<END>|"
            r"(?:it'?s|it is|we'?re|we are) not over just because|"
            r"(?:you'?ll|you will) (?:always )?(?:be|come) back\b[^.!?]{0,25}?you always (?:are|"
            r"do)\b|(?:always )?belong (?:to|with) me\b|"
            r"keep telling yourself (?:it'?s|we'?re|that|you'?re) (?:over|done|finished|free)|"
            r"promised (?:me )?forever|"
            r"(?:breakup|break up|break-up|divorce|separation|split) (?:is |'?s )?(?:not possible|"
            r"impossible|not happening|isn'?t happening|not an option|isn'?t (?:possible|an "
            r"option))|"
            r"(?:you'?re|you are|ur) not single\b|we (?:still|are still|stay|remain) together\b"
            r"(?! (?:for|at|on|in|till|until)\b)|over my dead body",
            "mean end nothing because always belong yourself promised breakup break divorce "
            "separation split single together body",
            negatable=False,
            requires=r"\b(?:we|us|you|u|divorce|breakup|break up|separation|ring|vows)\b",
            unless=r"\b(?:film|movie|show|series|season|game|match|team|band|club|tour|lol|haha|"
            r"festival|book|course|contract)\b",
        ),
    ],
)
