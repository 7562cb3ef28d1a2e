"""Method: how the projection works, in plain words for journalists (text only).

One message per paragraph, heading or list item, so that a translator sees each on its own.
"""

from pathlib import Path

import streamlit as st

from engine import CHAMBER_SEATS, DEFAULT_CONSTITUENCY_NOISE, DEFAULT_SIMULATIONS, MAJORITY, QUICK_SIMULATIONS
from engine.formatting import HELD_MARK, number
from engine.i18n import _

# As many decimals as the default has ("0.1", "0.15").
NOISE_DECIMALS = len(f"{DEFAULT_CONSTITUENCY_NOISE:g}".partition(".")[2])


def numbered(items: list[str]) -> str:
    """A Markdown numbered list, one item a line."""
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def bullets(items: list[str]) -> str:
    """A Markdown bullet list, one item a line."""
    return "\n".join(f"- {item}" for item in items)


st.title(_("Method"))

blocks = [
    _(
        "Seatcast turns a published poll into seats in the Chamber of Representatives and into the "
        "probability that a set of parties holds a majority. It does not predict an election: it shows "
        "what a poll implies, with the uncertainty that comes with it."
    ),
    "### " + _("From a poll to seats"),
    numbered(
        [
            _(
                "**The poll is three polls.** Belgian federal polls ask separate samples in Flanders, "
                "Wallonia and Brussels. Each region is treated on its own, with its own sample size."
            ),
            _(
                "**Uncertainty from the sample size.** A poll of 1,000 people is not exact. The model draws "
                'many plausible "true" results around the published shares (a Dirichlet distribution, the '
                "standard way to do this for shares that add up to 100 %). The smaller the sample, the wider "
                "the spread."
            ),
            _(
                "**From a region to its constituencies.** The Chamber is elected in 11 constituencies. The "
                "model starts from the last election and applies the change the poll shows for a party in a "
                "region to each of that region's constituencies *in proportion* (a multiplicative swing): if a "
                "party goes from 20 % to 22 % in Flanders, it gains a tenth of its vote in every Flemish "
                "constituency, so strongholds stay strong. An additive swing (the same number of points "
                "everywhere) can be chosen under *Model and simulations* on the Poll page."
            ),
            _(
                "**Local noise.** Constituencies never all move exactly like their region. A small random "
                "deviation per list and constituency ({noise} by default, the value that best matched the real "
                "2024 result in our backtest) widens the intervals to account for this."
            ).format(noise=number(DEFAULT_CONSTITUENCY_NOISE, NOISE_DECIMALS)),
            _(
                "**The law.** In each constituency, lists below **5 %** of the valid votes get no seat; the "
                "other lists share the seats by the **D'Hondt** method, as in the real count."
            ),
            _(
                "**Many times over.** Steps 2–5 are repeated **{simulations} times** (2^{power}) by default. "
                "The seat counts across all these simulations give each party's median, its intervals (80 % to "
                "99 %) and the probability of every seat count. The dashboard first shows a quick estimate from "
                "the first {quick} simulations, then the full run."
            ).format(
                simulations=number(DEFAULT_SIMULATIONS),
                power=DEFAULT_SIMULATIONS.bit_length() - 1,
                quick=number(QUICK_SIMULATIONS),
            ),
            _(
                "**Monte Carlo error.** A probability read from a finite number of simulations is itself "
                'slightly uncertain. The "±" next to a probability is that error, in percentage points. It is '
                "tiny compared with the poll's own uncertainty."
            ),
        ]
    ),
    "### " + _('What "majority probability" means'),
    _(
        "It is the share of simulations in which the parties *together* hold at least **{majority} of the "
        "{seats} seats**. It is an arithmetical majority, not the chance that these parties form a "
        "government: it says nothing about whether they want to govern together. The Coalitions page also "
        "shows the majority within the Dutch-language group, on which Belgian governments are judged too."
    ).format(majority=MAJORITY, seats=CHAMBER_SEATS),
    "### " + _("A region or a party the poll does not cover"),
    _(
        "Some polls cover only Flanders, or two regions. A region the poll does not cover keeps the "
        "result of the last election, votes and seats, in every simulation, and the pages say so. It is "
        "never counted as zero seats."
    ),
    _(
        "In the same way, a party the poll does not name in a region (left out, or counted among the "
        'others) keeps its last result there. Its numbers then look certain, "1 seat, every interval 1", '
        "only because nothing moves them: the pages mark such a party with {held_mark} and say where."
    ).format(held_mark=HELD_MARK),
    "### " + _("Joint lists in Brussels"),
    _(
        "Some parties do not run a list of their own in Brussels but join another party's list (for "
        "example Groen on the Ecolo list, Vooruit on the PS list). Their poll share then goes to the list "
        "they ran on at the last election. Newer polls often report such pairs together (PS + Vooruit): "
        "the pair counts for the list of the larger partner."
    ),
    "### " + _("How this differs from the older reports"),
    _("The reports of the tool we replaced used the same model, with four flaws we fixed:"),
    bullets(
        [
            _(
                "**Intervals that contain their estimate.** Their national vote-share intervals sometimes "
                "excluded their own estimate. Ours come from the same simulations as the estimate, so an "
                "interval always contains it."
            ),
            _(
                "**Up-to-date weights.** Their national shares weighted the regions by old turnout figures; "
                "ours use each region's share of the valid votes at the last election."
            ),
            _(
                "**Coalition medians from the coalition.** Their coalition median was the sum of the parties' "
                "medians. Ours is the median of the coalition's own seat total, simulation by simulation (the "
                "two can differ)."
            ),
            _(
                "**A missing region is not zero.** They counted a region the poll did not cover as zero seats "
                "while still judging a majority at {majority}; we keep that region's last result."
            ).format(majority=MAJORITY),
        ]
    ),
    "### " + _("How good is it?"),
    _(
        "We tested the model on the last two elections, each projected from the one before. With a "
        "perfect poll it is off by 6 to 9 seats out of 150. With the real final polls it was off by 15 to "
        "40 seats, mostly because the polls themselves were off."
    ),
    _(
        "Polls miss by more than their sample size says. So by default the dashboard reads each region's "
        "poll as a smaller one, with a **polling error** measured on past Belgian elections: a poll of "
        "1,000 people counts as about 140 on the eve of an election, and as fewer further from it. With it, "
        "the 80 % seat intervals contained 89 % (2019) and 91 % (2024) of the results; with the sampling "
        "error alone, only 60 % and 48 %. An interval is still no guarantee: all polls can miss the same "
        "way."
    ),
]
st.markdown("\n\n".join(blocks))
st.page_link(
    Path(__file__).parent / "track_record.py",
    label=_("Track record: the model tested on the 2019 and 2024 elections"),
    icon=":material/history:",
)
